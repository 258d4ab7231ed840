/*
 * pattern_advice.c - what each session-level pattern is called, its
 * documented threshold, how the options change thresholds, and the advice
 * per pattern and direction.  Detecting the patterns is pattern.c's job.
 *
 * The advice is a table here rather than rule files: a pattern is not a
 * reply text to match, and its advice depends only on its name and
 * direction.  Its texts are messages of the catalogue (lib/msg_pat.h),
 * translated as the report's own words are.  doc/patterns.md documents
 * the same table.
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
	    MSG_PAT_REPEAT_IN_TITLE, MSG_PAT_REPEAT_IN_MEANING,
	    MSG_PAT_REPEAT_IN_WHEN, MSG_PAT_REPEAT_IN_FIX },
	{ PAT_PIPELINING, EV_DIR_IN, "pipelining-violation", "local-admin",
	    "warning",
	    MSG_PAT_PIPELINING_IN_TITLE, MSG_PAT_PIPELINING_IN_MEANING,
	    MSG_PAT_PIPELINING_IN_WHEN, MSG_PAT_PIPELINING_IN_FIX },
	{ PAT_PROBE, EV_DIR_IN, "unknown-command", "local-admin", "info",
	    MSG_PAT_PROBE_IN_TITLE, MSG_PAT_PROBE_IN_MEANING,
	    MSG_PAT_PROBE_IN_WHEN, MSG_PAT_PROBE_IN_FIX },
	{ PAT_SUBMISSION, EV_DIR_IN, NULL, "sending-client", "warning",
	    MSG_PAT_SUBMISSION_IN_TITLE, MSG_PAT_SUBMISSION_IN_MEANING,
	    MSG_PAT_SUBMISSION_IN_WHEN, MSG_PAT_SUBMISSION_IN_FIX },
	{ PAT_SUBMISSION, EV_DIR_OUT, NULL, "local-admin", "error",
	    MSG_PAT_SUBMISSION_OUT_TITLE, MSG_PAT_SUBMISSION_OUT_MEANING,
	    MSG_PAT_SUBMISSION_OUT_WHEN, MSG_PAT_SUBMISSION_OUT_FIX },
	{ PAT_HARVEST, EV_DIR_IN, "command-disabled", "local-admin", "notice",
	    MSG_PAT_HARVEST_IN_TITLE, MSG_PAT_HARVEST_IN_MEANING,
	    MSG_PAT_HARVEST_IN_WHEN, MSG_PAT_HARVEST_IN_FIX },
	{ PAT_GREETING, EV_DIR_IN, "greeting-rejection", "local-admin",
	    "error",
	    MSG_PAT_GREETING_IN_TITLE, MSG_PAT_GREETING_IN_MEANING,
	    MSG_PAT_GREETING_IN_WHEN, MSG_PAT_GREETING_IN_FIX },
	{ PAT_PROVIDER, EV_DIR_OUT, NULL, "local-admin", "error",
	    MSG_PAT_PROVIDER_OUT_TITLE, MSG_PAT_PROVIDER_OUT_MEANING,
	    MSG_PAT_PROVIDER_OUT_WHEN, MSG_PAT_PROVIDER_OUT_FIX },
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
