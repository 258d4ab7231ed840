/*
 * input.h - read one input (a file or "-" for stdin) as lines.  gzip is
 * detected by its magic bytes, not by the name, and multi-member gzip is
 * read through.  Input is read in large blocks and split with memchr, so
 * memory stays bounded whatever the size of the input.
 *
 * Each line comes without its "\n" (and a "\r" before it), NUL-terminated,
 * with any NUL byte inside replaced by a space (counted), and cut at the
 * line bound (counted; the rest of that line is skipped).  A last line
 * without a final newline is still a line, and a "\r" ending it is
 * stripped as well.
 *
 * Memory is two fixed buffers of about 256 KiB plus maxline, whatever the
 * input holds, and for a gzip file four more blocks of 256 KiB: a thread
 * inflates it ahead of the reader (a pipe is inflated inline).  NUL bytes after a complete gzip member are padding and are
 * ignored (as gzip(1) does); any other trailing bytes are an error.
 */
#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>
#include <time.h>

#define INPUT_DEFAULT_MAXLINE	(64 * 1024)
/* Text hashed at each end of an input for its content identity. */
#define INPUT_ID_BYTES		(64 * 1024)

struct input;

struct input_stats {
	unsigned long		 lines;
	unsigned long		 truncated;	/* lines cut at the bound */
	unsigned long		 nul_lines;	/* lines that held NUL bytes */
	unsigned long		 damaged;	/* lines from damaged gzip data */
	unsigned long long	 bytes;		/* uncompressed bytes read */
	unsigned long long	 raw_bytes;	/* bytes read from the file */
	int			 compressed;	/* 1 when gzip */
};

/*
 * input_open - open path ("-" is stdin; a named stream, stream.h, is its
 * descriptor, and a failure of its program reported at its end is a read
 * error) with lines cut at maxline bytes (0: INPUT_DEFAULT_MAXLINE).
 * Returns NULL and sets errno when the file cannot be opened or is a
 * directory (EISDIR), when the first read fails, when a named stream was
 * taken before (EBADF), or EINVAL when maxline is too large to buffer.  The first bytes are read
 * here to tell gzip from text, so this may block on a pipe.  The caller
 * owns the result and frees it with input_close().
 */
struct input	*input_open(const char *path, size_t maxline);

/*
 * input_open_head - input_open for a look at the head of a file: at most
 * limit bytes read from it (compressed bytes for gzip) and at most limit
 * bytes of text; the reading ends there as at the end of the file, but
 * without a last line cut by the limit, and input_cut() says so.
 * limit 0: no limit (input_open).
 */
struct input	*input_open_head(const char *path, size_t maxline,
		    size_t limit);

/* input_cut - 1 once input_open_head's limit ended the reading before the
 * end of the input. */
int		 input_cut(const struct input *);

/*
 * input_next - the next line: 1 with *line and *len set (valid until the next
 * call), 0 at the end, -1 on a read or decompression error (see
 * input_error()); lines before the error were all returned, a partial
 * last line included.  The line is borrowed from the input and may be
 * modified by the caller up to line[len].  Once it has returned 0 or -1,
 * every further call returns the same value.
 */
int		 input_next(struct input *, const char **line, size_t *len);

/*
 * input_error - text of the last -1, naming the byte offset in the
 * compressed file and, for damaged gzip, the member and deflate block,
 * e.g. "gzip data truncated in member 1 (from byte 0): the file ends at
 * byte 1043 inside the deflate block from byte 980; 12 lines from it
 * counted as damaged" (those lines are stats.damaged); "" when there was
 * no error.  Borrowed until input_close().
 */
const char	*input_error(const struct input *);

/* input_ascii - 1 when the line last returned holds no byte above 0x7f
 * (known from the block it came in, so its UTF-8 needs no check). */
int		 input_ascii(const struct input *);

/* input_lineno - number of the line last returned (1-based). */
unsigned long	 input_lineno(const struct input *);

/* input_mtime - the file's modification time (now for stdin and a named
 * stream). */
time_t		 input_mtime(const struct input *);

/* input_regular - 1 when the input is a regular file (reads never wait
 * for a writer), 0 for stdin, pipes, FIFOs and devices. */
int		 input_regular(const struct input *);

/* input_busy_inflate - 1 when a thread of its own inflates the input and
 * keeps a core busy doing it (zlib's, not igzip's: gzd_cheap()), else 0. */
int		 input_busy_inflate(const struct input *);

/* input_inflate_ns - the CPU time, in nanoseconds, that the input's
 * inflate thread had used when it made the last block read (0 without
 * one). */
long long	 input_inflate_ns(const struct input *);

/* input_name - the path as given ("-" for stdin), borrowed. */
const char	*input_name(const struct input *);

/*
 * input_stats - counters so far, borrowed until input_close();
 * compressed is known from input_open() on.
 */
const struct input_stats *input_stats(const struct input *);

/*
 * input_identity - the content identity of the text read so far into buf
 * (INPUT_ID_LEN bytes): "SIZE-HEAD-TAIL", the bytes of uncompressed text,
 * then FNV-1a 64 (lib/fnv.h) of its first and of its last INPUT_ID_BYTES
 * bytes (the same bytes when the text is shorter), 16 hex digits each.
 * Read to its end, an input has the same identity plain or gzip, whatever
 * its name, on any machine.  Returns buf.
 */
#define INPUT_ID_LEN	56
char		*input_identity(const struct input *, char *buf);

/* input_close - free the input and close its file (never stdin); NULL is
 * ignored. */
void		 input_close(struct input *);

#endif /* INPUT_H */
