/*
 * stop.c - SIGINT and SIGTERM as a request to stop (stop.h): the handler
 * records the first and, on a second, ends the process.  Who stops and
 * how is the reading loops' business.
 */
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "stop.h"

/* Lock-free, so the handler may store it and any thread load it. */
static atomic_int	requested;

static void
on_signal(int sig)
{
	int	none = 0;

	if (atomic_compare_exchange_strong(&requested, &none, sig))
		return;
	/* The second: at once, with the status a shell shows for a death
	 * by the signal (re-raising it with the default action is not
	 * delivered at once under ThreadSanitizer). */
	_exit(128 + sig);
}

void
stop_catch(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
}

int
stop_signal(void)
{
	return atomic_load_explicit(&requested, memory_order_relaxed);
}

int
stop_exit_status(void)
{
	return 128 + stop_signal();
}
