#!/usr/bin/env python3
"""test_registry_upgrade.py - a store from before migration 0021_registry_rows (registry rows with
a stored key and their own created_at / created_by) upgraded by this build, as an operator meets
it: every record, revision, time and author reads as before; keys are still unique and records
still append-only; a re-import finds the stored records (unchanged, revised) by their keys; the
derived values do not change. Then what the migration is for: a contract written by an import
keeps its key in its "no" field only and its time and author in its batch, and still reads with
both. The store from before is made here from a store of this build by rebuilding the registry
tables as 0007/0010/0014 left them and removing the migration's record.
Prints TAP. usage: test_registry_upgrade.py INNOMON_BIN SOURCE_ROOT"""
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
KINDS = ['enterprises', 'contracts', 'patents', 'platforms', 'talents']
sys.path.insert(0, os.path.join(ROOT, 'tests', 'security'))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check


ENV = dict(os.environ, INNOMON_NOW='2026-03-01T00:00:00Z')


def run(db, *args):
    p = subprocess.run([BIN, '--db', db] + list(args), capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def listed(db, kind):
    code, out, err = run(db, 'registry', 'list', kind, '--json')
    if code != 0:
        return ('failed', err)
    return json.loads(out)


def downgrade(db):
    """The registry tables as they were before 0021: rkey stored, created_at and created_by NOT
    NULL (filled with a time of their own, so the test sees they are kept)."""
    con = sqlite3.connect(db)
    con.execute('PRAGMA foreign_keys = OFF')
    for kind in KINDS + ['firms']:
        t = 'registry_' + kind
        sql, = con.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (t,)).fetchone()
        idx = [r[0] for r in con.execute("SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger')"
                                         " AND sql IS NOT NULL", (t,))]
        old = re.sub(r'rkey(\s+)TEXT NOT NULL GENERATED ALWAYS AS \([^)]*\) VIRTUAL',
                     r'rkey\1TEXT NOT NULL', sql)
        old = re.sub(r'created_(at|by)(\s+)TEXT,', r'created_\1\2TEXT NOT NULL,', old)
        old = re.sub(r'^CREATE TABLE "?%s"? \(' % t, 'CREATE TABLE %s_old (' % t, old)
        cols = [r[1] for r in con.execute("SELECT * FROM pragma_table_xinfo(?)", (t,))]
        fill = {'created_at': "coalesce(o.created_at, '2025-01-01T00:00:00Z')",
                'created_by': "coalesce(o.created_by, 'before-0021')"}
        sel = [fill.get(c, 'o."%s"' % c) for c in cols]
        con.execute(old)
        con.execute('INSERT INTO %s_old (%s) SELECT %s FROM %s o ORDER BY id'
                    % (t, ', '.join('"%s"' % c for c in cols), ', '.join(sel), t))
        con.execute('DROP TABLE %s' % t)
        con.execute('ALTER TABLE %s_old RENAME TO %s' % (t, t))
        for s in idx:
            con.execute(s)
    con.execute("DELETE FROM schema_migrations WHERE name = '0021_registry_rows.sql'")
    con.commit()
    con.close()


def main():
    tmp = tempfile.mkdtemp(prefix='innomon-registry-upgrade-')
    db = os.path.join(tmp, 'store.db')
    code, out, err = run(db, 'init', '--plan', os.path.join(ROOT, 'data/demo/plan'))
    check(code == 0, 'a store of the demo plan', err)
    for kind in KINDS:
        code, out, err = run(db, 'import', 'registry', kind, os.path.join(ROOT, 'data/demo/registries/demo_%s.csv' % kind))
        check(code == 0, 'the demo %s imported' % kind, err)
    migrations = sqlite3.connect(db).execute("SELECT name FROM schema_migrations").fetchall()
    check(('0021_registry_rows.sql',) in migrations, 'the store records migration 0021', migrations)
    downgrade(db)
    con = sqlite3.connect(db)
    stored = con.execute("SELECT count(*) FROM pragma_table_xinfo('registry_contracts') WHERE name = 'rkey'"
                         " AND hidden = 0").fetchone()[0]
    n_before = {k: con.execute('SELECT count(*) FROM registry_%s' % k).fetchone()[0] for k in KINDS}
    con.close()
    check(stored == 1, 'the store from before keeps each key in a column of its own', stored)
    before = {k: listed(db, k) for k in KINDS}
    for kind in KINDS:
        rows = before[kind]
        check(isinstance(rows, list) and len(rows) == n_before[kind] and len(rows) > 0
              and all(r['created_at'] == '2025-01-01T00:00:00Z' and r['created_by'] == 'before-0021' for r in rows),
              'the upgraded store lists every %s record with the time and author it had' % kind,
              rows if not isinstance(rows, list) else (len(rows), n_before[kind], rows[:1]))

    con = sqlite3.connect(db)
    migrations = con.execute("SELECT name FROM schema_migrations").fetchall()
    gen = {k: con.execute("SELECT hidden FROM pragma_table_xinfo('registry_%s') WHERE name = 'rkey'" % k).fetchone()[0]
           for k in KINDS}
    keys_ok = con.execute('SELECT count(*) FROM registry_contracts WHERE rkey IS NOT "no"').fetchone()[0]
    check(('0021_registry_rows.sql',) in migrations, 'opening the store applied migration 0021', migrations)
    check(gen['contracts'] in (2, 3) and gen['patents'] in (2, 3) and gen['platforms'] in (2, 3)
          and gen['talents'] in (2, 3) and gen['enterprises'] == 0,
          'single-field keys are read from their field; enterprises keep a stored key', gen)
    check(keys_ok == 0, 'every contract key is its number', keys_ok)
    first = con.execute('SELECT "no" FROM registry_contracts ORDER BY id LIMIT 1').fetchone()[0]
    for stmt, what in (('UPDATE registry_contracts SET amount = 1 WHERE id = 1', 'an UPDATE'),
                       ('DELETE FROM registry_contracts WHERE id = 1', 'a DELETE'),
                       ('INSERT INTO registry_contracts (revision, "no", signed, amount, region) '
                        "VALUES (1, '%s', '2024-01-01', 1, 'changsha')" % first, 'a second revision 1 of a key')):
        try:
            con.execute(stmt)
            refused = False
        except sqlite3.Error:
            refused = True
        check(refused, '%s of a registry record is refused after the upgrade' % what)
    con.rollback()
    con.close()

    code, out, err = run(db, 'registry', 'recompute', '--quiet')
    check(code == 0 and ' 0 new, 0 revised' in out, 'the derived values are what they were', (code, out, err))

    # a re-import: the same record unchanged, a changed one revised, a new one new
    rows = before['contracts']
    same, changed = rows[0], rows[1]
    path = os.path.join(tmp, 'again.csv')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('no,signed,amount,region,buyer,seller\n')
        f.write('%s,%s,%s,%s,%s,%s\n' % (same['no'], same['signed'], same['amount'], same['region'], same['buyer'], same['seller']))
        f.write('%s,%s,%s,%s,%s,%s\n' % (changed['no'], changed['signed'], '99999.5', changed['region'], changed['buyer'],
                                         changed['seller']))
        f.write('UPGRADE-NEW-1,2025-06-01,12.5,changsha,买方,卖方\n')
    code, out, err = run(db, 'import', 'registry', 'contracts', path)
    check(code == 0 and '1 new, 1 revised, 1 unchanged' in out, 'a re-import finds the stored records by their keys',
          (code, out, err))
    con = sqlite3.connect(db)
    sha, = con.execute('SELECT file_sha256 FROM import_batches ORDER BY id DESC LIMIT 1').fetchone()
    audit = con.execute("SELECT after_json FROM audit_events WHERE object_type = 'registry_contracts' ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    want = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    check(sha == want and audit is not None and json.loads(audit[0]).get('sha256') == want,
          "the batch and its audit record hold the file's SHA-256, though the file was read in one pass",
          (sha, want, audit))
    after = {r['no']: r for r in listed(db, 'contracts')}
    check(after[changed['no']]['revision'] == 2 and after[changed['no']]['amount'] == '99999.5'
          and after[same['no']]['revision'] == 1 and after[same['no']]['created_at'] == '2025-01-01T00:00:00Z',
          'the revised record is revision 2; the unchanged one keeps its time', (after[changed['no']], after[same['no']]))
    new = after.get('UPGRADE-NEW-1')
    check(new is not None and new['created_at'] == '2026-03-01T00:00:00Z' and new['created_by'] == 'cli',
          "a record imported now reads with its batch's time and author", new)
    con = sqlite3.connect(db)
    raw = con.execute('SELECT rkey, created_at, created_by, batch_id FROM registry_contracts WHERE "no" = ?',
                      ('UPGRADE-NEW-1',)).fetchone()
    con.close()
    check(raw is not None and raw[0] == 'UPGRADE-NEW-1' and raw[1] is None and raw[2] is None and raw[3],
          'its row holds neither a second copy of its key nor its time and author, only its batch', raw)

    code, out, err = run(db, 'registry', 'recompute', '--quiet')
    check(code == 0 and ' 0 new, 0 revised' in out, 'the import brought the derived values up to date', (code, out, err))
    T.done()


if __name__ == '__main__':
    main()
