#!/usr/bin/env python3
"""test_xss.py - stored and reflected XSS. A script payload goes into every free-text field a
person can fill (value source, link and note, return reason, user display name, indicator,
unit, measure, target and rule texts, milestone, notice subject/body/reply/closing note,
progress report narrative, notice rule names, registry text columns of every kind, evidence
and import file names), then every page (every GET route of src/web/route.c, the pages of the
objects made, both languages) is read by the admin, the amr reporter and an anonymous visitor;
and every query parameter the handlers read gets a payload on every page (reflected). A second
store is loaded from a copy of the shipped plan whose every text column (names, titles, texts,
definitions, notes, issuers, sources, publishers) holds a payload, and is walked the same way.
An HTML or SVG answer may hold the payload only as text: no script element, event-handler
attribute or javascript: link carrying it, no attribute broken out of, and each stored field
shows up somewhere as exactly the text entered (escaped once: not stripped, not escaped
twice). Every report format and export is read too: the evaluation report as HTML (as pages),
Markdown (the markup characters backslash-escaped), XLSX (well-formed XML holding the text),
PDF (the text as pdftotext reads it) and JSON, and the open-data export as CSV, JSON and XLSX
(the text as entered). Prints TAP.
usage: test_xss.py INNOMON_BIN SOURCE_ROOT"""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from seclib import GET_PATHS, IND, PW, USERS, Client, Server, Tap, free_tmp, innomon, make_store, query_params, routes  # noqa: E402,E501

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
    shown = {}  # payload number -> (the field, the exact text stored)
    field = ["?"]

    def nxt(change=None, shows=None):
        """The next payload (changed to fit its field); shows: what is kept of it, if not all."""
        n[0] += 1
        text = payload(n[0]) if change is None else change(payload(n[0]))
        shown[n[0]] = (field[0], text if shows is None else shows(text))
        return text


    def step(what, r, ok=(200, 201)):
        for k, (f, t) in list(shown.items()):
            if f == "?" and r.status in (200, 201):
                shown[k] = (what, t)
            elif f == "?":
                del shown[k]  # refused (an evidence name with '/'): nothing stored to show
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
                                              urllib.parse.quote(nxt(lambda t: t + ".pdf",
                                                                      lambda t: t.split("/")[-1])), PDF,
                                              "application/octet-stream"), ok=(201, 422))
    csv = ("编号,人才计划,入选年度,地区\nXSS-0001,%s,2025,长沙\n" % nxt(lambda t: t.replace('"', "'"))).encode()
    step("a registry record", analyst.request("POST", "/api/v1/registries/talents?name=t.csv", csv, "text/csv"))
    sq = lambda t: t.replace('"', "'")  # noqa: E731 (CSV cells here are unquoted)
    csv = ("统一社会信用代码,企业名称,地区,资质,有效期起\n91430100XSS000001X,%s,长沙,hnte,2024-01-01\n" % nxt(sq)).encode()
    step("an enterprise's name", analyst.request("POST", "/api/v1/registries/enterprises?name=e.csv", csv, "text/csv"))
    csv = ("合同编号,签订日期,成交额,地区,买方,卖方\nXSS-C-1,2025-03-01,12.5,长沙,%s,%s\n" % (nxt(sq), nxt(sq))).encode()
    step("a contract's buyer and seller", analyst.request("POST", "/api/v1/registries/contracts?name=c.csv", csv,
                                                          "text/csv"))
    csv = ("平台代码,平台名称,级别,类型,认定日期,地区\nXSS-P-1,%s,national,%s,2025-03-01,长沙\n" % (nxt(sq), nxt(sq))).encode()
    step("a platform's name and kind", analyst.request("POST", "/api/v1/registries/platforms?name=p.csv", csv,
                                                       "text/csv"))
    pages += ["/registries?kind=talents", "/registries?kind=talents&region=changsha"]
    pages += ["/registries?kind=" + k for k in ("enterprises", "contracts", "platforms")]
    good = ("indicator,region,period,value,note\n%s,changsha,2024,2,%s\n" % (IND, nxt(lambda t: t.replace('"', "'")))).encode()
    r = step("an import's file name and note", amr.request("POST", "/api/v1/imports?name=" + urllib.parse.quote(nxt()),
                                                           good, "text/csv"), ok=(201,))
    if r.status == 201:
        pages.append("/entry/imports/%d" % r.json()["id"])
    pages += ["/indicators/%s?revisions=1" % IND, "/measures/22", "/units/amr", "/admin/plan/indicators/" + IND,
              "/entry?region=zhuzhou&period=2025", "/review?status=returned"]
    return done, pages, shown


class Texts(html.parser.HTMLParser):
    """The text a person reads in an HTML/SVG answer: text nodes and attribute values, decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_starttag(self, tag, attrs):
        self.out += [v for _, v in attrs if v]

    def handle_data(self, data):
        self.out.append(data)


def strings(x):
    """Every string in a JSON value."""
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)


def read(path, resp):
    """(kind, [texts a person reads], [problems]) of one answer, by its format."""
    ctype = (resp.header("Content-Type") or "").split(";")[0].strip()
    body = resp.body
    if "html" in ctype or "svg" in ctype:
        t = Texts()
        t.feed(resp.text())
        texts = t.out
        bad = ["%s: %s" % (path, x) for x in runnable(resp)]
        # escaped twice: a person would read the entity
        bad += ["%s: escaped twice: %r" % (path, x[:80]) for x in texts if re.search(r"&(lt|gt|quot|#39|amp);[^&]*xss\(", x)]
        return "html", texts, bad
    if "markdown" in ctype or path.endswith("format=md") or "format=md&" in path:
        text = resp.text()
        bad = ["%s: raw markup in Markdown: %r" % (path, m.group()[:60])
               for m in re.finditer(r"(?<!\\)<(script|img|svg)[ >][^\n]{0,40}xss\(", text)]
        return "md", [re.sub(r"\\(.)", r"\1", line) for line in text.splitlines()], bad
    if body[:2] == b"PK":
        texts, bad = [], []
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            for name in z.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    try:
                        root = ET.fromstring(z.read(name))
                    except ET.ParseError as e:
                        bad.append("%s: %s is not well-formed XML: %s" % (path, name, e))
                        continue
                    texts += ["".join(el.itertext()) for el in root.iter()]
        return "xlsx", texts, bad
    if body[:5] == b"%PDF-":
        p = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True)
        return "pdf", [re.sub(r"\s+", "", p.stdout.decode("utf-8", "replace"))], \
            ([] if p.returncode == 0 or path not in REPORTS else ["%s: pdftotext failed" % path])
    if "json" in ctype:
        try:
            return "json", list(strings(json.loads(body))), []
        except ValueError as e:
            return "json", [], ["%s: not JSON: %s" % (path, e)]
    if "csv" in ctype:
        text = body.decode("utf-8-sig", "replace")
        return "csv", [c for row in csv.reader(io.StringIO(text)) for c in row], []
    return "other", [body.decode("utf-8", "replace")], []


def seen_in(texts, shown, kind):
    """The payload numbers whose text shows exactly (PDF: without the spaces a layout adds)."""
    found = set()
    blob = "\x00".join(texts)
    if "xss(" not in blob:
        return found
    for n, (_, text) in shown.items():
        want = re.sub(r"\s+", "", text) if kind == "pdf" else text
        if want in blob:
            found.add(n)
    return found


REPORTS = ["/reports/evaluation?period=2025&format=%s%s" % (f, lang) for f in ("html", "md", "xlsx", "pdf", "json")
           for lang in ("", "&lang=en")] + ["/api/v1/export?format=" + f for f in ("csv", "json", "xlsx")]


def walk(T, name, paths, viewers, shown):
    """Read every path as every viewer; checks that nothing would run, nothing is escaped twice,
    and returns {payload number: [paths showing it]} and what each report format showed."""
    where, by_format = {}, {}
    for who, c in viewers:
        found, n_html = [], 0
        for path in paths:
            r = c.get(path)
            kind, texts, bad = read(path, r)
            found += bad
            n_html += kind == "html"
            for k in seen_in(texts, shown, kind):
                where.setdefault(k, []).append(path)
                if path in REPORTS:
                    by_format.setdefault(path, set()).add(k)
        T.check(not found, "%s: %s reads %d answers (%d HTML/SVG), nothing would run or is escaped twice"
                % (name, who, len(paths), n_html), "\n".join(found[:20]))
    return where, by_format


def check_formats(T, name, by_format, shown):
    for path in REPORTS:
        got = by_format.get(path, set())
        T.check(got, "%s: %s shows stored text as entered (%d fields)" % (name, path, len(got)))


def plan_with_payloads(tmp, first):
    """A copy of the shipped plan whose every text column holds a payload: {number: (file.column, text)}."""
    src = os.path.join(ROOT, "data", "plans", "czt-2024")
    dst = os.path.join(tmp, "plan-xss", "czt-2024")
    shutil.copytree(src, dst)
    cols = {"name_zh", "name_en", "title_zh", "title_en", "text_zh", "text_en", "definition_zh", "definition_en",
            "note_zh", "note_en", "deliverable_zh", "issuer_zh", "issuer_en", "short_zh", "short_en", "source",
            "publisher", "title", "note", "reason", "proxy_note_zh", "proxy_note_en", "name", "doc_no"}
    shown, n = {}, first
    for f in sorted(os.listdir(dst)):
        if not f.endswith(".csv"):
            continue
        with open(os.path.join(dst, f), encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        header = list(rows[0].keys())
        for row in rows:
            for c in header:
                if c in cols and row[c]:
                    n += 1
                    row[c] = payload(n)
                    shown[n] = ("%s.%s" % (f[:-4], c), row[c])
        with open(os.path.join(dst, f), "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, header)
            w.writeheader()
            w.writerows(rows)
    return dst, shown


def main():
    tmp = free_tmp("innomon-xss-")
    db = make_store(BIN, tmp)
    innomon(BIN, db, "cycle", "open", "2026Q3", "--deadline", "2026-12-15")
    T.check(shutil.which("pdftotext") is not None, "pdftotext is there to read the PDF report (tools/deps.sh)")
    srv = Server(BIN, db)
    table = routes(ROOT)
    get_paths = [p for rt in table if rt[0] == "GET" for p in GET_PATHS.get(rt[1], [])]
    try:
        done, extra, shown = store_payloads(srv.port, db)
        T.check(len(done) >= 18, "payloads stored in %d kinds of free-text field" % len(done))
        paths = get_paths + extra
        paths += [p + ("&" if "?" in p else "?") + "lang=en" for p in paths if "/api/" not in p and p not in REPORTS]
        paths += [p for p in REPORTS if p not in paths]
        viewers = [("admin", Client(srv.port, "admin")), ("amr reporter", Client(srv.port, "amr_rep")),
                   ("anonymous", Client(srv.port))]
        where, by_format = walk(T, "stored", paths, viewers, shown)
        fields = {}
        for k, (f, _) in shown.items():
            fields.setdefault(f, []).append(k)
        unseen = sorted(f for f, ks in fields.items() if not any(k in where for k in ks))
        T.check(not unseen, "stored: every field shows somewhere as exactly the text entered (%d fields)"
                % len(fields), "never shown as entered: " + "; ".join(unseen))
        check_formats(T, "stored", by_format, shown)
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
        T.check(twice_selftest(), "the detector finds a payload escaped twice and raw markup in Markdown")
    finally:
        srv.stop()
    plan_store(get_paths, tmp)
    T.done()


def plan_store(get_paths, tmp):
    """The shipped plan loaded with a payload in every text column, walked the same way."""
    plan_dir, shown = plan_with_payloads(tmp, 2000)
    db = os.path.join(tmp, "plan.db")
    p = innomon(BIN, db, "init", "--plan", plan_dir, check=False)
    if not T.check(p.returncode == 0, "plan load: a plan with a payload in every text column (%d cells) loads"
                   % len(shown), p.stderr):
        return
    for name in ("analyst", "amr_rep"):
        role, unit, _ = USERS[name]
        innomon(BIN, db, "user", "add", name, "--role", role, *(["--unit", unit] if unit else []), "--password-stdin",
                stdin=PW + "\n")
    srv = Server(BIN, db)
    try:
        paths = get_paths + [p + ("&" if "?" in p else "?") + "lang=en" for p in get_paths
                             if "/api/" not in p and p not in REPORTS]
        paths += [p for p in REPORTS if p not in paths]
        paths += ["/measures/%d" % k for k in range(2, 28)] + ["/units/" + u for u in ("kjt", "fgw", "gxt")]
        viewers = [("admin", Client(srv.port, "admin")), ("anonymous", Client(srv.port))]
        where, by_format = walk(T, "plan load", paths, viewers, shown)
        columns = {}
        for k, (col, _) in shown.items():
            columns.setdefault(col, []).append(k)
        unseen = sorted(c for c, ks in columns.items() if not any(k in where for k in ks) and c not in NOT_SHOWN)
        T.check(not unseen, "plan load: every text column shows somewhere as exactly the text loaded (%d columns; "
                "not shown by design: %s)" % (len(columns), ", ".join(sorted(NOT_SHOWN))), "; ".join(unseen))
        check_formats(T, "plan load", by_format, shown)
    finally:
        srv.stop()


# plan columns no page or report shows: the agency names of source_hosts.csv classify the hosts of
# source links (core/), they are never written out
NOT_SHOWN = {"source_hosts.name"}


def twice_selftest():
    class R:
        def __init__(self, ctype, body):
            self.ctype, self.body = ctype, body.encode()

        def header(self, _):
            return self.ctype

        def text(self):
            return self.body.decode()
    _, _, bad_html = read("/x", R("text/html", "<p>&amp;lt;script&amp;gt;xss(1)</p>"))
    _, _, bad_md = read("/r?format=md", R("text/markdown", "# t\n\n<script>xss(2)</script>\n"))
    _, _, ok_md = read("/r?format=md", R("text/markdown", "# t\n\n\\<script\\>xss(2)\n"))
    return len(bad_html) == 1 and len(bad_md) == 1 and not ok_md


def runnable_selftest():
    class R:
        def header(self, _):
            return "text/html"

        def text(self):
            return "<p>" + payload(1) + "</p><a href=' javascript:xss(2)'>x</a>"
    return len(runnable(R())) >= 3


main()
