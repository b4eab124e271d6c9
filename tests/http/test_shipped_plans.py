#!/usr/bin/env python3
"""test_shipped_plans.py - every shipped plan in the one store `innomon init` makes, walked page by
page and route by route through ?plan=CODE.

`innomon init` loads every folder of data/plans/ into one store. Each plan gets the same walk,
every request asking for it with ?plan=CODE: every GET route of src/web/route.c, with the
plan's own codes for its parameters (every indicator, region, unit and measure page), as the
administrator and as an anonymous visitor, in Chinese and in English;
the evaluation report of the plan's last year and of its first in every format; the open-data
exports. Nothing answers 5xx, no page shows a missing translation, every page carries the
site's configured name and the plan's own title, and the plan's pages answer 200. The report
of a plan without measures says so in a sentence, never "0项举措"; no report credits the plan's
issuer as its preparer; a period after the plan is refused with 400. Prints TAP.
usage: test_shipped_plans.py INNOMON_BIN SOURCE_ROOT"""
import csv
import glob
import html
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import PW, Client, Server, Tap, free_tmp, innomon, routes  # noqa: E402

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()
MISSING = "\u27e6"
SITE_ZH, SITE_EN = "某省科技创新监测平台", "Provincial S&T monitor"
ORG_ZH = "某省科学技术信息研究所"


def shipped():
    """{code: (folder, plan.csv row)} of every folder of data/plans/."""
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "plans", "*", "plan.csv"))):
        with open(path, encoding="utf-8-sig", newline="") as f:
            row = next(csv.DictReader(f))
        out[row["code"]] = (os.path.dirname(path), row)
    return out


def years(row):
    first = int(row["issued"][:4])
    last = max(int(row["valid_until"][:4]), int(row["target_year"]))
    return first, last


def measures(plan):
    """The plan's measure numbers (under its actions in GET /api/v1/plan)."""
    return [str(m["number"]) for a in plan.get("actions", []) for m in a.get("measures", [])]


def pages_of(plan, first, last):
    """Every GET route with the plan's own codes for its parameters."""
    codes = {
        ":code": [i["code"] for i in plan["indicators"]],
        ":indicator": [plan["indicators"][0]["code"]],
        ":region": [r["code"] for r in plan["regions"]],
        ":unit": [u["code"] for u in plan["units"]],
        ":n": measures(plan),
        ":measure": measures(plan),
        ":year": [str(last)], ":period": [str(last)],
    }
    out = []
    for method, pattern, kind, action, name in routes(ROOT):
        if method != "GET" or pattern.startswith("/static") or pattern in ("/signout", "/metrics"):
            continue
        params = re.findall(r":[a-z_]+", pattern)
        if not params:
            out.append((pattern, name, False))
            continue
        # the plan's own objects: /indicators/:code takes indicator codes, /regions/:code regions…
        key = params[0]
        if key == ":code":
            key = {"/regions/": ":region", "/units/": ":unit"}.get(next((p for p in ("/regions/", "/units/")
                                                                         if p in pattern), ""), ":code")
        values = codes.get(key)
        if values is None or ("firms" in pattern) or ("registries" in pattern) or ("evidence" in pattern) or \
                ("notices/" in pattern) or ("cycles/" in pattern) or ("progress-reports/" in pattern) or \
                pattern.startswith("/reporting/"):
            continue  # objects that are no plan's (firms, evidence, notices, cycles)
        for v in values:
            path = pattern.replace(params[0], v)
            for p in params[1:]:
                path = path.replace(p, (codes.get(p) or ["x"])[0])
            out.append((path, name, True))
    out += [("/reports/evaluation?period=%d&format=%s" % (y, f), "report", True)
            for y in (first + 1, last) for f in ("html", "pdf", "xlsx", "md")]
    out += [("/api/v1/export?format=%s" % f, "export", True) for f in ("csv", "json", "xlsx")]
    out += [("/api/v1/progress?final=1", "progress_final", True), ("/pipeline", "pipeline", True)]
    return out


def walk(port, code, row, plan, first, last):
    admin = Client(port, "admin")
    anon = Client(port)
    title_zh = row["title_zh"]

    def q(path):
        """path asking for this plan"""
        return path + ("&" if "?" in path else "?") + "plan=" + urllib.parse.quote(code)

    pages = pages_of(plan, first, last)
    n_pages = n_plan_pages = 0
    bad = []
    for path, name, is_plan_page in pages:
        for who, c in (("admin", admin), ("anonymous", anon)):
            for lang in ("zh", "en"):
                r = c.get(q(path) + "&lang=" + lang)
                if r.status >= 500:
                    bad.append("%s %s %s: %d" % (who, lang, path, r.status))
                    continue
                ctype = r.header("Content-Type") or ""
                if who == "admin" and is_plan_page and r.status != 200:
                    bad.append("%s %s %s: %d %s" % (who, lang, path, r.status, r.text()[:200]))
                if r.status == 200 and ctype.startswith("text/html") and not path.startswith("/reports/evaluation"):
                    n_pages += 1
                    text = r.text()
                    if MISSING in text:
                        bad.append("%s %s %s: a missing translation" % (who, lang, path))
                    site = SITE_EN if lang == "en" else SITE_ZH
                    if ('<div class="brand"><a href="/">%s</a>' % site.replace("&", "&amp;")) not in text:
                        bad.append("%s %s %s: no site name" % (who, lang, path))
                    if lang == "zh" and ('<a class="tagline" href="/plan">%s</a>' % html.escape(title_zh)) not in text:
                        bad.append("%s %s %s: not the plan's page" % (who, lang, path))
                    n_plan_pages += is_plan_page
    T.check(not bad, "%s: %d pages and routes x admin/anonymous x zh/en: no 5xx, no missing translation, the "
            "site's name and the plan's own title in each page's header, the plan's own pages 200 (%d HTML pages)"
            % (code, len(pages), n_pages), "\n".join(bad[:40]))
    T.check(n_plan_pages > 0, "%s: the plan's own pages were walked" % code)

    # a final verdict is explained by the figure it rests on, not by a later one of another sense
    home = admin.get(q("/")).text()
    words = re.findall(r'<span class="verdict v-(met|not_met)">[^<]*</span><br><span class="words">([^<]*)</span>', home)
    wrong = [w for v, w in words if ("已达到" if v == "not_met" else "未达到") in w.split("；")[0]]
    T.check(not wrong, "%s: the dashboard's met and not met verdicts are explained by their own figure (%d)"
            % (code, len(words)), wrong)
    if not measures(plan):
        said = [path for path in ("/plan", "/units", "/matrix") if "未分解具体任务举措和责任单位" in admin.get(q(path)).text()]
        T.check(said == ["/plan", "/units", "/matrix"],
                "%s: without measures, /plan, /units and /matrix say so instead of empty tables" % code, said)

    # the open data and the report: the plan's own figures, however many plans the store holds
    rows = list(csv.DictReader(anon.get(q("/api/v1/export?format=csv")).text().lstrip("\ufeff").splitlines()))
    own = {i["code"] for i in plan["indicators"]}
    T.check(rows and all(r["INDICATOR"] in own for r in rows),
            "%s: the CSV export holds the plan's own figures only (%d rows)" % (code, len(rows)),
            sorted({r["INDICATOR"] for r in rows} - own)[:10])

    # the report: by its kind of document, credited to the organisation set, never the plan's issuer
    r = admin.get(q("/reports/evaluation?period=%d&format=md&lang=zh" % last))
    md = r.text()
    T.check(r.status == 200 and ("| 编制单位 | %s |" % ORG_ZH) in md and ("| 编制单位 | %s |" % row["issuer_zh"]) not in md,
            "%s: the report names the organisation set as its preparer, not the plan's issuer" % code,
            "\n".join(l for l in md.splitlines() if "编制单位" in l))
    if not measures(plan):
        T.check("未分解具体任务举措" in md and "0项举措" not in md and "0项行动" not in md,
                "%s: a plan without measures says so in a sentence, no 0项举措" % code,
                "\n".join(l for l in md.splitlines() if "举措" in l)[:1500])
    r = admin.get(q("/reports/evaluation?period=%d&format=html" % (last + 1)))
    T.check(r.status == 400 and str(last) in r.text(), "%s: a report of %d, after the plan, is refused with 400 "
            "naming %d" % (code, last + 1, last), r.status)


def main():
    plans = shipped()
    T.check(len(plans) >= 2, "data/plans/ ships at least two plans: %s" % ", ".join(plans))
    tmp = free_tmp("innomon-shipped-")

    # init loads every folder into one store
    db = testdb.new_db(tmp, "all")
    out = innomon(BIN, db, "init").stdout
    stored = re.findall(r"plan (\S+) stored as version 1", out)
    T.check(sorted(stored) == sorted(plans), "init stores every plan of data/plans/ (%s)" % ", ".join(stored), out)
    newest = max(plans, key=lambda c: plans[c][1]["issued"])
    T.check(stored and stored[-1] == newest, "the plan issued last is stored last: %s" % newest, stored)
    versions = innomon(BIN, db, "plan", "versions").stdout
    T.check(all(re.search(r"^%s\s+1\s" % re.escape(c), versions, re.M) for c in plans),
            "plan versions lists each plan once", versions)

    srv = Server(BIN, db, "--site-name-zh", SITE_ZH, "--site-name-en", SITE_EN, "--org-name-zh", ORG_ZH)
    try:
        listed = Client(srv.port).call("GET", "/api/v1/plans").json()
        T.check(sorted(p["code"] for p in (listed or {}).get("plans", [])) == sorted(plans),
                "GET /api/v1/plans lists every shipped plan", listed)
        for code, (folder, row) in plans.items():
            first, last = years(row)
            plan = Client(srv.port).call("GET", "/api/v1/plan?plan=" + urllib.parse.quote(code)).json()
            T.check(plan and plan["plan"]["code"] == code, "GET /api/v1/plan?plan=%s is that plan" % code,
                    plan and plan.get("plan"))
            walk(srv.port, code, row, plan, first, last)
    finally:
        srv.stop()
    T.done()


if __name__ == "__main__":
    main()
