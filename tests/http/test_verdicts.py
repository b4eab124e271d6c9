#!/usr/bin/env python3
"""test_verdicts.py - one verdict everywhere: the final verdict of every headline target and their
counts are the same on the dashboard (data-count-<verdict>), in GET /api/v1/progress?final=1, in
`innomon progress --json --final`, and in the report in every format (JSON summary, and the summary
table of HTML, Markdown, XLSX and PDF); every indicator's page shows, target by target, the
verdict and status of GET /api/v1/indicators/CODE and GET /api/v1/progress (app_progress). The plan is the shipped one with a stand-in region declared
for one target (targets.csv proxy_region) and extra figures that give every kind of verdict: met,
not met, provisionally met on the proxy region's figure, provisionally not met on a July figure,
and no final figure. Prints TAP.
usage: test_verdicts.py INNOMON_BIN SOURCE_ROOT"""
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
import zipfile

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
FINAL = ["met", "not_met", "provisional_met", "provisional_not_met", "no_final"]
LABEL = {"met": "达标", "not_met": "未达标", "provisional_met": "参考判断：达标",
         "provisional_not_met": "参考判断：未达标", "no_final": "缺终期数据"}


def fetch(base, path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()


def run(db, *args):
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x", INNOMON_NOW="2026-12-01T00:00:00Z")
    r = subprocess.run([BIN, "--db", db] + list(args), env=env, capture_output=True)
    if r.returncode != 0:
        raise SystemExit("innomon %s failed: %s" % (" ".join(args), r.stderr.decode()))
    return r.stdout


def plan_with_proxy(tmp):
    folder = os.path.join(tmp, "plan")
    shutil.copytree(os.path.join(ROOT, "data/plans/czt-2024"), folder)
    path = os.path.join(folder, "targets.csv")
    rows = list(csv.reader(open(path, encoding="utf-8")))
    head = rows[0]
    for col in ("proxy_region", "proxy_note_zh", "proxy_note_en"):
        if col not in head:
            head.append(col)
    at = {c: i for i, c in enumerate(head)}
    for r in rows[1:]:
        r.extend([""] * (len(head) - len(r)))
        if r[at["indicator"]] == "tech_contract_turnover" and r[at["region"]] == "zcq":
            r[at["proxy_region"]] = "czt"
            r[at["proxy_note_zh"]] = "以长株潭三市合计代替自创区口径"
            r[at["proxy_note_en"]] = "the three cities' total stands in for the zone"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    open(path, "w", encoding="utf-8").write(out.getvalue())
    return folder


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-verdicts-")
    db = os.path.join(tmp, "s.db")
    run(db, "init", "--plan", plan_with_proxy(tmp))
    extra = os.path.join(tmp, "extra.csv")
    open(extra, "w", encoding="utf-8").write(
        "indicator,region,period,value,source\n"
        "tech_contract_turnover,czt,2025,2443.38,测试：三市合计\n"   # proxy for zcq: provisionally met
        "hnte_count,zcq,2025,9000,测试\n"                           # not met
        "hightech_value_added,czt,2025-07,3000,测试\n"              # July figure short: provisionally not met
        "platforms_national,czt,2025,160,测试\n")                   # met
    run(db, "import", "values", extra, "--status", "published")
    cli = json.loads(run(db, "progress", "--json", "--final"))
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True,
                              env=dict(os.environ, INNOMON_NOW="2026-12-01T00:00:00Z"))
    base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
    T.plan(14)
    try:
        want = cli["summary"]
        kinds = {k for k in FINAL if want.get(k)}
        check(kinds == set(FINAL), "the store gives every kind of final verdict", want)
        by = {(t["indicator"], t["region"]): t for t in cli["targets"]}
        t = by[("tech_contract_turnover", "zcq")]
        check(t["verdict"] == "provisional_met" and t["verdict_basis"] == "proxy" and t["evidence"]["region"] == "czt"
              and t["evidence"]["proxy_note_zh"] == "以长株潭三市合计代替自创区口径",
              "the zone's target rests on the three cities' figure, said in words", t)
        check(by[("hightech_value_added", "czt")]["verdict_basis"] == "sub_annual", "a July figure stands in as such")

        api = json.loads(fetch(base, "/api/v1/progress?final=1"))
        check(api["summary"] == want and [x["verdict"] for x in api["targets"]] == [x["verdict"] for x in cli["targets"]],
              "GET /api/v1/progress?final=1 gives the CLI's verdicts and summary", api["summary"])

        page = fetch(base, "/").decode()
        m = re.search(r'<section class="final" id="final-summary"[^>]*>', page)
        attrs = dict(re.findall(r'data-count-([a-z_]+)="(\d+)"', m.group(0))) if m else {}
        check(m is not None and all(int(attrs.get(k, -1)) == want[k] for k in FINAL),
              "the dashboard's final summary carries the same counts", attrs)
        check("以长株潭三市合计代替自创区口径" in page, "the dashboard says which figure stands in and why")

        # the indicator pages, the indicator API and the progress API: one answer per target
        progress = json.loads(fetch(base, "/api/v1/progress"))
        by_target = {}
        for x in progress:
            by_target.setdefault((x["indicator"], x["region"]), []).append(x)
        differ, n_seen, n_api_differ = [], 0, []
        for ind in json.loads(fetch(base, "/api/v1/indicators")):
            code = ind["code"]
            rows = [x for x in json.loads(fetch(base, "/api/v1/indicators/" + code))["assessments"] if "target" in x
                    and x.get("comparator")]
            html = fetch(base, "/indicators/" + code).decode()
            arts = html.split('<article class="assessment" id="target-')[1:]
            got = []
            for a in arts:
                head = a.split("</h3>", 1)[0]
                v = re.search(r'class="verdict v-([a-z_]+)"', head)
                st = re.search(r'class="status st-([a-z_]+)"', head if not v else a.split("</article>", 1)[0])
                got.append((a.split('"', 1)[0], v.group(1) if v else None, st.group(1) if st else None))
            want_rows = [(x["region"], x["verdict"] if x["is_final_phase"] else None, x["status"]) for x in rows]
            if got != want_rows:
                differ.append((code, got, want_rows))
            n_seen += len(rows)
            for x in rows:
                same = [y for y in by_target.get((code, x["region"]), []) if y["target_year"] == x["target_year"]]
                if not same or same[0]["status"] != x["status"] or same[0]["verdict"] != x["verdict"]:
                    n_api_differ.append((code, x["region"]))
        check(n_seen > 20 and not differ, "every indicator page shows the verdict and status of its API, target by "
              "target (%d targets)" % n_seen, differ[:2])
        check(not n_api_differ and n_seen == len(progress), "GET /api/v1/progress and /api/v1/indicators/CODE agree "
              "on every target", n_api_differ[:3])

        rj = json.loads(run(db, "report", "--period", "2025", "--format", "json", "-o", "-"))
        check(rj["summary"] == want, "innomon report --format json has the same summary", rj["summary"])

        def counts_in(text):
            got = {}
            for k in FINAL:
                label = "缺2025年数据" if k == "no_final" else LABEL[k]
                m = re.search(r"\|\s*%s\s*\|\s*(\d+)\s*\|" % re.escape(label), text)
                got[k] = int(m.group(1)) if m else None
            return got
        md = run(db, "report", "--period", "2025", "--format", "md", "-o", "-").decode()
        check(counts_in(md) == {k: want[k] for k in FINAL}, "the Markdown summary table has the same counts", counts_in(md))
        html = fetch(base, "/reports/evaluation?period=2025&format=html").decode()
        cells = re.sub(r"<[^>]+>", "|", html)
        check(counts_in(re.sub(r"\|+", "|", cells)) == {k: want[k] for k in FINAL},
              "the public HTML report's summary table has the same counts")
        xlsx = os.path.join(tmp, "r.xlsx")
        run(db, "report", "--period", "2025", "--format", "xlsx", "-o", xlsx)
        z = zipfile.ZipFile(xlsx)
        shared = z.read("xl/sharedStrings.xml").decode()
        strings = [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", shared, re.S)]
        names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
        sheet = z.read("xl/worksheets/sheet%d.xml" % (names.index("结论汇总") + 1)).decode()
        grid = {}
        for attrs, inner in re.findall(r"<c ([^>]*)>(.*?)</c>", sheet, re.S):
            ref = re.search(r'r="([A-Z]+)(\d+)"', attrs)
            v = re.search(r"<v>([^<]*)</v>", inner)
            if not ref or not v:
                continue
            is_shared = 't="s"' in attrs
            grid[(ref.group(1), int(ref.group(2)))] = strings[int(v.group(1))] if is_shared else v.group(1)
        xl = {}
        for (col, row), v in grid.items():
            for k in FINAL:
                label = "缺2025年数据" if k == "no_final" else LABEL[k]
                if col == "A" and v == label and ("B", row) in grid:
                    xl[k] = int(float(grid[("B", row)]))
        check(xl == {k: want[k] for k in FINAL}, "the XLSX summary sheet has the same counts", xl)
        pdf = os.path.join(tmp, "r.pdf")
        run(db, "report", "--period", "2025", "--format", "pdf", "-o", pdf)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        pc = {}
        for k in FINAL:
            label = "缺2025年数据" if k == "no_final" else LABEL[k]
            m = re.search(r"^\s*%s\s+(\d+)\s+\d+\s*$" % re.escape(label), text, re.M)
            pc[k] = int(m.group(1)) if m else None
        check(pc == {k: want[k] for k in FINAL}, "the PDF summary table has the same counts", pc)

        # a reported figure against its formula's result is called so, on the page and in the API
        api = json.loads(fetch(base, "/api/v1/indicators/invention_patents_per_10k"))
        kinds = {(s["region"], d["period"]): d["kind"] for s in api["series"] for d in s["discrepancies"]}
        page = fetch(base, "/indicators/invention_patents_per_10k").decode("utf-8")
        check(kinds.get(("hunan", "2021-02")) == "formula" and set(kinds.values()) == {"formula"}
              and "上报总数与下级地区加总不一致" not in page,
              "a figure that differs from its formula's result is named as such, not as a sum of parts", kinds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    T.done()


main()
