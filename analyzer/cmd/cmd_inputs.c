/*
 * cmd_inputs.c - the inputs of scan and trace: the operands given, or,
 * when none is given, standard input (a pipe or a file), the system's
 * mail log files found by the default patterns or, when there is none,
 * the systemd journal (cmd_journal.c), said on standard error.  Reading
 * them is scan.c's job.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd_int.h"
#include "cmd_journal.h"
#include "lib/escape.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "scan/scan.h"

/* The documented order: Postfix through syslog (Debian, then Red Hat
 * names), then Exim's own log (Debian's exim4).  Every pattern that
 * matches adds its files; the scan reads them by first timestamp.  The
 * word "journal" stands for the systemd journal's mail messages, read
 * only when no file matches (where rsyslog writes mail.log, the journal
 * holds the same lines). */
#define CMD_DEFAULT_INPUTS \
	"/var/log/mail.log* /var/log/maillog* /var/log/exim4/mainlog* " \
	CMD_JOURNAL_NAME

const char *
cmd_default_patterns(void)
{
	const char	*env = getenv("SMTPLOG_DEFAULT_INPUTS");

	return env != NULL ? env : CMD_DEFAULT_INPUTS;
}

/* stdin_is_data - standard input is a pipe, a file or a socket: what a
 * command line such as "zcat x.gz | smtplog scan" gives. */
static int
stdin_is_data(void)
{
	struct stat	sb;

	if (fstat(STDIN_FILENO, &sb) != 0)
		return 0;
	return S_ISFIFO(sb.st_mode) || S_ISREG(sb.st_mode) ||
	    S_ISSOCK(sb.st_mode);
}

/*
 * found - the regular files that the patterns name, in pattern order
 * (each pattern's matches sorted by glob), as a NULL-terminated owned
 * array; *n their count, *unreadable how many this user cannot read,
 * *journal whether the word CMD_JOURNAL_NAME is among the patterns.
 */
static char **
found(const char *patterns, size_t *n, size_t *unreadable, int *journal)
{
	char		*list = xstrdup(patterns), *pat, *save = NULL;
	char		**out = xcalloc(1, sizeof(*out));
	struct stat	 sb;
	glob_t		 g;
	size_t		 i;

	*n = *unreadable = 0;
	*journal = 0;
	for (pat = strtok_r(list, " \t\n", &save); pat != NULL;
	    pat = strtok_r(NULL, " \t\n", &save)) {
		if (strcmp(pat, CMD_JOURNAL_NAME) == 0) {
			*journal = 1;
			continue;
		}
		if (glob(pat, 0, NULL, &g) != 0)
			continue;	/* no match, or a read error */
		for (i = 0; i < g.gl_pathc; i++) {
			if (stat(g.gl_pathv[i], &sb) != 0 ||
			    !S_ISREG(sb.st_mode))
				continue;
			if (access(g.gl_pathv[i], R_OK) != 0)
				(*unreadable)++;
			out = xreallocarray(out, *n + 2, sizeof(*out));
			out[(*n)++] = xstrdup(g.gl_pathv[i]);
			out[*n] = NULL;
		}
		globfree(&g);
	}
	free(list);
	return out;
}

/* say_chosen - the files read for want of operands, on one line. */
static void
say_chosen(char **paths, size_t n)
{
	size_t	i;

	flockfile(stderr);
	fprintf(stderr, "smtplog: no input given: reading");
	for (i = 0; i < n; i++) {
		fputc(' ', stderr);
		esc_put(stderr, paths[i], strlen(paths[i]), 0);
	}
	fprintf(stderr, "\n");
	funlockfile(stderr);
}

/*
 * journal - the journal as the only input, journalctl started; NULL after
 * a message when it cannot be (not on PATH: why is left to the caller,
 * with *missing set).
 */
static char **
journal(const struct cli_opts *o, size_t *npaths, struct cmd_source *src,
    int *missing)
{
	char	**paths;

	*missing = 0;
	if ((src->journal = cmd_journal_start(o->since, o->until,
	    CMD_JOURNAL_READ)) == NULL) {
		*missing = errno == ENOENT;
		return NULL;
	}
	if (!o->quiet)
		fprintf(stderr, "smtplog: no input given, and no mail log "
		    "file: reading the journal: %s\n",
		    cmd_journal_cmdline(src->journal));
	paths = xcalloc(2, sizeof(*paths));
	paths[0] = xstrdup(CMD_JOURNAL_NAME);
	*npaths = 1;
	return paths;
}

char **
cmd_inputs(char *const *args, size_t nargs, const struct cli_opts *o,
    int journal_ok, size_t *npaths, struct cmd_source *src)
{
	static char *const	 stdin_arg[] = { "-" };
	const char		*pats;
	char			**def, **paths;
	size_t			 n, unreadable, i;
	int			 want_journal, missing = 0;

	memset(src, 0, sizeof(*src));
	if (nargs > 0)
		return scan_expand(args, nargs, npaths);
	pats = cmd_default_patterns();
	if (stdin_is_data() || strspn(pats, " \t\n") == strlen(pats)) {
		src->implicit_stdin = 1;
		return scan_expand(stdin_arg, 1, npaths);
	}
	def = found(pats, &n, &unreadable, &want_journal);
	if (n == 0) {
		scan_free_paths(def);
		if (want_journal && journal_ok &&
		    (paths = journal(o, npaths, src, &missing)) != NULL)
			return paths;
		if (want_journal && journal_ok && !missing)
			return NULL;	/* said */
		warnx("no input given, and no mail log found (%s%s); name a "
		    "FILE, DIR or '-' (standard input), or set "
		    "SMTPLOG_DEFAULT_INPUTS", pats, !want_journal ? "" :
		    missing ? ": no file, and journalctl is not on PATH" :
		    ": no file; the journal is read by a scan, not planned");
		return NULL;
	}
	if (!o->quiet)
		say_chosen(def, n);
	if (unreadable > 0)
		warnx("%zu of them %s not readable by this user: mail logs "
		    "are for root and the adm group", unreadable,
		    unreadable == 1 ? "is" : "are");
	paths = scan_expand(def, n, npaths);
	for (i = 0; i < n; i++)
		free(def[i]);
	free(def);
	return paths;
}

void
cmd_inputs_end(struct cmd_source *src, const struct summary *sum)
{
	if (src->implicit_stdin && sum->lines == 0 && sum->input_errors == 0)
		warnx("no input given, and standard input held no line; name "
		    "the logs to read (e.g. /var/log/mail.log*)");
	if (src->journal != NULL && sum->lines == 0 &&
	    sum->input_errors == 0 && !sum->interrupted)
		warnx("no input given, no mail log file, and the journal held "
		    "no mail message%s", sum->since != 0 || sum->until != 0 ?
		    " in the range" : "");
	cmd_journal_end(src->journal);
	src->journal = NULL;
}
