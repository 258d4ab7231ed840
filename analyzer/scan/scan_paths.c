/*
 * scan_paths.c - the inputs named on the command line: a directory stands
 * for its regular files, oldest first (scan_expand); the list freed.
 * Reading them is scan.c's.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "scan.h"

struct pathent {
	char	*path;
	time_t	 mtime;
};

static int
pathent_cmp(const void *a, const void *b)
{
	const struct pathent *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->path, y->path);
}

char **
scan_expand(char *const *args, size_t nargs, size_t *npaths)
{
	char		**out = NULL;
	size_t		  n = 0, i;
	struct stat	  st;

	for (i = 0; i < nargs; i++) {
		struct pathent	*ents = NULL;
		size_t		 nents = 0, j;
		struct dirent	*de;
		DIR		*d;

		if (strcmp(args[i], "-") == 0 || stat(args[i], &st) != 0 ||
		    !S_ISDIR(st.st_mode)) {
			/* Not a directory: scan_input reports any error. */
			out = xreallocarray(out, n + 2, sizeof(*out));
			out[n++] = xstrdup(args[i]);
			continue;
		}
		if ((d = opendir(args[i])) == NULL) {
			warn("%s", args[i]);
			out = xreallocarray(out, n + 1, sizeof(*out));
			out[n] = NULL;
			scan_free_paths(out);
			return NULL;
		}
		while ((de = readdir(d)) != NULL) {
			char	 p[4096];

			if (de->d_name[0] == '.')
				continue;
			size_t	 dl = strlen(args[i]);

			while (dl > 1 && args[i][dl - 1] == '/')
				dl--;
			snprintf(p, sizeof(p), "%.*s/%s", (int)dl, args[i],
			    de->d_name);
			if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			ents = xreallocarray(ents, nents + 1, sizeof(*ents));
			ents[nents].path = xstrdup(p);
			ents[nents++].mtime = st.st_mtime;
		}
		closedir(d);
		if (nents == 0)
			warnx("%s: no regular files in this directory "
			    "(subdirectories are not scanned)", args[i]);
		if (nents > 1)	/* qsort(NULL, 0, ...) is undefined */
			qsort(ents, nents, sizeof(*ents), pathent_cmp);
		out = xreallocarray(out, n + nents + 1, sizeof(*out));
		for (j = 0; j < nents; j++)
			out[n++] = ents[j].path;
		free(ents);
	}
	out = xreallocarray(out, n + 1, sizeof(*out));
	out[n] = NULL;
	*npaths = n;
	return out;
}

void
scan_free_paths(char **paths)
{
	size_t	i;

	if (paths == NULL)
		return;
	for (i = 0; paths[i] != NULL; i++)
		free(paths[i]);
	free(paths);
}
