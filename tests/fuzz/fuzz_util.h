/*
 * fuzz_util.h - helpers shared by the libFuzzer harnesses: an in-memory
 * file with a path the loaders can open, a strict UTF-8 check that is
 * independent of the code under test, and a failure macro that survives
 * -DNDEBUG.  Header-only; each harness is one translation unit.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

/* FUZZ_CHECK - an invariant of the code under test; abort() on failure so
 * that libFuzzer records the input. */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,	\
		    __LINE__, #cond);					\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* fuzz_dst_zone - local time in a zone with DST gaps and overlaps (a
 * POSIX rule: needs no tzdata), for the harnesses that read stamps. */
static inline void
fuzz_dst_zone(void)
{
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
}

/*
 * fuzz_memfile - a memfd holding data[0..len); *path receives
 * "/proc/self/fd/N" (buffer of at least 64 bytes).  Returns the fd, which
 * the caller closes, or -1 (the harness then skips the input).
 * memfd_create(2) through syscall(2): the -D_POSIX_C_SOURCE build hides
 * the glibc wrapper.
 */
static inline int
fuzz_memfile(const uint8_t *data, size_t len, char *path, size_t pathsz)
{
	size_t	off = 0;
	ssize_t	w;
	int	fd;

	if ((fd = (int)syscall(SYS_memfd_create, "fuzz", 0U)) == -1)
		return -1;
	while (off < len) {
		if ((w = write(fd, data + off, len - off)) <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	snprintf(path, pathsz, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * fuzz_utf8_ok - s[0..len) is well-formed UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF).  Written here rather
 * than taken from analyzer/lib/utf8.c so that the oracle is independent.
 */
static inline int
fuzz_utf8_ok(const unsigned char *s, size_t len)
{
	size_t		i = 0, n, k;
	uint32_t	cp, min;

	while (i < len) {
		unsigned char	c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (len - i - 1 < n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

#endif /* FUZZ_UTIL_H */
