/*
 * shortstr.h - a string a record keeps: a copy held in the record's own room
 * when short, on the heap when not, so that the usual short values (an IP
 * address, a HELO name, a sender) cost no malloc and free.  The struct is
 * visible so that records can hold it; read the value through p.
 */
#ifndef SHORTSTR_H
#define SHORTSTR_H

#define SHORTSTR_ROOM	48	/* with the NUL: an IPv6 address fits */

struct shortstr {
	char	*p;		/* the value, or NULL; owned */
	char	 buf[SHORTSTR_ROOM];
};

/* shortstr_init - an empty string (p NULL). */
static inline void
shortstr_init(struct shortstr *k)
{
	k->p = NULL;
}

/* shortstr_set - replace the value with a copy of s (not NULL; it must not
 * point into k itself). */
void	shortstr_set(struct shortstr *k, const char *s);

/* shortstr_clear - free the value; k is empty again. */
void	shortstr_clear(struct shortstr *);

#endif /* SHORTSTR_H */
