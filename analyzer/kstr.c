/*
 * kstr.c - strings kept in a record's room or, when longer, on the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "kstr.h"
#include "xmalloc.h"

void
kstr_init(struct kstr *k)
{
	k->p = NULL;
}

void
kstr_set(struct kstr *k, const char *s)
{
	size_t	n = strlen(s) + 1;

	if (k->p != k->buf)
		free(k->p);
	k->p = n <= sizeof(k->buf) ? k->buf : xmalloc(n);
	memcpy(k->p, s, n);
}

void
kstr_clear(struct kstr *k)
{
	if (k->p != k->buf)
		free(k->p);
	k->p = NULL;
}
