#!/usr/bin/env python3
"""test_registry_columns.py - the columnar copy of the registries (store/columns.c,
0017_registry_columns.sql) as a user meets it: `registry recompute` reads it, so its values
must be what the records say, across chunks of 65,536 records, revisions, a store whose
columns are missing (one from before the migration) or behind its rows (rows written without
them), and imports that fail or are dry runs (which change nothing, the columns included).
The expected values are summed here from the files themselves, up the demo plan's region tree.
Prints TAP. usage: test_registry_columns.py INNOMON_BIN SOURCE_ROOT"""
import csv
import json
import os
import random
import sqlite3
import struct
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, 'tests', 'security'))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
N_ROWS = 140000  # three chunks: 65,536 + 65,536 + the rest
REGIONS = ['changsha', 'zhuzhou', 'xiangtan', 'cs-hitech', 'zz-hitech', 'xt-hitech', 'nx-hitech']


ENV = dict(os.environ, INNOMON_NOW='2026-03-01T00:00:00Z')


def run(db, *args):
    p = subprocess.run([BIN, '--db', db] + list(args), capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def write_csv(path, rows):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('no,signed,amount,region,buyer,seller\n')
        for no, signed, amount, region in rows:
            f.write('%s,%s,%s,%s,买方,\n' % (no, signed, amount, region))


def tree():
    regions = list(csv.DictReader(open(os.path.join(ROOT, 'data/demo/plan/regions.csv'), encoding='utf-8')))
    parents = {r['code']: [p for p in r['parents'].split(';') if p] for r in regions}

    def above(g, seen):
        if g not in seen:
            seen.add(g)
            for p in parents[g]:
                above(p, seen)
        return seen
    return {g: above(g, set()) for g in parents}


ABOVE = tree()


def expected(records):
    """The turnover per (region, year) in 100 million yuan, from the current records."""
    totals = {}
    for signed, amount, region in records.values():
        year = int(signed[:4])
        if year > 2025:
            continue
        for g in ABOVE[region]:
            totals[(g, str(year))] = totals.get((g, str(year)), 0) + round(float(amount) * 1e6)
    return {k: v / 1e6 / 10000 for k, v in totals.items()}


def values(db):
    code, out, err = run(db, 'values', 'demo_tech_contracts', '--json')
    return {(o['region'], o['period']): o['value'] for o in json.loads(out)} if code == 0 else {}


def agree(db, records):
    ours, theirs = values(db), expected(records)
    bad = [k for k in theirs if abs(ours.get(k, -1.0) - theirs[k]) > 1e-9 * max(1.0, theirs[k])]
    return not bad, (bad[:3], [(ours.get(k), theirs[k]) for k in bad[:3]])


def state(db):
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT n_chunks, last_id FROM registry_columns_state WHERE kind = 'contracts'").fetchone()
        top = con.execute("SELECT max(id) FROM registry_contracts").fetchone()[0]
        blobs = con.execute("SELECT count(*), coalesce(sum(length(data)), 0) FROM registry_columns").fetchone()
        return row, top, blobs
    finally:
        con.close()


def recompute_unchanged(db, desc):
    code, out, err = run(db, 'registry', 'recompute', '--quiet')
    check(code == 0 and ' 0 new, 0 revised' in out, desc, (code, out, err))


def main():
    rnd = random.Random(15)
    with tempfile.TemporaryDirectory(prefix='innomon-columns-') as tmp:
        db = os.path.join(tmp, 'store.db')
        code, _, err = run(db, 'init', '--plan', os.path.join(ROOT, 'data/demo/plan'))
        check(code == 0, 'init a store of the demo plan', err)
        records = {}
        rows = []
        for i in range(N_ROWS):
            r = ('K%07d' % i, '%d-%02d-%02d' % (rnd.randint(2015, 2026), rnd.randint(1, 12), rnd.randint(1, 28)),
                 '%d.%02d' % (rnd.randint(0, 5000), rnd.randint(0, 99)), rnd.choice(REGIONS))
            rows.append(r)
            records[r[0]] = (r[1], r[2], r[3])
        first = os.path.join(tmp, 'first.csv')
        write_csv(first, rows)
        code, out, err = run(db, 'import', 'registry', 'contracts', first)
        check(code == 0 and '%d new' % N_ROWS in out, 'import %d contracts' % N_ROWS, (code, out, err))
        (n_chunks, last_id), top, _ = state(db)
        check(n_chunks == 3 and last_id == top, 'the import kept the columns: 3 chunks up to the newest row',
              (n_chunks, last_id, top))
        con = sqlite3.connect(db)
        try:  # a summary per chunk (field -2): least and greatest row id, then any, lo, hi (columns.c)
            sums = [struct.unpack('<qqiii', b) for (b,) in con.execute(
                "SELECT data FROM registry_columns WHERE kind = 'contracts' AND field = -2 ORDER BY chunk")]
        finally:
            con.close()
        years = sorted(int(r[1][:4]) for r in rows)
        check(len(sums) == 3 and sums[0][0] == 1 and sums[-1][1] == top and all(x[2] == 1 for x in sums)
              and min(x[3] for x in sums) == years[0] and max(x[4] for x in sums) == years[-1],
              'each chunk has its summary: its row ids and the span of years of its records', sums)
        ok, got = agree(db, records)
        check(ok, "the import's values are the files' sums", got)
        recompute_unchanged(db, 'a recompute from the columns changes nothing the import kept')

        # revisions (another amount, region or year) and new records, across every chunk
        changed = []
        for i in rnd.sample(range(N_ROWS), 3000):
            no = 'K%07d' % i
            signed, amount, region = records[no]
            pick = i % 3
            r = (no, signed if pick != 2 else '2019-06-30', amount if pick != 0 else '%d.5' % rnd.randint(0, 900),
                 region if pick != 1 else rnd.choice(REGIONS))
            changed.append(r)
            records[no] = (r[1], r[2], r[3])
        for i in range(N_ROWS, N_ROWS + 500):
            r = ('K%07d' % i, '2025-01-%02d' % rnd.randint(1, 28), '7.25', rnd.choice(REGIONS))
            changed.append(r)
            records[r[0]] = (r[1], r[2], r[3])
        second = os.path.join(tmp, 'second.csv')
        write_csv(second, changed)
        code, out, err = run(db, 'import', 'registry', 'contracts', second)
        check(code == 0 and ' 500 new' in out, 'import revisions and new records', (code, out, err))
        ok, got = agree(db, records)
        check(ok, 'after revisions the values are the current records\' sums', got)
        recompute_unchanged(db, 'a recompute skips the revised records (their old revisions) as the import did')

        # an import that fails, and a dry run: nothing changes, the columns included
        before = state(db)
        bad = os.path.join(tmp, 'bad.csv')
        write_csv(bad, [('Z%07d' % i, '2024-02-02', '1.5', 'changsha') for i in range(70000)] +
                  [('Z9999999', '2024-02-30', '1.5', 'changsha')])
        code, out, err = run(db, 'import', 'registry', 'contracts', bad)
        check(code != 0 and 'Z' not in out, 'a file with a bad date on its last line is refused', (code, out, err))
        check(state(db) == before, 'the refused import left the columns as they were', (state(db), before))
        code, out, err = run(db, 'import', 'registry', 'contracts', '--dry-run', first)
        check(state(db) == before, 'a dry run leaves the columns as they were', (code, state(db), before))

        # a store from before the columns: none at all, then built by the first recompute
        con = sqlite3.connect(db)
        con.execute('DELETE FROM registry_columns')
        con.execute('DELETE FROM registry_columns_state')
        con.commit()
        con.close()
        recompute_unchanged(db, 'a store without columns: the recompute builds them and changes nothing')
        (n_chunks, last_id), top, (n_blobs, _) = state(db)
        check(n_chunks >= 3 and last_id == top and n_blobs > 0, 'the columns were built from the rows',
              (n_chunks, last_id, top, n_blobs))
        recompute_unchanged(db, 'the built columns give the same values again')

        # a row written without the columns (another program): they no longer hold every row,
        # so the recompute builds them again and counts it
        con = sqlite3.connect(db)
        con.execute("INSERT INTO registry_contracts (revision, \"no\", signed, amount, region, created_at, created_by)"
                    " VALUES (1, 'W0000001', '2024-05-05', 12345.6, 'cs-hitech', '2026-03-01T00:00:00Z', 'test')")
        con.commit()
        con.close()
        records['W0000001'] = ('2024-05-05', '12345.6', 'cs-hitech')
        code, out, err = run(db, 'registry', 'recompute', '--quiet')
        check(code == 0 and ' 0 new, 0 revised' not in out, 'the recompute sees the row written without the columns',
              (code, out, err))
        ok, got = agree(db, records)
        check(ok, 'and its values count it', got)
        (n_chunks, last_id), top, _ = state(db)
        check(last_id == top, 'the columns hold every row again', (last_id, top))
        recompute_unchanged(db, 'a recompute after that changes nothing')
    T.done()


if __name__ == '__main__':
    sys.exit(main())
