/*
 * scan.h - the scan loop: one input at a time, lines through a parser
 * (forced or detected from the first lines), events into the session
 * builder, and every line accounted for in a struct summary_input.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>
#include <time.h>

#include "core/finding.h"
#include "parser.h"
#include "core/session.h"
#include "core/traffic.h"

struct scan_opts {
	const struct parser_ops	*parser;	/* forced, or NULL: detect */
	int			 year;		/* --year, 0: infer */
	size_t			 maxline;	/* 0: input default */
	int			 verbose;	/* show unrecognized lines */
	int			 progress;	/* progress line on stderr */
	struct sess_table	*sess;
	/* traffic - the owner's handle on the accountant its sess feeds
	 * (sess_config.traffic, core/traffic.h), for the report; the scan
	 * does not read it.  -j workers get one each, merged into it. */
	struct traffic		*traffic;
	/* tap - when set, called with every event before the session
	 * builder sees it (trace, follow); the event is borrowed for the
	 * call.  Not called from -j workers. */
	void			(*tap)(void *arg, const struct smtp_event *);
	void			*tap_arg;
	/* file_no of nfiles - the progress line's "files done" (k/N); with
	 * nfiles 0 each input clears its own progress line at its end,
	 * otherwise the caller calls scan_progress_end() after the last. */
	size_t			 file_no, nfiles;
	/* pipeline - scan_input may parse on a second thread while this
	 * one builds sessions (see pipelined() in scan.c); the tap and the
	 * session builder still run on the caller's thread, in order.  Not
	 * for -j workers, nor for the scan_stream_* functions. */
	int			 pipeline;
	/* label - --label: kept in each input's record and in the ids of
	 * its findings (borrowed; NULL: none). */
	const char		*label;
	/* allow_empty - standard input or a pipe that gives no byte at all
	 * is no error (otherwise it is: a mapper whose source failed must
	 * not pass for an input without findings). */
	int			 allow_empty;
};

/*
 * scan_input - scan one input into opts->sess.  *in is filled (name is
 * path, borrowed; error is a static or owned-by-scan string kept until
 * scan_cleanup(); label is opts->label; id is the content identity of the
 * text read, input_identity()).  Returns 0; -1 when the input could not be read to its
 * end or its format is unknown (already printed, with the file name), -2
 * when the session builder's output failed (write error: stop).
 */
int	scan_input(const char *path, const struct scan_opts *opts,
	    struct summary_input *in);

/*
 * A stream: lines handed over one at a time (by scan_input, or by any
 * other line source such as a followed file) through the router
 * (parsers/route.h: envelopes, the parser of each line's program,
 * detection for lines without an envelope), the parsers and the session
 * builder.  The stream counts each line into *in as used, ignored or
 * unrecognized (brought up to date by scan_stream_detect and
 * scan_stream_end), and invalid UTF-8; the line source counts lines,
 * bytes, truncated and NUL lines itself.  name and in are borrowed for the
 * stream's life; ref_time is the file's mtime (year inference).
 *
 * scan_stream_line, scan_stream_detect and scan_stream_end return 0, or
 * -2 when the session builder's output failed.  scan_stream_detect
 * brings the counts in *in up to date and, with detect, detects the
 * format of the lines without envelope held so far when a parser is
 * confident (a followed file that grows slowly);
 * scan_stream_end reads what is held, flushes the parsers and sets
 * in->format.
 */
struct scan_stream;

struct scan_stream	*scan_stream_new(const char *name, time_t ref_time,
			    const struct scan_opts *, struct summary_input *in);
int			 scan_stream_line(struct scan_stream *,
			    const char *line, size_t len, unsigned long lineno);
int			 scan_stream_detect(struct scan_stream *, int detect);
int			 scan_stream_end(struct scan_stream *);
void			 scan_stream_free(struct scan_stream *);

/*
 * scan_expand - the inputs named by args: a directory stands for the
 * regular files in it, oldest modification time first (then by name).
 * Returns a NULL-terminated array of owned strings (free with
 * scan_free_paths), or NULL with a message printed when a directory cannot
 * be read.
 */
char	**scan_expand(char *const *args, size_t nargs, size_t *npaths);
void	  scan_free_paths(char **);

/*
 * scan_progress_end - clear the progress line, if one was shown, and start
 * the counts of the next scan from zero.  The line is shown on stderr
 * when opts->progress is set (the caller checks that stderr is a
 * terminal), once the scan has run for a second: bytes, lines, lines/s,
 * files done.  Not for -j workers.
 */
void	  scan_progress_end(void);

/*
 * Never a silent all-clear.  scan_judge - the verdict on an input read to
 * its end, given the findings it gave: SCAN_JUDGE_NOT_MAIL when no line
 * of it is of a format smtplog reads (or of the forced one), or
 * SCAN_JUDGE_ALMOST_NOTHING when the parsers used under 1 % of the lines
 * they took as theirs and nothing was found; an input skipped, already in
 * error, empty or blank is SCAN_JUDGE_OK.  scan_judge_say - say it on
 * stderr, with the line in->sample (forced: the --format name, or NULL).
 */
enum scan_judgement {
	SCAN_JUDGE_OK,
	SCAN_JUDGE_NOT_MAIL,
	SCAN_JUDGE_ALMOST_NOTHING
};

enum scan_judgement scan_judge(const struct summary_input *in,
			    unsigned long findings);
void			 scan_judge_say(const struct summary_input *in,
			    enum scan_judgement, const char *forced);

/* scan_progress_clear - erase the progress line, if shown, so that a
 * message starts at the left; it is drawn again at the next second (a
 * log_set_clear function). */
void	  scan_progress_clear(void);

/* scan_cleanup - free the error strings scan_input kept. */
void	  scan_cleanup(void);

#endif /* SCAN_H */
