#!/usr/bin/env python3
"""test_lifecycle.py - a plan's lifecycle and a series across plans, through the CLI, the API and
the pages. Authored as a workbook (tests/data/plans/every-kind written by plan_workbook.py):
a workbook with problems lists every one with its sheet, row and column on the page and in the
API, and keeps nothing; the template downloads and loads as it is; a good workbook previews what
it creates, is created once as a draft, edited through ?plan= (a new version of it alone). A successor (tests/data/plans/successor) loaded as a draft is never the default and
is seen by the department only (anonymous and a reader get 404, the admin and the analyst see
it on /plans marked 草案); put in force through the API it becomes the default; the shipped plan
superseded by it through the admin form shows as such and stays evaluable; an upload of values
(CSV or workbook) is no plan workbook: its plan preview and creation say so and change nothing; the refusals (a
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

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
NOW = "2026-12-01T00:00:00Z"
PW = "lifecycle-pass-2025x"


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
        self.last_location = None
        try:
            with self.opener.open(req) as r:
                return r.status, r.read().decode("latin-1" if path.endswith(".xlsx") else "utf-8")
        except urllib.error.HTTPError as e:
            self.last_location = e.headers.get("Location")
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


def workbook(tmp, name, *sets):
    out = os.path.join(tmp, name)
    args = [sys.executable, os.path.join(ROOT, "tests/data/plan_workbook.py"), os.path.join(ROOT, "tests/data/plans/every-kind"), out]
    for s in sets:
        args += ["--set", s]
    subprocess.run(args, check=True)
    with open(out, "rb") as f:
        return f.read()


def multipart(name, data):
    body = (b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name.encode() +
            b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--b0undary--\r\n")
    return body, "multipart/form-data; boundary=b0undary"


def count(db, sql):
    return testdb.scalar(db, sql)


def authoring(db, tmp, admin, anon):
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    bad = workbook(tmp, "bad.xlsx", "targets.csv:2:comparator==>", "targets.csv:5:region=nowhere",
                   "indicators.csv:3:unit_zh=", "plan.csv:1:issued=someday")
    uploads = count(db, "SELECT count(*) FROM uploads")
    st, body = admin.request("POST", "/admin/plans/new", *multipart("bad.xlsx", bad))
    rows = re.findall(r'<tr class="error"><td>([^<]*)</td><td class="num">(\d*)</td><td>([A-Z]*)</td><td>([a-z_]*)</td>', body)
    check(st == 422 and ("规划", "2", "G", "issued") in rows and ("指标", "4", "D", "unit_zh") in rows
          and ("目标值", "3", "D", "comparator") in rows and ("目标值", "6", "B", "region") in rows and len(rows) == 4,
          "an uploaded workbook with four problems: all four, each with its sheet, row and column, in sheet order", rows)
    check(count(db, "SELECT count(*) FROM uploads") == uploads and count(db, "SELECT count(*) FROM plans WHERE code = 'kinds-2030'") == 0,
          "a refused workbook keeps nothing")
    st, j = admin.request("POST", "/api/v1/plans?name=bad.xlsx&dry_run=1", bad, XLSX)
    errs = json.loads(j)["error"]["details"][0]["errors"] if st == 422 else []
    check(st == 422 and {(e["sheet"], e["row"], e["column"]) for e in errs} == {("规划", 2, 7), ("指标", 4, 4), ("目标值", 3, 4), ("目标值", 6, 2)},
          "the API lists the same problems", errs)
    st, tpl = admin.request("GET", "/admin/plans/template.xlsx")
    path = os.path.join(tmp, "template.xlsx")
    with open(path, "w", encoding="latin-1") as f:
        f.write(tpl)
    r = cli(db, "plan", "check", path)
    check(st == 200 and r.returncode == 0 and "example-2030" in r.stdout, "the template downloads and loads as it is", r.stderr)

    good = workbook(tmp, "good.xlsx")
    st, body = admin.request("POST", "/admin/plans/new", *multipart("good.xlsx", good))
    check(st == 303, "a good workbook is kept", st)
    m = re.search(r"/admin/plans/uploads/(\d+)", admin.last_location or "")
    st, body = admin.get("/admin/plans/uploads/%s" % (m.group(1) if m else "0"))
    check(st == 200 and "将创建新规划（草案）" in body and "kinds-2030" in body and '<th scope="row">目标值</th><td class="num">13</td>' in body,
          "its preview says what it would create", st)
    st, body = admin.form("/admin/plans/uploads/%s/create" % (m.group(1) if m else "0"), {})
    check(st == 303 and admin.last_location == "/admin/plan?plan=kinds-2030&created=1", "created as a draft", admin.last_location)
    st, _ = admin.form("/admin/plans/uploads/%s/create" % (m.group(1) if m else "0"), {})
    check(st == 409 and plans_of(admin)["kinds-2030"]["status"] == "draft" and anon.get("/?plan=kinds-2030")[0] == 404,
          "created once; a draft the public does not see", st)
    st, body = admin.form("/admin/plan/targets/rd_spending/hunan/2030?plan=kinds-2030", {"comparator": "cagr>=", "value": "8"})
    v = {p["code"]: p["version"] for p in plans_of(admin).values()}
    check(st == 200 and v.get("kinds-2030") == 2 and v.get("czt-2024") == 1, "an edit through ?plan= makes a new version of the draft alone", v)

    # an upload of values, as CSV or as a workbook, is no plan workbook: no preview, nothing created
    sys.path.insert(0, os.path.join(ROOT, "tests/data"))
    import plan_workbook
    values_xlsx = os.path.join(tmp, "values.xlsx")
    plan_workbook.write(values_xlsx, [("数据", [["indicator", "region", "period", "value", "source"],
                                               ["tech_contract_turnover", "changsha", "2026", "1600", "测试"]])])
    with open(values_xlsx, "rb") as f:
        files = [("values.csv", b"indicator,region,period,value,source\ntech_contract_turnover,changsha,2026,1600,test\n",
                  "text/csv"), ("values.xlsx", f.read(), XLSX)]
    ids = []
    for name, data, ctype in files:
        st, text = admin.request("POST", "/api/v1/imports?plan=czt-2024&name=" + name, data, ctype)
        ids.append(json.loads(text).get("id") if st == 201 else None)
    check(all(ids), "two uploads of values are kept, CSV and workbook", ids)
    plans_before, said = plans_of(admin), []
    for i in ids:
        st, body = admin.get("/admin/plans/uploads/%s" % i)
        st_en, body_en = admin.get("/admin/plans/uploads/%s?lang=en" % i)
        admin.get("/?lang=zh")  # the language is kept in a cookie: back to Chinese
        said.append((st, "该上传文件不是规划工作簿" in body, 'id="would-create"' in body, "/create" in body,
                     'href="/entry/imports/%s"' % i in body, st_en, "This upload is not a plan workbook" in body_en))
    check(said == [(404, True, False, False, True, 404, True)] * 2,
          "previewing an upload of values as a plan says it is no plan workbook, in Chinese and English, and "
          "points to its own preview", said)
    created = []
    for i in ids:
        st, body = admin.form("/admin/plans/uploads/%s/create" % i, {})
        created.append((st, "该上传文件不是规划工作簿" in body))
    check(created == [(404, True)] * 2 and plans_of(admin) == plans_before
          and count(db, "SELECT count(*) FROM uploads WHERE committed_at IS NOT NULL AND id IN (%d, %d)" % tuple(ids)) == 0,
          "creating a plan from an upload of values is refused the same way and changes nothing", created)


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-lifecycle-")
    db = testdb.new_db(tmp, "lifecycle")
    assert cli(db, "init").returncode == 0
    for name, role in (("ana", "analyst"), ("rita", "reader")):
        r = cli(db, "user", "add", name, "--role", role, "--password-stdin", stdin=PW + "\n")
        assert r.returncode == 0, r.stderr
    r = cli(db, "plan", "load", "--draft", os.path.join(ROOT, "tests/data/plans/successor"))
    assert r.returncode == 0, r.stderr
    series_quiet = "unknown_series" not in r.stderr and "no other stored plan" not in r.stderr
    alone = testdb.new_db(tmp, "alone")
    r = cli(alone, "plan", "load", "--draft", os.path.join(ROOT, "tests/data/plans/successor"))
    series_said = (r.returncode == 0 and "indicators.csv:2: warning: 'contracts_2030' continues 'tech_contract_turnover', "
                   "which no other stored plan defines" in r.stderr, r.stderr)
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

    T.plan(34)
    check(series_quiet, "a successor loaded after the plan it continues: no warning about its series")
    check(series_said[0], "loaded alone, it is stored and its continued series named in a warning with file and line",
          series_said[1])
    try:
        authoring(db, tmp, admin, anon)
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
    T.done()


main()
