/*
 * follow_state.c - the state file of a follower: a follow position
 * written to and read from a small text file.  Finding the position in
 * the log again is follow.c's job.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "follow_state.h"
#include "lib/afile.h"

#define STATE_MAGIC	"smtplog-follow-state 1"

int
follow_state_load(const char *state, const char *path, struct follow_pos *pos,
    char *err, size_t errlen)
{
	char		 line[4096 + 16], file[4096 + 16];
	FILE		*fp;
	int		 ok;

	if ((fp = fopen(state, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	memset(pos, 0, sizeof(*pos));
	ok = fgets(line, sizeof(line), fp) != NULL &&
	    strcmp(line, STATE_MAGIC "\n") == 0 &&
	    fgets(file, sizeof(file), fp) != NULL &&
	    strncmp(file, "file ", 5) == 0 &&
	    fscanf(fp, "device %llu\ninode %llu\noffset %llu\nhead %u %llx\n",
	    &pos->dev, &pos->ino, &pos->off, &pos->hlen, &pos->head) == 5 &&
	    pos->hlen <= FOLLOW_HEAD && fgetc(fp) == EOF && !ferror(fp);
	fclose(fp);
	if (!ok) {
		snprintf(err, errlen, "not a state file of smtplog scan -F "
		    "(or damaged)");
		return -1;
	}
	file[strcspn(file, "\n")] = '\0';
	if (strcmp(file + 5, path) != 0) {
		snprintf(err, errlen, "the saved position is in %s, not in %s",
		    file + 5, path);
		return -1;
	}
	return 1;
}

int
follow_state_save(const char *state, const char *path,
    const struct follow_pos *pos)
{
	char	*tmp;
	FILE	*fp;

	if ((fp = afile_open(state, &tmp)) == NULL)
		return -1;
	fprintf(fp, STATE_MAGIC "\nfile %s\ndevice %llu\ninode %llu\n"
	    "offset %llu\nhead %u %016llx\n", path, pos->dev, pos->ino,
	    pos->off, pos->hlen, pos->head);
	return afile_commit(fp, tmp, state, 0644, 1);
}
