/*
 * msg_pat.h - the title and advice of each session-level pattern
 * (core/pattern_advice.c) for each direction it has, as messages of the
 * catalogue (msg_list.h): PAT_<PATTERN>_<IN|OUT>_<TITLE|MEANING|WHEN|FIX>.
 * doc/patterns.md documents the same texts.
 */
#ifndef MSG_PAT_H
#define MSG_PAT_H

#define MSG_PATTERNS \
	MSG(PAT_REPEAT_IN_TITLE, \
	    "One client keeps drawing rejections") \
	MSG(PAT_REPEAT_IN_MEANING, \
	    "One client address drew many of the flagged replies (500, " \
	    "502, 503, 530, 554; at least the threshold's count) " \
	    "within the window: a spam bot, a dictionary or " \
	    "password-guessing run, or a misconfigured sender retrying " \
	    "a transaction that will always fail.") \
	MSG(PAT_REPEAT_IN_WHEN, \
	    "A burst of findings from one address; the grouped " \
	    "findings show which commands failed and why.") \
	MSG(PAT_REPEAT_IN_FIX, \
	    "Read the grouped findings.  If the address is hostile, " \
	    "refuse it before SMTP (postscreen, a firewall rule, " \
	    "fail2ban on this pattern) to save resources.  If it is a " \
	    "partner or a customer, send its postmaster the evidence: " \
	    "every retry fails the same way until they change " \
	    "something.") \
	MSG(PAT_PIPELINING_IN_TITLE, \
	    "Client ignores the server's replies (spambot signature)") \
	MSG(PAT_PIPELINING_IN_MEANING, \
	    "In one session the client did not wait for the server's " \
	    "replies or ignored them: it sent commands before the " \
	    "replies came (improper pipelining, synchronization error, " \
	    "pregreet), sent DATA again after DATA was refused, or " \
	    "sent the message body as commands after DATA was refused. " \
	    " Real MTAs wait for each reply as RFC 5321 and RFC 2920 " \
	    "require; bulk-mail tools do not.") \
	MSG(PAT_PIPELINING_IN_WHEN, \
	    "Several such findings in one session.") \
	MSG(PAT_PIPELINING_IN_FIX, \
	    "Enforce the protocol early: Postfix " \
	    "reject_unauth_pipelining in smtpd_data_restrictions, and " \
	    "postscreen's pregreet and pipelining tests; Exim keeps " \
	    "smtp_enforce_sync = true (the default).  If the client is " \
	    "your own application, fix its SMTP code to wait for each " \
	    "reply and to pipeline only when PIPELINING was advertised.") \
	MSG(PAT_PROBE_IN_TITLE, \
	    "Non-SMTP traffic on an SMTP port") \
	MSG(PAT_PROBE_IN_MEANING, \
	    "A client sent an HTTP request, a TLS ClientHello or " \
	    "binary data to an SMTP port and was answered 500 or 502: " \
	    "a port scanner, a web crawler, or a client speaking " \
	    "implicit TLS (port 465) to a plain-text SMTP port.") \
	MSG(PAT_PROBE_IN_WHEN, \
	    "The command line of the refused command is an HTTP " \
	    "request or header, a TLS record, or holds binary bytes " \
	    "(detail: http, tls, binary).") \
	MSG(PAT_PROBE_IN_FIX, \
	    "Nothing is broken on the server.  Block noisy scanners at " \
	    "the firewall.  If it is your own client sending TLS to " \
	    "port 25 or 587, configure it for STARTTLS there, or point " \
	    "it at port 465.  Postfix hangs up on HTTP-looking " \
	    "commands itself (smtpd_forbidden_commands, answered 221, " \
	    "not a finding).") \
	MSG(PAT_SUBMISSION_IN_TITLE, \
	    "Client keeps sending without authenticating") \
	MSG(PAT_SUBMISSION_IN_MEANING, \
	    "The same client drew 530 (authentication or STARTTLS " \
	    "required) again and again: a mail program, a device " \
	    "(printer, scanner, NAS) or an application set up to send " \
	    "without logging in, or without STARTTLS, on a port that " \
	    "requires both.") \
	MSG(PAT_SUBMISSION_IN_WHEN, \
	    "Repeated 530 replies to one client address.") \
	MSG(PAT_SUBMISSION_IN_FIX, \
	    "Have the user configure the client: port 587 with " \
	    "STARTTLS (or 465 with TLS) and SMTP authentication with " \
	    "the mailbox's credentials.  A device on a trusted network " \
	    "that cannot authenticate is better allowed by address " \
	    "(Postfix mynetworks on its own port, Exim " \
	    "relay_from_hosts) than by weakening submission.") \
	MSG(PAT_SUBMISSION_OUT_TITLE, \
	    "Our relay host refuses us without authentication") \
	MSG(PAT_SUBMISSION_OUT_MEANING, \
	    "A remote server answered 530 to our messages again and " \
	    "again: the relay host (smarthost) requires SMTP " \
	    "authentication or STARTTLS that this server does not do, " \
	    "or the credentials are not sent.") \
	MSG(PAT_SUBMISSION_OUT_WHEN, \
	    "Repeated 530 replies from one remote domain to this " \
	    "server.") \
	MSG(PAT_SUBMISSION_OUT_FIX, \
	    "Configure this server's SMTP client side: Postfix " \
	    "smtp_sasl_auth_enable = yes with smtp_sasl_password_maps " \
	    "and smtp_tls_security_level = encrypt for the relayhost; " \
	    "Exim an authenticator with client_send and " \
	    "hosts_require_auth, hosts_require_tls in the smtp " \
	    "transport.  Test with swaks --auth --tls.") \
	MSG(PAT_HARVEST_IN_TITLE, \
	    "Address harvesting with VRFY or EXPN") \
	MSG(PAT_HARVEST_IN_MEANING, \
	    "One client sent VRFY or EXPN again and again and was " \
	    "refused: it is probing for valid addresses (directory " \
	    "harvesting).") \
	MSG(PAT_HARVEST_IN_WHEN, \
	    "Repeated refusals of VRFY or EXPN to one client address.") \
	MSG(PAT_HARVEST_IN_FIX, \
	    "Keep VRFY and EXPN disabled (Postfix disable_vrfy_command " \
	    "= yes; Exim without acl_smtp_vrfy and acl_smtp_expn) so " \
	    "that nothing leaks, and block the address if it goes on.  " \
	    "Check that RCPT does not leak valid users instead: the " \
	    "same reply for every unknown user, and a rate limit on " \
	    "rejected recipients.") \
	MSG(PAT_GREETING_IN_TITLE, \
	    "Many connections refused at the greeting") \
	MSG(PAT_GREETING_IN_MEANING, \
	    "The server answered 554 at connection time to many " \
	    "clients within the window.  Either a flood of unwanted " \
	    "connections (a botnet) is refused as designed, or a " \
	    "connect-time check refuses everyone: a DNSBL that answers " \
	    "every query (Spamhaus returns 127.255.255.x to queries " \
	    "from public or unregistered resolvers), a wrong access " \
	    "map, or a connection limit set too low.") \
	MSG(PAT_GREETING_IN_WHEN, \
	    "A burst of 554 replies at CONNECT on one server.") \
	MSG(PAT_GREETING_IN_FIX, \
	    "Read the grouped texts and client addresses.  If " \
	    "legitimate senders are among them, test the DNSBL (dig " \
	    "+short 2.0.0.127.zen.spamhaus.org must answer, 1.0.0.127 " \
	    "must not), the resolver the MTA uses, and the access " \
	    "maps.  If they are botnet addresses, postscreen (Postfix) " \
	    "or connection rate limits refuse them more cheaply.") \
	MSG(PAT_PROVIDER_OUT_TITLE, \
	    "One provider refuses many of our messages") \
	MSG(PAT_PROVIDER_OUT_MEANING, \
	    "One remote provider answered 554 to many of our messages " \
	    "within the window: a reputation problem of our sending " \
	    "address or domain at that provider (a blocklisting, spam " \
	    "scoring, failing SPF, DKIM or DMARC) rather than a " \
	    "problem with single recipients.") \
	MSG(PAT_PROVIDER_OUT_WHEN, \
	    "A burst of 554 replies from the mail servers of one " \
	    "domain.") \
	MSG(PAT_PROVIDER_OUT_FIX, \
	    "Read the grouped reply texts for the provider's reason " \
	    "and its lookup or delisting address.  Check our IP on " \
	    "public blocklists, SPF, DKIM and DMARC alignment and " \
	    "reverse DNS; look for a compromised account sending " \
	    "through us (a sudden volume); then ask for mitigation " \
	    "through the provider's postmaster channel (Google " \
	    "Postmaster Tools, Microsoft SNDS, Yahoo Sender Hub).")

#endif /* MSG_PAT_H */
