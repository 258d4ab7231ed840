/*
 * json_frag.h - a bounded cache of JSON fragments, keyed by the address of
 * what they were written from.  The JSON writers keep in it the members a
 * finding takes from its rule (cause to advice: most of a record), so that
 * the rule's texts are escaped once per rule rather than once per finding.
 */
#ifndef JSON_FRAG_H
#define JSON_FRAG_H

#include <stddef.h>

struct json_frag;

/* json_frag_new - an empty cache; json_frag_free(NULL) does nothing. */
struct json_frag	*json_frag_new(void);
void		 json_frag_free(struct json_frag *);

/*
 * json_frag_get - the bytes kept for key, with their length in *len, or NULL.
 * They live as long as the cache.  Keys are compared by address only: an
 * object used as a key must outlive the cache (rules outlive writers),
 * so that no other object takes its address.
 */
const char	*json_frag_get(const struct json_frag *, const void *key, size_t *len);

/*
 * json_frag_put - keep a copy of s[0..len) for key, which must not be there
 * yet.  Returns 0, or -1 when the cache is full (JSON_FRAG_MAX keys or
 * JSON_FRAG_MAXBYTES bytes): the caller then writes the fragment every time.
 */
#define JSON_FRAG_MAX	512
#define JSON_FRAG_MAXBYTES	(4 * 1024 * 1024)
int		 json_frag_put(struct json_frag *, const void *key, const char *s,
		    size_t len);

#endif /* JSON_FRAG_H */
