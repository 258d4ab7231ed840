/*
 * cmd_journal.h - the systemd journal as the input of scan and trace when
 * no mail log file exists: journalctl's mail messages as JSON, run with
 * posix_spawn and read through a pipe as one input named "journal" (a
 * named stream, scan/stream.h); its exit status and its messages are
 * checked when its output ends.
 */
#ifndef CMD_JOURNAL_H
#define CMD_JOURNAL_H

#include <stddef.h>
#include <time.h>

/* The input's name, and the word that stands for the journal in the
 * default inputs (SMTPLOG_DEFAULT_INPUTS). */
#define CMD_JOURNAL_NAME	"journal"

/* What journalctl wrote on standard error that is kept, in bytes. */
#define CMD_JOURNAL_ERRMAX	4096

/*
 * journalctl's command line: argv (NULL-terminated) points into the
 * struct and at string constants, valid while the struct is.
 */
#define CMD_JOURNAL_MAXARG	14
struct cmd_journal_argv {
	const char	*argv[CMD_JOURNAL_MAXARG];
	char		 fields[256];
	char		 since[32], until[32];
};

/* How journalctl reads: what the journal holds, then ends; or follows,
 * from now or from the journal's start (scan -F, --from-start). */
enum cmd_journal_mode {
	CMD_JOURNAL_READ, CMD_JOURNAL_FOLLOW, CMD_JOURNAL_FOLLOW_ALL
};

/*
 * cmd_journal_args - the command that writes the system journal's mail
 * messages (syslog facility mail) between since and until (0: unbounded;
 * inclusive both, as journalctl reads them) as JSON, with the fields the
 * journal-json envelope reads, into *a; following it as mode says.
 */
void	cmd_journal_args(struct cmd_journal_argv *a, time_t since,
	    time_t until, enum cmd_journal_mode mode);

/*
 * cmd_journal_verdict - how journalctl ended, from its wait status and
 * what it wrote on standard error (err, "" for nothing): 0 when it
 * succeeded; otherwise -1 with the reason in msg (size bytes): its exit
 * status or signal, its last line of err, and who may read the journal
 * when err speaks of permissions.
 */
int	cmd_journal_verdict(int wstatus, const char *err, char *msg,
	    size_t size);

/*
 * cmd_journal_start - run journalctl (cmd_journal_args) with its output
 * bound to the stream CMD_JOURNAL_NAME, read by input_open (scan/input.h)
 * or, to follow it, by follow_new (scan/follow.h);
 * at the end of that output journalctl is waited for, its messages are
 * said on standard error ("smtplog: journalctl: ...") and a failure
 * (cmd_journal_verdict) becomes a read error of the input.  Returns the
 * running journal, to end with cmd_journal_end(); NULL with errno ENOENT
 * and nothing said when journalctl is not on PATH, or NULL after a message
 * when it could not be started.
 */
struct cmd_journal;
struct cmd_journal *cmd_journal_start(time_t since, time_t until,
		    enum cmd_journal_mode mode);

/* cmd_journal_cmdline - the command run, for messages; borrowed. */
const char	*cmd_journal_cmdline(const struct cmd_journal *);

/*
 * cmd_journal_end - forget the stream; a journalctl whose output was not
 * read to its end (the scan stopped) is stopped, without a word; waited
 * for; freed.  NULL is ignored.
 */
void	cmd_journal_end(struct cmd_journal *);

#endif /* CMD_JOURNAL_H */
