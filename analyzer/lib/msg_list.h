/*
 * msg_list.h - every message of the catalogue (msg.h), once: its id and
 * its English text.  The key a translation file uses is the id in lower
 * case ("who_must_act").  A text with printf conversions is a format; a
 * "{name}" placeholder is filled by the HTML page's script.  Keep words
 * that name a value of the taxonomy (causes, "who") out of these texts:
 * they are keys, shown as they are.
 */
#ifndef MSG_LIST_H
#define MSG_LIST_H

#define MSG_LIST \
	/* Shared by the text and HTML reports */ \
	MSG(COLON, ":") \
	MSG(WHO_MUST_ACT, "Who must act") \
	MSG(MEANING, "Meaning") \
	MSG(WHEN, "When") \
	MSG(WHEN_SEEN, "When you see it") \
	MSG(FIX, "Fix") \
	MSG(WHO_SENDING_CLIENT, "sending-client") \
	MSG(WHO_LOCAL_ADMIN, "local-admin") \
	MSG(WHO_REMOTE_ADMIN, "remote-admin") \
	MSG(N_FINDING, "%lu finding") \
	MSG(N_FINDINGS, "%lu findings") \
	MSG(AND_MORE, "... and %lu more") \
	MSG(NONE, "none") \
	MSG(FINDINGS, "findings") \
	MSG(LINES_READ, "lines read") \
	MSG(SESSIONS, "sessions") \
	MSG(MESSAGES, "messages") \
	/* The text report: head and traffic */ \
	MSG(MAIL_REPORT, "Mail report") \
	MSG(MAIL_REPORT_PERIOD, "Mail report, %s .. %s UTC") \
	MSG(YEAR_NOTE, "note: the year %d comes from the logs' own " \
	    "Message-IDs, which carry the full date (the file time gave %d); " \
	    "--year sets it") \
	MSG(HEAD_TRAFFIC, "Traffic") \
	MSG(T_RECEIVED, "received") \
	MSG(T_DELIVERED, "delivered") \
	MSG(T_FORWARDED, "forwarded") \
	MSG(T_DEFERRED, "deferred") \
	MSG(T_DEFERRALS, "deferrals") \
	MSG(T_BOUNCED, "bounced") \
	MSG(T_EXPIRED, "expired") \
	MSG(T_REJECTED, "rejected") \
	MSG(T_REJECT_WARNINGS, "reject warnings") \
	MSG(T_HELD, "held") \
	MSG(T_DISCARDED, "discarded") \
	MSG(T_BYTES_RECEIVED, "bytes received") \
	MSG(T_BYTES_DELIVERED, "bytes delivered") \
	MSG(T_SENDERS, "senders") \
	MSG(T_SENDING_DOMAINS, "sending hosts/domains") \
	MSG(T_RECIPIENTS, "recipients") \
	MSG(T_RECIPIENT_DOMAINS, "recipient domains") \
	MSG(TT_DEFERRED_1, "deferred (%llu deferral)") \
	MSG(TT_DEFERRED_N, "deferred (%llu deferrals)") \
	MSG(TT_EXPIRED, "expired (returned after the queue lifetime)") \
	MSG(TT_REJECTED, "rejected (%llu %%)") \
	MSG(TT_ESTIMATED, "(estimated)") \
	MSG(TT_WARNING_LINES, "warning lines (%llu error, %llu fatal, " \
	    "%llu panic)") \
	MSG(TT_FORGOTTEN, "messages forgotten before a delivery (memory " \
	    "bound)") \
	MSG(PER_DAY, "Per day (UTC)") \
	MSG(PER_HOUR, "Per hour (UTC)") \
	MSG(COL_RECEIVED, "received") \
	MSG(COL_DELIVERED, "delivered") \
	MSG(COL_DEFERRED, "deferred") \
	MSG(COL_BOUNCED, "bounced") \
	MSG(COL_REJECTED, "rejected") \
	MSG(COL_RECEIVED_SHORT, "recv") \
	MSG(COL_DELIVERED_SHORT, "deliv") \
	MSG(COL_DEFERRED_SHORT, "defer") \
	MSG(COL_BOUNCED_SHORT, "bounce") \
	MSG(COL_REJECTED_SHORT, "reject") \
	MSG(TOP_SENDERS, "Top senders (messages, bytes)") \
	MSG(TOP_RECIPIENTS, "Top recipients (deliveries, bytes)") \
	MSG(TOP_SENDING_HOSTS, "Top sending hosts (messages)") \
	MSG(RECIPIENT_DOMAINS, "Recipient domains (delivered, bytes, " \
	    "deferred, delays)") \
	MSG(DEFERRAL_REASONS, "Deferral reasons") \
	MSG(BOUNCE_REASONS, "Bounce reasons (by relay)") \
	MSG(TOP_INEXACT, "(more different keys than counted: list counts " \
	    "are lower bounds)") \
	/* The text report: scan totals */ \
	MSG(HEAD_SCAN, "Scan") \
	MSG(LINES_USED, "used") \
	MSG(LINES_IGNORED, "ignored") \
	MSG(LINES_UNRECOGNIZED, "unrecognized") \
	MSG(LINES_TRUNCATED, "truncated") \
	MSG(LINES_NUL, "with NUL bytes") \
	MSG(LINES_BAD_UTF8, "invalid UTF-8") \
	MSG(LINES_DAMAGED, "from damaged gzip") \
	MSG(BYTES, "bytes") \
	MSG(INPUTS, "inputs") \
	MSG(INPUT_LINES, "%10lu lines") \
	MSG(INPUT_ERROR, "error:") \
	MSG(INPUT_SKIPPED, "skipped:") \
	MSG(INPUTS_SKIPPED, "inputs skipped") \
	MSG(TIME_RANGE, "time range") \
	MSG(INPUT_ERRORS, "input errors") \
	MSG(INCOMPLETE_EVICTED, "(%lu incomplete, %lu evicted)") \
	MSG(DELIVERIES, "deliveries") \
	MSG(REJECTS, "rejects") \
	MSG(FINDINGS_SPLIT, "(%lu logged, %lu inferred; %lu inbound, %lu " \
	    "outbound)") \
	MSG(FAILURES_NO_CODE, "failures without code") \
	MSG(FAILURES_NO_CODE_NOTE, "(failed commands whose reply code is " \
	    "not known)") \
	MSG(INFERRED_OVER_CAP, "inferred over cap") \
	MSG(INFERRED_OVER_CAP_NOTE, "(inferred failures beyond %d for one " \
	    "counter: not listed)") \
	MSG(TEXTS_CUT, "texts cut") \
	MSG(TEXTS_CUT_NOTE, "(reply texts cut at 4095 bytes)") \
	MSG(INTERRUPTED, "interrupted: stopped by a signal; the report covers " \
	    "the lines read until then") \
	MSG(OUT_OF_RANGE, "findings out of range") \
	MSG(OUT_OF_RANGE_NOTE, "(outside the time range: not listed)") \
	/* The text report: findings */ \
	MSG(HEAD_BY_CODE, "Findings by code") \
	MSG(CODE_INFERRED, "(inferred)") \
	MSG(NO_CODE, "no code") \
	MSG(HEAD_TOP_CLIENTS, "Top clients (by findings)") \
	MSG(HEAD_TOP_REMOTES, "Top remote hosts (by findings)") \
	MSG(SEVERAL_ADDRESSES, "(several addresses)") \
	MSG(TALLY_INEXACT, "(more than %d distinct: counts are lower bounds)") \
	MSG(HEAD_BY_CAUSE, "Findings by cause") \
	MSG(FURTHER_RULES, "%lu findings of further rules not shown") \
	MSG(NO_FAILURES, "No failures found.") \
	MSG(NO_RULE_TITLE, "No rule explains these replies") \
	MSG(EXAMPLE_REPLY, "reply") \
	MSG(EXAMPLE_WHY, "why") \
	MSG(FIX_OTHER_LOGS, "other logs") \
	MSG(UNMATCHED_HEAD, "Replies no rule knows by their text") \
	MSG(UNMATCHED_INTRO_1, "%lu finding was explained by the reply code " \
	    "alone; the most frequent texts (addresses, IPs, host names, ids " \
	    "and numbers masked), to try with 'smtplog explain' and write a " \
	    "rule for (doc/rules.md):") \
	MSG(UNMATCHED_INTRO_N, "%lu findings were explained by the reply " \
	    "code alone; the most frequent texts (addresses, IPs, host names, " \
	    "ids and numbers masked), to try with 'smtplog explain' and write " \
	    "a rule for (doc/rules.md):") \
	MSG(UNMATCHED_RULE, "rule") \
	MSG(UNMATCHED_NONE, "(none)") \
	MSG(UNMATCHED_OTHERS, "other texts too") \
	MSG(UNMATCHED_INEXACT, "counts are lower bounds") \
	MSG(UNMATCHED_EXACT, "counts are exact") \
	/* Patterns, in the text and HTML reports */ \
	MSG(HEAD_PATTERNS, "Patterns") \
	MSG(PAT_CAUSE_THRESHOLD, "cause %s, threshold %u in %lds") \
	MSG(PAT_CODES, "codes") \
	MSG(PAT_FINDINGS, "findings") \
	MSG(PAT_CODES_CAP, "Codes") \
	MSG(PAT_FINDINGS_CAP, "Findings") \
	MSG(MORE_PATTERNS, "... and %lu more patterns (--output ndjson has " \
	    "them all)") \
	/* The HTML report */ \
	MSG(HTML_TITLE, "smtplog report") \
	MSG(HTML_INTRO_1, "Replies with the codes smtplog flags, from %zu " \
	    "input; written by smtplog %s at %s.") \
	MSG(HTML_INTRO_N, "Replies with the codes smtplog flags, from %zu " \
	    "inputs; written by smtplog %s at %s.") \
	MSG(HTML_SUMMARY, "Summary") \
	MSG(HTML_FINDINGS_SPLIT, "%lu logged, %lu inferred; %lu inbound, " \
	    "%lu outbound") \
	MSG(HTML_LINES_SPLIT, "%lu used, %lu ignored, %lu unrecognized, %lu " \
	    "truncated") \
	MSG(HTML_SESSIONS_SPLIT, "%lu incomplete, %lu evicted") \
	MSG(HTML_MESSAGES_SPLIT, "%lu deliveries, %lu rejects") \
	MSG(HTML_INPUTS, "Inputs") \
	MSG(HTML_COL_FILE, "file") \
	MSG(HTML_COL_FORMAT, "format") \
	MSG(HTML_COL_LINES, "lines") \
	MSG(HTML_COL_ERROR, "error") \
	MSG(HTML_OVER_TIME, "Findings over time") \
	MSG(HTML_NO_TIME, "No finding has a time (transcripts), so there is " \
	    "no chart over time.") \
	MSG(HTML_CHART_TIME_LABEL, "findings per %s by code") \
	MSG(HTML_ONE_BAR_PER, "one bar per %s") \
	MSG(HTML_NOT_ON_CHART, "not on the chart: %lu without a time, %lu " \
	    "outside its range, %lu of other codes") \
	MSG(PER_HOUR_1, "hour") \
	MSG(PER_HOURS_6, "6 hours") \
	MSG(PER_DAY_1, "day") \
	MSG(PER_WEEK_1, "week") \
	MSG(PER_DAYS_30, "30 days") \
	MSG(PER_YEAR_1, "year") \
	MSG(HTML_CAUSES, "Causes") \
	MSG(HTML_NO_FINDINGS, "No findings.") \
	MSG(HTML_TOP_CLIENTS, "Top clients") \
	MSG(HTML_NO_INBOUND, "No inbound findings.") \
	MSG(HTML_TOP_REMOTES, "Top remote servers") \
	MSG(HTML_ADVICE, "Advice by cause") \
	MSG(HTML_RULE, "rule") \
	MSG(HTML_CAUSE, "cause") \
	MSG(HTML_NO_RULE, "%lu findings no rule explains.") \
	MSG(HTML_NO_PATTERN, "No session-level pattern.") \
	MSG(HTML_FINDINGS, "Findings") \
	MSG(HTML_ROWS_CUT, "The table holds the first %lu of %lu findings; " \
	    "--output ndjson has them all.") \
	MSG(HTML_FILTER_TEXT, "filter text") \
	MSG(HTML_ANY_CODE, "any code") \
	MSG(HTML_ANY_CAUSE, "any cause") \
	MSG(HTML_PAGEINFO, "{rows} rows, page {page} of {pages}") \
	MSG(HTML_COL_TIME, "time") \
	MSG(HTML_COL_CODE, "code") \
	MSG(HTML_COL_SOURCE, "source") \
	MSG(HTML_COL_CAUSE, "cause") \
	MSG(HTML_COL_DIR, "dir") \
	MSG(HTML_COL_PEER, "peer") \
	MSG(HTML_COL_COMMAND, "command") \
	MSG(HTML_COL_TEXT, "text") \
	MSG(HTML_COL_WHY, "why") \
	MSG(HTML_COL_LINE, "line") \
	MSG(HTML_NOSCRIPT, "The table needs JavaScript; the charts and " \
	    "advice above do not.") \
	MSG(HTML_FROM_TO, "From %s to %s.") \
	MSG(HTML_NO_TIME_LINE, "No line had a time.") \
	MSG(HTML_YEAR_NOTE, "The year %d comes from the logs' own " \
	    "Message-IDs (the file time gave %d).") \
	MSG(HTML_LOG_LINES, "log lines") \
	MSG(HTML_LOG_LINES_SPLIT, "warning; %llu error, %llu fatal, %llu " \
	    "panic") \
	MSG(HTML_ESTIMATED, "The counts of different addresses past 50000 " \
	    "are estimates.") \
	MSG(HTML_CHART_DAYS_LABEL, "traffic per %s") \
	MSG(HTML_ONE_GROUP_PER, "one group per %s (UTC); deferred counts " \
	    "deferral lines") \
	/* trace's text */ \
	MSG(TR_TRACE_OF, "Trace of") \
	MSG(TR_N_STORY, "%zu story") \
	MSG(TR_N_STORIES, "%zu stories") \
	MSG(TR_STORY, "Story %zu of %zu") \
	MSG(TR_STORY_MARK, "(* marks what matched the query)") \
	MSG(TR_MESSAGE, "message") \
	MSG(TR_SESSION, "session") \
	MSG(TR_NOTIFICATION_OF, "notification of") \
	MSG(TR_CLIENT, "client") \
	MSG(TR_HELO, "helo") \
	MSG(TR_FROM, "from") \
	MSG(TR_DELIVERY_1, "%lu delivery") \
	MSG(TR_DELIVERY_N, "%lu deliveries") \
	MSG(TR_LAST, "last") \
	MSG(TR_REMOVED, "removed from the queue") \
	MSG(TR_STILL_QUEUED, "still queued at the end of the input") \
	MSG(TR_MESSAGE_ID, "message-id") \
	MSG(TR_COMPLETE, "complete") \
	MSG(TR_CLOSED_EARLY, "closed early (memory bound)") \
	MSG(TR_NO_DISCONNECT, "no disconnect seen") \
	MSG(TR_NO_CONNECT, "ended, its connect line not seen") \
	MSG(TR_TIMELINE, "Timeline") \
	MSG(TR_NOT_SHOWN_1, "(%lu step not shown: a story keeps %d)") \
	MSG(TR_NOT_SHOWN_N, "(%lu steps not shown: a story keeps %d)") \
	MSG(TR_FINDINGS, "Findings (%zu, marked ! above)") \
	MSG(TR_AT, "at") \
	MSG(TR_ADVICE, "Advice") \
	MSG(TR_WHO, "who must act") \
	MSG(TR_FIX, "fix") \
	MSG(TR_READ_11, "Read %lu line from %zu input: %lu used, %lu " \
	    "ignored, %lu unrecognized, %lu truncated") \
	MSG(TR_READ_1N, "Read %lu line from %zu inputs: %lu used, %lu " \
	    "ignored, %lu unrecognized, %lu truncated") \
	MSG(TR_READ_N1, "Read %lu lines from %zu input: %lu used, %lu " \
	    "ignored, %lu unrecognized, %lu truncated") \
	MSG(TR_READ_NN, "Read %lu lines from %zu inputs: %lu used, %lu " \
	    "ignored, %lu unrecognized, %lu truncated") \
	MSG(TR_FAILED_1, "%lu input failed") \
	MSG(TR_FAILED_N, "%lu inputs failed") \
	MSG(TR_EVICTED_1, "%lu open session or message closed early by the " \
	    "memory bound (%d open at most).") \
	MSG(TR_EVICTED_N, "%lu open sessions or messages closed early by " \
	    "the memory bound (%d open at most).") \
	/* explain's text */ \
	MSG(EX_CODE, "code %d") \
	MSG(EX_ENHANCED, "(enhanced %s)") \
	MSG(EX_FLAGGED, "one of the codes smtplog reports") \
	MSG(EX_NOT_FLAGGED, "not one of the codes smtplog reports (--codes)") \
	MSG(EX_IN_REPLY_TO, "in reply to %s") \
	MSG(EX_DIR_IN, "this server sent it to a client") \
	MSG(EX_DIR_OUT, "a remote server sent it to this server") \
	MSG(EX_NO_RULE, "no rule matches: smtplog reports no cause for it") \
	MSG(EX_CAUSE, "cause") \
	MSG(EX_RULE, "rule") \
	MSG(EX_BECAUSE, "because") \
	MSG(EX_EV_TEXT, "the text") \
	MSG(EX_EV_TEXT_LINES, "the text (all its lines)") \
	MSG(EX_EV_ENHANCED, "the enhanced code %s") \
	MSG(EX_EV_STAGE, "the command it answered") \
	MSG(EX_EV_STAGE_TEXT, "the stage the text shows (%s)") \
	MSG(EX_EV_CODE, "the reply code alone (no rule knows the text)") \
	MSG(EX_SOURCE, "source") \
	MSG(EX_SEVERITY, "severity") \
	MSG(EX_TITLE, "title") \
	MSG(EX_WHO, "who") \
	MSG(EX_MEANING, "meaning") \
	MSG(EX_WHEN, "when") \
	MSG(EX_FIX, "fix") \
	MSG(EX_FIX_POSTFIX, "Postfix") \
	MSG(EX_FIX_EXIM, "Exim") \
	MSG_PATTERNS

#include "msg_pat.h"

#endif /* MSG_LIST_H */
