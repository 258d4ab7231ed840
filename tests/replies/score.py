#!/usr/bin/env python3
"""score.py - compare the causes a classifier gave with the labels of
replies.tsv and print the per-cause table (tune, check, overall).

usage: score.py replies.tsv GOT [--min PCT] [--misses FILE] [--name NAME]
GOT has one line per row of replies.tsv, in order: the cause given, or "-".
Also checks that the "set" column follows split.py.  Exit status 1 when
overall accuracy is below --min or the split is not the documented one."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import split  # noqa: E402


def main():
    a = sys.argv[1:]
    opt = {'--min': None, '--misses': None, '--name': 'smtplog'}
    pos = []
    while a:
        x = a.pop(0)
        if x in opt:
            opt[x] = a.pop(0)
        else:
            pos.append(x)
    tsv, got_path = pos
    with open(tsv, encoding='utf-8') as f:
        lines = f.read().split('\n')
    head = lines[0].split('\t')
    rows = [dict(zip(head, line.split('\t'))) for line in lines[1:] if line]
    with open(got_path, encoding='utf-8') as f:
        got = [g.strip() for g in f.read().split('\n')][:len(rows)]
    if len(got) != len(rows):
        print('score: %d answers for %d replies' % (len(got), len(rows)))
        return 1
    want_sets = split.assign([(r['reply'], r['cause']) for r in rows])
    bad_split = [r['id'] for r, s in zip(rows, want_sets) if r['set'] != s]
    table = {}
    misses = []
    for r, g in zip(rows, got):
        t = table.setdefault(r['cause'], {'tune': [0, 0], 'check': [0, 0]})
        cell = t[r['set']]
        cell[1] += 1
        if g == r['cause']:
            cell[0] += 1
        else:
            misses.append('%s\t%s\t%s\twant %s, got %s' % (
                r['id'], r['set'], r['reply'][:150], r['cause'], g))

    def pct(ok, n):
        return '%5.1f%%' % (100.0 * ok / n) if n else '    - '

    def cell(ok, n):
        return '%4d/%-4d %s' % (ok, n, pct(ok, n))

    print('%s: cause right, per cause (tune = rules written with it in view,'
          ' check = held back)' % opt['--name'])
    print('%-26s %-17s %-17s %-17s' % ('cause', 'tune', 'check', 'overall'))
    tot = {'tune': [0, 0], 'check': [0, 0]}
    for cause in sorted(table, key=lambda c: -sum(v[1] for v in table[c].values())):
        t = table[cause]
        for s in tot:
            tot[s][0] += t[s][0]
            tot[s][1] += t[s][1]
        ok = t['tune'][0] + t['check'][0]
        n = t['tune'][1] + t['check'][1]
        print('%-26s %s %s %s' % (cause, cell(*t['tune']), cell(*t['check']),
                                  cell(ok, n)))
    ok = tot['tune'][0] + tot['check'][0]
    n = tot['tune'][1] + tot['check'][1]
    print('%-26s %s %s %s' % ('all', cell(*tot['tune']), cell(*tot['check']),
                              cell(ok, n)))
    if opt['--misses']:
        with open(opt['--misses'], 'w', encoding='utf-8') as f:
            f.write('\n'.join(misses) + '\n')
    rc = 0
    if bad_split:
        print('score: the set column does not follow split.py for %d rows '
              '(first: %s)' % (len(bad_split), bad_split[0]))
        rc = 1
    if opt['--min'] is not None and 100.0 * ok < float(opt['--min']) * n:
        print('score: overall %.1f%% is below %s%%' % (100.0 * ok / n, opt['--min']))
        rc = 1
    return rc


if __name__ == '__main__':
    sys.exit(main())
