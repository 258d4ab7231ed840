/*
 * report_time.c - a log time as every writer shows it: ISO 8601 in UTC,
 * with microseconds only when the log had them (report_isotime).
 */
#include <stdio.h>
#include <time.h>

#include "report.h"

char *
report_isotime(char *buf, time_t when, int usec)
{
	struct tm	tm;
	size_t		n;

	buf[0] = '\0';
	if (when == 0 || gmtime_r(&when, &tm) == NULL)
		return NULL;
	if ((n = strftime(buf, REPORT_TIMELEN, "%Y-%m-%dT%H:%M:%S", &tm)) == 0)
		return NULL;
	/* A microsecond part only when the log had one: most syslog lines
	 * are whole seconds, and "…:42.000000Z" would only add noise. */
	if (usec > 0 && usec < 1000000)
		snprintf(buf + n, REPORT_TIMELEN - n, ".%06dZ", usec);
	else
		snprintf(buf + n, REPORT_TIMELEN - n, "Z");
	return buf;
}
