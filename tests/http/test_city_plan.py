#!/usr/bin/env python3
"""test_city_plan.py - a city's plan (tests/data/plans/city-districts: a 实施意见 of a city Party
committee and government, 2013-2016, 12 actions, district and county governments) reads as what
it is: actions numbered （十一）、（十二） in Chinese; unit kinds by their level (市直部门,
市委部门, 区人民政府, 县（市）人民政府, 市人民政府); scorecards by place for the district and
county governments as well as the city's; the report calls it a 实施意见, lists both issuers as
its issuers and credits the unit owning its indicators, not them, as its preparer; a report of
2025, nine years after it ended, is refused on the page and by the CLI. Prints TAP.
usage: test_city_plan.py INNOMON_BIN SOURCE_ROOT"""
import html
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Client, Server, Tap, free_tmp, innomon  # noqa: E402

import testdb

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()
PLAN = os.path.join(ROOT, "tests", "data", "plans", "city-districts")
FIGURES = """indicator,region,period,value,source
hnte,city,2016,520,test figure
hnte,east,2016,210,test figure
hnte,west,2016,140,test figure
hnte,north-county,2016,60,test figure
"""


def text(r):
    body = re.search(r'<main id="main">(.*)</main>', r.text(), re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.group(1) if body else r.text())))


def main():
    tmp = free_tmp("innomon-city-")
    db = testdb.new_db(tmp, "city")
    innomon(BIN, db, "init", "--plan", PLAN)
    fig = os.path.join(tmp, "figures.csv")
    with open(fig, "w", encoding="utf-8") as f:
        f.write(FIGURES)
    innomon(BIN, db, "import", "values", fig, "--status", "published", "--quiet")
    innomon(BIN, db, "cycle", "open", "2016Q4", "--deadline", "2016-12-31")
    srv = Server(BIN, db)
    try:
        admin = Client(srv.port, "admin")
        page = admin.get("/plan")
        heads = [html.unescape(h) for h in re.findall(r"<h3>([^<]*)</h3>", page.text())]
        T.check(page.status == 200 and "（十一）第十一项示例行动" in heads and "（十二）第十二项示例行动" in heads
                and "（十）第十项示例行动" in heads, "the 11th and 12th actions are numbered （十一） and （十二）", heads)
        T.check("行动 11." not in page.text(), "no action is numbered 行动 11.")
        en = admin.get("/plan?lang=en")
        T.check("Action 11. Example action 11" in text(en), "in English: Action 11.")

        for unit, kind in (("sti", "市直部门"), ("org", "市委部门"), ("east-gov", "区人民政府"),
                           ("north-gov", "县（市）人民政府"), ("city-gov", "市人民政府")):
            t = text(admin.get("/units/" + unit))
            T.check("类型 %s" % kind in t or (" %s " % kind) in t, "unit %s reads as %s" % (unit, kind), t[:300])
        t = text(admin.get("/units/org"))
        T.check("省委部门" not in t, "a city party department is not a 省委部门")

        cards = admin.call("GET", "/api/v1/scorecards?period=2016Q4&kind=city").json()
        regions = sorted(c.get("region") or "" for c in (cards or {}).get("scorecards", []))
        T.check(regions == ["city", "east", "north-county", "west"],
                "scorecards by place: the city, both districts and the county", cards)
        t = text(admin.get("/scorecards?period=2016Q4&kind=city"))
        T.check(all(" %s " % g in t for g in ("东区", "西区", "北县", "示例市")) and "按地区" in t,
                "the page by place lists them", t[:400])

        r = admin.get("/reports/evaluation?period=2025&format=html")
        T.check(r.status == 400 and "2016" in text(r), "a report of 2025 is refused (400), naming 2016", text(r)[:300])
        r = admin.get("/reports/evaluation?period=2016&format=md")
        md = r.text()
        T.check(r.status == 200 and "实施意见执行期已于2016-12-31结束" in md, "the report calls it a 实施意见",
                [l for l in md.splitlines() if "执行期" in l])
        T.check("| 印发单位 | 中共示例市委、示例市人民政府 |" in md and "| 编制单位 | 市科技局 |" in md,
                "both issuers issued it; the unit owning its indicators prepares the report",
                [l for l in md.splitlines() if "单位 |" in l])
        T.check("（十二）第十二项示例行动" in md and "0项举措" not in md, "the report's actions run to （十二）")
    finally:
        srv.stop()
    p = innomon(BIN, db, "report", "--period", "2025", "--format", "md", "-o", os.path.join(tmp, "r.md"), check=False)
    T.check(p.returncode == 5 and "ran until 2016-12-31" in p.stderr and "its final evaluation is of 2016" in p.stderr
            and not os.path.exists(os.path.join(tmp, "r.md")), "the CLI refuses --period 2025 for it, naming 2016",
            p.stderr)
    T.done()


if __name__ == "__main__":
    main()
