/*
 * fuzz_journal.c - libFuzzer harness for the JSON scanner of the
 * envelopes (parsers/envelope_json.c): the fuzz bytes are one line, a
 * journal entry or a docker record, copied to a heap buffer of exactly
 * its length (ASan catches a read past it).  Checked against jansson,
 * the reference: whatever jansson reads as an object without a key twice,
 * the scanner reads too, with the same string (or array of bytes) for
 * each key it was asked for, NUL bytes made spaces; and it never writes
 * more than the line's length and one NUL a key.  Then the whole line
 * goes through env_read() for the envelope's own checks.
 *
 * fuzz-max-len: 16384 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "envelope.h"
#include "envelope_int.h"
#include "fuzz_util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const keys[] = {
	"MESSAGE", "SYSLOG_IDENTIFIER", "_PID", "__REALTIME_TIMESTAMP",
	"_HOSTNAME", "log", "time", "a",
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

/*
 * want - jansson's value of key as the scanner hands it: a string, the
 * first string of an array of them, or an array of byte values; NULL when
 * jansson has none of these (numbers, objects ... are not compared).
 * *n its length; buf holds it (NUL bytes made spaces).
 */
static const char *
want(json_t *root, const char *key, char *buf, size_t cap, size_t *n)
{
	json_t		*v, *y;
	size_t		 i;
	json_int_t	 b;

	if ((v = json_object_get(root, key)) == NULL)
		return NULL;
	if (json_is_array(v) && json_array_size(v) > 0 &&
	    json_is_string(json_array_get(v, 0)))
		v = json_array_get(v, 0);
	if (json_is_string(v)) {
		*n = json_string_length(v);
		FUZZ_CHECK(*n <= cap, "jansson's string longer than the line");
		memcpy(buf, json_string_value(v), *n);
	} else if (json_is_array(v)) {
		*n = json_array_size(v);
		FUZZ_CHECK(*n <= cap, "more bytes than the line");
		for (i = 0; i < *n; i++) {
			y = json_array_get(v, i);
			b = json_integer_value(y);
			if (!json_is_integer(y) || b < 0 || b > 255)
				return NULL;
			buf[i] = (char)b;
		}
	} else
		return NULL;
	for (i = 0; i < *n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env_jval	 v[NKEYS];
	struct env	*e;
	struct env_rec	 rec;
	enum env_result	 r;
	json_error_t	 err;
	json_t		*root;
	const char	*why = NULL, *w;
	char		*line, *out, *buf;
	size_t		 k, n;
	int		 rc;

	/* Lines hold no NUL byte; the scanner is given a line. */
	if (memchr(data, '\0', size) != NULL || memchr(data, '\n', size))
		return 0;
	line = malloc(size + 1);
	out = malloc(size + NKEYS + 1);
	buf = malloc(size + 1);
	if (line == NULL || out == NULL || buf == NULL)
		goto done;
	memcpy(line, data, size);
	line[size] = '\0';
	rc = env_json_get(line, size, keys, NKEYS, v, out, &why);
	FUZZ_CHECK(rc == 0 || (rc == -1 && why != NULL), "rc %d", rc);
	for (k = 0; rc == 0 && k < NKEYS; k++)
		FUZZ_CHECK(v[k].s == NULL || (v[k].s >= out &&
		    v[k].s + v[k].n < out + size + NKEYS + 1 &&
		    v[k].s[v[k].n] == '\0'), "%s: out of the buffer", keys[k]);
	root = json_loadb(line, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	    &err);
	if (root != NULL && json_is_object(root)) {
		FUZZ_CHECK(rc == 0, "jansson reads it, the scanner does not");
		for (k = 0; k < NKEYS; k++) {
			if ((w = want(root, keys[k], buf, size, &n)) == NULL)
				continue;
			FUZZ_CHECK(v[k].s != NULL && v[k].n == n &&
			    memcmp(v[k].s, w, n) == 0, "%s: got %zu bytes, "
			    "want %zu", keys[k], v[k].s ? v[k].n : 0, n);
		}
	}
	json_decref(root);

	/* The envelope around it. */
	e = env_new(0, 0, 4096);
	r = env_read(e, line, size, &rec);
	FUZZ_CHECK(r != ENV_R_BAD || rec.why != NULL, "no why");
	FUZZ_CHECK(r != ENV_R_OK || memchr(rec.text, '\0', rec.len) == NULL,
	    "a NUL in the text");
	while (env_end(e, &rec, &r))
		;
	env_free(e);
done:
	free(line);
	free(out);
	free(buf);
	return 0;
}
