/*
 * heap_block.h - for the tests of functions that read words: a string in
 * a heap block of exactly its length, so that make asan reports a read
 * past its end.
 */
#ifndef HEAP_BLOCK_H
#define HEAP_BLOCK_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* heap_block - s[0..n) in a new block of n bytes; the caller frees it. */
static inline char *
heap_block(const char *s, size_t n)
{
	char	*p = malloc(n > 0 ? n : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	return p;
}

#endif /* HEAP_BLOCK_H */
