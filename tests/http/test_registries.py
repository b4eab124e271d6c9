#!/usr/bin/env python3
"""test_registries.py - the registries over HTTP on the demo plan (data/demo/plan, six derived
indicators): an analyst checks a talents file (dry run: nothing stored), imports it (the records
are stored and the derived indicator's values follow at once, readable as observations), lists
the records of a region and the regions below it, re-imports it (nothing changes), sends a bad
file (422 naming row, column and value; the store unchanged); a unit reporter may read but not
import; an anonymous visitor may not read. Prints TAP. usage: test_registries.py INNOMON_BIN SOURCE_ROOT"""
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check


def call(base, method, path, token=None, body=None, ctype="text/csv"):
    headers = {"Content-Type": ctype} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, method=method, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text


def innomon(db, *args, stdin=None):
    return subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True, text=True,
                          env=dict(os.environ, INNOMON_NOW="2026-11-27T02:00:00Z", INNOMON_ADMIN_PASSWORD="admin-pass-2025x"))


def token_of(db, user):
    out = innomon(db, "token", "create", user, "--name", "test").stdout
    return out.strip().splitlines()[-1]


def digest(db):
    """The store's bytes, its write-ahead log included (a write lands there first)."""
    h = hashlib.sha256()
    for path in (db, db + "-wal"):
        if os.path.exists(path):
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


TALENTS = ("编号,人才计划,入选年度,地区\n"
           "T1,芙蓉计划,2024,长沙\n"
           "T2,芙蓉计划,2024,宁乡高新区\n"
           "T3,湖湘英才,2025,株洲\n").encode("utf-8")
BAD = ("编号,人才计划,入选年度,地区\n"
       "T9,芙蓉计划,2024,长沙\n"
       "T10,芙蓉计划,2024,火星\n").encode("utf-8")


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-registries-")
    db = testdb.new_db(tmp, "registries")
    r = innomon(db, "init", "--plan", os.path.join(ROOT, "data/demo/plan"))
    if r.returncode != 0:
        check(False, "init the demo plan", r.stderr)
        T.done()
    innomon(db, "user", "add", "ana", "--role", "analyst", "--password-stdin", stdin="ana-pass-2025x\n")
    innomon(db, "user", "add", "kjt", "--role", "unit_reporter", "--unit", "kjt", "--password-stdin", stdin="kjt-pass-2025x\n")
    ana, kjt = token_of(db, "ana"), token_of(db, "kjt")
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, INNOMON_NOW="2026-11-27T02:00:00Z"))
    m = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline())
    T.plan(31)
    base = m.group(1)
    try:
        st, j = call(base, "GET", "/api/v1/registries", ana)
        kinds = {k["kind"]: k for k in j.get("registries", [])} if st == 200 else {}
        check(st == 200 and sorted(kinds) == ["contracts", "enterprises", "firms", "patents", "platforms", "talents"],
              "GET /api/v1/registries lists the six registries", (st, j))
        check(kinds.get("talents", {}).get("records") == 0, "the talents registry starts empty")
        check([f["name"] for f in kinds.get("talents", {}).get("fields", []) if f["key"]] == ["id"],
              "each registry names its key fields")

        before = digest(db)
        st, j = call(base, "POST", "/api/v1/registries/talents?name=rc.csv&dry_run=1", ana, TALENTS)
        check(st == 200 and j.get("outcome") == "checked" and j.get("new") == 3 and j.get("derived") is None,
              "a dry run says 3 new records and stores nothing", (st, j))
        check(digest(db) == before, "the store is byte for byte unchanged after the dry run")

        st, j = call(base, "POST", "/api/v1/registries/talents?name=rc.csv", ana, TALENTS)
        check(st == 200 and j.get("outcome") == "imported" and j.get("rows") == 3 and j.get("new") == 3,
              "the import stores 3 new records", (st, j))
        derived = j.get("derived") or {}
        check(derived.get("indicators") == 1 and derived.get("new") == 10 and derived.get("revised") == 0,
              "the derived indicator reading talents follows in the import's own transaction", j)

        st, j = call(base, "GET", "/api/v1/indicators/demo_talent_new", ana)
        series = {s["region"]: {p["period"]: p["value"] for p in s["points"]} for s in j.get("series", [])} if st == 200 else {}
        check(series.get("changsha", {}).get("2024") == 2, "长沙 2024: two talents (one in 宁乡高新区 below it)", series)
        check(series.get("zhuzhou", {}).get("2025") == 1, "株洲 2025: one talent", series)
        check(series.get("czt", {}).get("2024") == 2 and series.get("czt", {}).get("2025") == 1,
              "长株潭 counts its cities", series)

        st, j = call(base, "GET", "/api/v1/registries/talents?region=" + urllib.parse.quote("长沙"), ana)
        ids = sorted(rec["id"] for rec in j.get("records", [])) if st == 200 else []
        check(st == 200 and ids == ["T1", "T2"] and j.get("region") == "changsha" and j.get("total") == 2,
              "the records of 长沙 include those of the zones below it", (st, j))
        check(st == 200 and j["records"][0].get("revision") == 1 and j["records"][0].get("created_by") == "ana",
              "each record says its revision and who stored it", j)

        before = digest(db)
        st, j = call(base, "POST", "/api/v1/registries/talents?name=rc.csv", ana, TALENTS)
        check(st == 200 and j.get("unchanged") == 3 and j.get("new") == 0 and j.get("derived") is None,
              "re-importing the same file changes nothing", (st, j))
        check(digest(db) == before, "the store is byte for byte unchanged after the re-import")

        st, j = call(base, "POST", "/api/v1/registries/talents?name=bad.csv", ana, BAD)
        details = j.get("error", {}).get("details", []) if isinstance(j, dict) else []
        check(st == 422 and j["error"]["code"] == "invalid", "a file with an unknown region is refused with 422", (st, j))
        check(any(d.get("row") == 3 and d.get("field") == "region" and d.get("value") == "火星" for d in details),
              "the error names row 3, the region column and its value", details)
        check(digest(db) == before, "the refused file changed nothing (its good row neither)")

        st, j = call(base, "GET", "/api/v1/registries/talents?region=mars", ana)
        check(st == 422 and j["error"]["details"][0]["field"] == "region", "an unknown region filter is a 422", (st, j))
        st, j = call(base, "GET", "/api/v1/registries/people", ana)
        check(st == 404, "an unknown registry is 404", st)

        st, j = call(base, "GET", "/api/v1/registries/talents", kjt)
        check(st == 200 and j.get("total") == 3, "a unit reporter may read the records", (st, j))
        st, j = call(base, "POST", "/api/v1/registries/talents?name=rc.csv", kjt, TALENTS)
        check(st == 403, "a unit reporter may not import registries", (st, j))
        st, j = call(base, "GET", "/api/v1/registries/talents")
        check(st == 401, "an anonymous visitor may not read the registries", st)

        many = "编号,人才计划,入选年度,地区\n" + "".join("P%03d,芙蓉计划,2024,湘潭\n" % i for i in range(447))
        st, j = call(base, "POST", "/api/v1/registries/talents?name=many.csv", ana, many.encode("utf-8"))
        check(st == 200 and j.get("new") == 447, "447 more talents are imported", (st, j))
        pages = {}
        for n in (1, 3):
            req = urllib.request.Request(base + "/registries?kind=talents&page=%d" % n, headers={"Authorization": "Bearer " + ana})
            with urllib.request.urlopen(req) as r:
                pages[n] = r.read().decode("utf-8")
        rows = {n: len(re.findall(r"<tr><td>", html)) for n, html in pages.items()}
        check(rows == {1: 200, 3: 50} and "页次 1 / 3" in pages[1] and "页次 3 / 3" in pages[3],
              "the records page shows 200 records a page (450: pages of 200, 200, 50)", rows)
        check('href="/registries?kind=talents&amp;page=2">下一页' in pages[1] and "上一页" not in pages[1],
              "page 1 links to the next page only", pages[1][:0])
        check(max(len(h.encode("utf-8")) for h in pages.values()) < 100 * 1024, "a records page stays under 100 KB")
        codes = []
        for path in ("/registries?kind=people", "/registries?region=mars", "/registries?page=abc", "/registries?page=0"):
            try:
                urllib.request.urlopen(urllib.request.Request(base + path, headers={"Authorization": "Bearer " + ana}))
                codes.append(200)
            except urllib.error.HTTPError as e:
                codes.append(e.code)
        check(codes == [404, 404, 404, 404], "an unknown kind, region or page of the records page is 404", codes)

        # the API gives a page at a time with the total: 450 talents, in key order
        st, whole = call(base, "GET", "/api/v1/registries/talents", ana)
        keys = [x["id"] for x in whole.get("records", [])]
        check(st == 200 and whole.get("total") == 450 and len(keys) == 450 and keys == sorted(keys)
              and whole.get("offset") == 0, "the API lists the 450 records in key order with their total",
              {k: v for k, v in whole.items() if k != "records"})
        st, j = call(base, "GET", "/api/v1/registries/talents?limit=7&offset=440", ana)
        check(st == 200 and [x["id"] for x in j.get("records", [])] == keys[440:447] and j.get("total") == 450,
              "limit and offset give that part of it", (st, {k: v for k, v in j.items() if k != "records"}))
        st, j = call(base, "GET", "/api/v1/registries/talents?region=" + urllib.parse.quote("湘潭") + "&limit=5", ana)
        check(st == 200 and j.get("total") == 447 and len(j.get("records", [])) == 5,
              "with a region: the total of that region, the page cut to the limit", (st, j.get("total")))
        bad = [call(base, "GET", "/api/v1/registries/talents?" + q, ana)[0] for q in
               ("limit=0", "limit=10001", "limit=x", "offset=-1")]
        check(bad == [422] * 4, "a bad limit or offset is a 422", bad)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
