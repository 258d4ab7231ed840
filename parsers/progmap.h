/*
 * progmap.h - remember what was found out about a program name ("postfix/
 * smtpd": which parser owns it, which daemon it is), so that the lines of
 * a log, which come from a handful of programs, find it with one compare.
 * A small set-associative table of names; the values live in the
 * caller's array, at the index the table gives.  Header-only: the lookup
 * is on every line's path.
 *
 * A name is known by its length, its first and last 8 bytes (all of it up
 * to 16 bytes) and beyond that by its copy.  Names of PM_NAME bytes or
 * more are not remembered.
 */
#ifndef PROGMAP_H
#define PROGMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PM_SETS		32
#define PM_WAYS		2
#define PM_SIZE		(PM_SETS * PM_WAYS)	/* values the caller keeps */
#define PM_NAME		48

_Static_assert(PM_SETS == 32 && PM_WAYS == 2, "pm_find: 5 bits, 2 ways");

struct pm_entry {
	uint64_t	 first, last;
	size_t		 len;		/* 0: free */
	char		 name[PM_NAME];
};

struct progmap {
	struct pm_entry	 e[PM_SIZE];
};

/*
 * pm_find - the index of name s[0..n) (n > 0) in the table: *fresh 0
 * when it was there (the caller's value at that index holds), 1 when an
 * entry was made for it (the caller sets the value); -1 when the name is
 * too long to remember.  Zero the struct progmap to start.  A new name
 * takes the second way of its set, so the first keeps its name until a
 * third one comes: enough for the handful of names of a log.
 */
static inline int
pm_find(struct progmap *m, const char *s, size_t n, int *fresh)
{
	struct pm_entry	*e;
	uint64_t	 first = 0, last = 0;
	size_t		 w;

	if (n >= PM_NAME)
		return -1;
	if (n >= 8) {
		memcpy(&first, s, 8);
		memcpy(&last, s + n - 8, 8);
	} else
		memcpy(&first, s, n);
	w = (size_t)(((first ^ last * 0x9e3779b97f4a7c15ULL ^ n) *
	    0x9e3779b97f4a7c15ULL) >> 59) * PM_WAYS;	/* 32 sets */
	*fresh = 0;
	e = &m->e[w];
	if (e->len == n && e->first == first && e->last == last &&
	    (n <= 16 || memcmp(e->name, s, n) == 0))
		return (int)w;
	e = &m->e[++w];
	if (e->len == n && e->first == first && e->last == last &&
	    (n <= 16 || memcmp(e->name, s, n) == 0))
		return (int)w;
	if (m->e[w - 1].len == 0)
		e = &m->e[--w];		/* the first way is free */
	e->len = n;
	e->first = first;
	e->last = last;
	memcpy(e->name, s, n);
	*fresh = 1;
	return (int)w;
}

#endif /* PROGMAP_H */
