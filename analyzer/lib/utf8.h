/*
 * utf8.h - make log text safe to emit: valid UTF-8 for JSON, and no
 * terminal control bytes for the text report.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* utf8_valid - 1 when s[0..len) is well-formed UTF-8 (RFC 3629). */
int	utf8_valid(const char *s, size_t len);

/*
 * utf8_sanitize - copy s into a new string (caller frees) where every byte
 * that is not part of a well-formed UTF-8 sequence becomes U+FFFD.
 */
char	*utf8_sanitize(const char *s, size_t len);

#endif /* UTF8_H */
