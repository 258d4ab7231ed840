/*
 * report.h - the writers: JSON (one document), NDJSON (one object per line),
 * text (a readable report) and Prometheus metrics.  Each sits behind struct report_ops so the
 * scan loop does not care which.  Writers stream: JSON and NDJSON hold no
 * findings in memory; text keeps bounded aggregates and a few examples.
 *
 * Errors: finding() and finish() return 0, or -1 when the output failed
 * (disk full, closed pipe: errno is kept); the caller reports it.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>
#include <time.h>

#include "core/finding.h"
#include "core/pattern.h"

struct report_opts {
	int		 color;		/* ANSI colour (text, only on a tty) */
	int		 verbose;
	const char	*version;	/* smtplog version, for the summary */
	int		 width;		/* text: columns; 0: the terminal's,
					 * else $COLUMNS, else 80 */
};

struct report_ops {
	const char	*name;		/* "json", "ndjson", "text" */
	void		*(*open)(FILE *out, const struct report_opts *);
	int		(*finding)(void *, const struct finding *);
	int		(*finish)(void *, const struct summary *);
	void		(*free)(void *);
	/* pattern - a session-level pattern record (pattern.h), after the
	 * findings it groups; borrowed for the call.  0 or -1 as finding(). */
	int		(*pattern)(void *, const struct pattern *);
};

extern const struct report_ops report_json;
extern const struct report_ops report_ndjson;
extern const struct report_ops report_text;
extern const struct report_ops report_prometheus;
extern const struct report_ops report_summary;	/* "summary-json" */
extern const struct report_ops report_html;

/*
 * report_prom_write - what a report_prometheus context has counted so
 * far, with the counts of s, written to fp as its finish() writes them
 * to its own output; any number of times (follow mode's textfile, a new
 * fp each time).  0, or -1 when fp failed.
 */
int			 report_prom_write(void *ctx, FILE *fp,
			    const struct summary *s);

/* report_find - the writer named name, or NULL. */
const struct report_ops	*report_find(const char *name);

/*
 * report_isotime - write when as ISO 8601 UTC ("2016-10-22T02:13:42Z", with
 * ".123456" before the Z when usec is not 0) into buf, which must hold
 * REPORT_TIMELEN bytes.  Returns buf, or NULL when when is 0 (unknown) or
 * out of range; buf then holds "".
 */
#define REPORT_TIMELEN	40
char			*report_isotime(char *buf, time_t when, int usec);

/*
 * report_json_finding / report_json_summary - the finding and summary
 * records of the JSON writers into j, for documents of other commands
 * (trace) that hold them.
 */
struct jbuf;
void			 report_json_finding(struct jbuf *j, const struct finding *);
void			 report_json_summary(struct jbuf *j, const struct summary *,
			    const char *version);

#endif /* REPORT_H */
