/*
 * shortstr.c - strings kept in a record's room or, when longer, on the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "shortstr.h"
#include "xmalloc.h"

void
shortstr_set(struct shortstr *k, const char *s)
{
	size_t	n = strlen(s) + 1;

	if (k->p != NULL && k->p != k->buf)
		free(k->p);
	k->p = n <= sizeof(k->buf) ? k->buf : xmalloc(n);
	memcpy(k->p, s, n);
}

void
shortstr_clear(struct shortstr *k)
{
	if (k->p != NULL && k->p != k->buf)
		free(k->p);
	k->p = NULL;
}
