/*
 * follow.h - read a growing log file as lines, as tail -F does: wait for
 * the file to appear, keep reading as it grows, survive rotation (the path
 * renamed and a new file created there: the old file is read to its end,
 * then the path reopened, told by a change of device or inode) and
 * truncation in place (copytruncate: the size falls below the read offset,
 * or the last bytes before it, read again before reading on after the
 * end, changed: refilled past it between two polls; reading starts again
 * at 0).  Nothing blocks: follow_next says when there
 * is no line yet, and the caller sleeps (follow_wait) or stops.
 *
 * The path may also be a named stream (stream.h): its descriptor is read
 * as it comes, without a position, rotation or truncation; its end ends
 * the following (follow_next -1, with its program's verdict).
 *
 * Lines are as input.h gives them: without "\n" (and a "\r" before it),
 * NUL-terminated, NUL bytes inside replaced by spaces (counted), cut at the
 * line bound (counted; the rest of that line skipped).  A last line without
 * its newline is held until the newline comes, or handed over as a line
 * when its file is rotated away or truncated, and by follow_rest at the
 * end.
 */
#ifndef FOLLOW_H
#define FOLLOW_H

#include <stddef.h>
#include <sys/types.h>

#define FOLLOW_POLL_MS	250	/* follow_wait's sleep */

struct follow;

struct follow_stats {
	unsigned long		 lines;
	unsigned long		 truncated;	/* lines cut at the bound */
	unsigned long		 nul_lines;	/* lines that held NUL bytes */
	unsigned long long	 bytes;		/* bytes read */
	unsigned long		 rotations;	/* files reopened after rotation */
	unsigned long		 truncations;	/* restarts at 0 after truncation */
};

/*
 * follow_new - follow path, lines cut at maxline bytes (0: 64 KiB; at most
 * 1 MiB).  from_start: read what the file holds already; otherwise start at
 * its end, as now (a file that appears later, or after a rotation, is read
 * from its start either way).  notice, when not NULL, is called with a
 * message for the user (waiting for the file, rotated, truncated), the text
 * borrowed for the call.  Nothing is opened yet.  The caller owns the
 * result and frees it with follow_free().
 */
struct follow	*follow_new(const char *path, size_t maxline, int from_start,
		    void (*notice)(void *arg, const char *msg), void *arg);

/*
 * follow_next - the next line: 1 with *line and *len set (borrowed until the
 * next call); 0 when there is none yet (the file is missing or, after a
 * rotation, not readable yet; or read to its end); -1 on an error that
 * stops following (the path is not a regular file, cannot be opened at
 * first, a read failed; see follow_error()).
 */
int		 follow_next(struct follow *, const char **line, size_t *len);

/*
 * follow_rest - at the end, without reading more: the lines read already
 * but not handed out yet, one per call as follow_next gives them (1), the
 * last one possibly without its newline; 0 when none is left.
 */
int		 follow_rest(struct follow *, const char **line, size_t *len);

/*
 * A place in a followed file, to resume at after a restart: the file
 * (device and inode), the offset of the first byte not handed out as a
 * line yet, and a fingerprint of the file's first bytes (FNV-1a 64 of
 * the first hlen, at most FOLLOW_HEAD), so that an inode used again by
 * another file, or a file emptied and refilled, is not taken for it.
 */
#define FOLLOW_HEAD	256

struct follow_pos {
	unsigned long long	 dev, ino;
	unsigned long long	 off;
	unsigned long long	 head;
	unsigned		 hlen;
};

/*
 * follow_position - where the lines handed out so far end, in the file
 * open now (the old one while a rotated file is read out): 0 with *pos
 * set; -1 when no file is open (not yet, or waiting for one to appear),
 * or for a named stream.
 */
int		 follow_position(struct follow *, struct follow_pos *pos);

/*
 * follow_resume - before the first follow_next: start at *pos (copied)
 * instead of the end or the start of the file.  At the first open:
 * the same file and at least pos->off long: read on from pos->off; the
 * same inode but shorter or another head (truncated or replaced while
 * stopped): from its start; another file (rotated while stopped): the
 * rest of the old one first when it is still in the same directory under
 * another name (mail.log.1), then the new one from its start.  Each case
 * but the first is said through notice.
 */
void		 follow_resume(struct follow *, const struct follow_pos *pos);

/* follow_wait - sleep FOLLOW_POLL_MS, or less when a signal comes. */
void		 follow_wait(void);

/* follow_error - text of the last -1, borrowed until follow_free(). */
const char	*follow_error(const struct follow *);

/* follow_stats - counters so far, borrowed until follow_free(). */
const struct follow_stats *follow_stats(const struct follow *);

/* follow_free - close the file and free; NULL is ignored. */
void		 follow_free(struct follow *);

#endif /* FOLLOW_H */
