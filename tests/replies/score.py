#!/usr/bin/env python3
"""score.py - compare the causes a classifier gave with the labels of
replies.tsv and print the per-cause table (tune, check, overall).

usage: score.py replies.tsv GOT [--min PCT] [--misses FILE] [--name NAME]
GOT has one line per row of replies.tsv, in order: the cause given, or "-".
Also checks that the "set" column follows split.py (for a file of tune and
check rows; unseen.tsv holds "unseen" rows only and gets one column).  Exit
status 1 when overall accuracy is below --min or the split is not the
documented one."""
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
    sets = [x for x in ('tune', 'check', 'added', 'unseen')
            if any(r['set'] == x for r in rows)]
    bad_split = []
    if 'unseen' not in sets:
        # Rows added after the unseen set's run are not in the split.
        split_rows = [r for r in rows if r['set'] != 'added']
        want_sets = split.assign(split.split_rows(split_rows))
        bad_split = [r['id'] for r, s in zip(split_rows, want_sets)
                     if r['set'] != s]
    table = {}
    misses = []
    for r, g in zip(rows, got):
        t = table.setdefault(r['cause'], {x: [0, 0] for x in sets})
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

    title = {'tune': 'tune = rules written with it in view',
             'check': 'check = held back',
             'added': 'added = for the rules the unseen set asked for',
             'unseen': 'unseen = new sources, scored once'}
    print('%s: cause right, per cause (%s)' % (
        opt['--name'], ', '.join(title[x] for x in sets)))
    cols = sets + ['overall'] if len(sets) > 1 else sets
    print('%-26s ' % 'cause' + ' '.join('%-17s' % x for x in cols))
    tot = {x: [0, 0] for x in sets}
    for cause in sorted(table, key=lambda c: -sum(v[1] for v in table[c].values())):
        t = table[cause]
        for x in sets:
            tot[x][0] += t[x][0]
            tot[x][1] += t[x][1]
        cells = [cell(*t[x]) for x in sets]
        if len(sets) > 1:
            cells.append(cell(sum(t[x][0] for x in sets),
                              sum(t[x][1] for x in sets)))
        print('%-26s %s' % (cause, ' '.join(cells)))
    ok = sum(tot[x][0] for x in sets)
    n = sum(tot[x][1] for x in sets)
    cells = [cell(*tot[x]) for x in sets]
    if len(sets) > 1:
        cells.append(cell(ok, n))
    print('%-26s %s' % ('all', ' '.join(cells)))
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
