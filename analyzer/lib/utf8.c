/*
 * utf8.c - validate UTF-8 and replace what is not well-formed with U+FFFD,
 * so that whatever bytes a log holds, the JSON we write stays valid.
 * RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

/* seqlen - length of the well-formed sequence at s, or 0. */
static size_t
seqlen(const unsigned char *s, size_t left)
{
	unsigned char	c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (left >= 2 && (s[1] & 0xc0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (left < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && s[1] > 0x9f)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (left < 4 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xf4 && s[1] > 0x8f)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		/* Log text is mostly ASCII: skip it a word at a time. */
		while (len - i >= 8) {
			uint64_t	w;

			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = seqlen(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

char *
utf8_sanitize(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *o;
	size_t			 i = 0, n;

	/* Each bad byte grows to 3 bytes at most. */
	o = out = xmalloc(len * 3 + 1);
	while (i < len) {
		if ((n = seqlen(p + i, len - i)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(o, p + i, n);
		o += n;
		i += n;
	}
	*o = '\0';
	return out;
}
