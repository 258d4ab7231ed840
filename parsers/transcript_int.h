/*
 * transcript_int.h - private to the transcript parser (transcript*.c):
 * what one line of a transcript is, by its prefix.
 */
#ifndef TRANSCRIPT_INT_H
#define TRANSCRIPT_INT_H

#include <stddef.h>

enum tl_kind {
	TL_PROSE,	/* no known prefix: prose, or a bare dialogue line */
	TL_BLANK,	/* empty or white space */
	TL_CLIENT,	/* a prefixed client line */
	TL_SERVER,	/* a prefixed server line */
	TL_ANGLE_LT,	/* "< x": client or server, decided per file */
	TL_ANGLE_GT,	/* "> x" */
	TL_OPEN,	/* a connection starts (swaks "=== Trying", ...) */
	TL_CLOSE,	/* it ends ("=== Connection closed", ...) */
	TL_NOISE	/* a line of a known tool that carries no dialogue */
};

/* Direction a style implies: who captured the dialogue. */
enum tl_side {
	TL_SIDE_UNKNOWN,
	TL_SIDE_SERVER,	/* the server's transcript: replies are inbound */
	TL_SIDE_CLIENT	/* the client's capture: replies are outbound */
};

struct tl {
	enum tl_kind	 kind;
	const char	*s;		/* payload (the dialogue line) */
	size_t		 n;
	const char	*style;		/* static: "swaks", "smtplib", ... */
	enum tl_side	 side;
	int		 split;		/* payload may hold literal "\r\n"
					 * between pipelined lines */
	int		 pyrepr;	/* payload is a Python bytes repr */
	const char	*peer;		/* OPEN: host or address named */
	size_t		 peerlen;
};

/* tl_classify - what line[0..len) is; 1 when the prefix is a strong sign
 * of a transcript (for probing), else 0. */
int	tl_classify(const char *line, size_t len, struct tl *out);

#endif /* TRANSCRIPT_INT_H */
