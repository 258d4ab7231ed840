/*
 * fuzz_merge.c - libFuzzer harness for merge's input (analyzer/cmd/merge.c,
 * merge_cmd.c): the fuzz bytes are a partial file (NDJSON summary records,
 * or a --output json document) read by merge_cmd_read(), then checked
 * against a manifest made of its first line and written as summary-json.
 * Checked: the return contract (0 or -1); a merge that succeeded writes one
 * line of valid UTF-8 that parses as a schema 2 summary whose inputs are
 * the ones merged; the same bytes merged again in a fresh merge give the
 * same bytes out (no state leaks between merges, no dependence on
 * addresses); and when every input merged has an identity, reading the
 * file a second time into the same merge adds no input (each partial is
 * a repeat of itself: a retry is idempotent).
 *
 * fuzz-max-len: 16384 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/merge_cmd.h"
#include "report/report.h"
#include "fuzz_util.h"

/* render - the merged summary as summary-json, in a malloc'd buffer. */
static char *
render(struct merge_cmd *c, size_t *len)
{
	const struct report_ops	*ops = report_find("summary-json");
	struct report_opts	 ro;
	char			*buf = NULL;
	FILE			*fp;
	void			*w;

	*len = 0;
	if ((fp = open_memstream(&buf, len)) == NULL)
		abort();
	memset(&ro, 0, sizeof(ro));
	ro.version = "fuzz";
	w = ops->open(fp, &ro);
	FUZZ_CHECK(ops->finish(w, merge_summary(merge_cmd_result(c))) == 0,
	    "summary-json write failed");
	ops->free(w);
	fclose(fp);
	return buf;
}

/* merge_once - a fresh merge of path (opts varied by the data); its
 * summary-json, or NULL when the merge failed. */
static char *
merge_once(const char *path, const uint8_t *data, size_t size, size_t *len,
    int *identified)
{
	struct merge_cmd_opts	 o;
	struct merge_cmd	*c;
	const struct summary	*s;
	char			*out = NULL;
	size_t			 i;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.allow_empty = size > 0 && (data[0] & 1);
	o.expect = -1;
	c = merge_cmd_new(&o);
	rc = merge_cmd_read(c, path);
	FUZZ_CHECK(rc == 0 || rc == -1, "merge_cmd_read returned %d", rc);
	if (rc == 0)
		rc = merge_cmd_check(c);
	if (rc == 0) {
		out = render(c, len);
		s = merge_summary(merge_cmd_result(c));
		*identified = s->ninputs > 0;
		for (i = 0; i < s->ninputs; i++)
			if (s->inputs[i].id[0] == '\0' ||
			    strncmp(s->inputs[i].id, "0-", 2) == 0)
				*identified = 0;
	}
	merge_cmd_free(c);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 path[64], *a, *b;
	size_t		 alen, blen;
	json_t		*j;
	json_error_t	 e;
	int		 fd, id1 = 0, id2 = 0;

	if ((fd = fuzz_memfile(data, size, path, sizeof(path))) == -1)
		return 0;
	a = merge_once(path, data, size, &alen, &id1);
	b = merge_once(path, data, size, &blen, &id2);
	FUZZ_CHECK((a == NULL) == (b == NULL), "one merge failed, one not");
	if (a != NULL) {
		FUZZ_CHECK(alen == blen && memcmp(a, b, alen) == 0,
		    "two merges of the same bytes differ");
		FUZZ_CHECK(alen > 0 && a[alen - 1] == '\n' &&
		    memchr(a, '\n', alen) == a + alen - 1,
		    "not one line of summary-json");
		FUZZ_CHECK(fuzz_utf8_ok((const unsigned char *)a, alen),
		    "summary-json is not valid UTF-8");
		j = json_loadb(a, alen, 0, &e);
		FUZZ_CHECK(j != NULL, "summary-json is not JSON: %s", e.text);
		FUZZ_CHECK(json_integer_value(json_object_get(j,
		    "schema_version")) == 2, "schema_version not 2");
		FUZZ_CHECK(json_is_array(json_object_get(j, "inputs")),
		    "no inputs array");
		json_decref(j);
	}
	if (a != NULL && id1) {
		/* Read twice into one merge: every record of the second
		 * reading is a repeat of itself. */
		struct merge_cmd_opts	 o;
		struct merge_cmd	*c;
		size_t			 n;

		memset(&o, 0, sizeof(o));
		o.allow_empty = size > 0 && (data[0] & 1);
		o.expect = -1;
		c = merge_cmd_new(&o);
		FUZZ_CHECK(merge_cmd_read(c, path) == 0, "first reading failed");
		n = merge_summary(merge_cmd_result(c))->ninputs;
		FUZZ_CHECK(merge_cmd_read(c, path) == 0,
		    "reading the same partials again failed");
		FUZZ_CHECK(merge_summary(merge_cmd_result(c))->ninputs == n,
		    "a partial read twice added its inputs twice");
		merge_cmd_free(c);
	}
	free(a);
	free(b);
	close(fd);
	return 0;
}
