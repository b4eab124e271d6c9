#!/usr/bin/env python3
"""test_firms.py - enterprise evaluation over HTTP on the demo plan and the DEMO firms: who sees
what. Anonymous visitors and readers get counts only (/api/v1/pipeline, /pipeline), never a
count below 3 and the same counts everywhere they are shown (pipeline, indicator page); a firm's
page and JSON are refused to them and to a region reporter of another region, alike whether the
firm exists or not; a region reporter sees exactly the firms of its region and the regions below
it, and its own counts unsuppressed; the department sees every firm and exact counts; the firms
registry on /api/v1/registries/firms is filtered the same way. Prints TAP.
usage: test_firms.py INNOMON_BIN SOURCE_ROOT"""
import csv
import json
import os
import re
import signal
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


def get(base, path, token=None):
    headers = {"Authorization": "Bearer " + token} if token else {}
    req = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            body = r.read()
            return r.status, (json.loads(body) if path.startswith("/api/") else body.decode("utf-8"))
    except urllib.error.HTTPError as e:
        body = e.read()
        try:
            return e.code, json.loads(body)
        except ValueError:
            return e.code, body.decode("utf-8", "replace")


def innomon(db, *args, stdin=None):
    return subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True, text=True,
                          env=dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x"))


def token_of(db, user):
    return innomon(db, "token", "create", user, "--name", "test").stdout.strip().splitlines()[-1]


def below(regions, code):
    """code and every region under it (following every parent link)."""
    kids = {}
    for r in regions:
        for p in filter(None, r["parents"].split(";")):
            kids.setdefault(p, []).append(r["code"])
    seen, todo = set(), [code]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo += kids.get(c, [])
    return seen


def counts(pipe):
    out = {}
    for row in pipe["regions"]:
        g = row["region"]["code"]
        out[(g, "evaluated")] = row["evaluated"]
        for m, c in row["methods"].items():
            for k, v in c.items():
                out[(g, m + "." + k)] = v
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-firms-")
    db = testdb.new_db(tmp, "firms")
    steps = [("init", "--plan", os.path.join(ROOT, "data/demo/plan")),
             ("import", "registry", "firms", os.path.join(ROOT, "data/demo/demo_firms.csv")),
             ("import", "registry", "enterprises", os.path.join(ROOT, "data/demo/demo_firm_certs.csv"))]
    for s in steps:
        r = innomon(db, *s)
        if r.returncode != 0:
            check(False, " ".join(s), r.stderr)
            T.done()
    users = [("ana", "analyst", []), ("zz", "region_reporter", ["--region", "zhuzhou"]), ("rea", "reader", []),
             ("kjt", "unit_reporter", ["--unit", "kjt"])]
    for name, role, extra in users:
        innomon(db, "user", "add", name, "--role", role, *extra, "--password-stdin", stdin=name + "-pass-2025x\n")
    tok = {name: token_of(db, name) for name, _, _ in users}
    regions = list(csv.DictReader(open(os.path.join(ROOT, "data/demo/plan/regions.csv"), encoding="utf-8")))
    zz_scope = below(regions, "zhuzhou")
    firms = json.loads(innomon(db, "evaluate", "--json").stdout)
    zz_codes = sorted(f["code"] for f in firms if f["region"]["code"] in zz_scope)
    other = next(f["code"] for f in firms if f["region"]["code"] not in zz_scope)

    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    m = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline())
    T.plan(17)
    base = m.group(1)
    try:
        # ---- counts: the public and readers ----------------------------------------------------
        st, pub = get(base, "/api/v1/pipeline")
        c_pub = counts(pub) if st == 200 else {}
        check(st == 200 and pub["firms"] == 400 and c_pub, "anyone gets the pipeline counts", (st, pub))
        check(all(v is None or v >= 3 for v in c_pub.values()), "no public count is below 3",
              [k for k, v in c_pub.items() if v is not None and v < 3])
        check(any(v is None for v in c_pub.values()), "some public counts are withheld")
        st, exact = get(base, "/api/v1/pipeline", tok["ana"])
        c_dep = counts(exact)
        check(all(v is not None for v in c_dep.values()) and any(0 < v < 3 for v in c_dep.values()),
              "the department sees every count, small ones included")
        check(all(c_pub[k] in (None, c_dep[k]) for k in c_pub), "a count shown publicly is the exact count")
        st, rea = get(base, "/api/v1/pipeline", tok["rea"])
        check(counts(rea) == c_pub, "a reader sees what the public sees")
        st, zz = get(base, "/api/v1/pipeline", tok["zz"])
        c_zz = counts(zz)
        check(all(c_zz[k] == c_dep[k] for k in c_zz if k[0] in zz_scope)
              and all(c_zz[k] in (None, c_dep[k]) for k in c_zz), "a region reporter sees its own regions' counts exactly")

        # the pages show the same withheld cells
        st, html = get(base, "/pipeline")
        check(st == 200 and "登记库测算，非认定结果" in html and "&lt;3" in html, "the public pipeline page is labelled a projection")
        st, ind = get(base, "/indicators/demo_hnte_count")
        row = next((p for p in pub["projections"] if p["indicator"] == "demo_hnte_count"), None)
        shown = "&lt;3" if row["qualifies"] is None else ">%d<" % row["qualifies"]
        check(st == 200 and 'id="projection"' in ind and shown in ind.split('id="projection"')[1],
              "the indicator page shows the projection beside the target, suppressed alike", row)

        # ---- firm-level results --------------------------------------------------------------
        refused = []
        for who in (None, "rea", "kjt"):
            for path in ("/api/v1/firms", "/api/v1/firms/" + other, "/api/v1/firms/91430100MA4L16JQ9B"):
                st, _ = get(base, path, tok.get(who) if who else None)
                refused.append(st)
        check(refused == [401] * 3 + [403] * 6, "anonymous visitors, readers and unit reporters get no firm", refused)
        st, zl = get(base, "/api/v1/firms", tok["zz"])
        got = sorted(f["code"] for f in zl.get("firms", []))
        check(st == 200 and got == zz_codes and got, "a region reporter lists exactly the firms of its region and below",
              (len(got), len(zz_codes)))
        st1, j1 = get(base, "/api/v1/firms/" + zz_codes[0], tok["zz"])
        st2, _ = get(base, "/api/v1/firms/" + other, tok["zz"])
        st3, _ = get(base, "/api/v1/firms/91430100MA4L16JQ9B", tok["zz"])
        check(st1 == 200 and j1["code"] == zz_codes[0] and st2 == 403 and st3 == 403,
              "a reporter opens its own firm; another region's and a missing one are refused alike", (st1, st2, st3))
        st4, _ = get(base, "/api/v1/firms/91430100MA4L16JQ9B", tok["ana"])
        st5, j5 = get(base, "/api/v1/firms/" + other, tok["ana"])
        check(st4 == 404 and st5 == 200 and len(j5["methods"]) == 5, "the department opens any firm; a missing one is 404",
              (st4, st5))
        st, page = get(base, "/firms/" + other, tok["zz"])
        check(st == 403 and "仅对省科技厅和企业所在地区" in page, "another region's firm page is refused with the reason")
        st, page = get(base, "/firms", tok["rea"])
        check(st == 403, "a reader gets no firm list")

        # the firms registry itself follows the same rule
        st, reg = get(base, "/api/v1/registries/firms", tok["zz"])
        codes = {r["code"] for r in reg.get("records", [])}
        check(st == 200 and codes == set(zz_codes), "the firms registry shows a region reporter its own firms only", len(codes))
        st, reg = get(base, "/api/v1/registries/firms", tok["rea"])
        check(st == 200 and reg.get("total") == 0, "and a reader none", reg.get("total"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
