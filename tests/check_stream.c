/*
 * check_stream.c - tests for stream.c and its reading by input.c: a name
 * bound to a pipe is read as an input of that name, once; its program's
 * verdict at the end of its bytes is asked once, and a failure becomes a
 * read error after every line; an untaken descriptor is closed on unbind.
 * The pipes are filled before reading (the data fits their buffer).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan/input.h"
#include "scan/stream.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* What the done function was told and what it answers. */
struct verdict {
	int		 calls;
	const char	*fail;	/* NULL: success; else the message */
};

static int
done(void *arg, char *msg, size_t size)
{
	struct verdict	*v = arg;

	v->calls++;
	if (v->fail == NULL)
		return 0;
	snprintf(msg, size, "%s", v->fail);
	return -1;
}

/* piped - the read end of a pipe that holds data and is closed. */
static int
piped(const char *data)
{
	int	fds[2];

	ck_assert(pipe(fds) == 0);
	ck_assert(write(fds[1], data, strlen(data)) == (ssize_t)strlen(data));
	close(fds[1]);
	return fds[0];
}

/* The end of the bytes: a good end, a failed one (its message is the
 * input's error), with and without a final newline, with no byte at
 * all (journalctl that failed before writing). */
static const struct {
	const char	*data, *fail;
	unsigned long	 lines;
	int		 rc;
} ends[] = {
	{ "{\"MESSAGE\":\"a\"}\n{\"MESSAGE\":\"b\"}\n", NULL, 2, 0 },
	{ "{\"MESSAGE\":\"a\"}\n{\"MESSAGE\":\"b\"}", NULL, 2, 0 },
	{ "", NULL, 0, 0 },
	{ "one\ntwo\n", "journalctl failed (exit status 1)", 2, -1 },
	{ "one\ntwo", "journalctl failed (killed by signal 9)", 2, -1 },
	{ "", "journalctl failed (exit status 1): No journal files were "
	    "opened due to insufficient permissions", 0, -1 },
};

START_TEST(test_stream_end)
{
	struct verdict	 v = { 0, ends[_i].fail };
	struct input	*in;
	const char	*line;
	size_t		 len;
	unsigned long	 n = 0;
	time_t		 t0 = time(NULL);
	int		 rc;

	stream_bind("journal", piped(ends[_i].data), done, &v);
	ck_assert_msg((in = input_open("journal", 0)) != NULL,
	    "input_open: %s", strerror(errno));
	while ((rc = input_next(in, &line, &len)) == 1)
		n++;
	ck_assert_msg(rc == ends[_i].rc, "got rc %d, want %d", rc,
	    ends[_i].rc);
	ck_assert_msg(n == ends[_i].lines, "got %lu lines, want %lu", n,
	    ends[_i].lines);
	ck_assert_msg(v.calls == 1, "got %d verdicts, want 1", v.calls);
	ck_assert_msg(strcmp(input_error(in), ends[_i].fail != NULL ?
	    ends[_i].fail : "") == 0, "got error '%s'", input_error(in));
	/* Asked again, the end is the same, and not asked twice. */
	ck_assert(input_next(in, &line, &len) == ends[_i].rc);
	ck_assert_msg(v.calls == 1, "got %d verdicts, want 1", v.calls);
	ck_assert_msg(strcmp(input_name(in), "journal") == 0, "got name %s",
	    input_name(in));
	ck_assert(!input_regular(in));
	ck_assert(input_mtime(in) >= t0 && input_mtime(in) <= time(NULL) + 1);
	input_close(in);
	stream_unbind();
}
END_TEST

START_TEST(test_stream_once)
{
	struct verdict	 v = { 0, NULL };
	struct input	*in;
	int		 fd = piped("x\n");

	ck_assert(!stream_is("journal"));
	stream_bind("journal", fd, done, &v);
	ck_assert(stream_is("journal"));
	ck_assert(stream_is("-"));
	ck_assert(!stream_is("journal.1"));
	ck_assert((in = input_open("journal", 0)) != NULL);
	/* A stream is read once. */
	errno = 0;
	ck_assert(input_open("journal", 0) == NULL);
	ck_assert_msg(errno == EBADF, "got errno %d, want EBADF", errno);
	input_close(in);
	/* The input closed the descriptor it took; unbinding leaves it. */
	ck_assert(fcntl(fd, F_GETFD) == -1 && errno == EBADF);
	stream_unbind();
	ck_assert(!stream_is("journal"));
	ck_assert_msg(v.calls == 0, "got %d verdicts before the end, want 0",
	    v.calls);
}
END_TEST

START_TEST(test_stream_unbind_closes)
{
	int	fd = piped("never read\n");

	stream_bind("journal", fd, done, NULL);
	stream_unbind();
	ck_assert_msg(fcntl(fd, F_GETFD) == -1 && errno == EBADF,
	    "an untaken descriptor is closed on unbind");
	/* Other names are files as before. */
	errno = 0;
	ck_assert(input_open("journal", 0) == NULL);
	ck_assert_msg(errno == ENOENT, "got errno %d, want ENOENT", errno);
	stream_unbind();	/* without a binding: nothing */
}
END_TEST

Suite *
stream_suite(void)
{
	Suite	*s = suite_create("stream");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_stream_end, 0, NELEM(ends));
	tcase_add_test(tc, test_stream_once);
	tcase_add_test(tc, test_stream_unbind_closes);
	suite_add_tcase(s, tc);
	return s;
}
