/*
 * cmd_int.h - what the command files (cmd.c, cmd_follow.c) share: the
 * sink that takes the session builder's findings to the pattern detector
 * and the writer.  Not for other modules.
 */
#ifndef CMD_INT_H
#define CMD_INT_H

#include "cli.h"
#include "finding.h"
#include "pattern.h"
#include "report.h"

struct cmd_sink {
	const struct report_ops	*ops;
	void			*ctx;
	struct pat		*pat;	/* session-level patterns */
};

/* cmd_sink_finding - a sess_config emit: the finding to the pattern
 * detector and the writer; cmd_sink_pattern - a pat_config emit. */
int	cmd_sink_finding(void *arg, const struct finding *f);
int	cmd_sink_pattern(void *arg, const struct pattern *p);

/* cmd_scan_follow - scan -F (cmd_follow.c); the exit status. */
int	cmd_scan_follow(const struct cli_opts *);

#endif /* CMD_INT_H */
