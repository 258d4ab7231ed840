/*
 * stop.h - a stop asked for by SIGINT or SIGTERM.  The first signal only
 * sets the request: the reading loops look at it and end their input
 * there as if it ended, so that the record being written is finished and
 * the summary still goes out (saying it was interrupted).  A second
 * signal ends the process at once (_exit, 128 + the signal).
 */
#ifndef STOP_H
#define STOP_H

/*
 * stop_catch - install the handlers.  SA_RESTART: a write blocked on a
 * slow reader of the output is not broken by the first signal (the
 * record it writes is finished); reads that may wait for ever (pipes)
 * look at the request themselves (input.c).
 */
void	stop_catch(void);

/* stop_signal - the signal that asked to stop (SIGINT, SIGTERM), or 0.
 * Any thread may ask. */
int	stop_signal(void);

/* stop_exit_status - 128 + the signal, as a shell reports it. */
int	stop_exit_status(void);

#endif /* STOP_H */
