#!/usr/bin/env python3
"""test_sup_plans.py - task supervision with two plans in force in one store, through the API and
?plan=: the shipped plan and a twin of it under another code (the same periods, measures and
units). Each plan opens its own 2025Q3 cycle; a unit reports on measure 1 in each, and the two
reports, their states, the notices the tick raises for each plan and the inbox events stay apart,
each naming its plan. ?plan= naming no plan is refused with a 404 naming it, and writes nothing.
Prints TAP.
usage: test_sup_plans.py INNOMON_BIN SOURCE_ROOT"""
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
NOW = "2025-07-01T00:00:00Z"
PW = "sup-plans-pass-2025x"
A, B = "czt-2024", "twin-2026"
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check


def cli(db, *args, now=NOW, stdin=None):
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD=PW, INNOMON_NOW=now)
    return subprocess.run([BIN, "--db", db] + list(args), env=env, capture_output=True, text=True, input=stdin)


class Client:
    """A client with its own session (cookies and CSRF token)."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None

    def json(self, method, path, obj=None):
        headers = {"Content-Type": "application/json"}
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None if obj is None else json.dumps(obj).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(req) as r:
                st, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            st, text = e.code, e.read().decode()
        return st, json.loads(text) if text.strip() else None

    def page(self, path):
        try:
            with self.opener.open(self.base + path) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def signin(self, name, password):
        st, j = self.json("POST", "/api/v1/session", {"name": name, "password": password})
        assert st == 200, (st, j)
        self.csrf = j["csrf_token"]


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-sup-plans-")
    db = testdb.new_db(tmp, "sup_plans")
    r = cli(db, "init")
    assert r.returncode == 0, r.stderr
    twin = os.path.join(tmp, "twin")
    shutil.copytree(os.path.join(ROOT, "data/plans", A), twin)
    for f in ("milestones.csv", "observations.csv", "projections.csv"):
        os.remove(os.path.join(twin, f))
    with open(os.path.join(twin, "plan.csv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    lines[1] = lines[1].replace(A + ",", B + ",", 1)
    with open(os.path.join(twin, "plan.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    r = cli(db, "plan", "load", twin)
    assert r.returncode == 0, r.stderr
    r = cli(db, "user", "add", "kjt-rep", "--role", "unit_reporter", "--unit", "kjt", "--password-stdin",
            stdin="kjt-rep-pass-2025x\n")
    assert r.returncode == 0, r.stderr
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, INNOMON_NOW=NOW))
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    admin, unit = Client(base), Client(base)
    admin.signin("admin", PW)
    unit.signin("kjt-rep", "kjt-rep-pass-2025x")
    report = "/api/v1/progress-reports/2025Q3/1/kjt"
    try:
        # ---- each plan opens its own cycle of the period ----------------------------------------
        for code in (A, B):
            st, j = admin.json("POST", "/api/v1/cycles?plan=" + code, {"period": "2025Q3", "deadline": "2025-10-15"})
            check(st == 201 and j["plan"] == code and j["period"] == "2025Q3",
                  "POST /api/v1/cycles?plan=%s opens that plan's 2025Q3 cycle" % code, (st, j))
        st, j = admin.json("POST", "/api/v1/cycles?plan=" + B, {"period": "2025Q3", "deadline": "2025-10-15"})
        check(st == 409, "a second 2025Q3 cycle of one plan is a conflict", (st, j))
        for code in (A, B):
            st, j = admin.json("GET", "/api/v1/cycles?plan=" + code)
            check(st == 200 and j["plan"] == code and [c["plan"] for c in j["cycles"]] == [code],
                  "GET /api/v1/cycles?plan=%s lists that plan's cycle only" % code, (st, j))

        # ---- hostile: a plan the store lacks --------------------------------------------------
        n_cycles, n_reports = testdb.scalar(db, "SELECT count(*) FROM cycles"), testdb.scalar(db, "SELECT count(*) FROM reports")
        st, j = admin.json("POST", "/api/v1/cycles?plan=no-such-plan", {"period": "2025Q4", "deadline": "2026-01-15"})
        check(st == 404 and j["error"]["code"] == "unknown_plan" and "'no-such-plan'" in j["error"]["message"],
              "opening a cycle of an unknown plan is a 404 naming the plan", (st, j))
        st, j = unit.json("PUT", report + "?plan=no-such-plan", {"progress": "on_track", "narrative": "x"})
        check(st == 404 and "'no-such-plan'" in j["error"]["message"], "a report on an unknown plan is a 404 naming it",
              (st, j))
        check(testdb.scalar(db, "SELECT count(*) FROM cycles") == n_cycles
              and testdb.scalar(db, "SELECT count(*) FROM reports") == n_reports, "the unknown plan wrote nothing")

        # ---- a unit reports on measure 1 in each plan ------------------------------------------
        for code, text in ((A, "甲规划举措1进展"), (B, "乙规划举措1进展")):
            st, j = unit.json("PUT", report + "?plan=" + code, {"progress": "on_track", "narrative": text})
            check(st == 200 and j["plan"] == code and j["revision"] == 1 and j["narrative"] == text,
                  "PUT %s?plan=%s writes revision 1 of that plan's report" % (report, code), (st, j))
        st, j = unit.json("POST", report + "/submit?plan=" + A, {"revision": 1})
        check(st == 200 and j["state"] == "submitted" and j["plan"] == A, "the report of the first plan is submitted", (st, j))
        st, j = admin.json("POST", report + "/approve?plan=" + A, {"revision": 2})
        check(st == 200 and j["state"] == "approved", "the department approves the first plan's report", (st, j))
        for code, text, state in ((A, "甲规划举措1进展", "approved"), (B, "乙规划举措1进展", "draft")):
            st, j = unit.json("GET", report + "?plan=" + code)
            check(st == 200 and j["plan"] == code and j["report"]["state"] == state
                  and [x["narrative"] for x in j["revisions"]] == [text] * len(j["revisions"]),
                  "GET %s?plan=%s: that plan's report alone (%s)" % (report, code, state), (st, j))
            st, j = admin.json("GET", "/api/v1/progress-reports?plan=%s&measure=1&unit=kjt" % code)
            check(st == 200 and j["plan"] == code and [(x["plan"], x["state"]) for x in j["reports"]] == [(code, state)],
                  "the report list of plan %s names its plan and holds its report only" % code, (st, j))

        # ---- the pages: each plan's, its links keeping ?plan= ----------------------------------
        st, body = unit.page("/reporting?plan=" + B)
        check(st == 200 and "乙规划举措1进展" in body and "甲规划举措1进展" not in body
              and 'action="/reporting?plan=%s"' % B in body,
              "/reporting?plan=%s: that plan's draft, its forms keeping the plan" % B, (st, body[-600:]))
        st, body = admin.page("/supervision?plan=" + B)
        check(st == 200 and 'action="/supervision?plan=%s"' % B in body and "/reporting/2025Q3/1/kjt?plan=" + B in body,
              "/supervision?plan=%s: the review screen of that plan, its links keeping it" % B, (st, body[-600:]))
        st, body = admin.page("/supervision?plan=no-such-plan")
        check(st == 404 and "no-such-plan" in body, "a page of an unknown plan is a 404 naming it", (st, body[-300:]))

        # ---- the rules run for each plan; notices and events stay apart ------------------------
        r = cli(db, "tick", now="2025-10-16T00:00:00Z")
        check(r.returncode == 0 and "427 notices raised" in r.stdout,
              "the tick past the deadline raises each plan's missing reports (213 + 214)", r.stdout + r.stderr)
        for code, want in ((A, 0), (B, 1)):
            st, j = admin.json("GET", "/api/v1/notices?plan=%s&unit=kjt&measure=1&period=2025Q3" % code)
            check(st == 200 and j["plan"] == code and len(j["notices"]) == want
                  and all(x["plan"] == code for x in j["notices"]),
                  "plan %s: %d notice for kjt's report on measure 1" % (code, want), (st, j))
            st, j = admin.json("GET", "/api/v1/notices?plan=" + code)
            check(st == 200 and {x["plan"] for x in j["notices"]} == {code}, "GET /api/v1/notices?plan=%s: its notices only" % code)
        st, j = unit.json("GET", "/api/v1/inbox")
        events = [(x["event"], x.get("plan"), x.get("measure")) for x in j["notifications"]]
        check(st == 200 and ("cycle.opened", A, None) in events and ("cycle.opened", B, None) in events
              and ("report.approved", A, 1) in events and ("report.approved", B, 1) not in events
              and ("notice.raised", B, 1) in events and ("notice.raised", A, 1) not in events,
              "the unit's inbox: each plan's events, each naming its plan", events)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    T.done()


if __name__ == "__main__":
    main()
