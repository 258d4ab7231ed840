/*
 * xmalloc.h - allocation wrappers that never return NULL: on failure they
 * print "smtplog: out of memory" and exit(1), so call sites need no checks.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* xstrdup_or_null - xstrdup(s), or NULL when s is NULL. */
char	*xstrdup_or_null(const char *);

#endif /* XMALLOC_H */
