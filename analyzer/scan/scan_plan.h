/*
 * scan_plan.h - what `scan --plan` learns of a file beyond the reading
 * order's probe of its head (scan_order.h): the time of its last event,
 * from its last INPUT_ID_BYTES, and its content identity, from both ends,
 * without reading it whole.  A gzip file cannot be read from its end: its
 * last time and identity are known only when its head (at most
 * INPUT_ID_BYTES of it) holds it whole.
 */
#ifndef SCAN_PLAN_H
#define SCAN_PLAN_H

#include <time.h>

#include "input.h"
#include "parser.h"

struct scan_plan_tail {
	time_t			 last;		/* 0: not known */
	char			 id[INPUT_ID_LEN];	/* "": not known */
	unsigned long long	 size;		/* bytes of the file */
	time_t			 mtime;
};

/*
 * scan_plan_tail - fill *t for the file at path, its lines read when
 * parse (0: the format is unknown; the identity is still made) as a scan
 * reads them (the router: forced, or NULL for each line's own parser)
 * with year (--year, 0: infer from its mtime) and lines cut at maxline
 * (0: the default).  Reads at most INPUT_ID_BYTES at each end of a plain
 * file, at most INPUT_ID_BYTES of a gzip file.  Returns 0, or -1 with
 * errno set when the file cannot be opened or read.
 */
int	scan_plan_tail(const char *path, int parse,
	    const struct parser_ops *forced, int year, size_t maxline,
	    int compressed, struct scan_plan_tail *t);

#endif /* SCAN_PLAN_H */
