/*
 * cmd_plan.c - `smtplog scan --plan`: for each input, in the order a scan
 * would read it, one NDJSON record of what a look at its two ends tells
 * (host, format, first and last time, content identity), so that a
 * scale-out driver can give a host's files, in order, to one task without
 * reading them.  The order and the head are scan_order.c's, the tail
 * scan_plan.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_int.h"
#include "lib/log.h"
#include "parser.h"
#include "report/jbuf.h"
#include "report/report.h"
#include "scan/input.h"
#include "scan/scan.h"
#include "scan/scan_order.h"
#include "scan/scan_plan.h"

#define PLAN_SCHEMA_VERSION	2

/* ptime - an ISO 8601 UTC time, or null for 0. */
static void
ptime(struct jbuf *j, const char *key, time_t t)
{
	char	buf[REPORT_TIMELEN];

	jb_str(j, key, report_isotime(buf, t, 0));
}

/* record - the plan record of the i-th input in reading order. */
static void
record(struct jbuf *j, const struct cli_opts *o, const struct scan_order *a,
    size_t i)
{
	const char		*path = scan_order_path(a, i), *fmt;
	struct scan_plan_tail	 t;
	int			 rc, serrno = 0;

	fmt = scan_order_format(a, i);
	if (strcmp(path, "-") == 0) {
		rc = -1;
		serrno = ESPIPE;
		memset(&t, 0, sizeof(t));
	} else if ((rc = scan_plan_tail(path, fmt != NULL, o->format != NULL ?
	    parser_find(o->format) : NULL, o->year, o->maxline,
	    scan_order_compressed(a, i), &t)) != 0)
		serrno = errno;
	jb_reset(j, 0);
	jb_obj(j, NULL);
	jb_str(j, "type", "plan");
	jb_int(j, "schema_version", PLAN_SCHEMA_VERSION);
	jb_str(j, "file", path);
	jb_str(j, "label", o->label);
	jb_str(j, "id", t.id[0] != '\0' ? t.id : NULL);
	jb_str(j, "format", fmt);
	jb_bool(j, "compressed", scan_order_compressed(a, i));
	if (rc == 0)
		jb_int(j, "size", (long long)t.size);
	else
		jb_null(j, "size");
	ptime(j, "mtime", t.mtime);
	/* "": the log names no host (Exim's mainlog). */
	jb_str(j, "host", scan_order_host(a, i) != NULL &&
	    *scan_order_host(a, i) != '\0' ? scan_order_host(a, i) : NULL);
	ptime(j, "first", scan_order_first(a, i));
	ptime(j, "last", t.last);
	jb_str(j, "skipped", scan_order_skipped(a, i));
	if (rc != 0)
		jb_str(j, "error", serrno == ESPIPE ? "not a regular file: "
		    "read by a scan, not planned" : strerror(serrno));
	else if (fmt == NULL)
		jb_str(j, "error", "unknown log format");
	else
		jb_null(j, "error");
	jb_end(j, '}');
	jb_put(j, "\n");
}

int
cmd_scan_plan(const struct cli_opts *o)
{
	struct scan_order_opts	 aopts;
	struct scan_order	*a;
	struct jbuf		 j;
	char			**paths;
	size_t			 npaths, i;
	struct cmd_source	 src;
	int			 status = EXIT_OK;

	memset(&aopts, 0, sizeof(aopts));
	if (o->format != NULL && (aopts.parser = parser_find(o->format)) ==
	    NULL) {
		warnx("unknown format '%s' (known: %s)", o->format,
		    parser_names());
		return EXIT_USAGE;
	}
	/* Not the journal: a stream is read by a scan, not planned. */
	paths = cmd_inputs(o->args, o->nargs, o, 0, &npaths, &src);
	if (paths == NULL)
		return EXIT_TROUBLE;
	aopts.year = o->year;
	aopts.maxline = o->maxline;
	aopts.keep_order = o->keep_order;
	aopts.since = o->since;
	aopts.until = o->until;
	aopts.head_bytes = INPUT_ID_BYTES;
	a = scan_order_plan(paths, npaths, &aopts);
	jb_init(&j, 0);
	for (i = 0; i < scan_order_count(a); i++) {
		record(&j, o, a, i);
		if (fwrite(j.buf, 1, j.len, stdout) != j.len)
			break;
	}
	if (npaths == 0 || fflush(stdout) != 0 || ferror(stdout)) {
		if (npaths > 0)
			warn("standard output: write error");
		status = EXIT_TROUBLE;
	}
	jb_release(&j);
	scan_order_free(a);
	scan_free_paths(paths);
	return status;
}
