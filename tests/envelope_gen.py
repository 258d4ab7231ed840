#!/usr/bin/env python3
"""envelope_gen.py - a log rewritten into every envelope smtplog reads.

usage: envelope_gen.py [--year YEAR] OUTDIR IN...

Reads each IN (plain or gzip) line by line and writes, for the n-th of
them (from 1), OUTDIR/<n>/<envelope>.log for each envelope below: the same messages, in the same order, one output
line per input line (a container's partial lines add lines: the cri and
docker-json files hold some messages as two records), so that a finding's
source line in the original is found again (see LINEMAP below).

Lines with a classic syslog stamp ("Mar  1 10:00:00 host prog[pid]: msg",
or an RFC 3339 stamp) give their time, host, program and pid; Exim's own
lines ("2025-03-01 10:00:00 [pid] msg") are syslog'd as Exim does it: the
program "exim", the pid if the line has one, and the whole line as the
message (syslog_timestamp repeats Exim's stamp).  Other lines (blank
lines, rejectlog header dumps) are written as they are where a syslog
envelope stands, and wrapped where a container's does.  Times are taken
as UTC (run the scans with TZ=UTC); year-less stamps are in YEAR.

The test data is the repository's own (tests/corpus); this script only
reshapes it.
"""
import datetime as dt
import gzip
import json
import os
import re
import sys

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
UTC = dt.timezone.utc

CLASSIC = re.compile(
    rb"^(?P<mon>[A-Z][a-z]{2}) (?P<day>[ 0-9]?[0-9]) "
    rb"(?P<hms>\d\d:\d\d:\d\d)(?P<frac>\.\d+)? "
    rb"(?P<host>\S+) (?P<prog>[^\s\[:]+)(?:\[(?P<pid>\d+)\])?: ?(?P<msg>.*)$",
    re.S)
ISO = re.compile(
    rb"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) "
    rb"(?P<host>\S+) (?P<prog>[^\s\[:]+)(?:\[(?P<pid>\d+)\])?: ?(?P<msg>.*)$",
    re.S)
EXIM = re.compile(
    rb"^(?P<d>\d{4}-\d\d-\d\d) (?P<t>\d\d:\d\d:\d\d)(?P<frac>\.\d+)?"
    rb"(?: (?P<zone>[+-]\d{4}))?(?: \[(?P<pid>\d+)\])?(?: |$)")


class Rec:
    """One input line: its time (aware datetime or None), host, program,
    pid (bytes or None) and message; raw is the line itself."""

    def __init__(self, raw, when=None, host=b"", prog=b"", pid=None,
                 msg=b""):
        self.raw, self.when, self.host = raw, when, host
        self.prog, self.pid, self.msg = prog, pid, msg

    @property
    def stamped(self):
        return self.when is not None


def parse(raw, year):
    m = CLASSIC.match(raw)
    if m and m.group("mon").decode() in MONTHS:
        mon = MONTHS.index(m.group("mon").decode()) + 1
        try:
            h, mi, s = (int(x) for x in m.group("hms").split(b":"))
            frac = m.group("frac") or b""
            us = int((frac[1:] + b"000000")[:6]) if frac else 0
            when = dt.datetime(year, mon, int(m.group("day")), h, mi,
                               min(s, 59), us, tzinfo=UTC)
        except ValueError:
            return Rec(raw)
        return Rec(raw, when, m.group("host"), m.group("prog"),
                   m.group("pid"), m.group("msg"))
    m = ISO.match(raw)
    if m:
        ts = m.group("ts").decode().replace("Z", "+00:00")
        ts = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", ts)
        try:
            when = dt.datetime.fromisoformat(ts)
        except ValueError:
            return Rec(raw)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return Rec(raw, when, m.group("host"), m.group("prog"),
                   m.group("pid"), m.group("msg"))
    m = EXIM.match(raw)
    if m:
        frac = m.group("frac") or b""
        try:
            when = dt.datetime.fromisoformat(
                (m.group("d") + b"T" + m.group("t")).decode())
        except ValueError:
            return Rec(raw)
        when = when.replace(microsecond=int((frac[1:] + b"000000")[:6])
                            if frac else 0)
        z = m.group("zone")
        off = dt.timedelta(0)
        if z:
            off = dt.timedelta(hours=int(z[1:3]), minutes=int(z[3:5]))
            if z[:1] == b"-":
                off = -off
        when = when.replace(tzinfo=dt.timezone(off))
        return Rec(raw, when, b"mx", b"exim", m.group("pid"), raw)
    return Rec(raw)


def b(s):
    return s.encode() if isinstance(s, str) else s


def stamp3164(w, precise=False, zero=False):
    w = w.astimezone(UTC)
    day = ("%02d" if zero else "%2d") % w.day
    s = "%s %s %02d:%02d:%02d" % (MONTHS[w.month - 1], day, w.hour,
                                  w.minute, w.second)
    if precise:
        s += ".%06d" % w.microsecond
    return s.encode()


def iso(w, sep="T", digits=6, zone="+00:00"):
    w = w.astimezone(UTC)
    s = w.strftime("%Y-%m-%d" + sep + "%H:%M:%S")
    if digits:
        s += ("." + "%06d" % w.microsecond)[:digits + 1]
    return (s + zone).encode()


def tag(r):
    return r.prog + (b"[" + r.pid + b"]" if r.pid else b"") + b": "


def syslog(r, stamp):
    """A syslog line of r with the given stamp, or the line as it is."""
    if not r.stamped:
        return r.raw
    return stamp + b" " + r.host + b" " + tag(r) + r.msg


def rfc5424(r, n):
    if not r.stamped:
        return r.raw
    sd = b'[meta sequenceId="%d"]' % n if n % 3 == 0 else b"-"
    return (b"<22>1 " + iso(r.when, zone="Z") + b" " + r.host + b" " +
            r.prog + b" " + (r.pid or b"-") + b" - " + sd + b" " + r.msg)


def journal(r, n):
    if not r.stamped:
        return r.raw
    us = int(r.when.timestamp()) * 1000000 + r.when.microsecond
    o = {"__CURSOR": "s=0a1b;i=%x;b=0c;m=%x;t=%x" % (n, n * 7, us),
         "__REALTIME_TIMESTAMP": str(us),
         "__MONOTONIC_TIMESTAMP": str(1000000 + n),
         "_BOOT_ID": "0c0ffee0c0ffee0c0ffee0c0ffee0c0f",
         "PRIORITY": "6", "SYSLOG_FACILITY": "2",
         "_TRANSPORT": "syslog", "_HOSTNAME": r.host.decode("latin-1"),
         "SYSLOG_IDENTIFIER": r.prog.decode("latin-1")}
    if r.pid:
        o["SYSLOG_PID"] = r.pid.decode()
        o["_PID"] = r.pid.decode()
    try:
        msg = r.msg.decode("utf-8")
        # journald writes what is not printable text as bytes: so do we,
        # and every fifth message too, to read both forms.
        o["MESSAGE"] = list(r.msg) if n % 5 == 0 else msg
    except UnicodeDecodeError:
        o["MESSAGE"] = list(r.msg)
    o["_SYSTEMD_UNIT"] = "postfix@-.service"
    return json.dumps(o, separators=(",", ":")).encode()


def compose(r, n):
    name = b"postfix-mailcow_1" if n % 2 else b"exim_1"
    return name + b" " * (18 - len(name)) + b"| " + r.raw


def docker(r, n):
    """One or two json-file records (a long line's parts)."""
    t = iso(r.when, digits=6, zone="Z") if r.stamped else b"2025-03-01T00:00:00Z"
    text = r.raw.decode("utf-8", "replace") + "\n"
    parts = [text[:len(text) // 2], text[len(text) // 2:]] \
        if n % 11 == 0 and len(text) > 4 else [text]
    return [json.dumps({"log": p, "stream": "stdout", "time": t.decode()},
                       separators=(",", ":")).encode() for p in parts]


def cri(r, n):
    t = iso(r.when, digits=9, zone="Z") if r.stamped else \
        b"2025-03-01T00:00:00.000000000Z"
    if n % 7 == 0 and len(r.raw) > 4:
        h = len(r.raw) // 2
        return [t + b" stdout P " + r.raw[:h], t + b" stdout F " + r.raw[h:]]
    return [t + b" stdout F " + r.raw]


def short_full(r):
    w = r.when.astimezone(UTC)
    return (DAYS[w.weekday()] + w.strftime(" %Y-%m-%d %H:%M:%S") +
            " UTC").encode()


ENVELOPES = {
    "rfc3164-pri": lambda r, n: b"<22>" + syslog(r, stamp3164(r.when))
    if r.stamped else r.raw,
    "rfc3339": lambda r, n: syslog(r, iso(r.when)) if r.stamped else r.raw,
    "rfc5424": rfc5424,
    "rsyslog-year": lambda r, n: syslog(
        r, b"%d " % r.when.astimezone(UTC).year +
        stamp3164(r.when, precise=True)[:-3]) if r.stamped else r.raw,
    "journal-short": lambda r, n: syslog(r, stamp3164(r.when, zero=True))
    if r.stamped else r.raw,
    "journal-short-iso": lambda r, n: syslog(
        r, iso(r.when, digits=0, zone="+0000")) if r.stamped else r.raw,
    "journal-short-precise": lambda r, n: syslog(
        r, stamp3164(r.when, precise=True, zero=True))
    if r.stamped else r.raw,
    "journal-short-full": lambda r, n: syslog(r, short_full(r))
    if r.stamped else r.raw,
    "journal-short-unix": lambda r, n: syslog(
        r, b"%d.%06d" % (int(r.when.timestamp()), r.when.microsecond))
    if r.stamped else r.raw,
    "journal-json": journal,
    "compose": compose,
    "docker-json": docker,
    "cri": cri,
    # Exim's own lines stay as they are: without its stamp, a syslog'd
    # Exim message is no longer one.
    "bare": lambda r, n: tag(r) + r.msg
    if r.stamped and r.msg is not r.raw else r.raw,
}


def rewrite(src, out, year):
    with open(src, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    recs = [parse(x.rstrip(b"\r"), year) for x in lines]
    os.makedirs(out, exist_ok=True)
    for name, fn in ENVELOPES.items():
        # LINEMAP: the output line of each input line, for comparing
        # findings by their source line.
        with open(os.path.join(out, name + ".log"), "wb") as f, \
                open(os.path.join(out, name + ".map"), "w") as m:
            k = 0
            for n, r in enumerate(recs, 1):
                got = fn(r, n)
                got = got if isinstance(got, list) else [got]
                for g in got:
                    f.write(g + b"\n")
                k += len(got)
                m.write("%d %d\n" % (k, n))


def main(argv):
    year = 2025
    if len(argv) > 2 and argv[1] == "--year":
        year = int(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        sys.exit("usage: envelope_gen.py [--year YEAR] OUTDIR IN...")
    for n, src in enumerate(argv[2:], 1):
        rewrite(src, os.path.join(argv[1], str(n)), year)


if __name__ == "__main__":
    main(sys.argv)
