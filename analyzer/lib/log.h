/*
 * log.h - diagnostics for analyzer/ only (leaf modules return errors, they
 * never print).  warn() appends strerror(errno), warnx() does not; fatal()
 * and fatalx() exit(1) after printing.  Every message starts "smtplog: "
 * and is one line, escaped as escape.h shows untrusted text (control
 * characters as \xNN, a backslash as \\): names from outside go in as
 * they are.
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>
#include <stdio.h>

void	log_init(const char *progname);
void	warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	vwarnx(const char *, va_list) __attribute__((format(printf, 1, 0)));
/* log_vput - vwarnx's line written to fp (a message kept to be shown
 * later, in its place among others). */
void	log_vput(FILE *fp, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/*
 * log_set_clear - fn is called before every message (and by log_clear),
 * with stderr locked, to erase a status line drawn there (the scan's
 * progress line); NULL for none.  log_clear - call it, for code that
 * writes to stderr itself.
 */
void	log_set_clear(void (*fn)(void));
void	log_clear(void);
/* log_name - the program name messages start with. */
const char *log_name(void);
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif /* LOG_H */
