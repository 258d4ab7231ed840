/*
 * fuzz_envelope.c - libFuzzer harness for the envelope layer and the
 * router (parsers/envelope*.c, parsers/route.c).  The fuzz bytes are log
 * lines separated by "\n"; the first byte picks the parser forced, if any
 * (auto, postfix, exim, transcript).  Each line is copied to a heap
 * buffer of exactly its length and a NUL, so that ASan catches any read
 * past it, and read by env_read() (with an inferred year and with
 * --year) and pushed through a router, whose events are drained.
 * Checked: a record's parts lie in order inside its text, which ends at
 * its length with no NUL before; a broken envelope says why; partial
 * lines are read at the end; and every line pushed is counted once, as
 * used, ignored or unrecognized.
 *
 * fuzz-max-len: 8192 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "parser.h"
#include "route.h"
#include "fuzz_util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_dst_zone();
	return 0;
}

/* check - what every record must satisfy. */
static void
check(enum env_result r, const struct env_rec *rec)
{
	const struct lex_span	*sp = &rec->sp;

	FUZZ_CHECK(r >= ENV_R_NONE && r <= ENV_R_HELD, "result %d", r);
	if (r == ENV_R_BAD) {
		FUZZ_CHECK(rec->why != NULL && rec->why[0] != '\0', "no why");
		return;
	}
	if (r == ENV_R_HELD)
		return;
	FUZZ_CHECK(rec->text != NULL, "no text");
	FUZZ_CHECK(rec->lines >= 1, "lines %u", rec->lines);
	FUZZ_CHECK(r != ENV_R_OK || rec->text[rec->len] == '\0' ||
	    rec->text[rec->len] == '\r', "text not ended at its length");
	if (r != ENV_R_OK)
		return;
	FUZZ_CHECK(memchr(rec->text, '\0', rec->len) == NULL,
	    "a NUL inside the text");
	FUZZ_CHECK(sp->hs <= sp->he && sp->he <= sp->ps && sp->ps <= sp->pe &&
	    sp->pe <= sp->ie && sp->ie <= sp->ms && sp->ms <= rec->len,
	    "parts out of order: %zu %zu %zu %zu %zu %zu of %zu", sp->hs,
	    sp->he, sp->ps, sp->pe, sp->ie, sp->ms, rec->len);
	FUZZ_CHECK(sp->pid >= -1 && sp->pid <= 9999999999L, "pid %ld",
	    sp->pid);
	FUZZ_CHECK(rec->usec >= 0 && rec->usec < 1000000, "usec %d",
	    rec->usec);
	FUZZ_CHECK((unsigned)rec->kind < ENV__COUNT, "kind %d", rec->kind);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct parser_ops *const forced[] = {
		NULL, &parser_postfix, &parser_exim, &parser_transcript,
	};
	const uint8_t		*p, *end = data + size, *nl;
	struct env		*e1, *e2;
	struct env_rec		 rec;
	struct route_opts	 ro;
	struct route		*r;
	const struct route_counts *c;
	const struct smtp_event	*ev;
	enum env_result		 er;
	unsigned long		 nlines = 0;
	char			*line;
	size_t			 len;

	if (size == 0)
		return 0;
	memset(&ro, 0, sizeof(ro));
	ro.forced = forced[data[0] % 4];
	ro.file = "fuzz.log";
	ro.maxline = 4096;
	r = route_new(&ro);
	e1 = env_new(0, 1740823200, 4096);
	e2 = env_new(2020, 0, 4096);
	for (p = data + 1; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		/* Lines hold no NUL byte: input.c makes them spaces. */
		line = malloc(len + 1);
		if (line == NULL)
			break;
		memcpy(line, p, len);
		line[len] = '\0';
		while (memchr(line, '\0', len) != NULL)
			*(char *)memchr(line, '\0', len) = ' ';
		check(env_read(e1, line, len, &rec), &rec);
		check(env_read(e2, line, len, &rec), &rec);
		route_push(r, line, len, ++nlines);
		while (route_next(r, &ev) == 1)
			FUZZ_CHECK(ev->kind < EV__COUNT, "event kind %d",
			    ev->kind);
		free(line);
		if (nl == end)
			break;
	}
	while (env_end(e1, &rec, &er))
		check(er, &rec);
	route_end(r);
	while (route_next(r, &ev) == 1)
		FUZZ_CHECK(ev->kind < EV__COUNT, "event kind %d", ev->kind);
	c = route_counts(r);
	FUZZ_CHECK(c->used + c->ignored + c->unrecognized == nlines,
	    "%lu lines pushed, %lu + %lu + %lu counted", nlines, c->used,
	    c->ignored, c->unrecognized);
	/* Claimed: used, unrecognized, or given to the parser detected for
	 * the lines without an envelope. */
	FUZZ_CHECK(c->claimed >= c->used && c->claimed <= nlines,
	    "claimed %lu of %lu, %lu used", c->claimed, nlines, c->used);
	route_free(r);
	env_free(e1);
	env_free(e2);
	return 0;
}
