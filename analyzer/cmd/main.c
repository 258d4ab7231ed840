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

/* The commands; cli_parse has checked the name (scan, the last, is
 * where the search ends). */
static const struct command {
	const char	*name;
	int		(*run)(const struct cli_opts *);
} commands[] = {
	{ "trace",	cmd_trace },
	{ "explain",	cli_explain },
	{ "rules",	cmd_rules },
	{ "merge",	cli_merge },
	{ "scan",	cmd_scan },
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
	size_t		i;
	int		r;

	json_set_alloc_funcs(json_xmalloc, free);
	log_init("smtplog");
	if ((r = cli_parse(argc, argv, &o)) != 0)
		return r > 0 ? EXIT_OK : EXIT_USAGE;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]) - 1; i++)
		if (strcmp(o.command, commands[i].name) == 0)
			break;
	r = commands[i].run(&o);
	msg_reset();	/* the catalogue's copies, for leak checkers */
	return r;
}
