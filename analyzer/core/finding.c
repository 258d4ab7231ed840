/*
 * finding.c - owned copies of findings (one allocation per finding), their
 * stable ids, and the name/count arrays of the summary.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lib/fmt.h"
#include "lib/fnv.h"
#include "lib/xmalloc.h"

/* Where the owned string fields lie in a struct finding (FINDING_STRINGS),
 * so that copy and size walk the same list. */
#define OWNED(name)	offsetof(struct finding, name),
#define CONSTANT(name)
static const size_t	owned[] = { FINDING_STRINGS(OWNED, CONSTANT) };
#define NOWNED		(sizeof(owned) / sizeof(owned[0]))

/* field - the i-th owned string field of f. */
static inline const char **
field(struct finding *f, size_t i)
{
	return (const char **)(void *)((char *)f + owned[i]);
}

static inline const char *
field_of(const struct finding *f, size_t i)
{
	return *(const char *const *)(const void *)((const char *)f +
	    owned[i]);
}

struct finding *
finding_dup(const struct finding *src)
{
	return finding_dup_sized(src, NULL);
}

struct finding *
finding_dup_sized(const struct finding *src, size_t *sizep)
{
	size_t		 i, size, len[NOWNED];
	const char	*s;
	struct finding	*f;
	char		*p;

	/* Each length once: the texts can be long. */
	size = sizeof(*f);
	for (i = 0; i < NOWNED; i++)
		size += len[i] = (s = field_of(src, i)) != NULL ?
		    strlen(s) + 1 : 0;
	f = xmalloc(size);
	*f = *src;
	p = (char *)(f + 1);
	for (i = 0; i < NOWNED; i++) {
		if (len[i] == 0)
			continue;
		memcpy(p, field_of(src, i), len[i]);
		*field(f, i) = p;
		p += len[i];
	}
	if (sizep != NULL)
		*sizep = size;
	return f;
}

size_t
finding_size(const struct finding *f)
{
	const char	*s;
	size_t		 i, size = sizeof(*f);

	for (i = 0; i < NOWNED; i++)
		if ((s = field_of(f, i)) != NULL)
			size += strlen(s) + 1;
	return size;
}

void
summary_add_input(struct summary *s, const struct summary_input *in)
{
	s->lines += in->lines;
	s->used += in->used;
	s->ignored += in->ignored;
	s->unrecognized += in->unrecognized;
	s->truncated += in->truncated;
	s->nul_bytes += in->nul_bytes;
	s->invalid_utf8 += in->invalid_utf8;
	s->damaged += in->damaged;
	s->bytes += in->bytes;
	if (in->error != NULL)
		s->input_errors++;
}

int
summary_count_add(struct summary_count *arr, size_t *len, size_t cap,
    const char *name, unsigned long n)
{
	size_t	i;

	for (i = 0; i < *len; i++)
		if (arr[i].name == name || strcmp(arr[i].name, name) == 0) {
			arr[i].count += n;
			return 0;
		}
	if (*len >= cap)
		return -1;
	arr[*len].name = name;
	arr[*len].count = n;
	(*len)++;
	return 0;
}

uint64_t
finding_input_key(const char *label, const char *name, const char *line,
    size_t len)
{
	uint64_t	h = FNV64_OFFSET;

	if (label != NULL)
		h = fnv64(h, label, strlen(label));
	h = fnv64(h, "", 1);
	if (name != NULL)
		h = fnv64(h, name, strlen(name));
	h = fnv64(h, "", 1);
	return fnv64(h, line, len);
}

/* put_dec - v in decimal at p; returns the end. */
static char *
put_dec(char *p, unsigned long long v)
{
	char	 tmp[FMT_DEC_MAX], *t = fmt_udec_back(tmp + sizeof(tmp), v);
	size_t	 n;

	n = (size_t)(tmp + sizeof(tmp) - t);
	memcpy(p, t, n);
	return p + n;
}

uint64_t
finding_id(uint64_t key, unsigned long line, int code, unsigned rank)
{
	char		 buf[80], *p;
	uint64_t	 h;

	/*
	 * Numbers as text: the same bytes whatever the byte order; the
	 * bytes of "%016llx:%lu:%d:%u", written by hand (snprintf cost a
	 * fifth of writing a finding).
	 */
	p = fmt_hex64(buf, key);
	*p++ = ':';
	p = put_dec(p, line);
	*p++ = ':';
	if (code < 0) {
		*p++ = '-';
		p = put_dec(p, -(unsigned long long)code);
	} else
		p = put_dec(p, (unsigned long long)code);
	*p++ = ':';
	p = put_dec(p, rank);
	h = fnv64_mix(fnv64(FNV64_OFFSET, buf, (size_t)(p - buf)));
	return h != 0 ? h : 1;
}
