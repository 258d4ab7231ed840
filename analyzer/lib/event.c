/*
 * event.c - names of event enums and the reset of an event; the event
 * itself is plain data (event.h).
 */
#include <string.h>

#include "event.h"

static const char *const kind_names[EV__COUNT] = {
	[EV_CONNECT] = "connect",
	[EV_GREETING] = "greeting",
	[EV_HELO] = "helo",
	[EV_COMMAND] = "command",
	[EV_REPLY] = "reply",
	[EV_REJECT] = "reject",
	[EV_NOTE] = "note",
	[EV_MSG_QUEUED] = "queued",
	[EV_MSG_INFO] = "message-info",
	[EV_DELIVERY] = "delivery",
	[EV_BOUNCE] = "bounce",
	[EV_MSG_REMOVED] = "removed",
	[EV_DISCONNECT] = "disconnect",
	[EV_LOG] = "log",
};

const char *
ev_kind_name(enum ev_kind k)
{
	if ((unsigned)k >= EV__COUNT)
		return "?";
	return kind_names[k];
}

const char *
ev_dir_name(enum ev_dir d)
{
	switch (d) {
	case EV_DIR_IN:
		return "inbound";
	case EV_DIR_OUT:
		return "outbound";
	default:
		return NULL;
	}
}

const char *
ev_code_src_name(enum ev_code_src s)
{
	switch (s) {
	case EV_CODE_LOGGED:
		return "logged";
	case EV_CODE_INFERRED:
		return "inferred";
	default:
		return NULL;
	}
}

void
ev_clear(struct smtp_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->pid = -1;
}
