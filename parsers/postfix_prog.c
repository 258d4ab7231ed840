/*
 * postfix_prog.c - the class of a line's program (Postfix or not,
 * instance, daemon), remembered per program name.  A log has a handful
 * of program names, so most lines match one seen before: one compare
 * finds the class, where a classification would be needed.
 */
#include <stdint.h>
#include <string.h>

#include "postfix_int.h"
#include "progmap.h"

/* Daemon names with handlers; every other name is PF_D_SUPPORT. */
static const struct {
	const char	*name;
	size_t		 len;
	enum pf_daemon	 daemon;
} daemons[] = {
	{ "smtpd", 5, PF_D_SMTPD }, { "postscreen", 10, PF_D_POSTSCREEN },
	{ "smtp", 4, PF_D_SMTP }, { "lmtp", 4, PF_D_LMTP },
	{ "local", 5, PF_D_DELIVER }, { "virtual", 7, PF_D_DELIVER },
	{ "pipe", 4, PF_D_DELIVER }, { "error", 5, PF_D_DELIVER },
	{ "retry", 5, PF_D_DELIVER }, { "discard", 7, PF_D_DELIVER },
	{ "cleanup", 7, PF_D_CLEANUP }, { "qmgr", 4, PF_D_QMGR },
	{ "nqmgr", 5, PF_D_QMGR }, { "oqmgr", 5, PF_D_QMGR },
	{ "pickup", 6, PF_D_PICKUP }, { "postsuper", 9, PF_D_POSTSUPER },
	{ "bounce", 6, PF_D_BOUNCE },
};

/*
 * pf_is_postfix - "postfix", "postfix/NAME..." or "postfix-INST/NAME...":
 * what Postfix logs as syslog_name/process_name.
 */
int
pf_is_postfix(const char *s, size_t n)
{
	if (n < 7 || memcmp(s, "postfix", 7) != 0)
		return 0;
	if (n == 7 || s[7] == '/')
		return 1;
	return s[7] == '-' && memchr(s + 8, '/', n - 8) != NULL;
}

/* classify - the class of the program s[0..n), name not copied. */
static void
classify(const char *s, size_t n, struct pf_prog *pr)
{
	const char	*slash, *d;
	size_t		 i, dl;

	pr->postfix = pf_is_postfix(s, n);
	slash = memchr(s, '/', n);
	pr->instlen = slash == NULL ? n : (size_t)(slash - s);
	for (d = s + n; d > s && d[-1] != '/'; d--)
		;
	dl = s + n - d;
	pr->daemon = PF_D_SUPPORT;
	for (i = 0; i < sizeof(daemons) / sizeof(daemons[0]); i++)
		if (daemons[i].len == dl &&
		    memcmp(daemons[i].name, d, dl) == 0) {
			pr->daemon = daemons[i].daemon;
			break;
		}
}

const struct pf_prog *
pf_prog(struct pf *p, const char *s, size_t n)
{
	int	i, fresh;

	if (n == 0 || (i = pm_find(&p->progmap, s, n, &fresh)) < 0) {
		classify(s, n, &p->progmiss);
		return &p->progmiss;
	}
	if (fresh)
		classify(s, n, &p->progs[i]);
	return &p->progs[i];
}
