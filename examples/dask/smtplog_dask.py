#!/usr/bin/env python3
"""smtplog_dask.py - scan mail logs on a Dask cluster, merge the summaries.

usage: smtplog_dask.py [--workers N | --scheduler ADDRESS] [--smtplog PATH]
                       [--findings DIR] [--year YEAR] [--format NAME]
                       [--fanout K] [--retries R] FILE|DIR...

1. Plan, here: `smtplog scan --plan` reads at most 64 KiB at each end of
   every file and says its host, format, first and last time.
2. Group: one task per host, the host's files in time order, so that
   sessions and messages that cross a rotation join as in one serial scan.
   Files whose log names no host go by directory; a file the plan found to
   be a copy of another goes with that one (the scan then skips it).
3. Map, on the workers: each task runs `smtplog scan -o summary-json` on
   its files (`-o ndjson` with --findings DIR: the findings and patterns of
   the task are written to DIR/TASK.ndjson, replaced whole by a retry).
4. Reduce: the partials are merged by `smtplog merge` in a tree of fan-out
   K on the workers, then once more here, checked against the plan
   (--manifest, --expect): a lost partial fails the job.
5. Print the merged summary-json line on standard output.

Without --scheduler a LocalCluster of N worker processes runs here.  With
a scheduler, every worker must see the files and the smtplog binary at the
same absolute paths (a shared file system); TZ and SMTPLOG_RULES are
passed from here to every task.  Exit status: 0, or 1 when an input could
not be read (the summary is still printed, as by smtplog scan) or when a
task or the merge failed.

Needs Python 3 and Dask distributed (Debian: python3-distributed).
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

PASSED_ENV = ("TZ", "SMTPLOG_RULES")


def run(cmd, env, data=None):
    """Run cmd with env added to the environment: (status, stdout, stderr)."""
    full = dict(os.environ)
    full.update(env)
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=full, check=False)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def plan(smtplog, paths, scan_opts, env):
    """The plan records of every input, in reading order."""
    rc, out, err = run([smtplog, "scan", "--plan"] + scan_opts + paths, env)
    sys.stderr.write(err)
    if rc != 0 or not out:
        raise SystemExit("smtplog_dask: smtplog scan --plan failed "
                         "(exit %d)" % rc)
    return [json.loads(line) for line in out.splitlines() if line]


def groups(records):
    """Tasks: (name, [file...]) with a host's files in plan order."""
    by_key, order, where = {}, [], {}
    for r in records:
        skipped = r.get("skipped") or ""
        if skipped.startswith("duplicate of ") and \
                skipped[len("duplicate of "):] in where:
            key = where[skipped[len("duplicate of "):]]
        elif r.get("host"):
            key = "host-" + r["host"]
        else:
            key = "dir-" + os.path.dirname(os.path.abspath(r["file"]))
        where[r["file"]] = key
        if key not in by_key:
            by_key[key] = []
            order.append(key)
        by_key[key].append(r["file"])
    return [(task_name(k), by_key[k]) for k in order]


def task_name(key):
    """A file name for a group key: readable, short and unique."""
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in key)
    return "%s-%s" % (safe[:40], hashlib.sha1(key.encode()).hexdigest()[:8])


def scan_task(smtplog, name, files, scan_opts, env, findings_dir):
    """Map: scan one group; its summary line, or an error."""
    output = "ndjson" if findings_dir else "summary-json"
    rc, out, err = run([smtplog, "scan", "-q", "-o", output] + scan_opts +
                       files, env)
    lines = out.splitlines()
    if rc not in (0, 1) or not lines or \
            json.loads(lines[-1]).get("type") != "summary":
        raise RuntimeError("%s: smtplog scan exit %d: %s" %
                           (name, rc, err.strip()[:2000]))
    if findings_dir:
        # Written under a temporary name, then renamed: a retried task
        # replaces the file whole, never appends to it.
        os.makedirs(findings_dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="." + name, dir=findings_dir)
        with os.fdopen(fd, "w") as fp:
            fp.write("".join(line + "\n" for line in lines[:-1]))
        os.replace(tmp, os.path.join(findings_dir, name + ".ndjson"))
    return {"name": name, "status": rc, "stderr": err, "summary": lines[-1]}


def merge_task(smtplog, env, *parts):
    """Reduce: merge summary lines (or merged results) into one."""
    lines = [p["summary"] if isinstance(p, dict) else p for p in parts]
    rc, out, err = run([smtplog, "merge"], env,
                       ("\n".join(lines) + "\n").encode())
    if rc != 0 or not out:
        raise RuntimeError("smtplog merge exit %d: %s" % (rc, err.strip()))
    return out.strip()


def main(argv):
    ap = argparse.ArgumentParser(
        description="Scan mail logs on a Dask cluster, merge the summaries.")
    ap.add_argument("paths", nargs="+", metavar="FILE|DIR")
    ap.add_argument("--workers", type=int, default=2,
                    help="worker processes of the local cluster (2)")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="a running scheduler (tcp://host:8786)")
    ap.add_argument("--smtplog", default=shutil.which("smtplog"),
                    help="the smtplog binary (default: from PATH)")
    ap.add_argument("--findings", metavar="DIR",
                    help="write each task's findings to DIR/TASK.ndjson")
    ap.add_argument("--year", type=int)
    ap.add_argument("--format", metavar="NAME")
    ap.add_argument("--fanout", type=int, default=16,
                    help="partials per merge task (16)")
    ap.add_argument("--retries", type=int, default=2,
                    help="retries of a failed task (2)")
    a = ap.parse_args(argv)
    if not a.smtplog:
        raise SystemExit("smtplog_dask: no smtplog in PATH; use --smtplog")
    smtplog = os.path.abspath(a.smtplog)
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    scan_opts = []
    if a.year:
        scan_opts += ["--year", str(a.year)]
    if a.format:
        scan_opts += ["--format", a.format]
    paths = [os.path.abspath(p) for p in a.paths]
    findings = os.path.abspath(a.findings) if a.findings else None

    records = plan(smtplog, paths, scan_opts, env)
    tasks = groups(records)
    sys.stderr.write("smtplog_dask: %d files, %d tasks\n" %
                     (len(records), len(tasks)))

    from distributed import Client, LocalCluster
    scratch = None
    if a.scheduler:
        client, cluster = Client(a.scheduler), None
    else:
        # The local workers' spill space in a directory of this run's own.
        scratch = tempfile.TemporaryDirectory(prefix="smtplog-dask.")
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               local_directory=scratch.name)
        client = Client(cluster)
    try:
        level = [client.submit(scan_task, smtplog, name, files, scan_opts,
                               env, findings,
                               retries=a.retries)
                 for name, files in tasks]
        done = client.gather(level)
        status = 1 if any(d["status"] != 0 for d in done) else 0
        for d in done:
            sys.stderr.write(d["stderr"])
        while len(level) > a.fanout:
            level = [client.submit(merge_task, smtplog, env,
                                   *level[i:i + a.fanout],
                                   retries=a.retries)
                     for i in range(0, len(level), a.fanout)]
        parts = [p["summary"] if isinstance(p, dict) else p
                 for p in client.gather(level)]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if scratch is not None:
            scratch.cleanup()

    # The last merge here, checked against the plan: every file planned
    # is an input of some partial.
    with tempfile.NamedTemporaryFile("w", suffix=".plan.ndjson") as man:
        man.write("".join(json.dumps(r) + "\n" for r in records))
        man.flush()
        rc, out, err = run([smtplog, "merge", "--expect", str(len(records)),
                            "--manifest", man.name], env,
                           ("\n".join(parts) + "\n").encode())
    sys.stderr.write(err)
    if rc != 0:
        return 1
    sys.stdout.write(out)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
