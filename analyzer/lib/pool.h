/*
 * pool.h - a free list of blocks of one size, for records made and freed
 * at a high rate (a session per connection, a table entry per key), so
 * that most of them skip malloc and free.  At most max_spare freed blocks
 * are kept for reuse; the others go back to free(), so a pool holds no
 * more memory than its peak use plus max_spare blocks.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

struct pool;

/* pool_new - blocks of size bytes (at least a pointer's), aligned as
 * malloc aligns. */
struct pool	*pool_new(size_t size, size_t max_spare);

/* pool_free - free the pool and its spare blocks; blocks still in use are
 * the caller's to pool_put (or free()) first.  NULL does nothing. */
void		 pool_free(struct pool *);

/* pool_get - an uninitialized block of the pool's size; never NULL. */
void		*pool_get(struct pool *);

/* pool_put - give back a block pool_get returned; NULL does nothing. */
void		 pool_put(struct pool *, void *);

/* pool_size - the size of the pool's blocks. */
size_t		 pool_size(const struct pool *);

#endif /* POOL_H */
