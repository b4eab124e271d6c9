#!/usr/bin/env python3
"""test_lifecycle.py - a plan's lifecycle and a series across plans, through the CLI, the API and
the pages. A successor (tests/data/plans/successor) loaded as a draft is never the default and
is seen by the department only (anonymous and a reader get 404, the admin and the analyst see
it on /plans marked 草案); put in force through the API it becomes the default; the shipped plan
superseded by it through the admin form shows as such and stays evaluable; the refusals (a
draft successor, a plan superseded by itself, a successor back to draft) change nothing; every
change is audited. Its indicators continue the shipped plan's series: the indicator page and the
API show the whole series with the earlier plan's figures marked, and the assessment takes the
predecessor's base-year figure as its baseline, never an earlier one. Prints TAP.
usage: test_lifecycle.py INNOMON_BIN SOURCE_ROOT"""
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
import urllib.parse
import urllib.request

BIN, ROOT = sys.argv[1], sys.argv[2]
NOW = "2026-12-01T00:00:00Z"
PW = "lifecycle-pass-2025x"
N = 0
FAILED = 0


def check(cond, desc, got=None):
    global N, FAILED
    N += 1
    if not cond:
        FAILED += 1
        if got is not None:
            print("# got: %r" % (got,))
    print(("ok" if cond else "not ok") + " %d - %s" % (N, desc))


def cli(db, *args, stdin=None):
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD=PW, INNOMON_NOW=NOW)
    return subprocess.run([BIN, "--db", db] + list(args), env=env, capture_output=True, text=True, input=stdin)


class Client:
    """A browser-like client: cookies, the session's CSRF token, no redirects followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  Client.NoRedirect())
        self.csrf = None

    def request(self, method, path, body=None, ctype=None):
        headers = {"Content-Type": ctype} if ctype else {}
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def get(self, path):
        return self.request("GET", path)

    def json(self, method, path, obj=None):
        st, text = self.request(method, path, None if obj is None else json.dumps(obj).encode(), "application/json")
        return st, json.loads(text) if text.strip() else None

    def signin(self, name):
        st, j = self.json("POST", "/api/v1/session", {"name": name, "password": PW})
        assert st == 200, (st, j)
        self.csrf = j["csrf_token"]

    def form(self, path, fields):
        body = urllib.parse.urlencode(dict(fields, csrf=self.csrf or "")).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")


def plans_of(client):
    st, j = client.json("GET", "/api/v1/plans")
    assert st == 200, st
    return {p["code"]: p for p in j["plans"]}


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-lifecycle-")
    db = os.path.join(tmp, "s.db")
    assert cli(db, "init").returncode == 0
    for name, role in (("ana", "analyst"), ("rita", "reader")):
        r = cli(db, "user", "add", name, "--role", role, "--password-stdin", stdin=PW + "\n")
        assert r.returncode == 0, r.stderr
    r = cli(db, "plan", "load", "--draft", os.path.join(ROOT, "tests/data/plans/successor"))
    assert r.returncode == 0, r.stderr
    csv = os.path.join(tmp, "v.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("indicator,region,period,value,source\ncontracts_2030,hunan,2026,6000,测试数据\n")
    r = cli(db, "import", "values", csv, "--plan", "next-2030", "--status", "published")
    assert r.returncode == 0, r.stderr
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, INNOMON_NOW=NOW))
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    anon, reader, analyst, admin = Client(base), Client(base), Client(base), Client(base)
    reader.signin("rita")
    analyst.signin("ana")
    admin.signin("admin")

    print("1..20")
    try:
        # a draft: the department's only, never the default
        p = plans_of(anon)
        check("next-2030" not in p and p["czt-2024"]["is_default"], "anonymous: the draft is not listed; the shipped plan is the default", p)
        check(anon.get("/?plan=next-2030")[0] == 404 and reader.get("/plan?plan=next-2030")[0] == 404
              and anon.get("/api/v1/progress?plan=next-2030")[0] == 404,
              "the draft is 404 to anonymous and to a reader")
        p = plans_of(analyst)
        check(p.get("next-2030", {}).get("phase") == "draft" and p["next-2030"]["status"] == "draft"
              and not p["next-2030"]["is_default"], "the analyst sees the draft, phase draft, not the default", p.get("next-2030"))
        st, body = admin.get("/plans")
        check(st == 200 and "示例接续规划" in body and "草案（未发布）" in body, "/plans shows the admin the draft, marked 草案")
        r = cli(db, "plan", "status")
        check(r.returncode == 0 and re.search(r"next-2030\s+draft\s+draft", r.stdout), "innomon plan status lists the draft", r.stdout)

        # refusals change nothing
        st, j = admin.json("POST", "/api/v1/plans/czt-2024/status", {"status": "superseded", "superseded_by": "next-2030"})
        check(st == 422 and j["error"]["details"][0]["field"] == "superseded_by", "a draft cannot supersede a plan", j)
        st, j = admin.json("POST", "/api/v1/plans/czt-2024/status", {"status": "superseded", "superseded_by": "czt-2024"})
        check(st == 422, "a plan is not superseded by itself", j)
        st, j = admin.json("POST", "/api/v1/plans/no-such/status", {"status": "draft"})
        check(st == 404, "a plan the store lacks is 404", j)
        st, j = analyst.json("POST", "/api/v1/plans/next-2030/status", {"status": "in_force"})
        check(st == 403 and plans_of(admin)["next-2030"]["status"] == "draft", "an analyst may not change a status", st)

        # in force: the default
        st, j = admin.json("POST", "/api/v1/plans/next-2030/status", {"status": "in_force"})
        check(st == 200 and j == {"plan": "next-2030", "status": "in_force", "superseded_by": None, "unchanged": False},
              "the API puts the draft in force", j)
        p = plans_of(anon)
        check(p["next-2030"]["phase"] == "in_force" and p["next-2030"]["is_default"], "put in force, it is the default for everyone", p)
        st, body = anon.get("/plan")
        check(st == 200 and "示例接续规划" in body, "the plan page with no choice shows the successor")

        # superseded through the admin form: shown as such, still evaluable
        st, body = admin.form("/admin/plan/status?plan=czt-2024", {"status": "superseded", "superseded_by": "next-2030"})
        check(st == 200 and "规划状态已更新" in body, "the admin form marks the shipped plan superseded", st)
        p = plans_of(anon)
        check(p["czt-2024"]["phase"] == "superseded" and p["czt-2024"]["superseded_by"] == "next-2030",
              "the API says superseded, and by which plan", p["czt-2024"])
        st, body = anon.get("/plans")
        check("已被取代" in body and '取代它的规划 <a href="/?plan=next-2030">' in body, "/plans names the successor")
        st, j = anon.json("GET", "/api/v1/progress?plan=czt-2024&final=1")
        check(st == 200 and j["plan"] == "czt-2024" and j["n_headline"] == 14, "the superseded plan keeps its final evaluation", st)
        st, j = admin.json("POST", "/api/v1/plans/next-2030/status", {"status": "draft"})
        check(st == 422 and "czt-2024" in j["error"]["details"][0]["message"],
              "a plan another is superseded by cannot go back to draft", j)
        r = cli(db, "audit", "list", "--action", "plan.status")
        lines = [ln for ln in r.stdout.splitlines() if "plan.status" in ln]
        check(r.returncode == 0 and len(lines) == 2 and cli(db, "audit", "verify").returncode == 0,
              "two status changes, two plan.status audit events, the chain intact", r.stdout)

        # a series across plans
        st, body = anon.get("/indicators/contracts_2030?plan=next-2030")
        rows = re.findall(r'<tr class="continued"><th scope="row">(\d{4})</th>', body)
        check(st == 200 and rows[:2] == ["2019", "2020"] and "2025" in rows and "2026" not in rows
              and '<a href="/indicators/tech_contract_turnover?plan=czt-2024">' in body,
              "the indicator page shows the predecessor's figures marked, and links its indicator", rows)
        st, j = anon.json("GET", "/api/v1/progress?plan=next-2030")
        t = [x for x in j if x["indicator"] == "contracts_2030"][0] if st == 200 else {}
        check(t.get("base_value") == 5384.9 and t.get("base_period") == "2025" and t.get("latest_value") == 6000,
              "the assessment's baseline is the predecessor's base-year figure, not its first", t)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if FAILED else 0)


main()
