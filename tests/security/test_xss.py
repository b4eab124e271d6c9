#!/usr/bin/env python3
"""test_xss.py - stored and reflected XSS. A script payload goes into every free-text field a
person can fill (value source, link and note, return reason, user display name, indicator,
unit, measure, target and rule texts, milestone, notice subject/body/reply/closing note,
progress report narrative, notice rule names, registry records, evidence and import file
names), then every page (every GET route of src/web/route.c, the pages of the objects made,
both languages) is read by the admin, the amr reporter and an anonymous visitor; and every
query parameter the handlers read gets a payload on every page (reflected). An HTML answer may
hold the payload only as text: no script element, event-handler attribute or javascript: link
carrying it, and no attribute broken out of. Prints TAP.
usage: test_xss.py INNOMON_BIN SOURCE_ROOT"""
import html.parser
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from seclib import GET_PATHS, IND, Client, Server, Tap, free_tmp, innomon, make_store, query_params, routes  # noqa: E402,E501

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def payload(n):
    return "<script>xss(%d)</script>\"'><img src=x onerror=xss(%d)><svg onload=xss(%d)>" % (n, n, n)


class Finder(html.parser.HTMLParser):
    """Everything of a page that would run: script text, on* attributes, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.in_script = True
        for k, v in attrs:
            v = v or ""
            if k.startswith("on") and "xss(" in v:
                self.runs.append("%s %s=%r" % (tag, k, v[:60]))
            if k in ("href", "src", "action", "formaction", "xlink:href") and \
                    re.sub(r"[\s\x00-\x1f]", "", v).lower().startswith("javascript:"):
                self.runs.append("%s %s=%r" % (tag, k, v[:60]))
        if tag in ("img", "svg") and any(k == "onerror" or k == "onload" for k, _ in attrs):
            self.runs.append("%s with an event handler" % tag)

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "xss(" in data:
            self.runs.append("script: %r" % data[:60])


def runnable(resp):
    ctype = resp.header("Content-Type") or ""
    if "html" not in ctype and "svg" not in ctype:
        return []
    f = Finder()
    f.feed(resp.text())
    return f.runs


def store_payloads(port, db):
    """Fill every free-text field; returns (what was stored, extra pages to read)."""
    admin = Client(port, "admin")
    analyst = Client(port, "analyst")
    amr = Client(port, "amr_rep")
    done, pages, n = [], [], [0]

    def nxt():
        n[0] += 1
        return payload(n[0])

    def step(what, r, ok=(200, 201)):
        T.check(r.status in ok, "setup: %s is accepted" % what, (r.status, r.text()[:200]))
        if r.status in ok:
            done.append(what)
        return r

    r = step("a value's source, link and note", analyst.call("POST", "/api/v1/values", {"values": [
        {"indicator": IND, "region": "changsha", "period": "2025", "value": 11.5, "source": nxt(),
         "source_url": "https://x.example/?q=\"'><script>xss(%d)</script>" % n[0], "note": nxt()}], "submit": True}))
    if r.status == 201:
        oid = r.json()["values"][0]["id"]
        for st in ("approve", "publish"):  # a second person approves (the four-eyes rule)
            oid = admin.call("POST", "/api/v1/observations/%d/%s" % (oid, st), {}).json()["id"]
    r = analyst.call("POST", "/api/v1/values", {"values": [{"indicator": IND, "region": "changsha", "period": "2024",
                                                          "value": 1, "source_url": "javascript:xss(0)"}]})
    T.check(r.status == 422 and "bad_url" in r.text(), "a javascript: source link is refused", r.status)
    r = amr.call("POST", "/api/v1/values", {"values": [{"indicator": IND, "region": "zhuzhou", "period": "2025",
                                                          "value": 3.5}], "submit": True})
    step("a return reason", analyst.call("POST", "/api/v1/observations/%d/return" % r.json()["values"][0]["id"],
                                         {"reason": nxt()}))
    step("a user's display name", admin.call("POST", "/api/v1/users", {"name": "xss-user", "display_name": nxt(),
                                                                     "role": "reader", "password": "xss-Passw0rd-long"}))
    step("an indicator's names and definitions", admin.call("PUT", "/api/v1/plan/indicators/" + IND, {
        "name_zh": nxt(), "name_en": nxt(), "definition_zh": nxt(), "definition_en": nxt()}))
    step("a unit's names", admin.call("PUT", "/api/v1/plan/units/amr", {"name_zh": nxt(), "name_en": nxt()}))
    step("a measure's title and text", admin.call("PUT", "/api/v1/plan/measures/22", {
        "title_zh": nxt(), "title_en": nxt(), "text_zh": nxt()}))
    step("a target's note", admin.call("PUT", "/api/v1/plan/targets/%s/changsha/2025" % IND, {
        "comparator": ">=", "value": 50, "note_zh": nxt()}))
    step("a rule's note", admin.call("PUT", "/api/v1/plan/rules/count-jian-non-negative", {
        "kind": "non_negative", "applies": "unit:件", "severity": "error", "note_zh": nxt()}))
    step("a milestone", admin.call("PUT", "/api/v1/milestones/xss-1", {
        "measure": 22, "title_zh": nxt(), "title_en": nxt(), "owner": "amr", "due_date": "2026-12-31",
        "deliverable_zh": nxt()}))
    step("a notice rule's names", admin.call("PUT", "/api/v1/notice-rules/report-missing", {
        "name_zh": nxt(), "name_en": nxt()}))
    r = step("a notice's subject and body", analyst.call("POST", "/api/v1/notices", {
        "unit": "amr", "measure": 22, "subject": nxt(), "body": nxt(), "reply_days": 5}))
    if r.status in (200, 201):
        nid = r.json().get("id")
        pages += ["/notices/%s" % nid, "/api/v1/notices/%s" % nid]
        step("a notice reply", amr.call("POST", "/api/v1/notices/%s/reply" % nid, {"body": nxt()}))
        step("a notice's closing note", analyst.call("POST", "/api/v1/notices/%s/close" % nid, {"note": nxt()}))
    step("a progress report's narrative", amr.call("PUT", "/api/v1/progress-reports/2026Q3/22/amr", {
        "progress": "on_track", "narrative": nxt()}))
    pages += ["/reporting/2026Q3/22/amr", "/reporting?cycle=2026Q3", "/supervision?cycle=2026Q3"]
    step("an evidence file name", amr.request("POST", "/api/v1/progress-reports/2026Q3/22/amr/evidence?name=" +
                                              urllib.parse.quote(nxt() + ".pdf"), PDF, "application/octet-stream"),
         ok=(201, 422))
    csv = ("编号,人才计划,入选年度,地区\nXSS-0001,%s,2025,长沙\n" % nxt().replace('"', "'")).encode()
    step("a registry record", analyst.request("POST", "/api/v1/registries/talents?name=t.csv", csv, "text/csv"))
    pages += ["/registries?kind=talents", "/registries?kind=talents&region=changsha"]
    good = ("indicator,region,period,value,note\n%s,changsha,2024,2,%s\n" % (IND, nxt().replace('"', "'"))).encode()
    r = step("an import's file name and note", amr.request("POST", "/api/v1/imports?name=" + urllib.parse.quote(nxt()),
                                                           good, "text/csv"), ok=(201,))
    if r.status == 201:
        pages.append("/entry/imports/%d" % r.json()["id"])
    pages += ["/indicators/%s?revisions=1" % IND, "/measures/22", "/units/amr", "/admin/plan/indicators/" + IND,
              "/entry?region=zhuzhou&period=2025", "/review?status=returned"]
    return done, pages


def main():
    tmp = free_tmp("innomon-xss-")
    db = make_store(BIN, tmp)
    innomon(BIN, db, "cycle", "open", "2026Q3", "--deadline", "2026-12-15")
    srv = Server(BIN, db)
    try:
        done, extra = store_payloads(srv.port, db)
        T.check(len(done) >= 15, "payloads stored in %d kinds of free-text field" % len(done))
        table = routes(ROOT)
        paths = [p for rt in table if rt[0] == "GET" for p in GET_PATHS.get(rt[1], [])] + extra
        paths += [p + ("&" if "?" in p else "?") + "lang=en" for p in paths if "/api/" not in p]
        viewers = [("admin", Client(srv.port, "admin")), ("amr reporter", Client(srv.port, "amr_rep")),
                   ("anonymous", Client(srv.port))]
        for who, c in viewers:
            found, seen = [], 0
            for path in paths:
                r = c.get(path)
                seen += "xss(" in r.text()
                found += ["%s: %s" % (path, x) for x in runnable(r)]
            T.check(not found, "stored: %s reads %d pages (%d show a payload as text), none would run it"
                    % (who, len(paths), seen), "\n".join(found[:20]))
        # reflected: every query parameter on every page
        qnames = query_params(ROOT)
        admin = viewers[0][1]
        found, m = [], 0
        bases = sorted({p.split("?")[0] for p in paths if "/api/" not in p})
        for base in bases:
            for q in sorted(qnames):
                r = admin.get(base + "?" + q + "=" + urllib.parse.quote(payload(900)))
                m += 1
                found += ["%s?%s: %s" % (base, q, x) for x in runnable(r)]
                if r.status >= 500:
                    found.append("%s?%s: %d" % (base, q, r.status))
        T.check(not found, "reflected: %d pages x parameters, none runs a payload" % m, "\n".join(found[:20]))
        r = admin.get("/nope/" + urllib.parse.quote(payload(901)))
        T.check(not runnable(r), "a 404 for a path with a payload does not run it")
        T.check(Finder is not None and runnable_selftest(), "the detector finds a payload that would run")
    finally:
        srv.stop()
    T.done()


def runnable_selftest():
    class R:
        def header(self, _):
            return "text/html"

        def text(self):
            return "<p>" + payload(1) + "</p><a href=' javascript:xss(2)'>x</a>"
    return len(runnable(R())) >= 3


main()
