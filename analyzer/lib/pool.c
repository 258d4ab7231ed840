/*
 * pool.c - free lists of equal blocks.  A freed block keeps the link to
 * the next spare in its first bytes; blocks come from malloc, so they are
 * aligned for any record.
 */
#include <stdlib.h>

#include "pool.h"
#include "xmalloc.h"

struct spare {
	struct spare	*next;
};

struct pool {
	size_t		 size;
	size_t		 nspare, max_spare;
	struct spare	*spare;
};

struct pool *
pool_new(size_t size, size_t max_spare)
{
	struct pool	*p = xmalloc(sizeof(*p));

	p->size = size < sizeof(struct spare) ? sizeof(struct spare) : size;
	p->nspare = 0;
	p->max_spare = max_spare;
	p->spare = NULL;
	return p;
}

void
pool_free(struct pool *p)
{
	struct spare	*b, *next;

	if (p == NULL)
		return;
	for (b = p->spare; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(p);
}

void *
pool_get(struct pool *p)
{
	struct spare	*b = p->spare;

	if (b == NULL)
		return xmalloc(p->size);
	p->spare = b->next;
	p->nspare--;
	return b;
}

void
pool_put(struct pool *p, void *block)
{
	struct spare	*b = block;

	if (b == NULL)
		return;
	if (p->nspare >= p->max_spare) {
		free(b);
		return;
	}
	b->next = p->spare;
	p->spare = b;
	p->nspare++;
}

size_t
pool_size(const struct pool *p)
{
	return p->size;
}
