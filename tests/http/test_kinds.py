#!/usr/bin/env python3
"""test_kinds.py - a plan using every kind of target (tests/data/plans/every-kind: growth and change
against a base year, <, about, cumulative, annual<=, ranks, rising for a quantity, an ordinal class,
a qualitative target, binding and indicative targets, a target in its own unit, no document
number, a year-month issue date) through the CLI, the API, the pages and the report, as a user
sees it: the words say what the plan said, class labels stand where values are, energy per GDP
(direction down, not a rank) is drawn inside its chart, an indicator without a target shows its
trend, and the department records a verdict on the qualitative target through the API and the
indicator page's form (refused input comes back as typed), which then decides its status.
Prints TAP.
usage: test_kinds.py INNOMON_BIN SOURCE_ROOT"""
import http.cookiejar
import json
import os
import re
import shutil
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
NOW = "2027-01-15T00:00:00Z"  # the as-of month: December 2026
PW = "kinds-password-2026"


def run(db, *args, stdin=None):
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD=PW, INNOMON_NOW=NOW)
    r = subprocess.run([BIN, "--db", db] + list(args), env=env, capture_output=True, input=stdin)
    if r.returncode != 0:
        raise SystemExit("innomon %s failed: %s" % (" ".join(args), r.stderr.decode()))
    return r.stdout


def run_status(db, *args):
    env = dict(os.environ, INNOMON_NOW=NOW)
    r = subprocess.run([BIN, "--db", db] + list(args), env=env, capture_output=True)
    return r.returncode, r.stdout.decode() + r.stderr.decode()


class Client:
    """A browser-like client: cookies, the session's CSRF token, no redirects followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), Client.NoRedirect())
        self.csrf = None

    def request(self, method, path, body=None, ctype=None):
        headers = {}
        if ctype:
            headers["Content-Type"] = ctype
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def json(self, method, path, obj=None):
        status, _, text = self.request(method, path, None if obj is None else json.dumps(obj).encode(),
                                       "application/json")
        return status, json.loads(text) if text.strip() else None

    def signin(self, name):
        status, j = self.json("POST", "/api/v1/session", {"name": name, "password": PW})
        assert status == 200, (status, j)
        self.csrf = j["csrf_token"]

    def form(self, path, fields):
        body = urllib.parse.urlencode(dict(fields, csrf=self.csrf or "")).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")


def svg_points_inside(html):
    """Every data point of every chart on the page lies within its SVG's viewBox."""
    ok = True
    for svg in re.findall(r"<svg[^>]*viewBox=\"0 0 ([\d.]+) ([\d.]+)\"[^>]*>(.*?)</svg>", html, re.S):
        w, h, body = float(svg[0]), float(svg[1]), svg[2]
        for cx, cy in re.findall(r"<circle cx=\"([-\d.]+)\" cy=\"([-\d.]+)\"", body):
            ok &= 0 <= float(cx) <= w and 0 <= float(cy) <= h
    return ok


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-kinds-")
    db = testdb.new_db(tmp, "kinds")
    plan = os.path.join(ROOT, "tests/data/plans/every-kind")
    out = run(db, "plan", "check", plan).decode()
    run(db, "init", "--plan", plan)
    run(db, "user", "add", "ana", "--role", "analyst", "--password-stdin", stdin=(PW + "\n").encode())
    run(db, "user", "add", "rita", "--role", "reader", "--password-stdin", stdin=(PW + "\n").encode())
    values = os.path.join(tmp, "values.csv")
    open(values, "w", encoding="utf-8").write(
        "indicator,region,period,value,source\n"
        "rd_spending,hunan,2025,1000,测试\nrd_spending,hunan,2026,1080,测试\n"
        "energy_intensity,hunan,2025,0.5,测试\nenergy_intensity,hunan,2026,0.48,测试\n"
        "water_class,hunan,2025,4,测试\nwater_class,hunan,2026,3,测试\n"
        "population,hunan,2024,6600,测试\npopulation,hunan,2025,6580,测试\n"
        "hightech_new,hunan,2026,4200,测试\n")
    run(db, "import", "values", values, "--status", "published")
    bad = os.path.join(tmp, "bad.csv")
    open(bad, "w", encoding="utf-8").write(
        "indicator,region,period,value,source,note\n"
        "water_class,changsha,2026,Ⅲ类,测试,\n"      # a class label: fine
        "water_class,yuelu,2026,7,测试,\n"           # no 7th class
        "ecosystem,hunan,2026,1,测试,\n"             # a verdict without its reason
        "ecosystem,changsha,2026,0.5,测试,理由\n")   # not a verdict
    import_rc, import_out = run_status(db, "import", "values", bad, "--dry-run")
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, INNOMON_NOW=NOW))
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    T.plan(34)
    try:
        check("is valid" in out, "plan check accepts a plan with every kind of target", out)
        check(import_rc != 0 and "bad.csv:3:4" in import_out and "7' is not a class of 'water_class'" in import_out
              and "bad.csv:4:6" in import_out and "needs its reason in the note" in import_out
              and "bad.csv:5:4" in import_out and "use 1 (met) or 0 (not met)" in import_out
              and "bad.csv:2" not in import_out,
              "imports take class labels and refuse what is not a class or a reasoned verdict", import_out)
        anon = Client(base)
        status, rows = anon.json("GET", "/api/v1/progress")
        by = {(r["indicator"], r["region"]): r for r in rows}
        rd = by[("rd_spending", "hunan")]
        check(rd["comparator"] == "cagr>=" and abs(rd["implied_target"] - 1000 * 1.07 ** 5) < 1e-6
              and abs(rd["cagr_required"] - 0.07) < 1e-9 and rd["status"] == "on_track",
              "7% a year from 2025: the implied 2030 level, the plan's rate required, on track", rd)
        en = by[("energy_intensity", "hunan")]
        check(en["comparator"] == "change%<=" and abs(en["implied_target"] - 0.4325) < 1e-9 and en["nature"] == "binding",
              "13.5% below 2025: the implied level, binding", en)
        cum = by[("hightech_new", "hunan")]
        check(cum["cumulative"] == 4200 and cum["status"] == "on_track" and abs(cum["achievement"] - 0.21) < 1e-9,
              "cumulative: 4,200 of 20,000 with a fifth of the time gone is on track", cum)
        check(by[("ecosystem", "hunan")]["status"] == "no_status" and by[("ecosystem", "hunan")]["reason"] == "no_review",
              "a qualitative target has no status before a reviewer's verdict", by[("ecosystem", "hunan")])

        status, trends = anon.json("GET", "/api/v1/progress?trends=1")
        pop = [t for t in trends if t["indicator"] == "population"]
        check(status == 200 and len(pop) == 1 and pop[0]["comparator"] is None and pop[0]["status"] == "deteriorating"
              and pop[0]["verdict"] == "not_assessed",
              "an indicator without a target is followed by its trend (GET /api/v1/progress?trends=1)", trends)

        _, _, page = anon.request("GET", "/plan")
        check("未公开文号" in page and "2026-03（未公布具体日期）" in page and "示例发布机关、示例联合发布机关" in page,
              "the plan page says there is no document number and no exact issue date, and names both issuers")
        check("2025—2030年年均增长不低于7%（预期性）" in page and "2030年较2025年下降不少于13.5%（约束性）" in page
              and "3%左右（±0.5）" in page and "2026—2030年累计不少于20,000家" in page and "&lt; 5.5%" in page,
              "targets read as the plan wrote them, with binding or indicative")
        check(re.search(r'常住人口</a></th><td[^>]*>万人</td><td><span class="target muted">无量化目标（看趋势）</span></td>'
                        r'<td class="num">6,580\.0 <span class="year">\(2025\)</span>.*?进展有限|出现倒退', page) is not None,
              "the plan page lists an indicator without a target with its trend")
        check("800万名（折合800万人）" in page or "8,000,000名（折合800万人）" in page,
              "a target counted in 名 against a stock in 万人 shows both")
        _, _, water = anon.request("GET", "/indicators/water_class")
        check("Ⅱ类或更好" in water and "Ⅲ类" in water and "Ⅳ类" in water and ">3<" not in water and ">4<" not in water,
              "an ordinal indicator shows its class labels where values are, its chart's axis too")
        _, _, energy = anon.request("GET", "/indicators/energy_intensity")
        check("越小越好" in energy and "位次" not in energy and svg_points_inside(energy),
              "energy per GDP is lower-is-better, not a rank, and its chart stays inside the SVG")
        _, _, rank = anon.request("GET", "/indicators/city_rank")
        check("越小越好（位次）" in rank, "a rank (unit 位) is called a rank")
        _, _, popp = anon.request("GET", "/indicators/population")
        check('data-trend="deteriorating"' in popp and "无量化目标" in popp, "the indicator page shows the trend")

        status, _ = anon.json("POST", "/api/v1/reviews", {"indicator": "ecosystem", "region": "hunan", "year": 2026,
                                                          "verdict": "met", "reason": "x"})
        check(status == 401, "an anonymous visitor cannot record a verdict", status)
        reader = Client(base)
        reader.signin("rita")
        status, _ = reader.json("POST", "/api/v1/reviews", {"indicator": "ecosystem", "region": "hunan", "year": 2026,
                                                            "verdict": "met", "reason": "x"})
        check(status == 403, "a reader cannot record a verdict", status)
        ana = Client(base)
        ana.signin("ana")
        status, err = ana.json("POST", "/api/v1/reviews", {"indicator": "ecosystem", "region": "hunan", "year": 2031,
                                                           "verdict": "maybe", "reason": " "})
        fields = sorted(d["field"] for d in err["error"]["details"]) if err else []
        check(status == 422 and fields == ["reason", "verdict", "year"], "every problem of a verdict at once", err)
        status, o = ana.json("POST", "/api/v1/reviews", {"indicator": "ecosystem", "region": "hunan", "year": 2026,
                                                         "verdict": "met", "reason": "生态建设里程碑全部完成，佐证材料齐全"})
        check(status == 201 and o["value"] == 1 and o["created_by"] == "ana" and o["status"] == "submitted"
              and o["note"] == "生态建设里程碑全部完成，佐证材料齐全",
              "the API records the verdict with its reviewer and reason, submitted for a second reviewer", o)
        _, rows = anon.json("GET", "/api/v1/progress")
        eco = [r for r in rows if r["indicator"] == "ecosystem"][0]
        check(eco["status"] == "no_status", "a verdict one reviewer gave decides nothing yet (four eyes)", eco)
        status, err = ana.json("POST", "/api/v1/observations/%d/approve" % o["id"], {})
        check(status == 403 and "four_eyes" in json.dumps(err), "the reviewer cannot approve their own verdict", err)
        admin = Client(base)
        admin.signin("admin")
        status, approved = admin.json("POST", "/api/v1/observations/%d/approve" % o["id"], {})
        status2, published = admin.json("POST", "/api/v1/observations/%d/publish" % approved["id"], {})
        check(status == 200 and status2 == 200 and published["status"] == "published", "a second reviewer approves it",
              (status, status2, published))
        _, rows = anon.json("GET", "/api/v1/progress")
        eco = [r for r in rows if r["indicator"] == "ecosystem"][0]
        check(eco["status"] == "met" and eco["verdict"] == "met", "the approved verdict decides the target's status", eco)

        status, _, page = ana.form("/indicators/ecosystem/review",
                                   {"region": "hunan", "year": "2026", "verdict": "not_met", "reason": ""})
        check(status == 422 and 'id="review-error"' in page and "请填写评审依据" in page
              and 'value="not_met" checked' in page and 'value="2026"' in page,
              "a refused form comes back as typed, with why", status)
        status, headers, _ = ana.form("/indicators/ecosystem/review",
                                      {"region": "hunan", "year": "2026", "verdict": "not_met", "reason": "复核发现两项里程碑逾期"})
        check(status == 303 and headers.get("Location", "").startswith("/indicators/ecosystem?msg=review_pending"),
              "the indicator page's form records a verdict", (status, headers.get("Location")))
        _, _, page = ana.request("GET", "/indicators/ecosystem?msg=review_pending")
        check("须由另一位审核人审核通过后生效" in page and "评审认定：达成（2026年；" in page,
              "the page says the verdict waits for a second reviewer and still shows the one in effect",
              re.findall(r'<p class="(?:msg ok|review)"[^>]*>[^<]*', page))
        _, hist = admin.json("GET", "/api/v1/values?indicator=ecosystem&region=hunan&period=2026&status=submitted")
        pending = [max(hist["values"], key=lambda h: h["revision"])]
        check(pending[0]["value"] == 0 and pending[0]["note"] == "复核发现两项里程碑逾期", "the second verdict waits, submitted", hist)
        status, approved = admin.json("POST", "/api/v1/observations/%d/approve" % pending[0]["id"], {})
        status2, _ = admin.json("POST", "/api/v1/observations/%d/publish" % approved["id"], {})
        _, _, page = ana.request("GET", "/indicators/ecosystem")
        said = re.findall(r'<p class="review"[^>]*>([^<]*)', page)
        check(status == 200 and status2 == 200 and len(said) == 1 and said[0].startswith("评审认定：未达成（2026年；ana评审，")
              and "；admin审核通过，" in said[0] and said[0].endswith("）。依据：复核发现两项里程碑逾期"),
              "once approved, the page shows the verdict in effect, the reviewer who gave it, the one who approved it "
              "and the reason", said)
        _, _, page_en = ana.request("GET", "/indicators/ecosystem?lang=en")
        said_en = re.findall(r'<p class="review"[^>]*>([^<]*)', page_en)
        ana.request("GET", "/indicators/ecosystem?lang=zh")
        check(len(said_en) == 1 and "given by ana" in said_en[0] and "approved by admin" in said_en[0],
              "and in English", said_en)
        _, audit = admin.json("GET", "/api/v1/audit?limit=50")
        events = audit.get("events", audit) if isinstance(audit, dict) else audit
        check(sum(1 for e in events if e.get("action") == "target.review") == 2, "both verdicts are audited",
              [e.get("action") for e in events])
        status, err = admin.json("PUT", "/api/v1/plan/targets/cpi_rise/hunan/2030", {"nature": "必须"})
        status2, _ = admin.json("PUT", "/api/v1/plan/targets/cpi_rise/hunan/2030", {"tolerance": 0.3, "nature": "约束性"})
        _, plan = anon.json("GET", "/api/v1/plan")
        cpi = [t for i in plan["indicators"] if i["code"] == "cpi_rise" for t in i["targets"]][0]
        check(status == 422 and status2 == 200 and cpi["tolerance"] == 0.3 and cpi["nature"] == "binding",
              "a plan edit sets a target's tolerance and nature (and refuses an unknown nature)", (status, status2, cpi))
        final = json.loads(run(db, "progress", "--json", "--final"))
        eco = [t for t in final["targets"] if t["indicator"] == "ecosystem"][0]
        check(eco["verdict"] == "no_final" and any(t["indicator"] == "population" for t in final["trends"]),
              "after the target year without a verdict for it: no final verdict; trends come with the final object",
              eco)
        md = run(db, "report", "--period", "2026", "--format", "md", "-o", "-").decode()
        sizes = [len(run(db, "report", "--period", "2026", "--format", f, "-o", "-")) for f in ("html", "pdf", "xlsx")]
        check("无量化目标的指标" in md and "| 常住人口 | 湖南 |" in md and "Ⅲ类" in md and "未公开文号" in md
              and "2025—2030年年均增长不低于7%（预期性）" in md and all(n > 1000 for n in sizes),
              "the report in every format: the trend table, class labels, the plan's words", sizes)
        # a plan with actions in two levels, units for a whole action and a group unit
        db2 = testdb.new_db(tmp, "two")
        run(db2, "init", "--plan", os.path.join(ROOT, "tests/data/plans/two-levels"))
        s2 = subprocess.Popen([BIN, "--db", db2, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, INNOMON_NOW=NOW))
        try:
            base2 = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", s2.stdout.readline()).group(1)
            c2 = Client(base2)
            _, _, plan2 = c2.request("GET", "/plan")
            _, _, unit2 = c2.request("GET", "/units/cities")
            m = re.search(r'<article class="action" id="action-1">(.*?)</article>', plan2, re.S)
            body = m.group(1) if m else ""
            check("围绕国家战略需求" in body and '<section class="sub-action" id="action-11"><h4>争创国家区域科技创新中心</h4>' in body
                  and "以长株潭为核心" in body and "本行动责任单位：" in body and "各市人民政府" in body and "（配合）" in body
                  and "/measures/6" in body and "代表地区" in unit2 and "/regions/changsha" in unit2,
                  "actions in two levels with their text, a unit for a whole action, a group unit's regions")
        finally:
            s2.terminate()
            s2.wait()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    T.done()


if __name__ == "__main__":
    main()
