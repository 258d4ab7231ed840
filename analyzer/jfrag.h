/*
 * jfrag.h - a bounded cache of JSON fragments, keyed by the address of
 * what they were written from.  The JSON writers keep in it the members a
 * finding takes from its rule (cause to advice: most of a record), so that
 * the rule's texts are escaped once per rule rather than once per finding.
 */
#ifndef JFRAG_H
#define JFRAG_H

#include <stddef.h>

struct jfrag;

/* jfrag_new - an empty cache; jfrag_free(NULL) does nothing. */
struct jfrag	*jfrag_new(void);
void		 jfrag_free(struct jfrag *);

/*
 * jfrag_get - the bytes kept for key, with their length in *len, or NULL.
 * They live as long as the cache.  Keys are compared by address only: an
 * object used as a key must outlive the cache (rules outlive writers),
 * so that no other object takes its address.
 */
const char	*jfrag_get(const struct jfrag *, const void *key, size_t *len);

/*
 * jfrag_put - keep a copy of s[0..len) for key, which must not be there
 * yet.  Returns 0, or -1 when the cache is full (JFRAG_MAX keys or
 * JFRAG_MAXBYTES bytes): the caller then writes the fragment every time.
 */
#define JFRAG_MAX	512
#define JFRAG_MAXBYTES	(4 * 1024 * 1024)
int		 jfrag_put(struct jfrag *, const void *key, const char *s,
		    size_t len);

#endif /* JFRAG_H */
