#!/usr/bin/env python3
"""test_plans.py - several plans in one store: the shipped (ended) plan and a plan in force
(tests/data/plans/every-kind). /plans and GET /api/v1/plans list both with their phase; with no
choice the plan in force is shown (web and CLI alike); ?plan=CODE shows the other, the choice is
remembered in a cookie, a plan the store lacks is 404; the API and the reports follow ?plan=;
the ended plan keeps its final evaluation. Prints TAP.
usage: test_plans.py INNOMON_BIN SOURCE_ROOT"""
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
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
NOW = "2026-12-01T00:00:00Z"


def cli(db, *args):
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x", INNOMON_NOW=NOW)
    return subprocess.run([BIN, "--db", db] + list(args), env=env, capture_output=True, text=True)


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-plans-")
    db = testdb.new_db(tmp, "plans")
    assert cli(db, "init").returncode == 0
    r = cli(db, "plan", "load", os.path.join(ROOT, "tests/data/plans/every-kind"))
    assert r.returncode == 0, r.stderr
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, INNOMON_NOW=NOW))
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path, opener=None):
        try:
            with (opener or urllib.request.build_opener()).open(base + path) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    T.plan(12)
    try:
        st, body = get("/api/v1/plans")
        plans = {p["code"]: p for p in json.loads(body)["plans"]}
        check(st == 200 and plans.get("czt-2024", {}).get("phase") == "ended"
              and plans.get("kinds-2030", {}).get("phase") == "in_force", "both plans are listed with their phase", plans)
        check(plans["kinds-2030"]["is_default"] and not plans["czt-2024"]["is_default"],
              "with no choice the plan in force is shown")
        st, body = get("/plans")
        check(st == 200 and "长株潭国家自主创新示范区提质升级行动计划" in body and "示例规划：每一种目标" in body
              and "已到期（终期评估）" in body and "实施中" in body, "/plans shows both, with their phase")

        st, body = get("/api/v1/progress")
        check(st == 200 and {t["indicator"] for t in json.loads(body)} <= set(
            i["code"] for i in json.loads(get("/api/v1/plan?plan=kinds-2030")[1])["indicators"]),
              "GET /api/v1/progress answers for the plan in force")
        st, body = get("/api/v1/progress?plan=czt-2024&final=1")
        fin = json.loads(body)
        check(st == 200 and fin["plan"] == "czt-2024" and fin["n_headline"] == 14,
              "?plan=czt-2024 gives the ended plan's final evaluation", fin.get("summary"))
        check(get("/?plan=no-such-plan")[0] == 404 and get("/api/v1/progress?plan=no-such-plan")[0] == 404,
              "a plan the store lacks is 404")

        st, body = get("/?plan=czt-2024", browser)
        check(st == 200 and 'id="final-summary"' in body, "the ended plan's dashboard leads with its final verdicts")
        st, body = get("/plan", browser)
        check("湘政办发〔2024〕3号" in body and 'aria-current="page">长株潭' in body,
              "the choice is remembered: the next page is about the same plan, and the switcher says so")
        st, body = get("/plan")
        check("湘政办发〔2024〕3号" not in body, "a visitor without the cookie sees the plan in force")

        r = cli(db, "progress", "--json")
        check(r.returncode == 0 and {t["indicator"] for t in json.loads(r.stdout)} ==
              {t["indicator"] for t in json.loads(get("/api/v1/progress")[1])},
              "innomon progress chooses the same plan as the web", r.stderr)
        r = cli(db, "progress", "--json", "--final", "--plan", "czt-2024")
        check(r.returncode == 0 and json.loads(r.stdout)["summary"] == fin["summary"],
              "--plan czt-2024 gives the same final summary as the API")
        st, body = get("/reports/evaluation?plan=czt-2024&period=2025&format=json")
        check(st == 200 and json.loads(body)["plan"] == "czt-2024" and json.loads(body)["summary"] == fin["summary"],
              "the report follows ?plan= too", body[:200])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    T.done()


main()
