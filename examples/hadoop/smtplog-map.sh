#!/bin/bash
# smtplog-map.sh - the mapper of examples/hadoop/README: each input line is
# an HDFS path (stream.map.input.ignoreKey=true drops the offset key);
# the file is scanned from standard input, labelled with its path.
# NOT RUN IN CI: Hadoop is not installable on the project's machines.
set -eu -o pipefail	# a failed hdfs dfs -cat fails the task
while IFS= read -r f; do
	[ -n "$f" ] || continue
	hdfs dfs -cat "$f" | /usr/local/bin/smtplog scan -q -o summary-json --label "$f" -
done
