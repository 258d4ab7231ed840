/*
 * gzdec.h - one gzip member at a time, inflated by zlib or, when built
 * with `make ISAL=1`, by ISA-L's igzip (several times faster on x86-64).
 * input.c owns the compressed bytes and the members' framing (padding,
 * trailing garbage, offsets in messages); this only inflates.
 */
#ifndef GZDEC_H
#define GZDEC_H

#include <stddef.h>

struct gzdec;

enum gzd_rc {
	GZD_OK,		/* made progress, or needs more input */
	GZD_END,	/* the member ended (its checksum was right) */
	GZD_ERR		/* corrupt data; gzd_error() says what */
};

/* gzd_new - a decoder at the start of a member (out of memory is fatal;
 * NULL only if zlib cannot start). */
struct gzdec	*gzd_new(void);
void		 gzd_free(struct gzdec *);

/* gzd_reset - start the next member, keeping the input window. */
void		 gzd_reset(struct gzdec *);

/*
 * The input window: the compressed bytes the decoder has not taken yet.
 * gzd_set_input hands it a new window (borrowed until the next one).
 */
void		 gzd_set_input(struct gzdec *, unsigned char *p, size_t n);
unsigned char	*gzd_next_in(const struct gzdec *);
size_t		 gzd_avail_in(const struct gzdec *);

/*
 * gzd_run - inflate into dst, at most n bytes; *got is what came out.
 * GZD_OK with *got 0 and input left means no progress was possible.
 */
enum gzd_rc	 gzd_run(struct gzdec *, char *dst, size_t n, size_t *got);

/* gzd_error - what the last GZD_ERR found, borrowed. */
const char	*gzd_error(const struct gzdec *);

/* gzd_check_failed - 1 when the last GZD_ERR was the member's check at
 * its end (CRC-32 or length): the damage is somewhere in the member. */
int		 gzd_check_failed(const struct gzdec *);

/*
 * Deflate blocks, to place damage.  gzd_run stops at the end of each
 * block (zlib; ISA-L's igzip does not stop there, so with it a boundary is
 * seen only when a run happens to end on one).  gzd_new_block - 1 when the
 * last run ended where a new block starts; gzd_block_in - the compressed
 * bytes from the member's first byte to where the current block starts
 * (the byte holding its first bit; the gzip header's length before the
 * first block).
 */
int		 gzd_new_block(const struct gzdec *);
unsigned long long gzd_block_in(const struct gzdec *);
/* gzd_block_word - "block" when every block start is seen (zlib), else
 * "data" (igzip: the last start seen, maybe the member's). */
const char	*gzd_block_word(void);

/* gzd_cheap - 1 when inflating costs a small part of scanning the text
 * it makes (igzip: 55 M instructions on 8 MiB of Postfix log, against
 * zlib's 133 M and a one-thread scan's 200 M). */
int		 gzd_cheap(void);

/* gzd_library - "zlib 1.2.13" or "isa-l": for --version. */
const char	*gzd_library(void);

#endif /* GZDEC_H */
