/*
 * utf8.h - make log text safe to emit: valid UTF-8 for JSON, and no
 * terminal control bytes for the text report; the width of a character
 * on a terminal, for layout.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* utf8_valid - 1 when s[0..len) is well-formed UTF-8 (RFC 3629). */
int	utf8_valid(const char *s, size_t len);

/* utf8_ascii_len - the number of bytes at the start of s[0..len) below
 * 0x80 (len when all are): a text's ASCII is valid UTF-8 unread. */
size_t	utf8_ascii_len(const char *s, size_t len);

/*
 * utf8_sanitize - copy s into a new string (caller frees) where every byte
 * that is not part of a well-formed UTF-8 sequence becomes U+FFFD.
 */
char	*utf8_sanitize(const char *s, size_t len);

/*
 * utf8_decode - the well-formed sequence at s (at most left bytes): its
 * code point into *cp and its length, or 0 when it is not well-formed.
 * An ASCII byte is a sequence of 1.
 */
size_t	utf8_decode(const char *s, size_t left, uint32_t *cp);

/*
 * utf8_cpwidth - the columns a printable code point takes on a terminal,
 * as wcwidth(3) counts them in a UTF-8 locale but without one: 2 for East
 * Asian wide and fullwidth characters (CJK ideographs, kana, Hangul
 * syllables, fullwidth forms, most emoji), 0 for combining marks (the
 * vowel signs and virama of Devanagari, the diacritics of Latin) and
 * zero-width format characters, 1 for the rest.  Controls are the
 * caller's business (escape.c shows them as escapes).
 */
int	utf8_cpwidth(uint32_t cp);

#endif /* UTF8_H */
