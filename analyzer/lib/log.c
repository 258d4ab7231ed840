/*
 * log.c - print diagnostics to stderr with the program name in front.
 * Only analyzer/ calls these; leaf modules return their errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* vlog - one message, one line: the lock keeps the -j workers' lines
 * whole. */
static void
vlog(int with_errno, int saved, const char *fmt, va_list ap)
{
	flockfile(stderr);
	log_clear();
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
	funlockfile(stderr);
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
