/*
 * gen.c - deterministic generator of realistic mail log traffic for the
 * benchmark (make bench) and its tests.  The same format, size and seed
 * always give the same bytes.  Timing and reporting are bench.sh's job.
 *
 *   gen postfix|exim SIZE [SEED]     SIZE in bytes, or with K, M or G
 *
 * Postfix: sessions run concurrently in a few dozen slots and their lines
 * interleave (the mix, per 1000 sessions, is in pf_session; about 3.5 %
 * of the lines make a finding, 1.7 % in the real logs of the corpus): postscreen screening, smtpd and submission sessions with
 * deliveries, deferrals and bounces, rejects with each of the codes 500,
 * 502, 503, 530 and 554 (logged as NOQUEUE lines, as -v dialogue replies,
 * as remote replies in status=bounced, or implied by the disconnect
 * counters), and smtpd processes that serve many sessions in turn, so
 * that pids are reused.  Exim: the mainlog lines of the same traffic.
 * Lines of other programs (dovecot, opendkim, kernel) are mixed in.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "splitmix.h"

#define NSLOT	48		/* sessions in flight */
#define MAXL	40		/* lines of one session script */
#define LINELEN	640

struct slot {
	char		 line[MAXL][LINELEN];
	int		 n, next;
	int		 pid;		/* this smtpd process, reused */
	int		 uses;		/* sessions it served */
};

static uint64_t	 rng;
static struct slot slots[NSLOT];
static int	 exim;
static long long now;		/* seconds since the base time */
static unsigned long qcount;	/* queue ids and Exim message ids */
static int	 nextpid = 3000;

/* rnd - the next number of the seeded sequence (splitmix.h). */
static uint64_t
rnd(void)
{
	return splitmix64(&rng);
}

static int
below(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static int
chance(int percent)
{
	return below(100) < percent;
}

/* newpid - the next process id; ids wrap at 32768 as Linux's default. */
static int
newpid(void)
{
	nextpid += 1 + below(9);
	if (nextpid >= 32768)
		nextpid = 300 + below(50);
	return nextpid;
}

static const char *const users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
	"walter", "info", "sales", "support", "billing", "postmaster", "noreply"
};
static const char *const local_doms[] = {
	"example.org", "example.net", "lists.example.org", "mail.example.org"
};
static const char *const far_doms[] = {
	"gmail.com", "yahoo.com", "outlook.com", "163.com", "gmx.de", "web.de",
	"orange.fr", "example.com", "mailbox.org", "proton.me", "qq.com",
	"icloud.com", "bulk-mailer.example", "promo-deals.example", "aol.com"
};
static const char *const dnsbls[] = {
	"zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org",
	"dnsbl.sorbs.net"
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define PICK(a)		((a)[below((int)NELEM(a))])

/* A client: name and address drawn from a fixed pool, so hosts repeat. */
struct client {
	char	 name[96];
	char	 ip[48];
	int	 port;
};

static void
client(struct client *c)
{
	unsigned	k = (unsigned)below(20000);
	unsigned	h = k * 2654435761u;

	if (k % 17 == 0)
		snprintf(c->ip, sizeof(c->ip), "2001:db8:%x::%x", h >> 20,
		    (h >> 4) & 0xfff);
	else
		snprintf(c->ip, sizeof(c->ip), "%u.%u.%u.%u",
		    1 + (h >> 24) % 223, (h >> 16) & 255, (h >> 8) & 255,
		    1 + h % 254);
	switch (k % 4) {
	case 0:
		strcpy(c->name, "unknown");
		break;
	case 1:
		snprintf(c->name, sizeof(c->name), "mail-%s%u.%s",
		    k & 1 ? "ed1-f" : "wr1-", k % 97, far_doms[k % NELEM(far_doms)]);
		break;
	case 2:
		snprintf(c->name, sizeof(c->name), "%u-%u-%u.dyn.isp%u.example",
		    (h >> 16) & 255, (h >> 8) & 255, h % 254, k % 31);
		break;
	default:
		snprintf(c->name, sizeof(c->name), "smtp%u.%s", k % 9,
		    far_doms[(k / 4) % NELEM(far_doms)]);
	}
	c->port = 1024 + below(64000);
}

static void
addr(char *buf, size_t size, int local)
{
	snprintf(buf, size, "%s%s@%s", PICK(users),
	    chance(30) ? "" : (char[]){ (char)('0' + below(10)), 0 },
	    local ? PICK(local_doms) : PICK(far_doms));
}

/* qid - a Postfix short queue id (hex) or an Exim id (base 62). */
static void
qid(char *buf, size_t size)
{
	static const char b62[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned long	v = ++qcount * 2654435761ul ^ (unsigned long)rnd();

	if (!exim) {
		snprintf(buf, size, "%05lX%05lX", (v >> 20) & 0xfffff,
		    qcount & 0xfffff);
		return;
	}
	snprintf(buf, size, "1%c%c%c%c%c-%c%c%c%c%c%c-%c%c",
	    b62[(now / 238328) % 62], b62[(now / 3844) % 62],
	    b62[(now / 62) % 62], b62[now % 62], b62[v % 62],
	    b62[(qcount >> 25) % 62], b62[(qcount >> 20) % 62],
	    b62[(qcount >> 15) % 62], b62[(qcount >> 10) % 62],
	    b62[(qcount >> 5) % 62], b62[qcount % 62],
	    b62[(v >> 8) % 62], b62[(v >> 16) % 62]);
}

/* add - append one line (without the timestamp) to a slot's script. */
static void
add(struct slot *s, const char *fmt, ...)
{
	va_list	ap;

	if (s->n >= MAXL)
		return;
	va_start(ap, fmt);
	vsnprintf(s->line[s->n++], LINELEN, fmt, ap);
	va_end(ap);
}

/* Postfix sessions ------------------------------------------------------ */

#define PFX	"mx1 postfix/"

/* delivery - one message queued, then delivered, deferred or bounced. */
static void
pf_delivery(struct slot *s, const char *q, const char *from, int outbound)
{
	char	to[96];
	int	dpid = newpid(), r;

	addr(to, sizeof(to), !outbound);
	add(s, PFX "qmgr[815]: %s: from=<%s>, size=%d, nrcpt=1 (queue active)",
	    q, from, 800 + below(90000));
	if (!outbound) {
		add(s, PFX "lmtp[%d]: %s: to=<%s>, relay=mx1.example.org"
		    "[private/dovecot-lmtp], delay=0.%d, delays=0.1/0/0/0.%d, "
		    "dsn=2.0.0, status=sent (250 2.0.0 <%s> %08x Saved)", dpid,
		    q, to, below(99), below(9), to, (unsigned)rnd());
		add(s, PFX "qmgr[815]: %s: removed", q);
		return;
	}
	r = below(100);
	if (r < 70) {
		add(s, PFX "smtp[%d]: %s: to=<%s>, relay=mx.%s[203.0.113.%d]:25, "
		    "delay=1.%d, delays=0.02/0/0.5/0.%d, dsn=2.0.0, status=sent "
		    "(250 2.0.0 OK %u - gsmtp)", dpid, q, to, strchr(to, '@') + 1,
		    1 + below(250), below(9), below(9), (unsigned)rnd());
		add(s, PFX "qmgr[815]: %s: removed", q);
	} else if (r < 85) {
		add(s, PFX "smtp[%d]: %s: to=<%s>, relay=mx.%s[203.0.113.%d]:25, "
		    "delay=3%d, delays=0.1/0/30/0, dsn=4.7.1, status=deferred "
		    "(host mx.%s[203.0.113.%d] said: 450 4.7.1 Greylisted, try "
		    "again later (in reply to RCPT TO command))", dpid, q, to,
		    strchr(to, '@') + 1, 9, below(9), strchr(to, '@') + 1, 9);
		if (chance(50))
			add(s, PFX "smtp[%d]: %s: to=<%s>, relay=none, delay=%d, "
			    "delays=%d/0/30/0, dsn=4.4.1, status=deferred "
			    "(connect to mx.%s[198.51.100.%d]:25: Connection timed "
			    "out)", newpid(), q, to, 300 + below(900), 270,
			    strchr(to, '@') + 1, below(250));
		/* The retry from the deferred queue gets through. */
		add(s, PFX "smtp[%d]: %s: to=<%s>, relay=mx.%s[203.0.113.%d]:25, "
		    "delay=%d, delays=%d/0.1/0.3/0.2, dsn=2.0.0, status=sent "
		    "(250 2.0.0 Ok: queued as %08X)", newpid(), q, to,
		    strchr(to, '@') + 1, 1 + below(250), 900 + below(900), 899,
		    (unsigned)rnd());
		add(s, PFX "qmgr[815]: %s: removed", q);
	} else {
		char	nq[24];
		int	code = r < 93 ? 554 : r < 97 ? 550 : 530;

		if (code == 554)
			add(s, PFX "smtp[%d]: %s: to=<%s>, relay=mx1.163.com"
			    "[220.181.15.111]:25, delay=3.2, delays=0.03/0.01/"
			    "1.1/2.1, dsn=5.0.0, status=bounced (host mx1.163.com"
			    "[220.181.15.111] said: 554 DT:SPM 163 mx12,O8Cow%08x "
			    "please see http://mail.163.com/help/help_spam_16.htm"
			    "?ip=192.0.2.10 (in reply to end of DATA command))",
			    dpid, q, to, (unsigned)rnd());
		else if (code == 550)
			add(s, PFX "smtp[%d]: %s: to=<%s>, relay=mx.%s[52.101.42.%d]"
			    ":25, delay=2.1, delays=0.02/0.01/0.61/1.5, dsn=5.1.1, "
			    "status=bounced (host mx.%s[52.101.42.%d] said: 550 "
			    "5.1.1 <%s>: Recipient address rejected: User unknown "
			    "(in reply to RCPT TO command))", dpid, q, to,
			    strchr(to, '@') + 1, 7, strchr(to, '@') + 1, 7, to);
		else
			add(s, PFX "smtp[%d]: %s: to=<%s>, relay=smtp.gmail.com"
			    "[142.250.102.108]:587, delay=1.1, delays=0.01/0.01/"
			    "0.52/0.56, dsn=5.7.0, status=bounced (host smtp.gmail"
			    ".com[142.250.102.108] said: 530-5.7.0 Authentication "
			    "Required. For more information, go to 530 5.7.0  "
			    "https://support.google.com/mail/?p=WantAuthError "
			    "%08x - gsmtp (in reply to MAIL FROM command))", dpid,
			    q, to, (unsigned)rnd());
		qid(nq, sizeof(nq));
		add(s, PFX "cleanup[%d]: %s: message-id=<%s@mx1.example.org>",
		    newpid(), nq, nq);
		add(s, PFX "bounce[%d]: %s: sender non-delivery notification: %s",
		    newpid(), q, nq);
		add(s, PFX "qmgr[815]: %s: removed", q);
		add(s, PFX "qmgr[815]: %s: from=<>, size=%d, nrcpt=1 (queue "
		    "active)", nq, 3000 + below(3000));
		add(s, PFX "local[%d]: %s: to=<%s>, relay=local, delay=0.01, "
		    "delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to "
		    "mailbox)", newpid(), nq, from);
		add(s, PFX "qmgr[815]: %s: removed", nq);
	}
}

/* pf_postscreen_only - a client postscreen turns away. */
static void
pf_postscreen_only(struct slot *s, const struct client *cp, const char *from,
    const char *to)
{
	const struct client	c = *cp;

	add(s, PFX "postscreen[812]: CONNECT from [%s]:%d to "
	    "[192.0.2.10]:25", c.ip, c.port);
	if (chance(50))
		add(s, PFX "postscreen[812]: PREGREET 11 after 0.%d from "
		    "[%s]:%d: EHLO User\\r\\n", below(99), c.ip, c.port);
	else {
		add(s, PFX "postscreen[812]: DNSBL rank %d for [%s]:%d",
		    3 + below(4), c.ip, c.port);
		add(s, PFX "postscreen[812]: NOQUEUE: reject: RCPT from "
		    "[%s]:%d: 550 5.7.1 Service unavailable; client [%s] "
		    "blocked using %s; from=<%s>, to=<%s>, proto=ESMTP, "
		    "helo=<%s>", c.ip, c.port, c.ip, PICK(dnsbls), from,
		    to, c.name);
	}
	add(s, PFX "postscreen[812]: DISCONNECT [%s]:%d", c.ip, c.port);
}

/* pf_verbose - a session of a smtpd in -v mode: 502, 500 and 503. */
static void
pf_verbose(struct slot *s, const struct client *cp, const char *prog, int p)
{
	const struct client	c = *cp;
	const char	*who = c.name;

	add(s, PFX "%s[%d]: > %s[%s]: 220 mx1.example.org ESMTP Postfix",
	    prog, p, who, c.ip);
	add(s, PFX "%s[%d]: < %s[%s]: EHLO %s", prog, p, who, c.ip, who);
	add(s, PFX "%s[%d]: > %s[%s]: 250-mx1.example.org", prog, p, who,
	    c.ip);
	add(s, PFX "%s[%d]: > %s[%s]: 250-PIPELINING", prog, p, who,
	    c.ip);
	add(s, PFX "%s[%d]: > %s[%s]: 250 8BITMIME", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: < %s[%s]: XYZZY", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: > %s[%s]: 502 5.5.2 Error: command not "
	    "recognized", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: < %s[%s]: ", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: > %s[%s]: 500 5.5.2 Error: bad syntax",
	    prog, p, who, c.ip);
	add(s, PFX "%s[%d]: < %s[%s]: DATA", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: > %s[%s]: 503 5.5.1 Error: need RCPT command",
	    prog, p, who, c.ip);
	add(s, PFX "%s[%d]: < %s[%s]: QUIT", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: > %s[%s]: 221 2.0.0 Bye", prog, p, who, c.ip);
	add(s, PFX "%s[%d]: disconnect from %s[%s] ehlo=1 data=0/1 "
	    "quit=1 unknown=0/1 commands=2/4", prog, p, who, c.ip);
}

/* pf_relay_rejects - one to three RCPTs refused with 554. */
static void
pf_relay_rejects(struct slot *s, const struct client *cp, const char *prog,
    int p, const char *from, char *to, size_t tosize)
{
	const struct client	c = *cp;
	int			n = 1 + below(3), i;

	for (i = 0; i < n; i++) {
		addr(to, tosize, chance(50));
		if (chance(50))
			add(s, PFX "%s[%d]: NOQUEUE: reject: RCPT from %s[%s]: "
			    "554 5.7.1 <%s>: Relay access denied; from=<%s> "
			    "to=<%s> proto=ESMTP helo=<%s>", prog, p, c.name,
			    c.ip, to, from, to, c.name);
		else
			add(s, PFX "%s[%d]: NOQUEUE: reject: RCPT from %s[%s]: "
			    "554 5.7.1 Service unavailable; Client host [%s] "
			    "blocked using %s; from=<%s> to=<%s> proto=ESMTP "
			    "helo=<%s>", prog, p, c.name, c.ip, c.ip,
			    PICK(dnsbls), from, to, c.name);
	}
	add(s, PFX "%s[%d]: disconnect from %s[%s] ehlo=1 mail=1 "
	    "rcpt=0/%d quit=1 commands=3/%d", prog, p, c.name, c.ip, n,
	    3 + n);
}

/* pf_pipelining - DATA sent before its turn: 503. */
static void
pf_pipelining(struct slot *s, const struct client *cp, const char *prog,
    int p, const char *from, const char *to)
{
	const struct client	c = *cp;

	add(s, PFX "%s[%d]: NOQUEUE: reject: DATA from %s[%s]: 503 5.5.1 "
	    "<DATA>: Data command rejected: Improper use of SMTP command "
	    "pipelining; from=<%s> to=<%s> proto=SMTP helo=<%s>", prog,
	    p, c.name, c.ip, from, to, c.name);
	add(s, PFX "%s[%d]: improper command pipelining after DATA from "
	    "%s[%s]: Subject: hello\\r\\n", prog, p, c.name, c.ip);
	add(s, PFX "%s[%d]: disconnect from %s[%s] helo=1 mail=1 rcpt=1 "
	    "data=0/1 unknown=0/2 commands=3/6", prog, p, c.name, c.ip);
}

/* pf_session - one connection, from postscreen to the last delivery. */
static void
pf_session(struct slot *s)
{
	struct client	c;
	char		from[96], to[96], q[24];
	const char	*prog = "smtpd";
	int		kind = below(1000), p = s->pid;

	client(&c);
	addr(from, sizeof(from), 0);
	addr(to, sizeof(to), 1);

	if (kind < 220) {			/* postscreen only */
		pf_postscreen_only(s, &c, from, to);
		return;
	}
	if (kind < 800) {
		add(s, PFX "postscreen[812]: CONNECT from [%s]:%d to "
		    "[192.0.2.10]:25", c.ip, c.port);
		add(s, PFX "postscreen[812]: PASS %s [%s]:%d",
		    chance(80) ? "OLD" : "NEW", c.ip, c.port);
	} else if (kind >= 900)
		prog = "submission/smtpd";
	add(s, PFX "%s[%d]: connect from %s[%s]", prog, p, c.name, c.ip);

	if (kind < 560 || (kind >= 900 && kind < 985)) {
		/* A message accepted; submission relays it out. */
		int	out = kind >= 900;

		qid(q, sizeof(q));
		if (out)
			add(s, PFX "%s[%d]: %s: client=%s[%s], sasl_method=PLAIN, "
			    "sasl_username=%s", prog, p, q, c.name, c.ip, to);
		else
			add(s, PFX "%s[%d]: %s: client=%s[%s]", prog, p, q,
			    c.name, c.ip);
		add(s, PFX "cleanup[%d]: %s: message-id=<%08x.%s>", newpid(), q,
		    (unsigned)rnd(), out ? to : from);
		if (chance(30))
			add(s, "mx1 opendkim[701]: %s: DKIM verification "
			    "successful", q);
		add(s, PFX "%s[%d]: disconnect from %s[%s] ehlo=1 %smail=1 "
		    "rcpt=1 data=1 quit=1 commands=%d", prog, p, c.name, c.ip,
		    out ? "auth=1 " : "", out ? 6 : 5);
		pf_delivery(s, q, out ? to : from, out);
		return;
	}
	if (kind < 620) {			/* 554 relay or DNSBL */
		pf_relay_rejects(s, &c, prog, p, from, to, sizeof(to));
		return;
	}
	if (kind < 630) {			/* 503 pipelining */
		pf_pipelining(s, &c, prog, p, from, to);
		return;
	}
	if (kind < 650) {			/* 502 implied by unknown= */
		int	u = 1 + below(4);

		add(s, PFX "%s[%d]: lost connection after UNKNOWN from %s[%s]",
		    prog, p, c.name, c.ip);
		add(s, PFX "%s[%d]: disconnect from %s[%s] ehlo=1 unknown=0/%d "
		    "commands=1/%d", prog, p, c.name, c.ip, u, 1 + u);
		return;
	}
	if (kind < 655) {			/* -v dialogue: 502, 500, 503 */
		pf_verbose(s, &c, prog, p);
		return;
	}
	if (kind < 800 || kind >= 985) {	/* lost connection / 530 */
		if (kind >= 985) {
			add(s, PFX "%s[%d]: > %s[%s]: 220 mx1.example.org ESMTP",
			    prog, p, c.name, c.ip);
			add(s, PFX "%s[%d]: < %s[%s]: MAIL FROM:<%s>", prog, p,
			    c.name, c.ip, to);
			add(s, PFX "%s[%d]: > %s[%s]: 530 5.7.0 Must issue a "
			    "STARTTLS command first", prog, p, c.name, c.ip);
			add(s, PFX "%s[%d]: disconnect from %s[%s] ehlo=1 "
			    "mail=0/1 quit=1 commands=2/3", prog, p, c.name, c.ip);
			return;
		}
		add(s, PFX "%s[%d]: lost connection after CONNECT from %s[%s]",
		    prog, p, c.name, c.ip);
		add(s, PFX "%s[%d]: disconnect from %s[%s] commands=0/0", prog, p,
		    c.name, c.ip);
		return;
	}
	/* 800..899: a plain smtpd session that sends one message, or noise. */
	qid(q, sizeof(q));
	add(s, PFX "%s[%d]: %s: client=%s[%s]", prog, p, q, c.name, c.ip);
	add(s, PFX "cleanup[%d]: %s: message-id=<%08x@%s>", newpid(), q,
	    (unsigned)rnd(), strchr(from, '@') + 1);
	add(s, "mx1 dovecot: imap-login: Login: user=<%s>, method=PLAIN, "
	    "rip=%s, lip=192.0.2.10, mpid=%d, TLS", to, c.ip, newpid());
	add(s, PFX "%s[%d]: disconnect from %s[%s] ehlo=2 starttls=1 mail=1 "
	    "rcpt=1 bdat=1 quit=1 commands=7", prog, p, c.name, c.ip);
	pf_delivery(s, q, from, 0);
}

/* Exim sessions --------------------------------------------------------- */

static void
ex_session(struct slot *s)
{
	struct client	c;
	char		from[96], to[96], q[24];
	int		kind = below(100);
	const char	*n;

	client(&c);
	addr(from, sizeof(from), 0);
	addr(to, sizeof(to), 1);
	n = strcmp(c.name, "unknown") == 0 ? "" : c.name;
	if (kind < 45) {
		qid(q, sizeof(q));
		add(s, "%s DKIM: d=%s s=sel1 c=relaxed/relaxed a=rsa-sha256 "
		    "[verification succeeded]", q, strchr(from, '@') + 1);
		add(s, "%s <= %s H=%s [%s] P=esmtps X=TLS1.3:TLS_AES_256_GCM_"
		    "SHA384:256 CV=no S=%d id=%08x@%s", q, from, *n ? n :
		    "(helo.example)", c.ip, 900 + below(90000), (unsigned)rnd(),
		    strchr(from, '@') + 1);
		add(s, "%s => %s R=local_user T=mail_spool", q, to);
		add(s, "%s Completed", q);
		return;
	}
	if (kind < 60) {
		qid(q, sizeof(q));
		add(s, "%s <= %s U=www-data P=local S=%d", q, to,
		    600 + below(5000));
		if (chance(60)) {
			add(s, "%s => %s R=dnslookup T=remote_smtp H=mx.%s "
			    "[203.0.113.%d] X=TLS1.2:ECDHE_RSA_AES_128_GCM_SHA256:"
			    "128 CV=yes C=\"250 2.0.0 OK %08x\"", q, from,
			    strchr(from, '@') + 1, 1 + below(250),
			    (unsigned)rnd());
			add(s, "%s Completed", q);
		} else if (chance(50)) {
			add(s, "%s == %s R=dnslookup T=remote_smtp defer (-44) "
			    "H=mx.%s [203.0.113.9]: SMTP error from remote mail "
			    "server after RCPT TO:<%s>: 450 4.7.1 Greylisted, try "
			    "again later", q, from, strchr(from, '@') + 1, from);
		} else {
			char	nq[24];
			int	code = chance(70) ? 554 : 530;

			if (code == 554)
				add(s, "%s ** %s R=dnslookup T=remote_smtp H=mx1.163"
				    ".com [220.181.15.111]: SMTP error from remote "
				    "mail server after end of data: 554 DT:SPM 163 "
				    "mx12,%08x please see http://mail.163.com/help/"
				    "help_spam_16.htm", q, from, (unsigned)rnd());
			else
				add(s, "%s ** %s R=smarthost T=remote_smtp H=smtp."
				    "gmail.com [142.250.102.108]: SMTP error from "
				    "remote mail server after MAIL FROM:<%s> "
				    "SIZE=1234: 530 5.7.0 Authentication Required",
				    q, from, to);
			qid(nq, sizeof(nq));
			add(s, "%s <= <> R=%s U=Debian-exim P=local S=%d", nq, q,
			    2000 + below(3000));
			add(s, "%s => %s R=local_user T=mail_spool", nq, to);
			add(s, "%s Completed", nq);
			add(s, "%s Completed", q);
		}
		return;
	}
	if (kind < 75) {
		add(s, "H=%s [%s] F=<%s> rejected RCPT <%s>: relay not permitted",
		    *n ? n : "(helo.example)", c.ip, from, to);
		if (chance(50))
			add(s, "H=%s [%s] F=<%s> rejected RCPT <%s>: JunkMail "
			    "rejected - %s [%s] is in an RBL: see http://www."
			    "spamhaus.org/query/ip/%s", *n ? n : "(x)", c.ip, from,
			    to, n, c.ip, c.ip);
		return;
	}
	if (kind < 82) {
		add(s, "SMTP syntax error in \"XYZZY\" H=%s [%s] unrecognized "
		    "command", *n ? n : "(x)", c.ip);
		add(s, "SMTP protocol synchronization error (input sent without "
		    "waiting for greeting): rejected connection from H=[%s] "
		    "input=\"EHLO User\\r\\n\"", c.ip);
		return;
	}
	if (kind < 88) {
		add(s, "SMTP protocol error in \"AUTH LOGIN\" H=%s [%s] AUTH "
		    "command used when not advertised", *n ? n : "(x)", c.ip);
		add(s, "SMTP call from %s [%s] dropped: too many syntax or "
		    "protocol errors (last command was \"AUTH LOGIN\", C=EHLO,"
		    "AUTH,AUTH,AUTH)", *n ? n : "(x)", c.ip);
		return;
	}
	if (kind < 94) {
		add(s, "no host name found for IP address %s", c.ip);
		add(s, "unexpected disconnection while reading SMTP command from "
		    "(%s) [%s] D=%ds", n, c.ip, below(30));
		return;
	}
	add(s, "H=(%s) [%s] F=<%s> rejected RCPT <%s>: Unrouteable address",
	    n, c.ip, from, to);
	add(s, "H=(%s) [%s] rejected EHLO or HELO %s: syntactically invalid "
	    "argument(s): 554", n, c.ip, n);
}

/* The main loop --------------------------------------------------------- */

static void
refill(struct slot *s)
{
	s->n = s->next = 0;
	/* An smtpd serves up to max_use (100) sessions, then exits. */
	if (s->pid == 0 || ++s->uses >= 1 + below(100)) {
		s->pid = newpid();
		s->uses = 0;
	}
	if (exim)
		ex_session(s);
	else
		pf_session(s);
}

static long long
parse_size(const char *a)
{
	char		*end;
	long long	 v = strtoll(a, &end, 10);

	switch (*end) {
	case 'G': case 'g': v <<= 30; break;
	case 'M': case 'm': v <<= 20; break;
	case 'K': case 'k': v <<= 10; break;
	case '\0': break;
	default: return -1;
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static char	 obuf[1 << 16];
	const time_t	 base = 1704067200;	/* 2024-01-01T00:00:00Z */
	long long	 size, written = 0, stamped = -1;
	char		 ts[32];
	size_t		 tslen = 0;
	struct tm	 tm;
	time_t		 t;
	int		 i;

	if (argc < 3 || argc > 4 || (strcmp(argv[1], "postfix") != 0 &&
	    strcmp(argv[1], "exim") != 0) || (size = parse_size(argv[2])) < 0) {
		fprintf(stderr, "usage: gen postfix|exim SIZE[K|M|G] [SEED]\n");
		return 2;
	}
	exim = strcmp(argv[1], "exim") == 0;
	rng = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	for (i = 0; i < NSLOT; i++)
		refill(&slots[i]);
	while (written < size) {
		struct slot	*s = &slots[below(NSLOT)];
		int		 n;

		/* About 3 lines a second: a busy but single server. */
		if (below(3) == 0)
			now++;
		if (now != stamped) {
			t = base + (time_t)now;
			gmtime_r(&t, &tm);
			if (exim)
				tslen = strftime(ts, sizeof(ts),
				    "%Y-%m-%d %H:%M:%S ", &tm);
			else
				tslen = (size_t)snprintf(ts, sizeof(ts),
				    "%s %2d %02d:%02d:%02d ", mon[tm.tm_mon],
				    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
			stamped = now;
		}
		if (!exim && below(40) == 0) {
			n = printf("%smx1 kernel: [%lld.%03d] UFW BLOCK IN=eth0 "
			    "OUT= SRC=203.0.113.%d DST=192.0.2.10 PROTO=TCP "
			    "DPT=23\n", ts, now, below(1000), below(255));
			written += n;
			continue;
		}
		fwrite(ts, 1, tslen, stdout);
		n = (int)strlen(s->line[s->next]);
		fwrite(s->line[s->next], 1, (size_t)n, stdout);
		putchar('\n');
		written += (long long)tslen + n + 1;
		if (++s->next >= s->n)
			refill(s);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: write");
		return 1;
	}
	return 0;
}
