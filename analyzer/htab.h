/*
 * htab.h - string-keyed hash table.  Keys are copied; values are borrowed
 * (the table never frees them unless htab_free is handed a free_fn).
 */
#ifndef HTAB_H
#define HTAB_H

#include <stddef.h>
#include <stdint.h>

struct htab;

/* htab_hash - FNV-1a of a string: the table's hash, for other tables too. */
uint32_t	 htab_hash(const char *);

struct htab	*htab_new(void);

/* htab_free - free the table; free_fn (may be NULL) is called per value. */
void		 htab_free(struct htab *, void (*free_fn)(void *));

/* htab_get - the value stored under key, or NULL. */
void		*htab_get(const struct htab *, const char *key);

/* htab_put - store val under key, replacing any old value (not freed). */
void		 htab_put(struct htab *, const char *key, void *val);

/* htab_del - remove key; returns its value (or NULL) for the caller to free. */
void		*htab_del(struct htab *, const char *key);

size_t		 htab_count(const struct htab *);

/*
 * htab_foreach - call fn(key, val, arg) for every entry, in no fixed order.
 * fn must not change the table.
 */
void		 htab_foreach(const struct htab *,
		    void (*fn)(const char *, void *, void *), void *arg);

#endif /* HTAB_H */
