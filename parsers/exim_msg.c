/*
 * exim_msg.c - Exim lines of one message id: arrivals ("<=", bounces with
 * R=), deliveries ("=>", "->", "*>"), failures ("**") and deferrals
 * ("==") with the remote server's reply when logged, "Completed", and the
 * queue's other notes.  Refusals that carry a message id (after DATA,
 * local_scan) are handed to exim_smtp.c / exim_acl.c or read here.
 */
#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "exim_int.h"

/* Where the values of an arrival's fields start; NULL when absent. */
struct fields {
	const char	*id;		/* " id=" */
	const char	*r;		/* " R=" */
	const char	*s;		/* " S=" and a digit */
	char		*h;		/* the space of " H=" */
};

/* field - the field after the space at p, into f when it is the first. */
static inline void
field(char *p, struct fields *f)
{
	switch (*++p) {
	case 'i':
		if (f->id == NULL && p[1] == 'd' && p[2] == '=')
			f->id = p + 3;
		break;
	case 'R':
		if (f->r == NULL && p[1] == '=')
			f->r = p + 2;
		break;
	case 'S':
		if (f->s == NULL && p[1] == '=' && EX_ISDIGIT(p[2]))
			f->s = p + 2;
		break;
	case 'H':
		if (f->h == NULL && p[1] == '=')
			f->h = p - 1;
		break;
	}
}

/* spaces - a bit per space of the 16 bytes at s. */
#ifdef __SSE2__
static inline unsigned
spaces(const char *s)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
	    _mm_loadu_si128((const __m128i *)(const void *)s),
	    _mm_set1_epi8(' ')));
}
#endif

/*
 * fields - the first of each field in s[0..e) (no NUL before e), as
 * strstr() would find them one by one, in one pass over the spaces: 16
 * bytes at a time as a mask of their spaces (a memchr() call a space cost
 * more), the last ones as the end of the 16 bytes before e when the line
 * (from lo) has them, else a byte at a time.
 */
static void
fields(char *s, const char *e, const char *lo, struct fields *f)
{
#ifdef __SSE2__
	unsigned	m;
#endif

	memset(f, 0, sizeof(*f));
#ifdef __SSE2__
	for (; e - s >= 16; s += 16)
		for (m = spaces(s); m != 0; m &= m - 1)
			field(s + __builtin_ctz(m), f);
	if (s < e && e - lo >= 16) {
		for (m = spaces(e - 16) >> (16 - (e - s)); m != 0; m &= m - 1)
			field(s + __builtin_ctz(m), f);
		return;
	}
#else
	(void)lo;
#endif
	for (; s < e; s++)
		if (*s == ' ')
			field(s, f);
}

/* addr_end - the first space, ':' or NUL at or after s (what strcspn(s,
 * " :") finds), 16 bytes at a time while they lie before e. */
static char *
addr_end(char *s, const char *e)
{
#ifdef __SSE2__
	__m128i		v;
	unsigned	m;

	for (; e - s >= 16; s += 16) {
		v = _mm_loadu_si128((const __m128i *)(void *)s);
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))),
		    _mm_cmpeq_epi8(v, _mm_setzero_si128())));
		if (m != 0)
			return s + __builtin_ctz(m);
	}
#else
	(void)e;
#endif
	return s + strcspn(s, " :");
}

/* value - the arena copy of the value at v (up to a space or e); NULL
 * when v is NULL or the value is empty. */
static const char *
value(struct ex *x, const char *v, const char *e)
{
	const char	*sp;

	if (v == NULL)
		return NULL;
	if ((sp = memchr(v, ' ', (size_t)(e - v))) == NULL)
		sp = e;
	return sp == v ? NULL : ex_save(x, v, (size_t)(sp - v));
}

/*
 * queue_time - " QT=1d2h3m4s" (log_selector +queue_time, Exim's
 * readconf_printtime() form, "0.123s" with +millisec) in milliseconds;
 * -1 when s has none.
 */
static long
queue_time(const char *s, const char *e)
{
	const char	*v;
	long		 ms = 0, n, scale;

	if ((v = EX_FIND(s, e, " QT=", 1)) == NULL || !EX_ISDIGIT(v[4]))
		return -1;
	for (v += 4; EX_ISDIGIT(*v);) {
		for (n = 0; EX_ISDIGIT(*v); v++)
			n = n < 100000000 ? n * 10 + (*v - '0') : n;
		switch (*v++) {
		case 'w':
			ms += n * 604800000L;
			break;
		case 'd':
			ms += n * 86400000L;
			break;
		case 'h':
			ms += n * 3600000L;
			break;
		case 'm':
			ms += n * 60000L;
			break;
		case '.':
			ms += n * 1000L;
			for (scale = 100; EX_ISDIGIT(*v); v++, scale /= 10)
				ms += scale * (*v - '0');
			v++;	/* the 's' */
			return ms;
		case 's':
			return ms + n * 1000L;
		default:
			return ms;
		}
	}
	return ms;
}

/* arrival - "<= from H=... U=... P=... S=... id=... R=bounced-id ..." */
static enum parse_result
arrival(struct ex *x, char *r)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	struct fields		 f;
	const char		*from, *mid, *orig, *key, *v;
	char			*sp;
	long long		 size = -1;
	int			 have_peer = 0;

	if ((sp = memchr(r, ' ', (size_t)(x->lend - r))) == NULL)
		sp = x->lend;
	from = ex_save(x, r, sp - r);
	if (from != NULL && from[0] == '\0')
		from = NULL;
	fields(sp, x->lend, x->lbuf, &f);	/* before ex_peer() cuts sp */
	mid = value(x, f.id, x->lend);
	orig = value(x, f.r, x->lend);
	if ((v = f.s) != NULL)
		for (size = 0; EX_ISDIGIT(*v); v++)
			size = size < 100000000000000LL ? size * 10 +
			    (*v - '0') : size;
	if (f.h != NULL && ex_peer(f.h + 1, x->lend, &peer) != NULL)
		have_peer = 1;

	key = ex_session_key(x, have_peer ? &peer : NULL, EX_KEY_PEEK);
	ev = ex_event(x, EV_MSG_QUEUED);
	ev->session_key = key;
	if (have_peer) {
		ev->dir = EV_DIR_IN;
		ev->client_name = peer.name;
		ev->client_ip = peer.ip;
		ev->client_port = peer.port;
		ev->helo = peer.helo;
	}
	ev = ex_event(x, EV_MSG_INFO);
	ev->from = from;
	ev->message_id = mid;
	if (size >= 0)
		ev->size = (unsigned long long)size;
	/* A bounce or delay notice: Exim names the message it reports on
	 * in R= of the notice's arrival (from <>). */
	if (orig != NULL && from != NULL && strcmp(from, "<>") == 0 &&
	    ex_msgid_len(orig) == strlen(orig)) {
		ev = ex_event(x, EV_BOUNCE);
		ev->queue_id = orig;
		ev->message_key = ex_message_key(x, orig);
		ev->related_id = x->id;
		ev->related_key = ex_message_key(x, x->id);
	}
	return PARSE_USED;
}

/*
 * join_lines - a multi-line reply is logged with its line breaks as the
 * two characters "\\n" and each line's "550-" or "550 " (string_printing
 * in Exim): join its lines with a space, in place.
 */
static void
join_lines(char *t, int code)
{
	char	 pre[5], *r, *w;

	/* "%03d" by hand (snprintf() cost more than the join): lex_reply()
	 * codes are 200..599. */
	pre[0] = (char)('0' + code / 100);
	pre[1] = (char)('0' + code / 10 % 10);
	pre[2] = (char)('0' + code % 10);
	pre[3] = '\0';
	for (r = w = t; *r != '\0';) {
		if (r[0] == '\\' && r[1] == 'n' && strncmp(r + 2, pre, 3) == 0 &&
		    (r[5] == '-' || r[5] == ' ')) {
			*w++ = ' ';
			r += 6;
		} else
			*w++ = *r++;
	}
	*w = '\0';
}

/*
 * remote_reply - the remote server's reply in the text of a failure or
 * deferral: "SMTP error from remote mail server after CMD: [host NAME
 * [IP]: ]NNN X.Y.Z text".
 */
static void
remote_reply(struct smtp_event *ev, char *t)
{
	struct ex_peer	 peer;
	char		*s, *enh, *text, *r;
	const char	*cmd;
	int		 code;

	if ((s = strstr(t, "SMTP error from remote mail server after ")) ==
	    NULL)
		return;
	s += 41;
	if ((cmd = ex_after_command(&s)) == NULL)
		return;
	if ((r = EX_AFTER(s, "host ")) != NULL && (r = strstr(r, "]: ")) !=
	    NULL) {
		r[1] = '\0';
		if (ex_peer(s + 5, r + 1, &peer) != NULL && peer.ip != NULL) {
			ev->relay_name = peer.name;
			ev->relay_ip = peer.ip;
			ev->relay_port = peer.port;
		}
		s = r + 3;
	}
	if (ex_reply(s, &code, &enh, &text) != 0)
		return;
	if (text != NULL)
		join_lines(text, code);
	ev->command = cmd;
	ev->code = code;
	ev->code_src = EV_CODE_LOGGED;
	ev->enhanced = enh;
	ev->text = text;
}

/*
 * delivery - "=> to <orig> R=.. T=.. H=name [ip]:port X=.. C=\"250 ..\"",
 * "** to ...: error", "== to ... defer (-44) H=..: error".
 */
static enum parse_result
delivery(struct ex *x, char *r, const char *status, unsigned flags)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	const char		*orig = NULL, *end;
	char			*sp, *h, *err = NULL, *q;

	ev = ex_event(x, EV_DELIVERY);
	ev->dir = EV_DIR_OUT;
	ev->status = status;
	ev->flags = flags;
	if ((ev->delay_ms = queue_time(r, x->lend)) >= 0)
		ev->flags |= EV_F_DELAY;
	else
		ev->delay_ms = 0;
	sp = addr_end(r, x->lend);
	if (*sp == ':' && sp[1] == ' ') {
		/* "** addr: Unrouteable address" */
		*sp = '\0';
		ev->to = r;
		ev->text = sp + 2;
		return PARSE_USED;
	}
	if (*sp == ' ') {
		*sp++ = '\0';
		if (*sp == '<' && (q = ex_angle(sp, &orig)) != NULL) {
			sp = *q == ' ' ? q + 1 : q;
			ev->orig_to = orig;
		}
	}
	ev->to = r;
	/* The error text follows the first ": " after the fields. */
	end = x->lend;	/* sp runs uncut to it, or to the error's cut */
	if (status[0] != 's') {
		if ((err = strstr(sp, ": ")) != NULL) {
			*err = '\0';
			end = err;
			err += 2;
		}
	}
	if ((h = EX_FIND(sp, end, "H=", 0)) != NULL && (h == sp ||
	    h[-1] == ' ') &&
	    ex_peer(h, x->lend, &peer) != NULL && peer.ip != NULL) {
		ev->relay_name = peer.name;
		ev->relay_ip = peer.ip;
		ev->relay_port = peer.port;
	}
	if (err != NULL) {
		ev->text = err;
		remote_reply(ev, err);
	}
	return PARSE_USED;
}

/* local_scan - "F=<a> H=... P=smtp [temporarily ]rejected by local_scan(): text" */
static enum parse_result
local_scan(struct ex *x, char *r, char *at)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	char			*h, *text;
	int			 temp = 0;

	text = strstr(at, ": ");
	text = text != NULL ? text + 2 : NULL;
	if (at - r >= 12 && strncmp(at - 12, "temporarily ", 12) == 0) {
		temp = 1;
		at -= 12;
	}
	*at = '\0';
	if ((h = strstr(r, " H=")) == NULL ||
	    ex_peer(h + 1, x->lend, &peer) == NULL || peer.ip == NULL)
		return PARSE_USED;	/* not an SMTP message: no reply */
	ev = ex_session_event(x, EV_REJECT, &peer, EX_KEY_USE);
	ev->command = "END-OF-MESSAGE";
	ev->code = temp ? 451 : 550;
	ev->code_src = EV_CODE_INFERRED;
	ev->text = text;
	ev->why = temp ? "Exim answers a local_scan() temporary rejection "
	    "with 451 (receive.c)" : "Exim answers a local_scan() rejection "
	    "with 550 whatever the text (receive.c)";
	if (r[0] == 'F' && r[1] == '=') {
		h = r + 2 + strcspn(r + 2, " ");
		*h = '\0';
		ev->from = r + 2;
	}
	return PARSE_USED;
}

/* Notes about a message that carry no SMTP traffic: how they start. */
#define NOTE(s)	{ s, sizeof(s) - 1 }
static const struct {
	const char	*s;
	size_t		 len;
} note_starts[] = {
	NOTE("Frozen"), NOTE("Message is frozen"), NOTE("Unfrozen"),
	NOTE("SA: "), NOTE("DKIM: "), NOTE("Warning: "), NOTE("removed by"),
	NOTE("cancelled by"), NOTE("Spool "), NOTE("Message is locked"),
	NOTE("Completed"), NOTE("no immediate delivery"),
	NOTE("Message removed"), NOTE("spam acl condition"),
	NOTE("malware acl "), NOTE("sender "), NOTE("=> "), NOTE("ARC: "),
	NOTE("SPF: "), NOTE("DMARC: "), NOTE("Retry time not yet reached"),
	NOTE("retry timeout exceeded"), NOTE("Error while reading message"),
	NOTE("Format error in spool file"), NOTE("Spool read error"),
	NOTE("Remote host "), NOTE("error in "), NOTE("Delivery deferred"),
	NOTE("Message is too old"), NOTE("internal scanner error"),
};
#undef NOTE

/* queue_note - r[0..e) (no NUL before e) is such a note. */
static int
queue_note(const char *r, const char *e)
{
	size_t	i, n = (size_t)(e - r);

	/* The first byte first: memcmp() runs on one or two starts. */
	for (i = 0; i < sizeof(note_starts) / sizeof(note_starts[0]); i++)
		if (r[0] == note_starts[i].s[0] && n >= note_starts[i].len &&
		    memcmp(r, note_starts[i].s, note_starts[i].len) == 0)
			return 1;
	/* "addr: error ignored", "host.name [ip] Connection refused" */
	if (strstr(r, ": error ignored") != NULL)
		return 1;
	if (strstr(r, "] Network is unreachable") != NULL ||
	    strstr(r, "] Connection refused") != NULL ||
	    strstr(r, "] Connection timed out") != NULL ||
	    strstr(r, "] No route to host") != NULL ||
	    strstr(r, "] Connection reset by peer") != NULL)
		return 1;
	return 0;
}

/*
 * rejected_by - the first "rejected by local_scan()" in r[0..e) (no NUL
 * before e) into *scan, else whether there is a "rejected by non-SMTP
 * ACL": what two strstr() calls told.  Found by their 'j', rare in log
 * lines (ex_find()).
 */
static int
rejected_by(char *r, const char *e, char **scan)
{
	char	*p;
	int	 acl = 0;

	*scan = NULL;
	for (p = r; (p = EX_FIND(p, e, "rejected by ", 2)) != NULL; p++) {
		if ((size_t)(e - p) < 24)
			break;		/* no room for either name */
		if (memcmp(p + 12, "local_scan()", 12) == 0) {
			*scan = p;
			return 1;
		}
		if (memcmp(p + 12, "non-SMTP ACL", 12) == 0)
			acl = 1;
	}
	return acl;
}

enum parse_result
ex_message(struct ex *x, char *r)
{
	char	*at;

	if (r[0] != '\0' && r[1] == '=' && r[2] == ' ') {
		switch (r[0]) {
		case '<':
		case '(':
			return arrival(x, r + 3);
		}
	}
	if (r[0] != '\0' && r[1] == '>' && r[2] == ' ') {
		switch (r[0]) {
		case '=':
			return delivery(x, r + 3, "sent", 0);
		case '-':
			return delivery(x, r + 3, "sent", EV_F_ADDED);
		case '*':
			return delivery(x, r + 3, "suppressed", 0);
		}
	}
	if (r[0] == '*' && r[1] == '*' && r[2] == ' ')
		return delivery(x, r + 3, "bounced", 0);
	if (r[0] == '=' && r[1] == '=' && r[2] == ' ')
		return delivery(x, r + 3, "deferred", 0);
	/* The first byte before any compare: most lines are neither;
	 * "Completed" by a memcmp() the compiler makes two loads. */
	if (r[0] == 'C' && x->lend - r >= 9 &&
	    memcmp(r, "Completed", 9) == 0 && (r[9] == '\0' || r[9] == ' ')) {
		ex_event(x, EV_MSG_REMOVED);
		return PARSE_USED;
	}
	if (r[0] == 'r' && strncmp(r, "removed by ", 11) == 0) {
		ex_event(x, EV_MSG_REMOVED);
		return PARSE_USED;
	}
	if (rejected_by(r, x->lend, &at)) {
		if (at != NULL)
			return local_scan(x, r, at);
		return PARSE_USED;	/* "rejected by non-SMTP ACL" */
	}
	if ((r[0] == 'H' || r[0] == 'U') && r[1] == '=')
		return ex_smtp(x, r);
	if (queue_note(r, x->lend)) {
		/* The message exists (frozen, scanned ...): make it known;
		 * the note says what (trace timelines show it). */
		ex_event(x, EV_MSG_INFO)->note = r;
		return PARSE_USED;
	}
	return PARSE_UNRECOGNIZED;
}
