#!/usr/bin/env python3
"""test_views.py - the pages people look for (issue 16 item 3), as a user sees them over HTTP: the
responsibility matrix with measures as rows, unit abbreviations, its legend, its filters by action
and unit (unknown ones refused) and print view; search in Chinese (3+ characters through the
index, 1-2 by scan), in English and by abbreviation, notices only for signed-in users, a hostile
query shown as text; an indicator's metadata tab and its chart as SVG and PNG files; the public
reporting-status page; the map coloured by status with its data's licence; the share link and
the language switch keeping the view; English numbers in words and ranks as ordinals. Prints
TAP. usage: test_views.py INNOMON_BIN SOURCE_ROOT"""
import os
import re
import sys
import urllib.parse
import xml.dom.minidom

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "security"))
from seclib import IND, Client, Server, Tap, free_tmp, innomon, make_store  # noqa: E402

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()


def q(s):
    return urllib.parse.quote(s)


def main():
    tmp = free_tmp("views")
    db = make_store(BIN, tmp)
    innomon(BIN, db, "cycle", "open", "2025Q3", "--deadline", "2025-10-15")
    srv = Server(BIN, db)
    try:
        anon, admin = Client(srv.port), Client(srv.port, "admin")

        # the matrix: measures as rows, units as abbreviated columns with a legend
        r = admin.get("/matrix?lang=en")
        t = r.text()
        T.check(r.status == 200, "the matrix answers the department")
        T.check(len(re.findall(r'<tr><th scope="row"><a href="/measures/\d+">', t)) == 27,
                "every one of the 27 measures is a row of the matrix, English included", t[:300])
        T.check('<abbr title="Department of Science and Technology of Hunan Province">DST</abbr>' in t,
                "units head their columns by abbreviation, the full name in the abbr")
        T.check("<dt>DST</dt>" in t and "Department of Industry and Information Technology" in t,
                "the legend names every abbreviation")
        r = admin.get("/matrix?action=2&unit=gxt")
        t = r.text()
        rows = re.findall(r'<tr><th scope="row"><a href="/measures/(\d+)">', t)
        T.check(r.status == 200 and rows and all(8 <= int(n) <= 11 for n in rows),
                "filtered by action 2 and 工信厅: only that action's measures", rows)
        T.check('class="unit chosen"' in t and "清除筛选" in t, "the chosen unit is marked and the filters can be cleared")
        T.check(admin.get("/matrix?unit=nobody").status == 404 and admin.get("/matrix?action=99").status == 404,
                "an unknown unit or action is refused, not ignored")
        t = admin.get("/matrix?print=1").text()
        T.check('class="print-view"' in t and 'class="filters"' not in t and "返回屏幕版" in t,
                "the print view drops the filters and links back")
        T.check(anon.get("/matrix").status in (303, 401), "the matrix stays internal")

        # search
        t = anon.get("/search?q=" + q("技术合同")).text()
        T.check('href="/indicators/tech_contract_turnover"' in t and "<mark>技术合同</mark>" in t,
                "a Chinese term of four characters finds the indicator and marks it in the text")
        t = anon.get("/search?q=" + q("科技")).text()
        T.check('href="/units/kjt"' in t, "two characters find 省科技厅 by scan")
        t = anon.get("/search?q=" + q("工信厅")).text()
        T.check('href="/units/gxt"' in t, "a unit is found by its abbreviation")
        t = anon.get("/search?q=technology+contract&lang=en").text()
        T.check('href="/indicators/tech_contract_turnover"' in t and "Indicators" in t,
                "English words find the indicator on the English page")
        t = anon.get("/search?q=" + q("<script>alert(1)</script>")).text()
        T.check("<script>alert(1)" not in t and "&lt;script&gt;alert(1)&lt;/script&gt;" in t,
                "a hostile query comes back as text only")
        t = anon.get("/search?q=" + q(" ".join("abcdefghi"))).text()
        T.check('role="alert"' in t, "too many terms are refused with a message")
        r = admin.form("/notices", {"unit": "amr", "measure": "22", "subject": "质量强省专项督办", "body": "请补报进展",
                                    "reply_days": "10"})
        T.check(r.status == 303, "the department raises a notice by hand", r.status)
        t = admin.get("/search?q=" + q("质量强省专项")).text()
        T.check("/notices/" in t, "a signed-in department user finds a notice", t[-600:])
        t = anon.get("/search?q=" + q("质量强省专项")).text()
        T.check("/notices/" not in t, "an anonymous visitor does not")

        # the metadata tab
        t = anon.get("/indicators/%s?tab=meta&lang=en" % IND).text()
        T.check('aria-current="page">Metadata' in t and "Source agency" in t and "Next release" in t,
                "the metadata tab is a view of its own with the facts a reader looks for")
        T.check("next figure due: 2025-08" in t, "the next period owed follows the latest one", t[-1500:])
        t = anon.get("/measures/1?lang=en").text()
        T.check('<span lang="zh-CN">' in t and "(Chinese only)" in t,
                "a measure without an English text shows the Chinese marked Chinese only")
        r = admin.call("PUT", "/api/v1/plan/measures/1", {"text_en": "Build the <core> zone & its parks."})
        T.check(r.status == 200, "an administrator gives measure 1 its English text over the API", r.body[:300])
        t = anon.get("/measures/1?lang=en").text()
        at = t.find("Build the &lt;core&gt; zone &amp; its parks.")
        T.check(at >= 0 and "(Chinese only)" not in t[at - 300:at + 300],
                "the English page then shows it, escaped, without the Chinese-only mark", t[-800:])
        r = admin.call("PUT", "/api/v1/plan/units/kjt", {"short_en": "S&T Dept"})
        t = admin.get("/matrix?lang=en").text()
        T.check(r.status == 200 and ">S&amp;T Dept</abbr>" in t, "a unit's new abbreviation heads its matrix column",
                r.body[:300])
        r = admin.call("PUT", "/api/v1/plan/indicators/%s" % IND, {"source_en": "Hunan Bureau of Statistics (edited)"})
        t = anon.get("/indicators/%s?tab=meta&lang=en" % IND).text()
        T.check(r.status == 200 and "Hunan Bureau of Statistics (edited)" in t,
                "an indicator's source agency edited over the API shows on its metadata tab", r.body[:300])

        # the chart files
        r = anon.get("/indicators/%s/chart.svg?region=czt" % IND)
        ok = r.status == 200 and r.header("Content-Type").startswith("image/svg+xml")
        try:
            xml.dom.minidom.parseString(r.body)
        except Exception as e:  # noqa: BLE001
            ok = False
            T.note("svg: %s" % e)
        T.check(ok and "attachment" in (r.header("Content-Disposition") or ""),
                "the chart downloads as a well-formed SVG file")
        r = anon.get("/indicators/%s/chart.png?region=czt&lang=en" % IND)
        T.check(r.status == 200 and r.header("Content-Type") == "image/png" and r.body[:8] == b"\x89PNG\r\n\x1a\n"
                and len(r.body) > 5000, "and as a PNG picture")
        T.check(anon.get("/indicators/%s/chart.png?region=nobody" % IND).status == 404,
                "an unknown region has no chart")

        # reporting status
        t = anon.get("/reporting-status?lang=en").text()
        T.check("Reporting status" in t and re.search(r"2025: \d+ of \d+ indicators have a figure", t) is not None,
                "the reporting status says per goal how many indicators have a figure")

        # the map
        t = anon.get("/map").text()
        T.check("<svg" in t and 'data-region="changsha"' in t and "Apache License 2.0" in t,
                "the map draws the regions, lists them in a table and names its data's licence")
        T.check(len(re.findall(r"<polygon", t)) > 5 and "<circle" in t, "cities as areas, parks as points")
        T.check(anon.get("/map?indicator=nothing").status == 404, "an unknown indicator is refused")

        # share links and language
        t = anon.get("/indicators/%s?tab=meta" % IND).text()
        T.check('href="/indicators/%s?tab=meta&amp;lang=en" lang="en">English' % IND in t,
                "the language switch keeps the tab")
        T.check('class="share-link" rel="bookmark" href="/indicators/%s?tab=meta&amp;lang=zh"' % IND in t,
                "the share link reproduces the view with its language")

        # English words
        t = anon.get("/?lang=en").text()
        words = re.sub(r"<[^>]+>", "", t)
        T.check(re.search(r"\d 100 million yuan", words) is None and re.search(r"\d (trillion|billion) yuan", words),
                "English amounts read in words, not '21,200 100 million yuan'")
        T.check(re.search(r">\d+(st|nd|rd|th)[ <]", t) is not None and " rank<" not in t, "ranks read as ordinals")
    finally:
        srv.stop()
    T.done()


main()
