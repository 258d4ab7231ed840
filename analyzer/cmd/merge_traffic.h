/*
 * merge_traffic.h - merge's reading of the summaries' "period" and
 * "traffic" objects (merge_traffic.c).  Private to merge.c.
 */
#ifndef MERGE_TRAFFIC_H
#define MERGE_TRAFFIC_H

#include <jansson.h>
#include <stddef.h>

struct traffic;

/*
 * merge_traffic_add - add the partial summary rec's period and traffic
 * into acc; *absent is set when rec has no traffic (an older partial:
 * the merged traffic is then unknown), *limit raised to its top limit.
 * NULL, or what is wrong with rec.
 */
const char	*merge_traffic_add(struct traffic *acc, const json_t *rec,
		    int *absent, size_t *limit);

#endif /* MERGE_TRAFFIC_H */
