/*
 * kstr.h - a string a record keeps: a copy held in the record's own room
 * when short, on the heap when not, so that the usual short values (an IP
 * address, a HELO name, a sender) cost no malloc and free.  The struct is
 * visible so that records can hold it; read the value through p.
 */
#ifndef KSTR_H
#define KSTR_H

#define KSTR_ROOM	48	/* with the NUL: an IPv6 address fits */

struct kstr {
	char	*p;		/* the value, or NULL; owned */
	char	 buf[KSTR_ROOM];
};

/* kstr_init - an empty string (p NULL). */
void	kstr_init(struct kstr *);

/* kstr_set - replace the value with a copy of s (not NULL; it must not
 * point into k itself). */
void	kstr_set(struct kstr *k, const char *s);

/* kstr_clear - free the value; k is empty again. */
void	kstr_clear(struct kstr *);

#endif /* KSTR_H */
