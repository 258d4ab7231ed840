/*
 * check_journal.c - tests for cmd_journal.c's pure parts: journalctl's
 * command line for a range, and the verdict on how journalctl ended
 * (wait statuses made by real child processes).  Running journalctl
 * itself is tests/e2e/43-inputs.sh's, with a stand-in on PATH.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd_journal.h"
#include "envelope.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define FIELDS	"--output-fields=MESSAGE,SYSLOG_IDENTIFIER,_COMM,SYSLOG_PID," \
	"_PID,_SOURCE_REALTIME_TIMESTAMP,_HOSTNAME"
#define HEAD	"journalctl --system --output=json --all --no-pager " FIELDS

/* The ranges of scan --since/--until as smtplog holds them (seconds since
 * the epoch; 0: unbounded), passed as journalctl's "@SECONDS" timestamps
 * (systemd.time(7)); the mail facility's match comes last. */
static const struct {
	time_t		 since, until;
	enum cmd_journal_mode mode;
	const char	*want;
} ranges[] = {
	{ 0, 0, CMD_JOURNAL_READ, HEAD " SYSLOG_FACILITY=2" },
	/* --since 2025-11-21 --until 2025-11-22 with TZ=UTC */
	{ 1763683200, 1763769600, CMD_JOURNAL_READ,
	    HEAD " --since=@1763683200 --until=@1763769600 SYSLOG_FACILITY=2" },
	{ 1763683200, 0, CMD_JOURNAL_READ,
	    HEAD " --since=@1763683200 SYSLOG_FACILITY=2" },
	{ 0, 1763769600, CMD_JOURNAL_READ,
	    HEAD " --until=@1763769600 SYSLOG_FACILITY=2" },
	/* scan -F journal, and with --from-start; the longest command. */
	{ 0, 0, CMD_JOURNAL_FOLLOW,
	    HEAD " --follow --lines=0 SYSLOG_FACILITY=2" },
	{ 0, 0, CMD_JOURNAL_FOLLOW_ALL,
	    HEAD " --follow --lines=all SYSLOG_FACILITY=2" },
	{ 1763683200, 1763769600, CMD_JOURNAL_FOLLOW_ALL,
	    HEAD " --since=@1763683200 --until=@1763769600 --follow "
	    "--lines=all SYSLOG_FACILITY=2" },
};

START_TEST(test_journal_args)
{
	struct cmd_journal_argv	 a;
	char			 got[512];
	size_t			 i, len = 0;

	cmd_journal_args(&a, ranges[_i].since, ranges[_i].until,
	    ranges[_i].mode);
	got[0] = '\0';
	for (i = 0; a.argv[i] != NULL; i++) {
		ck_assert(i < CMD_JOURNAL_MAXARG - 1);
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s",
		    i > 0 ? " " : "", a.argv[i]);
	}
	ck_assert_msg(strcmp(got, ranges[_i].want) == 0, "got '%s', want '%s'",
	    got, ranges[_i].want);
}
END_TEST

/* Every field the journal-json envelope reads is asked for, but those
 * journalctl writes anyway ("__"). */
START_TEST(test_journal_fields)
{
	struct cmd_journal_argv	 a;
	char			 key[64], list[400];
	size_t			 i;

	cmd_journal_args(&a, 0, 0, CMD_JOURNAL_READ);
	/* ",A,B,...," so that each key is found between commas. */
	snprintf(list, sizeof(list), ",%s,",
	    a.fields + strlen("--output-fields="));
	for (i = 0; env_journal_keys[i] != NULL; i++) {
		snprintf(key, sizeof(key), ",%s,", env_journal_keys[i]);
		if (strncmp(env_journal_keys[i], "__", 2) == 0)
			ck_assert_msg(strstr(list, key) == NULL, "%s asked for",
			    env_journal_keys[i]);
		else
			ck_assert_msg(strstr(list, key) != NULL,
			    "%s missing from %s", env_journal_keys[i], list);
	}
}
END_TEST

/* status - the wait status of a child that exits with code, or that is
 * killed by sig when sig is not 0. */
static int
status(int code, int sig)
{
	pid_t	pid;
	int	st;

	ck_assert((pid = fork()) != -1);
	if (pid == 0) {
		if (sig != 0) {
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	ck_assert(waitpid(pid, &st, 0) == pid);
	return st;
}

/* How journalctl ends.  Its messages are systemd's own:
 * src/shared/journal-util.c (v252) for permissions, its getopt for an
 * option it lacks (--output-fields came in systemd 236), and
 * journal_access_check_and_warn's warnings, which do not fail it. */
static const struct {
	int		 code, sig;
	const char	*err, *want;
} ends[] = {
	{ 0, 0, "", NULL },
	{ 0, 0, "Journal file /var/log/journal/3d12/system@0005f.journal~ is "
	    "truncated, ignoring file.\n", NULL },
	{ 1, 0, "No journal files were opened due to insufficient "
	    "permissions.\n", "journalctl failed (exit status 1): No journal "
	    "files were opened due to insufficient permissions; only root and "
	    "the groups systemd-journal and adm may read the system journal" },
	{ 1, 0, "journalctl: unrecognized option '--output-fields=MESSAGE'\n",
	    "journalctl failed (exit status 1): journalctl: unrecognized "
	    "option '--output-fields=MESSAGE'" },
	{ 1, 0, "", "journalctl failed (exit status 1)" },
	{ 0, SIGKILL, "", "journalctl failed (killed by signal 9)" },
	/* The last line that says something, as it is (escaped where it
	 * is shown). */
	{ 1, 0, "first\nFailed to seek to date: \x1b[31mbad\n\n  \n",
	    "journalctl failed (exit status 1): Failed to seek to date: "
	    "\x1b[31mbad" },
};

START_TEST(test_journal_verdict)
{
	char	msg[256];
	int	rc;

	memset(msg, 'x', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	rc = cmd_journal_verdict(status(ends[_i].code, ends[_i].sig),
	    ends[_i].err, msg, sizeof(msg));
	if (ends[_i].want == NULL) {
		ck_assert_msg(rc == 0, "got %d, want 0", rc);
		return;
	}
	ck_assert_msg(rc == -1, "got %d, want -1", rc);
	ck_assert_msg(strcmp(msg, ends[_i].want) == 0, "got '%s', want '%s'",
	    msg, ends[_i].want);
}
END_TEST

/* A long last line is cut, and the message fits its buffer. */
START_TEST(test_journal_verdict_long)
{
	char	err[1000], msg[128];

	memset(err, 'e', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	ck_assert(cmd_journal_verdict(status(2, 0), err, msg, sizeof(msg)) ==
	    -1);
	ck_assert_msg(strlen(msg) == sizeof(msg) - 1, "got %zu bytes",
	    strlen(msg));
	ck_assert(strncmp(msg, "journalctl failed (exit status 2): eee", 38) ==
	    0);
}
END_TEST

Suite *
journal_suite(void)
{
	Suite	*s = suite_create("journal");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_journal_args, 0, NELEM(ranges));
	tcase_add_test(tc, test_journal_fields);
	tcase_add_loop_test(tc, test_journal_verdict, 0, NELEM(ends));
	tcase_add_test(tc, test_journal_verdict_long);
	suite_add_tcase(s, tc);
	return s;
}
