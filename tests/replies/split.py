"""split.py - the tune/check split of replies.tsv (see README.md): replies
are grouped by their text with addresses, IPs, host names, ids and numbers
masked, so that variants of one text fall on the same side; within each
cause the groups are ordered by the SHA-1 of their key and every third
(positions 2, 5, 8 ...) is a check group."""
import hashlib
import re

_MASKS = [
    (re.compile(r'[\w.+=*-]+@[\w.*-]+'), '<addr>'),
    (re.compile(r'\b\d{1,3}(?:\.\d{1,3}){3}\b'), '<ip>'),
    (re.compile(r'\b[\w*-]+(?:\.[\w*-]+){2,}\b'), '<host>'),
    (re.compile(r'\b(?=[a-z]*\d)[a-z0-9+/=_-]{8,}\b'), '<id>'),
    (re.compile(r'\d+'), '0'),
    (re.compile(r'\s+'), ' '),
]


def group_key(reply):
    t = reply.lower()
    for rx, rep in _MASKS:
        t = rx.sub(rep, t)
    return t.strip()


# Labels changed after the split was written down (README, "Audit"): the
# split keeps the cause it was computed with, so that fixing one label
# moves no other reply between tune and check.
SPLIT_CAUSE = {
    'r45e0a3a1': 'syntax',
    'r66786670': 'spam-content',
    'rfbcabd64': 'unknown-command',
    'r1955822f': 'other',
    'r0cf876a3': 'other',
}


def split_rows(rows):
    """rows: list of dicts with id, reply, cause: the (reply, cause) pairs
    the split is computed on."""
    return [(r['reply'], SPLIT_CAUSE.get(r['id'], r['cause'])) for r in rows]


def assign(rows):
    """rows: list of (reply, cause); returns the list of 'tune'/'check'."""
    by_cause = {}
    for reply, cause in rows:
        by_cause.setdefault(cause, set()).add(group_key(reply))
    side = {}
    for cause, keys in by_cause.items():
        order = sorted(keys, key=lambda k: hashlib.sha1(k.encode()).hexdigest())
        for i, k in enumerate(order):
            side[(cause, k)] = 'check' if i % 3 == 2 else 'tune'
    return [side[(cause, group_key(reply))] for reply, cause in rows]
