/*
 * postfix_prog.c - the syslog prefix of a Postfix parser line, with the
 * program's class (Postfix or not, instance, daemon) remembered per
 * program name.  A log has a handful of program names, so most lines
 * match one seen before: one compare finds the program's end and its
 * class, where a scan of its bytes and a classification would be needed.
 */
#include <stdint.h>
#include <string.h>

#include "lex.h"
#include "postfix_int.h"

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

	pr->len = n;
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

/*
 * same - whether s starts with the cached name: its last 8 bytes first
 * (what tells "postfix/smtpd" from "postfix/qmgr"), then the rest a word
 * at a time.  s holds at least c->len bytes.
 */
static int
same(const char *s, const struct pf_prog *c)
{
	uint64_t	a, b;
	size_t		k;

	if (c->len < 8)
		return memcmp(s, c->name, c->len) == 0;
	memcpy(&a, s + c->len - 8, 8);
	if (a != c->last8)
		return 0;
	for (k = 0; k + 8 < c->len; k += 8) {
		memcpy(&a, s + k, 8);
		memcpy(&b, c->name + k, 8);
		if (a != b)
			return 0;
	}
	return 1;
}

/* remember - cache the class of the program s[0..n), round robin. */
static const struct pf_prog *
remember(struct pf *p, const char *s, size_t n)
{
	struct pf_prog	*c;

	if (n >= PF_PROG_MAX) {
		classify(s, n, &p->progmiss);
		return &p->progmiss;
	}
	if (p->nprogs < PF_PROG_CACHE)
		c = &p->progs[p->nprogs++];
	else {
		c = &p->progs[p->progvictim];
		p->progvictim = (p->progvictim + 1) % PF_PROG_CACHE;
	}
	classify(s, n, c);
	memcpy(c->name, s, n);
	c->last8 = 0;
	if (n >= 8)
		memcpy(&c->last8, s + n - 8, 8);
	return c;
}

const struct pf_prog *
pf_prog_prefix(struct pf *p, const char *line, size_t len, size_t i,
    struct lex_span *sp)
{
	const struct pf_prog	*c;
	size_t			 ps, e;
	int			 k;

	if ((ps = lex_syslog_host(line, len, i, sp)) == 0)
		return NULL;
	/*
	 * A cached name ends the program where a scan would: it holds no
	 * byte that ends a program, and the byte after it does ('[' or
	 * ':'; a space there makes the prefix malformed, which the scan
	 * below finds).
	 */
	for (k = 0; k < p->nprogs; k++) {
		c = &p->progs[k];
		e = ps + c->len;
		if (e < len && (line[e] == '[' || line[e] == ':') &&
		    same(line + ps, c))
			return lex_syslog_pid(line, len, e, sp) == 0 ? NULL : c;
	}
	if (lex_syslog_prefix(line, len, i, sp) == 0)
		return NULL;
	return remember(p, line + sp->ps, sp->pe - sp->ps);
}
