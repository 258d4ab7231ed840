/*
 * json_frag.c - a small open-addressing table from an address to a copy of
 * some bytes, bounded in keys and bytes.  What the bytes are, and when
 * they may be reused, is the writers' business (report_json.c).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_frag.h"
#include "lib/xmalloc.h"

/* Twice JSON_FRAG_MAX slots, so that a probe sequence stays short. */
#define NSLOTS	(2 * JSON_FRAG_MAX)

struct slot {
	const void	*key;		/* NULL: free */
	char		*bytes;
	size_t		 len;
};

struct json_frag {
	struct slot	 slot[NSLOTS];
	size_t		 nkeys;
	size_t		 nbytes;
};

struct json_frag *
json_frag_new(void)
{
	return xcalloc(1, sizeof(struct json_frag));
}

void
json_frag_free(struct json_frag *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < NSLOTS; i++)
		free(c->slot[i].bytes);
	free(c);
}

/* first - the first slot to probe for key: the address with its low bits,
 * always zero for an aligned object, shifted out and mixed. */
static size_t
first(const void *key)
{
	uint64_t	h = (uint64_t)(uintptr_t)key;

	h = (h >> 4) * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 32) % NSLOTS;
}

const char *
json_frag_get(const struct json_frag *c, const void *key, size_t *len)
{
	size_t	 i;

	for (i = first(key); c->slot[i].key != NULL; i = (i + 1) % NSLOTS)
		if (c->slot[i].key == key) {
			*len = c->slot[i].len;
			return c->slot[i].bytes;
		}
	return NULL;
}

int
json_frag_put(struct json_frag *c, const void *key, const char *s, size_t len)
{
	size_t	 i;

	assert(key != NULL);
	if (c->nkeys >= JSON_FRAG_MAX || len > JSON_FRAG_MAXBYTES - c->nbytes)
		return -1;
	for (i = first(key); c->slot[i].key != NULL; i = (i + 1) % NSLOTS)
		assert(c->slot[i].key != key);
	c->slot[i].key = key;
	c->slot[i].bytes = xmalloc(len > 0 ? len : 1);
	memcpy(c->slot[i].bytes, s, len);
	c->slot[i].len = len;
	c->nkeys++;
	c->nbytes += len;
	return 0;
}
