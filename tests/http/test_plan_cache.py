#!/usr/bin/env python3
"""test_plan_cache.py - the server reads each plan version once and shares it between requests;
a new version must be what the next request sees: after a plan edit over the API, and after
`innomon plan load` of a changed folder from another process while the server runs. Prints TAP.
usage: test_plan_cache.py INNOMON_BIN SOURCE_ROOT"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check


def get(base, path, token=None):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token} if token else {})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-plancache-")
    db = testdb.new_db(tmp, "plancache")
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x")
    subprocess.run([BIN, "--db", db, "init", "--plan-only"], env=env, check=True, capture_output=True)
    token = subprocess.run([BIN, "--db", db, "token", "create", "admin", "--name", "t"], capture_output=True,
                           text=True, check=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    T.plan(6)
    try:
        def plan():
            return get(base, "/api/v1/plan")

        def name(j, code):
            return [i["name_en"] for i in j["indicators"] if i["code"] == code][0]
        first = plan()
        check(first["plan"]["version"] == 1 and get(base, "/api/v1/plan")["plan"]["version"] == 1,
              "version 1 is served, request after request")
        body = json.dumps({"name_en": "Tech contract turnover (edited)"}).encode()
        req = urllib.request.Request(base + "/api/v1/plan/indicators/tech_contract_turnover", method="PUT", data=body,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            check(r.status == 200, "an admin edits an indicator's English name")
        after = plan()
        check(after["plan"]["version"] == 2 and name(after, "tech_contract_turnover") == "Tech contract turnover (edited)",
              "the next request sees version 2 with the edit", after["plan"]["version"])
        ind = get(base, "/api/v1/indicators/tech_contract_turnover")
        check(json.dumps(ind).find("Tech contract turnover (edited)") >= 0, "and so does the indicator's own route")

        # another process loads a changed plan folder while the server runs
        folder = os.path.join(tmp, "plan")
        shutil.copytree(os.path.join(ROOT, "data/plans/czt-2024"), folder)
        path = os.path.join(folder, "plan.csv")
        text = open(path, encoding="utf-8").read()
        open(path, "w", encoding="utf-8").write(text.replace("长株潭国家自主创新示范区提质升级行动计划", "长株潭国家自主创新示范区提质升级行动计划（修订）", 1))
        r = subprocess.run([BIN, "--db", db, "plan", "load", folder], capture_output=True, text=True)
        check(r.returncode == 0, "innomon plan load stores the changed folder", r.stderr)
        again = plan()
        check(again["plan"]["version"] == 3 and again["plan"]["title_zh"].endswith("（修订）"),
              "the server serves the version loaded by the other process", again["plan"])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
