#!/usr/bin/env python3
"""test_migrate.py - `innomon migrate` there and back: a store holding every kind of data (plans,
values with several revisions, users, tokens, sessions and sign-ins, uploads, a reporting cycle
with a report and its evidence file, 督办 notices with their events, inbox and webhook outbox,
registry records, the audit chain) is copied from an SQLite file to the test's second store (a
PostgreSQL schema under tools/pg-test.sh, else another file) and from there to a new SQLite file.
Every table of the first and the last file (and of a backup of the second store) must hold the
same rows, `audit verify` must pass on each copy, `progress --json` must be identical on all three, a non-empty target is refused, and
a copy takes new writes. Prints TAP.
usage: test_migrate.py INNOMON_BIN SOURCE_ROOT"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
# what a bulk copy's text format must escape: a backslash (also before N and before a dot, its
# NULL and end-of-data marks), a tab, new lines
NARRATIVE = "方案已报审。\n附表\t路径 C:\\报审\\N 与 \\. 各一\r\n完"
ENV = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x", INNOMON_NOW="2025-10-01T02:00:00Z")


def innomon(db, *args, stdin=None, now=None):
    env = dict(ENV, INNOMON_NOW=now) if now else ENV
    argv = [BIN] + (["--db", db] if db else []) + list(args)
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env)


def call(base, method, path, token, body=None, ctype="application/json"):
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = ctype
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
    req = urllib.request.Request(base + path, method=method, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def fill(db):
    """Every kind of data, through the CLI and the API as users would write it."""
    assert innomon(db, "init").returncode == 0
    innomon(db, "user", "add", "ana", "--role", "analyst", "--password-stdin", stdin="ana-pass-2025x\n")
    innomon(db, "user", "add", "kjt-rep", "--role", "unit_reporter", "--unit", "kjt", "--password-stdin",
            stdin="kjt-pass-2025x\n")
    admin = innomon(db, "token", "create", "admin", "--name", "t").stdout.strip().splitlines()[-1]
    ana = innomon(db, "token", "create", "ana", "--name", "t").stdout.strip().splitlines()[-1]
    assert innomon(db, "cycle", "open", "2025Q3", "--deadline", "2025-10-15").returncode == 0
    talents = "编号,人才计划,入选年度,地区\nT1,芙蓉计划,2024,长沙\nT2,湖湘英才,2025,株洲\n"
    path = os.path.join(os.path.dirname(db) if not db.startswith("postgres") else tempfile.gettempdir(), "talents.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(talents)
    r = innomon(db, "import", "registry", "talents", path)
    assert r.returncode == 0, r.stderr
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0", "--log-level", "error"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    try:
        # a sign-in (a session and a sign-in attempt), an upload committed, a value moved through review
        req = urllib.request.Request(base + "/api/v1/session", method="POST",
                                     data=json.dumps({"name": "ana", "password": "ana-pass-2025x"}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            assert resp.status in (200, 201)
        csv = b"indicator,region,period,value\ninvention_patents_per_10k,zhuzhou,2025-03,12.5\n" \
              b"tech_contract_turnover,changsha,2025-03,0.1\n"
        st, j = call(base, "POST", "/api/v1/imports?name=v.csv", ana, csv, "text/csv")
        assert st == 201, (st, j)
        st, j = call(base, "POST", "/api/v1/imports/%d/commit" % j["id"], ana, b"")
        assert st == 200, (st, j)
        st, j = call(base, "GET", "/api/v1/values?indicator=invention_patents_per_10k&region=zhuzhou", ana)
        vid = [v for v in j["values"] if v["period"] == "2025-03"][0]["id"]
        # the analyst's import waits for a second person (the four-eyes rule)
        st, j = call(base, "POST", "/api/v1/observations/%d/approve" % vid, admin, b"")
        assert st == 200, (st, j)
        st, j = call(base, "POST", "/api/v1/observations/%d/publish" % j["id"], admin, b"")
        assert st == 200, (st, j)
        # a report with its evidence, in the open cycle
        st, j = call(base, "PUT", "/api/v1/progress-reports/2025Q3/1/kjt", admin,
                     {"progress": "on_track", "narrative": NARRATIVE, "submit": True})
        assert st in (200, 201), (st, j)
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        st, j = call(base, "POST", "/api/v1/progress-reports/2025Q3/1/kjt/evidence?name=%E4%BD%90%E8%AF%81.pdf",
                     admin, pdf, "application/pdf")
        assert st == 201, (st, j)
    finally:
        server.terminate()
        server.wait(timeout=60)
    # past the deadline: 督办 notices for the missing reports, their events, inboxes and webhooks
    assert innomon(db, "tick", now="2025-10-20T02:00:00Z").returncode == 0


def rows(path, table):
    db = sqlite3.connect(path)
    cols = [c[1] for c in db.execute('PRAGMA table_info("%s")' % table)]
    order = ", ".join('"%s"' % c for c in cols)
    out = db.execute('SELECT %s FROM "%s" ORDER BY %s' % (order, table, order)).fetchall()
    db.close()
    return out


def tables(path):
    """Every table, less the full-text index's own storage (search_docs_data, _idx, ...): its
    pages differ from copy to copy; search_docs, the rows it indexes, is compared like any table."""
    db = sqlite3.connect(path)
    out = [r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                                    " AND name <> 'schema_migrations' AND name NOT LIKE 'search\\_docs\\_%' ESCAPE '\\'"
                                    " ORDER BY name")]
    db.close()
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-migrate-")
    a, b, c = os.path.join(tmp, "a.db"), testdb.new_db(tmp, "migrate"), os.path.join(tmp, "c.db")
    fill(a)
    T.plan(12)
    must_have = {"observations": 3, "uploads": 1, "import_batches": 2, "sessions": 1, "api_tokens": 2, "evidence": 1,
                 "reports": 1, "notices": 1, "notifications": 1, "webhook_deliveries": 1, "registry_talents": 2,
                 "milestones": 1, "cycle_duties": 1, "signin_attempts": 1}
    thin = {t: len(rows(a, t)) for t, n in must_have.items() if len(rows(a, t)) < n}
    narratives = [r for r in rows(a, "reports") if any(isinstance(v, str) and "\\N" in v and "\t" in v for v in r)]
    check(not thin and narratives, "the source holds every kind of data, texts with tabs and backslashes among them",
          (thin, rows(a, "reports")))

    r = innomon(None, "migrate", "--from", a, "--to", b)
    check(r.returncode == 0 and "audit trail intact" in r.stdout, "migrate to the second store", r.stdout + r.stderr)
    r = innomon(None, "migrate", "--from", b, "--to", c)
    check(r.returncode == 0 and "audit trail intact" in r.stdout, "and back to a new SQLite file", r.stdout + r.stderr)

    names = tables(a)
    check(names == tables(c) and len(names) >= 30, "the same tables", (names, tables(c)))
    differ = [t for t in names if rows(a, t) != rows(c, t)]
    check(not differ, "every row of every table came back as it was", differ)

    verified = [innomon(s, "audit", "verify") for s in (b, c)]
    check(all(v.returncode == 0 and "audit trail intact" in v.stdout for v in verified),
          "audit verify passes on both copies", [v.stdout + v.stderr for v in verified])
    progress = [innomon(s, "progress", "--json").stdout for s in (a, b, c)]
    check(progress[0] and progress[0] == progress[1] == progress[2], "progress --json is identical on all three")
    revisions = [innomon(s, "values", "invention_patents_per_10k", "--revisions").stdout for s in (a, b)]
    check(revisions[0] == revisions[1] and "published" in revisions[0], "every revision of a value, as it was",
          revisions)

    # a backup of the second store (PostgreSQL: an SQLite file from one snapshot) holds it all too
    d = os.path.join(tmp, "d.db")
    r = innomon(b, "backup", d)
    check(r.returncode == 0 and os.path.exists(d) and all(rows(a, t) == rows(d, t) for t in names),
          "a backup of the second store holds every row", r.stdout + r.stderr)

    before = innomon(b, "audit", "verify").stdout
    r = innomon(None, "migrate", "--from", a, "--to", b)
    check(r.returncode == 5 and "not empty" in r.stderr and innomon(b, "audit", "verify").stdout == before,
          "a target that holds data is refused and left as it was", r.stderr)

    # the copy takes new writes: new rows get ids past the copied ones, the chain goes on
    r = innomon(b, "user", "add", "zed", "--role", "reader", "--password-stdin", stdin="zed-pass-2025x\n")
    check(r.returncode == 0, "the copy takes a new user", r.stderr)
    r = innomon(b, "audit", "verify")
    check(r.returncode == 0 and "intact" in r.stdout, "and its audit trail goes on intact", r.stdout + r.stderr)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
