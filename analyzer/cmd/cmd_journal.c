/*
 * cmd_journal.c - journalctl as an input (cmd_journal.h): its command line,
 * its start with posix_spawnp (no shell: every argument is ours), its
 * standard error drained by a thread of its own (a talkative journalctl
 * never blocks on a full pipe while its output waits to be read), and the
 * verdict on its end.  Reading its output is input.c's.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_journal.h"
#include "envelope.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "scan/stream.h"

extern char	**environ;

/*
 * The mail messages: syslog(3)'s LOG_MAIL is facility 2 (RFC 5424 6.2.1),
 * what Postfix and Exim log with by default and what rsyslog writes to
 * mail.log; the journal keeps it in SYSLOG_FACILITY.
 */
#define JOURNAL_MATCH	"SYSLOG_FACILITY=2"

/* Why a failed journalctl may have failed, when it speaks of permissions
 * (journalctl(1); systemd-journald.service(8): the files are group
 * systemd-journal, with ACLs for adm and wheel where systemd sets them). */
#define JOURNAL_READERS	"only root and the groups systemd-journal and " \
	"adm may read the system journal"

struct cmd_journal {
	pid_t		 pid;
	int		 errfd;		/* the read end of its stderr */
	pthread_t	 th;		/* drain(), until errfd ends */
	char		 err[CMD_JOURNAL_ERRMAX + 1];
	size_t		 errlen;
	int		 errcut;	/* it wrote more than is kept */
	int		 waited;	/* reaped: status holds */
	int		 status;
	int		 follows;	/* --follow: it should never end */
	char		 cmdline[512];
};

void
cmd_journal_args(struct cmd_journal_argv *a, time_t since, time_t until,
    enum cmd_journal_mode mode)
{
	size_t	n = 0, len, i;

	memset(a, 0, sizeof(*a));
	len = (size_t)snprintf(a->fields, sizeof(a->fields),
	    "--output-fields=");
	/* journalctl writes the "__" fields (its cursor and times) always. */
	for (i = 0; env_journal_keys[i] != NULL && len < sizeof(a->fields);
	    i++) {
		if (strncmp(env_journal_keys[i], "__", 2) == 0)
			continue;
		len += (size_t)snprintf(a->fields + len, sizeof(a->fields) - len,
		    "%s%s", a->fields[len - 1] == '=' ? "" : ",",
		    env_journal_keys[i]);
	}
	a->argv[n++] = "journalctl";
	/* The system's journal only: another user's journal holds no mail
	 * server's messages, and without it a user who may not read the
	 * system journal gets an error, not the empty list of his own. */
	a->argv[n++] = "--system";
	a->argv[n++] = "--output=json";
	/* Fields over 4096 bytes would be null without it. */
	a->argv[n++] = "--all";
	a->argv[n++] = "--no-pager";
	a->argv[n++] = a->fields;
	/* The times as smtplog took them (local midnights, relative
	 * times), in seconds since the epoch: no second reading. */
	if (since != 0) {
		snprintf(a->since, sizeof(a->since), "--since=@%lld",
		    (long long)since);
		a->argv[n++] = a->since;
	}
	if (until != 0) {
		snprintf(a->until, sizeof(a->until), "--until=@%lld",
		    (long long)until);
		a->argv[n++] = a->until;
	}
	/* Followed: the new messages, or all from the journal's start
	 * (without --lines, the last ten first). */
	if (mode != CMD_JOURNAL_READ) {
		a->argv[n++] = "--follow";
		a->argv[n++] = mode == CMD_JOURNAL_FOLLOW ? "--lines=0" :
		    "--lines=all";
	}
	a->argv[n++] = JOURNAL_MATCH;
	a->argv[n] = NULL;
}

/* lastline - the last line of s that is not blank, *n its length. */
static const char *
lastline(const char *s, size_t *n)
{
	size_t	e = strlen(s), b;

	while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == ' '))
		e--;
	for (b = e; b > 0 && s[b - 1] != '\n'; b--)
		;
	*n = e - b;
	return s + b;
}

int
cmd_journal_verdict(int wstatus, const char *err, char *msg, size_t size)
{
	const char	*last;
	char		 how[40], said[200];
	size_t		 n;

	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return 0;
	if (WIFEXITED(wstatus))
		snprintf(how, sizeof(how), "exit status %d",
		    WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		snprintf(how, sizeof(how), "killed by signal %d",
		    WTERMSIG(wstatus));
	else
		snprintf(how, sizeof(how), "wait status %d", wstatus);
	/* Its last word, a final full stop dropped; as it is: the message
	 * is escaped where it is shown (log.c, the writers). */
	last = lastline(err, &n);
	if (n > 0 && last[n - 1] == '.')
		n--;
	if (n >= sizeof(said) - 2)
		n = sizeof(said) - 3;
	said[0] = '\0';
	if (n > 0) {
		said[0] = ':';
		said[1] = ' ';
		memcpy(said + 2, last, n);
		said[2 + n] = '\0';
	}
	snprintf(msg, size, "journalctl failed (%s)%s%s", how, said,
	    strstr(err, "ermission") != NULL ? "; " JOURNAL_READERS : "");
	return -1;
}

/* drain - keep the start of what journalctl writes on stderr, read to its
 * end (the thread of cmd_journal_start). */
static void *
drain(void *arg)
{
	struct cmd_journal	*j = arg;
	char			 buf[1024];
	ssize_t			 r;
	size_t			 k;

	for (;;) {
		r = read(j->errfd, buf, sizeof(buf));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		k = CMD_JOURNAL_ERRMAX - j->errlen;
		if ((size_t)r > k)
			j->errcut = 1;
		else
			k = (size_t)r;
		memcpy(j->err + j->errlen, buf, k);
		j->errlen += k;
	}
	j->err[j->errlen] = '\0';
	return NULL;
}

/* reap - wait for journalctl and for the end of its stderr. */
static void
reap(struct cmd_journal *j)
{
	while (waitpid(j->pid, &j->status, 0) == -1 && errno == EINTR)
		;
	pthread_join(j->th, NULL);
	close(j->errfd);
	j->waited = 1;
}

/* say - journalctl's messages on stderr, one line each (escaped by
 * log.c); the last one not when the verdict quotes it. */
static void
say(const struct cmd_journal *j, int but_last)
{
	const char	*s = j->err, *e, *last;
	size_t		 n;

	last = lastline(j->err, &n);
	for (; *s != '\0' && (!but_last || s < last); s = *e ? e + 1 : e) {
		if ((e = strchr(s, '\n')) == NULL)
			e = s + strlen(s);
		if (e == s)
			continue;
		warnx("journalctl: %.*s", (int)(e - s), s);
	}
	if (j->errcut)
		warnx("journalctl: ... (more messages not shown)");
}

/* journal_done - the end of journalctl's output (a stream_done_fn). */
static int
journal_done(void *arg, char *msg, size_t size)
{
	struct cmd_journal	*j = arg;
	int			 failed;

	reap(j);
	failed = cmd_journal_verdict(j->status, j->err, msg, size) != 0;
	say(j, failed);
	if (!failed && j->follows) {
		snprintf(msg, size, "journalctl --follow ended (exit status "
		    "0)");
		failed = 1;
	}
	return failed ? -1 : 0;
}

/* cloexec_pipe - a pipe both of whose ends close on exec: only the
 * copies dup2'd into place reach journalctl. */
static int
cloexec_pipe(int fd[2])
{
	if (pipe(fd) == -1)
		return -1;
	(void)fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* spawn - journalctl with stdin /dev/null, stdout out[1], stderr err[1],
 * SIGPIPE at its default (an ignored SIGPIPE is inherited) and in a
 * process group of its own: a ^C at the terminal is smtplog's to take
 * (stop.h), which then stops journalctl (cmd_journal_end), rather than
 * a journalctl killed under it and taken for a failed one. */
static int
spawn(pid_t *pid, const struct cmd_journal_argv *a, int out, int err)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 sa;
	sigset_t			 none, dfl;
	int				 rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, err, STDERR_FILENO);
	posix_spawnattr_init(&sa);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&sa, &none);
	posix_spawnattr_setsigdefault(&sa, &dfl);
	posix_spawnattr_setpgroup(&sa, 0);
	posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	/* posix_spawnp does not write to argv: the cast is its old API's. */
	rc = posix_spawnp(pid, a->argv[0], &fa, &sa, (char *const *)a->argv,
	    environ);
	posix_spawnattr_destroy(&sa);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* on_path - an executable name in PATH (or name itself with a '/'),
 * looked for before spawning: some posix_spawnp implementations (and
 * valgrind's) report a missing program only as a child exiting 127. */
static int
on_path(const char *name)
{
	const char	*p, *e;
	char		 buf[PATH_MAX];
	int		 n;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0;
	if ((p = getenv("PATH")) == NULL)
		p = "/bin:/usr/bin";
	for (;; p = e + 1) {
		e = strchr(p, ':');
		n = e != NULL ? (int)(e - p) : (int)strlen(p);
		/* An empty entry is the current directory. */
		if (snprintf(buf, sizeof(buf), "%.*s%s%s", n, p,
		    n > 0 ? "/" : "", name) < (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return 1;
		if (e == NULL)
			return 0;
	}
}

struct cmd_journal *
cmd_journal_start(time_t since, time_t until, enum cmd_journal_mode mode)
{
	struct cmd_journal_argv	 a;
	struct cmd_journal	*j;
	size_t			 i, len = 0;
	int			 out[2], err[2], rc;

	cmd_journal_args(&a, since, until, mode);
	if (!on_path(a.argv[0])) {
		errno = ENOENT;
		return NULL;
	}
	if (cloexec_pipe(out) == -1) {
		warn("journalctl: pipe");
		return NULL;
	}
	if (cloexec_pipe(err) == -1) {
		warn("journalctl: pipe");
		close(out[0]);
		close(out[1]);
		return NULL;
	}
	j = xcalloc(1, sizeof(*j));
	rc = spawn(&j->pid, &a, out[1], err[1]);
	close(out[1]);
	close(err[1]);
	if (rc == 0) {
		j->errfd = err[0];
		if ((rc = pthread_create(&j->th, NULL, drain, j)) != 0) {
			/* Nobody would drain its stderr: stop it. */
			(void)kill(j->pid, SIGTERM);
			while (waitpid(j->pid, NULL, 0) == -1 &&
			    errno == EINTR)
				;
		}
	}
	if (rc != 0) {
		close(out[0]);
		close(err[0]);
		free(j);
		if (rc != ENOENT)
			warnx("cannot run journalctl: %s", strerror(rc));
		errno = rc;
		return NULL;
	}
	for (i = 0; a.argv[i] != NULL && len < sizeof(j->cmdline); i++)
		len += (size_t)snprintf(j->cmdline + len,
		    sizeof(j->cmdline) - len, "%s%s", i > 0 ? " " : "",
		    a.argv[i]);
	j->follows = mode != CMD_JOURNAL_READ;
	stream_bind(CMD_JOURNAL_NAME, out[0], journal_done, j);
	return j;
}

const char *
cmd_journal_cmdline(const struct cmd_journal *j)
{
	return j->cmdline;
}

void
cmd_journal_end(struct cmd_journal *j)
{
	if (j == NULL)
		return;
	/* Its output closed (here, or by the input that took it), a
	 * journalctl still writing ends by SIGPIPE; one still seeking is
	 * told to stop. */
	stream_unbind();
	if (!j->waited) {
		(void)kill(j->pid, SIGTERM);
		reap(j);
	}
	free(j);
}
