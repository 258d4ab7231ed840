# smtplog_spark.py - scan mail logs with Spark, merge the summaries.
# NOT RUN IN CI: Spark is not installable on the project's machines (no
# Debian package); the Dask job (examples/dask/) is the tested one.
#
#   smtplog scan --plan /archive/ >plan.ndjson    # on the driver
#   spark-submit smtplog_spark.py plan.ndjson
#
# Every executor must see the logs at the paths of the plan and smtplog at
# SMTPLOG.  PySpark's pipe() starts commands with the environment given
# here only: absolute paths, and TZ and SMTPLOG_RULES passed.
import json
import sys
from collections import OrderedDict

from pyspark.sql import SparkSession

SMTPLOG = "/usr/local/bin/smtplog"
ENV = {"PATH": "/usr/bin:/bin", "TZ": "UTC",
       "SMTPLOG_RULES": "/usr/local/share/smtplog/rules"}

plan = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
groups = OrderedDict()          # a host's files, in time order, go together
for r in plan:
    groups.setdefault(r["host"] or r["file"], []).append(r["file"])

sc = SparkSession.builder.appName("smtplog").getOrCreate().sparkContext
# One group per partition; xargs gives its files to one scan, in order.
parts = sc.parallelize(["\n".join(g) for g in groups.values()], len(groups)) \
    .pipe("/usr/bin/xargs -d '\\n' %s scan -q -o summary-json" % SMTPLOG,
          env=ENV, checkCode=True)
# repartition(1), not coalesce(1): the scans stay parallel, one merge.
merged = parts.repartition(1) \
    .pipe("%s merge --expect %d" % (SMTPLOG, len(plan)), env=ENV,
          checkCode=True).collect()
print(merged[0])
