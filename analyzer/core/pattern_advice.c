/*
 * pattern_advice.c - what each session-level pattern is called, its
 * documented threshold, how the options change thresholds, and the advice
 * per pattern and direction.  Detecting the patterns is pattern.c's job.
 *
 * The advice is a table here rather than rule files: a pattern is not a
 * reply text to match, and its advice depends only on its name and
 * direction.  doc/patterns.md documents the same table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "pattern_int.h"

static const struct {
	const char	*name;
	unsigned	 count;
	long		 window;
} defaults[PAT__COUNT] = {
	[PAT_REPEAT] = { "repeat-offender", 10, 600 },
	[PAT_PIPELINING] = { "pipelining-abuse", 2, 600 },
	[PAT_PROBE] = { "non-smtp-probe", 1, 3600 },
	[PAT_SUBMISSION] = { "submission-misconfig", 5, 3600 },
	[PAT_HARVEST] = { "vrfy-expn-harvest", 5, 600 },
	[PAT_GREETING] = { "greeting-storm", 20, 600 },
	[PAT_PROVIDER] = { "provider-rejects", 10, 3600 },
};

static const struct pat_advice advice[] = {
	{ PAT_REPEAT, EV_DIR_IN, NULL, "local-admin", "notice",
	    "One client keeps drawing rejections",
	    "One client address drew many of the flagged replies (500, 502, "
	    "503, 530, 554; at least the threshold's count) within the "
	    "window: a spam bot, a "
	    "dictionary or password-guessing run, or a misconfigured sender "
	    "retrying a transaction that will always fail.",
	    "A burst of findings from one address; the grouped findings show "
	    "which commands failed and why.",
	    "Read the grouped findings.  If the address is hostile, refuse it "
	    "before SMTP (postscreen, a firewall rule, fail2ban on this "
	    "pattern) to save resources.  If it is a partner or a customer, "
	    "send its postmaster the evidence: every retry fails the same way "
	    "until they change something." },
	{ PAT_PIPELINING, EV_DIR_IN, "pipelining-violation", "local-admin",
	    "warning", "Client ignores the server's replies (spambot "
	    "signature)",
	    "In one session the client did not wait for the server's replies "
	    "or ignored them: it sent commands before the replies came "
	    "(improper pipelining, synchronization error, pregreet), sent "
	    "DATA again after DATA was refused, or sent the message body as "
	    "commands after DATA was refused.  Real MTAs wait for each reply "
	    "as RFC 5321 and RFC 2920 require; bulk-mail tools do not.",
	    "Several such findings in one session.",
	    "Enforce the protocol early: Postfix reject_unauth_pipelining in "
	    "smtpd_data_restrictions, and postscreen's pregreet and "
	    "pipelining tests; Exim keeps smtp_enforce_sync = true (the "
	    "default).  If the client is your own application, fix its SMTP "
	    "code to wait for each reply and to pipeline only when PIPELINING "
	    "was advertised." },
	{ PAT_PROBE, EV_DIR_IN, "unknown-command", "local-admin", "info",
	    "Non-SMTP traffic on an SMTP port",
	    "A client sent an HTTP request, a TLS ClientHello or binary data "
	    "to an SMTP port and was answered 500 or 502: a port scanner, a "
	    "web crawler, or a client speaking implicit TLS (port 465) to a "
	    "plain-text SMTP port.",
	    "The command line of the refused command is an HTTP request or "
	    "header, a TLS record, or holds binary bytes (detail: http, tls, "
	    "binary).",
	    "Nothing is broken on the server.  Block noisy scanners at the "
	    "firewall.  If it is your own client sending TLS to port 25 or "
	    "587, configure it for STARTTLS there, or point it at port 465.  "
	    "Postfix hangs up on HTTP-looking commands itself "
	    "(smtpd_forbidden_commands, answered 221, not a finding)." },
	{ PAT_SUBMISSION, EV_DIR_IN, NULL, "sending-client", "warning",
	    "Client keeps sending without authenticating",
	    "The same client drew 530 (authentication or STARTTLS required) "
	    "again and again: a mail program, a device (printer, scanner, "
	    "NAS) or an application set up to send without logging in, or "
	    "without STARTTLS, on a port that requires both.",
	    "Repeated 530 replies to one client address.",
	    "Have the user configure the client: port 587 with STARTTLS (or "
	    "465 with TLS) and SMTP authentication with the mailbox's "
	    "credentials.  A device on a trusted network that cannot "
	    "authenticate is better allowed by address (Postfix mynetworks "
	    "on its own port, Exim relay_from_hosts) than by weakening "
	    "submission." },
	{ PAT_SUBMISSION, EV_DIR_OUT, NULL, "local-admin", "error",
	    "Our relay host refuses us without authentication",
	    "A remote server answered 530 to our messages again and again: "
	    "the relay host (smarthost) requires SMTP authentication or "
	    "STARTTLS that this server does not do, or the credentials are "
	    "not sent.",
	    "Repeated 530 replies from one remote domain to this server.",
	    "Configure this server's SMTP client side: Postfix "
	    "smtp_sasl_auth_enable = yes with smtp_sasl_password_maps and "
	    "smtp_tls_security_level = encrypt for the relayhost; Exim an "
	    "authenticator with client_send and hosts_require_auth, "
	    "hosts_require_tls in the smtp transport.  Test with swaks --auth "
	    "--tls." },
	{ PAT_HARVEST, EV_DIR_IN, "command-disabled", "local-admin", "notice",
	    "Address harvesting with VRFY or EXPN",
	    "One client sent VRFY or EXPN again and again and was refused: it "
	    "is probing for valid addresses (directory harvesting).",
	    "Repeated refusals of VRFY or EXPN to one client address.",
	    "Keep VRFY and EXPN disabled (Postfix disable_vrfy_command = yes; "
	    "Exim without acl_smtp_vrfy and acl_smtp_expn) so that nothing "
	    "leaks, and block the address if it goes on.  Check that RCPT "
	    "does not leak valid users instead: the same reply for every "
	    "unknown user, and a rate limit on rejected recipients." },
	{ PAT_GREETING, EV_DIR_IN, "greeting-rejection", "local-admin",
	    "error", "Many connections refused at the greeting",
	    "The server answered 554 at connection time to many clients "
	    "within the window.  Either a flood of unwanted connections (a "
	    "botnet) is refused as designed, or a connect-time check refuses "
	    "everyone: a DNSBL that answers every query (Spamhaus returns "
	    "127.255.255.x to queries from public or unregistered "
	    "resolvers), a wrong access map, or a connection limit set too "
	    "low.",
	    "A burst of 554 replies at CONNECT on one server.",
	    "Read the grouped texts and client addresses.  If legitimate "
	    "senders are among them, test the DNSBL (dig +short "
	    "2.0.0.127.zen.spamhaus.org must answer, 1.0.0.127 must not), "
	    "the resolver the MTA uses, and the access maps.  If they are "
	    "botnet addresses, postscreen (Postfix) or connection rate limits "
	    "refuse them more cheaply." },
	{ PAT_PROVIDER, EV_DIR_OUT, NULL, "local-admin", "error",
	    "One provider refuses many of our messages",
	    "One remote provider answered 554 to many of our messages within "
	    "the window: a reputation problem of our sending address or "
	    "domain at that provider (a blocklisting, spam scoring, failing "
	    "SPF, DKIM or DMARC) rather than a problem with single "
	    "recipients.",
	    "A burst of 554 replies from the mail servers of one domain.",
	    "Read the grouped reply texts for the provider's reason and its "
	    "lookup or delisting address.  Check our IP on public "
	    "blocklists, SPF, DKIM and DMARC alignment and reverse DNS; look "
	    "for a compromised account sending through us (a sudden volume); "
	    "then ask for mitigation through the provider's postmaster "
	    "channel (Google Postmaster Tools, Microsoft SNDS, Yahoo Sender "
	    "Hub)." },
};

const char *
pat_name(enum pat_kind k)
{
	return (unsigned)k < PAT__COUNT ? defaults[k].name : NULL;
}

int
pat_kind_find(const char *name)
{
	int	k;

	for (k = 0; k < PAT__COUNT; k++)
		if (strcmp(defaults[k].name, name) == 0)
			return k;
	return -1;
}

const struct pat_advice *
pat_advice_get(enum pat_kind k, enum ev_dir dir)
{
	size_t	i, n = sizeof(advice) / sizeof(advice[0]);

	for (i = 0; i < n; i++)
		if (advice[i].kind == k && advice[i].dir == dir)
			return &advice[i];
	for (i = 0; i < n; i++)
		if (advice[i].kind == k)
			return &advice[i];
	return NULL;
}

void
pat_config_init(struct pat_config *c)
{
	int	k;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < PAT__COUNT; k++) {
		c->th[k].enabled = 1;
		c->th[k].count = defaults[k].count;
		c->th[k].window = defaults[k].window;
	}
	c->max_keys = PAT_DEFAULT_MAX_KEYS;
	c->max_events = PAT_DEFAULT_MAX_EVENTS;
	c->max_refs = PAT_DEFAULT_MAX_REFS;
}

long
pat_duration(const char *s)
{
	char	*end;
	long	 v, mul = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0': case 's': mul = 1; break;
	case 'm': mul = 60; break;
	case 'h': mul = 3600; break;
	case 'd': mul = 86400; break;
	default: return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (v < 1 || v > 366L * 86400 / mul)
		return -1;
	return v * mul;
}

int
pat_config_window(struct pat_config *c, const char *dur, char *err,
    size_t errlen)
{
	long	w = pat_duration(dur);
	int	k;

	if (w < 0) {
		snprintf(err, errlen, "bad window '%s' (seconds, or a number "
		    "with s, m, h or d: 10m)", dur);
		return -1;
	}
	for (k = 0; k < PAT__COUNT; k++)
		c->th[k].window = w;
	return 0;
}

int
pat_config_set(struct pat_config *c, const char *spec, char *err,
    size_t errlen)
{
	char		 name[64], *end;
	const char	*eq = strchr(spec, '='), *v, *slash;
	long		 n, w = -1;
	int		 k = 0, all, on;

	if (eq == NULL || (size_t)(eq - spec) >= sizeof(name) ||
	    eq == spec) {
		snprintf(err, errlen, "bad pattern setting '%s' "
		    "(NAME=COUNT[/WINDOW], NAME=off)", spec);
		return -1;
	}
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = '\0';
	v = eq + 1;
	all = strcmp(name, "all") == 0;
	if (!all && (k = pat_kind_find(name)) < 0) {
		snprintf(err, errlen, "unknown pattern '%s' (repeat-offender, "
		    "pipelining-abuse, non-smtp-probe, submission-misconfig, "
		    "vrfy-expn-harvest, greeting-storm, provider-rejects, all)",
		    name);
		return -1;
	}
	if (strcmp(v, "off") == 0 || strcmp(v, "on") == 0) {
		on = strcmp(v, "on") == 0;
		for (k = all ? 0 : k; k < PAT__COUNT; k++) {
			c->th[k].enabled = on;
			if (!all)
				break;
		}
		return 0;
	}
	if (all) {
		snprintf(err, errlen, "'all' takes off or on, not '%s'", v);
		return -1;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	slash = end;
	if (errno != 0 || end == v || n < 1 || n > 1000000 ||
	    (*slash != '\0' && *slash != '/') ||
	    (*slash == '/' && (w = pat_duration(slash + 1)) < 0)) {
		snprintf(err, errlen, "bad pattern setting '%s' (COUNT 1 to "
		    "1000000, WINDOW like 600, 10m, 1h)", spec);
		return -1;
	}
	c->th[k].enabled = 1;
	c->th[k].count = (unsigned)n;
	if (w > 0)
		c->th[k].window = w;
	return 0;
}
