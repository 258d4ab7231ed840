/*
 * rewrap.c - the benchmark's generated syslog log (bench/gen.c) stored as
 * another system stores it: one journald JSON entry a line (journalctl
 * -o json: the fields journald writes, the message a JSON string), or
 * Kubernetes CRI lines around the classic ones.  The same messages, in
 * the same order, so that a row of bench.sh compares reading envelopes
 * with reading the classic log.  Deterministic: the same input gives the
 * same bytes.
 *
 * usage: rewrap journal|cri YEAR < classic.log > out
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* jstr - s[0..n) as the content of a JSON string. */
static void
jstr(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
}

/* stamp - "Mmm dd hh:mm:ss " at s of the year: its epoch, or -1. */
static time_t
stamp(const char *s, size_t n, int year)
{
	struct tm	tm;
	int		m;

	if (n < 16 || s[3] != ' ' || s[15] != ' ')
		return -1;
	for (m = 0; m < 12 && memcmp(s, mon[m], 3) != 0; m++)
		;
	if (m == 12)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = m;
	tm.tm_mday = atoi(s + 4);
	tm.tm_hour = atoi(s + 7);
	tm.tm_min = atoi(s + 10);
	tm.tm_sec = atoi(s + 13);
	return timegm(&tm);
}

int
main(int argc, char **argv)
{
	static char	 obuf[1 << 16], line[1 << 16];
	const char	*host, *prog, *pid, *msg, *e;
	size_t		 n, hl, pl, il;
	unsigned long	 k = 0;
	time_t		 t;
	struct tm	 tm;
	int		 journal, year;

	if (argc != 3 || (strcmp(argv[1], "journal") != 0 &&
	    strcmp(argv[1], "cri") != 0)) {
		fprintf(stderr, "usage: rewrap journal|cri YEAR\n");
		return 2;
	}
	journal = strcmp(argv[1], "journal") == 0;
	year = atoi(argv[2]);
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	while (fgets(line, sizeof(line), stdin) != NULL) {
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		k++;
		if ((t = stamp(line, n, year)) == -1)
			continue;
		if (!journal) {
			gmtime_r(&t, &tm);
			printf("%04d-%02d-%02dT%02d:%02d:%02d.%09luZ stdout F "
			    "%s\n", tm.tm_year + 1900, tm.tm_mon + 1,
			    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			    k % 1000000000UL, line);
			continue;
		}
		/* "host prog[pid]: msg" after the stamp. */
		host = line + 16;
		if ((e = strchr(host, ' ')) == NULL)
			continue;
		hl = (size_t)(e - host);
		prog = e + 1;
		pl = strcspn(prog, "[: ");
		pid = NULL;
		il = 0;
		if (prog[pl] == '[') {
			pid = prog + pl + 1;
			il = strspn(pid, "0123456789");
		}
		if ((msg = strstr(prog, ": ")) == NULL)
			continue;
		msg += 2;
		printf("{\"__CURSOR\":\"s=bench;i=%lx;b=0c0ffee;m=%lx;t=%llx;"
		    "x=%lx\",\"__REALTIME_TIMESTAMP\":\"%lld%06lu\","
		    "\"__MONOTONIC_TIMESTAMP\":\"%lu\",\"_BOOT_ID\":"
		    "\"0c0ffee0c0ffee0c0ffee0c0ffee0c0f\",\"_MACHINE_ID\":"
		    "\"1d2e3f4a5b6c7d8e9f001d2e3f4a5b6c\",\"_HOSTNAME\":\"",
		    k, k * 7, (long long)t, k * 13, (long long)t,
		    (k * 7919) % 1000000, k * 1000);
		jstr(host, hl);
		printf("\",\"PRIORITY\":\"6\",\"SYSLOG_FACILITY\":\"2\","
		    "\"_TRANSPORT\":\"syslog\",\"_UID\":\"0\",\"_GID\":\"0\","
		    "\"SYSLOG_IDENTIFIER\":\"");
		jstr(prog, pl);
		printf("\"");
		if (pid != NULL && il > 0) {
			printf(",\"SYSLOG_PID\":\"");
			jstr(pid, il);
			printf("\",\"_PID\":\"");
			jstr(pid, il);
			printf("\"");
		}
		printf(",\"_COMM\":\"smtpd\",\"_SYSTEMD_UNIT\":"
		    "\"postfix@-.service\",\"_SYSTEMD_CGROUP\":"
		    "\"/system.slice/system-postfix.slice/postfix@-.service\","
		    "\"MESSAGE\":\"");
		jstr(msg, strlen(msg));
		printf("\"}\n");
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("rewrap: write");
		return 1;
	}
	return 0;
}
