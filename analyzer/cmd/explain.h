/*
 * explain.h - the explain command: split an SMTP reply line into code,
 * enhanced status and text, and show what the rules say about it.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stddef.h>

/* A reply line split up.  Pointers point into the line given. */
struct explain_reply {
	int		 code;		/* 200..599 */
	char		 enhanced[16];	/* "5.7.1", "" when absent */
	const char	*text;		/* NULL when the line is only a code */
	size_t		 textlen;
};

/*
 * explain_parse - split line[0..len) as a server sends a reply:
 *
 *   [smtp;] CODE[ -]ENHANCED TEXT      "554 5.7.1 Service unavailable"
 *   CODE TEXT                          "503 sender not yet given"
 *   CODE TEXT (#ENHANCED)              qmail: "502 unimplemented (#5.5.1)"
 *   CODE                               "554"
 *
 * A dash after the code (a multi-line reply's continuation) counts as a
 * space.  Surrounding white space is ignored.  Returns 0, or -1 when the
 * line does not start with a reply code (2xx to 5xx).
 */
int	explain_parse(const char *line, size_t len, struct explain_reply *r);

#endif /* EXPLAIN_H */
