/*
 * main.c - smtplog entry point: allocation hooks, option parsing, dispatch
 * to a command and its exit status.  No logic of its own.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/log.h"
#include "lib/msg.h"
#include "lib/xmalloc.h"

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
	if (strcmp(o.command, "rules") == 0)
		r = cli_rules(&o);
	else if (strcmp(o.command, "merge") == 0)
		r = cli_merge(&o);
	else if (strcmp(o.command, "trace") == 0)
		r = cli_trace(&o);
	else if (strcmp(o.command, "explain") == 0)
		r = cli_explain(&o);
	else
		r = cli_scan(&o);
	msg_reset();	/* the catalogue's copies, for leak checkers */
	return r;
}
