/*
 * partials.c - deterministic generator of summary records, as many
 * mappers of a scale-out job write them (`smtplog scan -o summary-json`,
 * one per file), for the benchmark of `smtplog merge` (make bench) and its
 * tests.  The same count and seed always give the same bytes.  Each record
 * names one input of its own (a host's rotated file, with a distinct
 * content identity) and carries the counts of a realistic scan: lines,
 * sessions, findings by code and by cause, patterns.
 *
 *   partials N [SEED]        N summary records, one per line
 *
 * The totals of the records are printed on stderr ("lines N findings N"),
 * so that a test can check a merge of them without adding them up itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "splitmix.h"

static uint64_t	 rng;

/* rnd - the next number of the seeded sequence (splitmix.h), as gen.c. */
static uint64_t
rnd(void)
{
	return splitmix64(&rng);
}

static unsigned long
below(unsigned long n)
{
	return (unsigned long)(rnd() % n);
}

static const int codes[] = { 500, 502, 503, 530, 554 };
static const char *const causes[] = {
	"blocklisted-ip", "policy-rejected-recipient", "relay-denied",
	"auth-required", "bad-sequence", "unknown-command", "syntax",
	"spam-content", "greeting-rejection", "other"
};
static const char *const pats[] = {
	"repeat-offender", "provider-rejects", "non-smtp-probe"
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

int
main(int argc, char **argv)
{
	static char	 obuf[1 << 16];
	unsigned long	 n, i, k, lines, used, ign, unrec, bytes, nf, left, c;
	unsigned long	 sum_lines = 0, sum_find = 0;
	char		*end;

	if (argc < 2 || argc > 3 || (n = strtoul(argv[1], &end, 10)) == 0 ||
	    *end != '\0') {
		fprintf(stderr, "usage: partials N [SEED]\n");
		return 2;
	}
	rng = argc == 3 ? strtoull(argv[2], NULL, 10) : 1;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	for (i = 0; i < n; i++) {
		lines = 20000 + below(200000);
		ign = below(lines / 20);
		unrec = below(lines / 200);
		used = lines - ign - unrec;
		bytes = lines * (120 + below(40));
		nf = below(lines / 30);
		sum_lines += lines;
		sum_find += nf;
		printf("{\"type\": \"summary\", \"schema_version\": 2, "
		    "\"version\": \"0.1.0\", \"lines\": {\"read\": %lu, "
		    "\"used\": %lu, \"ignored\": %lu, \"unrecognized\": %lu, "
		    "\"truncated\": 0, \"nul_bytes\": 0, \"invalid_utf8\": 0}, "
		    "\"bytes\": %lu, \"inputs\": [{\"file\": "
		    "\"/archive/mx%02lu/mail.log.%lu.gz\", \"label\": null, "
		    "\"id\": \"%lu-%016llx-%016llx\", \"format\": \"postfix\", "
		    "\"compressed\": true, \"lines\": %lu, \"used\": %lu, "
		    "\"ignored\": %lu, \"unrecognized\": %lu, \"truncated\": 0, "
		    "\"nul_bytes\": 0, \"invalid_utf8\": 0, \"bytes\": %lu, "
		    "\"error\": null, \"skipped\": null}], \"input_errors\": 0, ",
		    lines, used, ign, unrec, bytes, i % 50, i / 50 + 1, bytes,
		    (unsigned long long)rnd(), (unsigned long long)rnd(), lines,
		    used, ign, unrec, bytes);
		printf("\"sessions\": {\"total\": %lu, \"incomplete\": %lu, "
		    "\"evicted\": 0}, \"messages\": {\"total\": %lu, "
		    "\"incomplete\": %lu, \"evicted\": 0}, \"deliveries\": %lu, "
		    "\"rejects\": %lu, ", lines / 12, below(20), lines / 15,
		    below(30), lines / 16, nf / 2);
		printf("\"findings\": {\"total\": %lu, \"logged\": %lu, "
		    "\"inferred\": %lu, \"inbound\": %lu, \"outbound\": %lu, "
		    "\"inferred_failures_without_code\": %lu, "
		    "\"inferred_over_cap\": 0, \"out_of_range\": 0, "
		    "\"by_code\": [", nf, nf - nf / 4, nf / 4, nf - nf / 5,
		    nf / 5, below(10));
		/* Split nf over the codes, then over the causes. */
		for (left = nf, k = 0; k < NELEM(codes); k++) {
			c = k + 1 < NELEM(codes) ? below(left + 1) : left;
			left -= c;
			printf("%s{\"code\": %d, \"count\": %lu}", k ? ", " : "",
			    codes[k], c);
		}
		printf("], \"by_cause\": [");
		for (left = nf, k = 0; k < NELEM(causes); k++) {
			c = k + 1 < NELEM(causes) ? below(left + 1) : left;
			left -= c;
			printf("%s{\"cause\": \"%s\", \"count\": %lu}",
			    k ? ", " : "", causes[k], c);
		}
		printf("]}, \"inputs_skipped\": 0, \"range\": {\"since\": null, "
		    "\"until\": null}, \"patterns\": {\"enabled\": true, "
		    "\"total\": %lu, \"dropped\": 0, \"by_name\": [",
		    (unsigned long)NELEM(pats));
		for (k = 0; k < NELEM(pats); k++)
			printf("%s{\"pattern\": \"%s\", \"count\": 1}",
			    k ? ", " : "", pats[k]);
		printf("]}}\n");
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("partials: write");
		return 1;
	}
	fprintf(stderr, "lines %lu findings %lu\n", sum_lines, sum_find);
	return 0;
}
