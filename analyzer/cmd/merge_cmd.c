/*
 * merge_cmd.c - `smtplog merge`: read partials as a stream (one record in
 * memory at a time), drop the repeats of retried tasks, check the inputs
 * against what was expected and write the merged summary.  Adding a record
 * up is merge.c's job.
 *
 * A partial names each input it read by a content identity (summary
 * inputs[].id: size and hashes of the first and last text).  A partial
 * whose inputs were all merged already, by a partial of the same bytes,
 * is the output of a retried task: skipped, with a warning, so that a
 * merge is idempotent.  Any other partial that repeats an input cannot be
 * merged exactly (counts are not kept per input, and the same text
 * scanned with other options gives other counts): an error.  Empty inputs
 * (size 0) and partials without identities (schema 1) are never taken for
 * repeats.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/fnv.h"
#include "lib/htab.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "merge_cmd.h"
#include "report/report.h"

#define SHOW_MAX	10	/* names listed in one message */

struct merge_cmd {
	struct merge_cmd_opts	 opts;
	struct merge		*m;
	struct htab		*ids;		/* input id -> struct seen */
	unsigned long		 repeats;
};

/* Where an input was merged from: the place and the digest of the
 * partial's bytes. */
struct seen {
	uint64_t	 digest;
	char		 where[];
};

struct merge_cmd *
merge_cmd_new(const struct merge_cmd_opts *o)
{
	struct merge_cmd	*c = xcalloc(1, sizeof(*c));

	c->opts = *o;
	c->m = merge_new();
	c->ids = htab_new();
	return c;
}

void
merge_cmd_free(struct merge_cmd *c)
{
	if (c == NULL)
		return;
	merge_free(c->m);
	htab_free(c->ids, free);
	free(c);
}

struct merge *
merge_cmd_result(struct merge_cmd *c)
{
	return c->m;
}

unsigned long
merge_cmd_repeats(const struct merge_cmd *c)
{
	return c->repeats;
}

/* input_id - the content identity of a partial's input, or NULL when it
 * has none or read nothing (size 0: nothing to count twice). */
static const char *
input_id(const json_t *in)
{
	const json_t	*v = json_object_get(in, "id");
	const char	*s;

	if (!json_is_string(v) || *(s = json_string_value(v)) == '\0' ||
	    (s[0] == '0' && s[1] == '-'))
		return NULL;
	return s;
}

/*
 * part - one summary record at where, whose bytes hash to digest: a
 * repeat of a partial merged already (skipped, 0), a partial that repeats
 * inputs otherwise (-1), or added.
 */
static int
part(struct merge_cmd *c, const json_t *rec, const char *where,
    uint64_t digest)
{
	const json_t		*ins = json_object_get(rec, "inputs"), *in;
	const struct seen	*sn, *first = NULL, *other = NULL;
	const char		*id, *err, *other_id = NULL;
	struct seen		*add;
	size_t			 i, nid = 0, nseen = 0;

	json_array_foreach(ins, i, in) {
		if ((id = input_id(in)) == NULL)
			continue;
		nid++;
		if ((sn = htab_get(c->ids, id)) == NULL)
			continue;
		nseen++;
		if (first == NULL)
			first = sn;
		if (sn->digest != digest && other == NULL) {
			other = sn;
			other_id = id;
		}
	}
	if (nid > 0 && nseen == nid && other == NULL) {
		if (c->repeats++ < SHOW_MAX)
			warnx("%s: skipped: a repeat of the partial at %s (the "
			    "same summary of the same input%s: a retried "
			    "task?)", where, first->where, nid == 1 ? "" : "s");
		return 0;
	}
	if (nseen > 0) {
		if (other == NULL)
			warnx("%s: %zu of its %zu inputs were merged already "
			    "(at %s), the others not: partials that overlap "
			    "cannot be merged exactly", where, nseen, nid,
			    first->where);
		else
			warnx("%s: input %s was merged already from another "
			    "summary (at %s): the same text scanned twice "
			    "cannot be merged exactly", where, other_id,
			    other->where);
		return -1;
	}
	if ((err = merge_add(c->m, rec)) != NULL) {
		warnx("%s: summary: %s", where, err);
		return -1;
	}
	json_array_foreach(ins, i, in) {
		if ((id = input_id(in)) == NULL || htab_get(c->ids, id) != NULL)
			continue;
		add = xmalloc(sizeof(*add) + strlen(where) + 1);
		add->digest = digest;
		memcpy(add->where, where, strlen(where) + 1);
		htab_put(c->ids, id, add);
	}
	return 0;
}

/* document - the "summary" of a --output json document. */
static int
document(struct merge_cmd *c, const char *path, FILE *fp)
{
	json_error_t	 jerr;
	json_t		*j, *rec;
	int		 rc = 0;

	if ((j = json_loadf(fp, 0, &jerr)) == NULL) {
		warnx("%s:%d: not JSON: %s", path, jerr.line, jerr.text);
		return -1;
	}
	rec = json_object_get(j, "summary");
	if (!json_is_object(rec)) {
		warnx("%s: a JSON document without a summary", path);
		rc = -1;
	} else {
		/* Its bytes in one form, for the digest. */
		char	*text = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);

		rc = part(c, rec, path, fnv64(FNV64_OFFSET, text,
		    text != NULL ? strlen(text) : 0));
		free(text);
	}
	json_decref(j);
	return rc;
}

/* is_summary - j is a record of type "summary". */
static int
is_summary(const json_t *j)
{
	const json_t	*t = json_object_get(j, "type");

	return json_is_string(t) && strcmp(json_string_value(t), "summary") == 0;
}

int
merge_cmd_read(struct merge_cmd *c, const char *path)
{
	FILE		*fp;
	char		*line = NULL, where[64];
	size_t		 cap = 0, plen = strlen(path);
	ssize_t		 len;
	unsigned long	 lineno = 0, found = 0;
	json_t		*j;
	json_error_t	 jerr;
	int		 rc = 0, is_stdin = strcmp(path, "-") == 0;

	if (is_stdin)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		if ((j = json_loadb(line, (size_t)len, 0, &jerr)) == NULL &&
		    lineno == 1 && line[0] == '{' && !is_stdin) {
			/* Not one record per line: a --output json
			 * document, read whole. */
			rewind(fp);
			rc = document(c, path, fp);
			found += rc == 0;
			break;
		}
		if (j == NULL) {
			warnx("%s:%lu: not JSON%s: %s", path, lineno,
			    is_stdin && lineno == 1 ? " (a --output json "
			    "document must be given as a file)" : "",
			    jerr.text);
			rc = -1;
			break;
		}
		if (is_summary(j)) {
			/* The place, shortened from the left for long
			 * paths: "...archive/mx1.nd:3". */
			snprintf(where, sizeof(where), "%s%s:%lu",
			    plen > 40 ? "..." : "", plen > 40 ?
			    path + plen - 37 : path, lineno);
			while (len > 0 && strchr(" \t\r\n", line[len - 1]))
				len--;
			rc = part(c, j, where, fnv64(FNV64_OFFSET, line,
			    (size_t)len));
			found++;
		}
		json_decref(j);
	}
	if (rc == 0 && ferror(fp)) {
		warn("%s", path);
		rc = -1;
	}
	if (rc == 0 && found == 0 && (lineno > 0 || !c->opts.allow_empty)) {
		if (lineno == 0)
			warnx("%s: empty: no summary record (a mapper that "
			    "failed?  --allow-empty accepts it)", path);
		else
			warnx("%s: no summary record in it (write partials "
			    "with --output summary-json or ndjson)", path);
		rc = -1;
	}
	free(line);
	if (!is_stdin)
		fclose(fp);
	return rc;
}

/* A manifest entry: an input expected by name (file or label). */
struct expected {
	char	*name;
	int	 found;
};

/* manifest_load - one name per line, or a JSON object per line with
 * "file" (and "label", which wins): `smtplog scan --plan` writes them. */
static struct expected *
manifest_load(const char *path, size_t *n, struct htab *byname)
{
	struct expected	*e = NULL;
	FILE		*fp;
	char		*line = NULL;
	const char	*name;
	size_t		 cap = 0, len;
	ssize_t		 r;
	json_t		*j;

	*n = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return NULL;
	}
	while ((r = getline(&line, &cap, fp)) != -1) {
		len = (size_t)r;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		j = line[0] == '{' ? json_loadb(line, len, 0, NULL) : NULL;
		name = line;
		if (j != NULL) {
			name = json_string_value(json_object_get(j, "label"));
			if (name == NULL)
				name = json_string_value(json_object_get(j,
				    "file"));
		}
		if (name != NULL && htab_get(byname, name) == NULL) {
			e = xreallocarray(e, *n + 1, sizeof(*e));
			e[*n].name = xstrdup(name);
			e[*n].found = 0;
			htab_put(byname, name, (void *)(uintptr_t)(*n + 1));
			(*n)++;
		}
		json_decref(j);
	}
	free(line);
	fclose(fp);
	return e != NULL ? e : xcalloc(1, sizeof(*e));
}

/* manifest_check - every expected input is among the merged ones. */
static int
manifest_check(struct merge_cmd *c, const struct summary *s)
{
	struct htab	*byname = htab_new();
	struct expected	*e;
	size_t		 n, i, missing = 0, extra = 0;
	uintptr_t	 k;

	if ((e = manifest_load(c->opts.manifest, &n, byname)) == NULL) {
		htab_free(byname, NULL);
		return -1;
	}
	for (i = 0; i < s->ninputs; i++) {
		const struct summary_input *in = &s->inputs[i];

		k = in->label != NULL ? (uintptr_t)htab_get(byname,
		    in->label) : 0;
		if (k == 0)
			k = (uintptr_t)htab_get(byname, in->name);
		if (k != 0)
			e[k - 1].found = 1;
		else if (extra++ < SHOW_MAX)
			warnx("%s: merged, but not in the manifest %s",
			    in->label != NULL ? in->label : in->name,
			    c->opts.manifest);
	}
	for (i = 0; i < n; i++)
		if (!e[i].found && missing++ < SHOW_MAX)
			warnx("%s: expected (%s), but in no partial",
			    e[i].name, c->opts.manifest);
	if (missing > 0)
		warnx("merge: %zu of the %zu inputs of %s missing", missing, n,
		    c->opts.manifest);
	if (extra > SHOW_MAX)
		warnx("merge: %zu inputs not in %s", extra, c->opts.manifest);
	for (i = 0; i < n; i++)
		free(e[i].name);
	free(e);
	htab_free(byname, NULL);
	return missing > 0 ? -1 : 0;
}

int
merge_cmd_check(struct merge_cmd *c)
{
	const struct summary	*s = merge_summary(c->m);
	int			 rc = 0;

	if (c->opts.expect >= 0 && s->ninputs != (size_t)c->opts.expect) {
		warnx("merge: %zu input%s merged, %ld expected%s", s->ninputs,
		    s->ninputs == 1 ? "" : "s", c->opts.expect,
		    s->ninputs < (size_t)c->opts.expect ?
		    ": a partial is missing" : "");
		rc = -1;
	}
	if (c->opts.manifest != NULL && manifest_check(c, s) != 0)
		rc = -1;
	return rc;
}

int
cli_merge(const struct cli_opts *o)
{
	static char *const	 stdin_arg[] = { "-" };
	char *const		*args = o->nargs ? o->args : stdin_arg;
	size_t			 nargs = o->nargs ? o->nargs : 1, i;
	const struct report_ops	*ops;
	struct report_opts	 ropts;
	struct merge_cmd_opts	 mo;
	struct merge_cmd	*c;
	const char		*v;
	void			*w;
	int			 status = EXIT_OK;

	/* Only the summary record: the other writers need the findings. */
	if (o->output != NULL && strcmp(o->output, "summary-json") != 0) {
		warnx("merge writes summary-json only, not %s", o->output);
		return EXIT_USAGE;
	}
	memset(&mo, 0, sizeof(mo));
	mo.allow_empty = o->allow_empty;
	mo.expect = o->expect;
	mo.manifest = o->manifest;
	c = merge_cmd_new(&mo);
	for (i = 0; i < nargs; i++)
		if (merge_cmd_read(c, args[i]) != 0)
			status = EXIT_TROUBLE;
	if (merge_cmd_repeats(c) > SHOW_MAX)
		warnx("merge: %lu repeated partials skipped in all",
		    merge_cmd_repeats(c));
	if (status == EXIT_OK && merge_cmd_check(c) != 0)
		status = EXIT_TROUBLE;
	if (status != EXIT_OK) {
		warnx("merge: nothing written: a partial is missing or bad");
		goto out;
	}
	ops = report_find("summary-json");
	memset(&ropts, 0, sizeof(ropts));
	v = merge_version(merge_cmd_result(c));
	ropts.version = v != NULL ? v : SMTPLOG_VERSION;
	w = ops->open(stdout, &ropts);
	if (ops->finish(w, merge_summary(merge_cmd_result(c))) != 0 ||
	    fflush(stdout) != 0) {
		warn("standard output: write error");
		status = EXIT_TROUBLE;
	}
	ops->free(w);
out:
	merge_cmd_free(c);
	return status;
}
