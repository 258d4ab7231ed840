/*
 * log.c - print diagnostics to stderr with the program name in front,
 * escaped for a terminal.  Only analyzer/ calls these; leaf modules
 * return their errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "log.h"

static const char *progname = "smtplog";
static void (*clear_fn)(void);

void
log_set_clear(void (*fn)(void))
{
	clear_fn = fn;
}

void
log_clear(void)
{
	if (clear_fn != NULL)
		clear_fn();
}

void
log_init(const char *name)
{
	progname = name;
}

/*
 * vlog - one message, one line: the lock keeps the -j workers' lines
 * whole.  The message is escaped as a whole (escape.h): the names in it
 * (files, option arguments, hosts) come from outside and must not reach
 * a terminal raw; smtplog's own words are printable and stay as they are.
 */
static void
vlog_fp(FILE *fp, int with_errno, int saved, const char *fmt, va_list ap)
{
	char	 buf[1024], *msg = buf;
	va_list	 ap2;
	int	 n;

	va_copy(ap2, ap);
	if ((n = vsnprintf(buf, sizeof(buf), fmt, ap)) < 0)
		n = snprintf(buf, sizeof(buf), "%s", fmt);
	else if ((size_t)n >= sizeof(buf) &&
	    (msg = malloc((size_t)n + 1)) != NULL)
		(void)vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	else if ((size_t)n >= sizeof(buf)) {
		msg = buf;
		n = (int)sizeof(buf) - 1;
	}
	va_end(ap2);
	flockfile(fp);
	if (fp == stderr)
		log_clear();
	fprintf(fp, "%s: ", progname);
	(void)esc_put(fp, msg, (size_t)n, 0);
	if (with_errno)
		fprintf(fp, ": %s", strerror(saved));
	fputc('\n', fp);
	funlockfile(fp);
	if (msg != buf)
		free(msg);
}

static void
vlog(int with_errno, int saved, const char *fmt, va_list ap)
{
	vlog_fp(stderr, with_errno, saved, fmt, ap);
}

void
log_vput(FILE *fp, const char *fmt, va_list ap)
{
	vlog_fp(fp, 0, 0, fmt, ap);
}

void
warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	vlog(1, saved, fmt, ap);
	va_end(ap);
}

void
vwarnx(const char *fmt, va_list ap)
{
	vlog(0, 0, fmt, ap);
}

const char *
log_name(void)
{
	return progname;
}

void
warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(0, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	vlog(1, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(0, 0, fmt, ap);
	va_end(ap);
	exit(1);
}
