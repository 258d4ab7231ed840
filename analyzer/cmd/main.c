/*
 * main.c - smtplog entry point: allocation hooks, option parsing, dispatch
 * to a command and its exit status.  No logic of its own.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_int.h"
#include "lib/log.h"
#include "lib/msg.h"
#include "lib/xmalloc.h"

/* The commands, by the id cli_parse gives them. */
static int (*const commands[CLI__COUNT])(const struct cli_opts *) = {
	[CLI_SCAN] = cmd_scan,
	[CLI_TRACE] = cmd_trace,
	[CLI_EXPLAIN] = cli_explain,
	[CLI_RULES] = cmd_rules,
	[CLI_MERGE] = cli_merge,
};

static void *
json_xmalloc(size_t n)
{
	return xmalloc(n);
}

int
main(int argc, char **argv)
{
	struct cli_opts	o;
	int		r;

	json_set_alloc_funcs(json_xmalloc, free);
	log_init("smtplog");
	if ((r = cli_parse(argc, argv, &o)) != 0)
		return r > 0 ? EXIT_OK : EXIT_USAGE;
	r = commands[o.id](&o);
	msg_reset();	/* the catalogue's copies, for leak checkers */
	return r;
}
