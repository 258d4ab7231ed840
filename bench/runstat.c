/*
 * runstat.c - run one command and print its wall time and peak RSS, for
 * bench.sh: "SECONDS MAXRSS_KB STATUS" on stdout.  Standard output of the
 * command goes to -o FILE (default /dev/null), standard input comes from
 * -i FILE (default /dev/null), so that no shell sits in the measurement.
 *
 *   runstat [-i IN] [-o OUT] -- COMMAND [ARG]...
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const char	*in = "/dev/null", *out = "/dev/null";
	struct timespec	 t0, t1;
	struct rusage	 ru;
	pid_t		 pid;
	int		 i = 1, st, fd;

	for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
		if (i + 1 >= argc)
			break;
		if (strcmp(argv[i], "-i") == 0)
			in = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			out = argv[i + 1];
		else
			break;
	}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
		fprintf(stderr, "usage: runstat [-i IN] [-o OUT] -- CMD [ARG]...\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("runstat: fork");
		return 1;
	}
	if (pid == 0) {
		if ((fd = open(in, O_RDONLY)) < 0 || dup2(fd, 0) < 0) {
			perror(in);
			_exit(126);
		}
		close(fd);
		if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
		    dup2(fd, 1) < 0) {
			perror(out);
			_exit(126);
		}
		close(fd);
		execvp(argv[i + 1], argv + i + 1);
		perror(argv[i + 1]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("runstat: wait4");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %ld %d\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
	    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return 0;
}
