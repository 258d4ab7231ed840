/*
 * scan_jobs.h - scan several files at once (-j N): each file on a worker thread
 * with a session table of its own, its findings spooled to a temporary
 * file, and the spools replayed into the one writer in input order.  The
 * output is that of a serial scan in which every file is its own stream
 * (sessions and messages are not joined across files).
 */
#ifndef SCAN_JOBS_H
#define SCAN_JOBS_H

#include <stddef.h>

#include "core/finding.h"
#include "rule.h"
#include "scan.h"
#include "core/session.h"

struct scan_jobs;

/* What scan_jobs_run reads: borrowed for the call (paths and the rule
 * sets until scan_jobs_free). */
struct scan_jobs_in {
	char *const		 *paths;	/* paths[0..npaths) */
	size_t			  npaths;
	int			  jobs;		/* threads, at most */
	const struct scan_opts	 *sopts;
	const struct sess_config *cfg;
	struct ruleset *const	 *rulesets;	/* one per thread */
	const struct ruleset	 *main_rules;	/* what the writer sees */
};

/*
 * scan_jobs_run - scan in->paths on min(jobs, npaths) threads.  sopts is
 * copied per file (its sess is replaced); cfg is copied per file, with
 * its memory budget shared by the threads (an equal part each),
 * emit/arg replaced by the spool and rules by rulesets[thread] (one
 * ruleset per thread, loaded from the same files as main_rules, whose
 * rules are what the writer sees).  Each file's findings go to
 * cfg->emit(cfg->arg, f) from this thread, file after file.  ins[i] is
 * filled for every input scanned; *ninputs says how many (fewer after
 * an output error), *input_failed is set when an input could not be
 * read, and the session counts of all files are added to sum.  Returns
 * the handle (free it after the summary is written: sum borrows names
 * from it), and sets *werr when the output or a spool failed.
 */
struct scan_jobs	*scan_jobs_run(const struct scan_jobs_in *in,
		    struct summary_input *ins, size_t *ninputs,
		    struct summary *sum, int *input_failed, int *werr);

/* scan_jobs_free - free the session tables; NULL is ignored. */
void		 scan_jobs_free(struct scan_jobs *);

#endif /* SCAN_JOBS_H */
