#!/usr/bin/env python3
"""test_jobs.py - the daily jobs over HTTP (issue 16 item 2): the four-eyes rule refuses a
self-approval with a clear message on the review page and in the API, and lets another person
approve; the department's import waits for a second person; an import preview can be cancelled
(page and API); the rule is configurable per plan (--four-eyes); pages show times in the
configured zone (--time-zone, default Asia/Shanghai) while the API keeps ISO 8601 UTC; a long
review queue comes a page at a time (page and API) with its total; GET /api/v1/values gives at most
5,000 values and says when there were more, an anonymous visitor only published ones.
Prints TAP. usage: test_jobs.py INNOMON_BIN SOURCE_ROOT"""
import io
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, "tests", "security"))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
from seclib import IND, PW, USERS, Client, Server, Tap, env, innomon  # noqa: E402
import testdb  # noqa: E402

T = Tap()
ISO_NOW = "2026-11-27T02:00:00Z"  # seclib's INNOMON_NOW
LOCAL_NOW = "2026-11-27 10:00"      # the same in Asia/Shanghai
FORM_IND = "tech_contract_turnover"  # a reported indicator: on the entry form (IND is a formula)


def make_store(tmp, name):
    db = testdb.new_db(tmp, name)
    innomon(BIN, db, "init")
    for user, (role, unit, region) in USERS.items():
        if user == "admin":
            continue
        args = ["user", "add", user, "--role", role, "--password-stdin"]
        args += ["--unit", unit] if unit else []
        args += ["--region", region] if region else []
        innomon(BIN, db, *args, stdin=PW + "\n")
    return db


def enter(c, region, period, value):
    r = c.call("POST", "/api/v1/values", {"values": [{"indicator": IND, "region": region, "period": period,
                                                      "value": value}], "submit": True})
    assert r.status == 201, r.text()
    return r.json()["values"][0]["id"]


def text_of(html):
    """What a reader sees: the page without tags and attributes."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", html))


def status_of(c, region, period, ind=IND):
    r = c.get("/api/v1/values?indicator=%s&region=%s" % (ind, region))
    vals = [v for v in r.json()["values"] if v["period"] == period]
    return vals[-1]["status"] if vals else None


def four_eyes(port):
    analyst, admin = Client(port, "analyst"), Client(port, "admin")
    # the API: the analyst cannot approve the value they entered; the message says why
    oid = enter(analyst, "zhuzhou", "2023", 11.5)
    r = analyst.call("POST", "/api/v1/observations/%d/approve" % oid, {})
    j = r.json() or {}
    T.check(r.status == 403 and j.get("error", {}).get("code") == "four_eyes",
            "API: approving a value you entered is refused (403 four_eyes)", r.text())
    T.check("另一人审核" in j.get("error", {}).get("message", ""), "API: the message says another person approves it",
            r.text())
    r = analyst.call("POST", "/api/v1/observations/%d/approve" % oid, {}, headers={"Cookie": analyst.cookie + "; lang=en"})
    T.check(r.status == 403 and "A second person approves every value" in r.text(), "API: and in English", r.text())
    T.check(status_of(admin, "zhuzhou", "2023") == "submitted", "API: the refused value is still submitted")
    r = admin.call("POST", "/api/v1/observations/%d/approve" % oid, {})
    T.check(r.status == 200 and r.json()["status"] == "approved", "API: another person approves it", r.text())

    # the review page: the analyst's own row is marked; approving it is refused with a message
    r = analyst.form("/entry?plan=czt-2024", {"region": "zhuzhou", "period": "2022", "v.%s.zhuzhou" % FORM_IND: "9.5", "every": "1",
                                                       "do": "submit"})
    T.check(r.status == 200 and "已提交审核" in r.text(), "UI: the analyst submits a value on the entry form", r.status)
    r = analyst.get("/review")
    own = re.search(r'name="id" value="(\d+)"[^\n]*\n?[^\n]*?2022.*?您录入或报送，须由他人审核', r.text(), re.S)
    T.check(r.status == 200 and "您录入或报送，须由他人审核" in r.text(), "UI: the review queue marks the analyst's own value")
    ids = re.findall(r'<tr><td><input type="checkbox" name="id" value="(\d+)"[^>]*>.*?</tr>', r.text(), re.S)
    rows = re.findall(r'<tr><td><input type="checkbox" name="id" value="(\d+)"[^>]*>(.*?)</tr>', r.text(), re.S)
    mine = [i for i, row in rows if "2022" in row and "须由他人审核" in row]
    T.check(len(mine) == 1 and own is not None and ids, "UI: exactly that row is marked", rows)
    if not mine:
        return
    r = analyst.form("/review", {"do": "approve", "id": mine[0]})
    T.check(r.status == 403 and "未审核（您录入或报送的数据须由另一人审核）： 1" in text_of(r.text()),
            "UI: approving it is refused (403) with a clear message", (r.status, text_of(r.text())[:600]))
    T.check('role="alert"' in r.text(), "UI: the message is an alert")
    T.check(status_of(admin, "zhuzhou", "2022", FORM_IND) == "submitted", "UI: the value is still submitted")
    r = admin.form("/review", {"do": "approve", "id": mine[0]})
    T.check(r.status == 200 and "已审核通过： 1" in text_of(r.text()), "UI: the admin approves it",
            text_of(r.text())[:400])
    r = admin.form("/review?lang=en", {"do": "approve", "id": mine[0]})
    T.check("Already handled by someone else" in r.text(), "UI: the same value again is already handled")


def imports(port):
    analyst, admin, amr = Client(port, "analyst"), Client(port, "admin"), Client(port, "amr_rep")
    csv = ("indicator,region,period,value\n%s,xiangtan,2021,4.5\n" % IND).encode()

    def upload(c, period="2021"):
        r = c.request("POST", "/api/v1/imports?name=v.csv", csv.replace(b"2021", period.encode()), "text/csv")
        assert r.status == 201, r.text()
        return r.json()["id"]

    # the department's own import waits for a second person
    uid = upload(analyst)
    r = analyst.get("/entry/imports/%d" % uid)
    T.check("确认导入并提交审核" in r.text() and "审核通过）" not in r.text() and "取消导入" in r.text(),
            "the department's preview offers to import and submit, or to cancel", text_of(r.text())[-600:])
    r = analyst.request("POST", "/api/v1/imports/%d/commit" % uid, b"")
    T.check(r.status == 200 and status_of(admin, "xiangtan", "2021") == "submitted",
            "the department's import is submitted, not approved, on commit", r.text())
    r = analyst.request("POST", "/api/v1/imports/%d/cancel" % uid, b"")
    T.check(r.status == 409 and r.json()["error"]["code"] == "already_committed", "a committed import cannot be cancelled",
            r.text())
    # nobody imports approved values at once
    uid = upload(admin, "2020")
    r = admin.request("POST", "/api/v1/imports/%d/commit?status=approved" % uid, b"")
    j = r.json() or {}
    T.check(r.status == 403 and j["error"]["code"] == "four_eyes" and j["error"]["details"][0]["field"] == "status",
            "an import as approved is refused (four_eyes, field status)", r.text())
    T.check(status_of(admin, "xiangtan", "2020") is None, "and nothing is written")

    # the preview page's cancel: the file is dropped, nothing imported
    uid = upload(amr, "2019")
    r = amr.form("/entry/imports/%d/cancel" % uid, {})
    T.check(r.status == 303 and r.header("Location") == "/entry/import?msg=cancelled", "the page's cancel answers 303",
            (r.status, r.header("Location")))
    r = amr.get("/entry/import?msg=cancelled")
    T.check("已取消导入，未导入任何数据。" in r.text(), "the import page says it was cancelled")
    T.check(amr.get("/entry/imports/%d" % uid).status == 404, "the cancelled preview is gone")
    T.check(amr.request("POST", "/api/v1/imports/%d/commit" % uid, b"").status == 404, "it cannot be committed")
    T.check(status_of(admin, "xiangtan", "2019") is None, "nothing was imported")
    # the API's cancel; only the owner's upload
    uid = upload(amr, "2018")
    T.check(Client(port, "zz_rep").request("POST", "/api/v1/imports/%d/cancel" % uid, b"").status == 404,
            "another reporter cannot cancel it")
    r = amr.request("POST", "/api/v1/imports/%d/cancel" % uid, b"")
    T.check(r.status == 200 and r.json().get("cancelled") is True, "the API's cancel", r.text())
    r = amr.request("POST", "/api/v1/imports/%d/cancel" % uid, b"")
    T.check(r.status == 404, "cancelled twice: not found", r.status)
    r = admin.get("/api/v1/audit?limit=200")
    T.check(r.status == 200 and '"import.cancel"' in r.text(), "the cancel is audited", r.text()[:300])


def xlsx_rows(data):
    """The first sheet of an .xlsx as rows of text (shared and inline strings, numbers)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode())] \
        if "xl/sharedStrings.xml" in z.namelist() else []
    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", z.read("xl/worksheets/sheet1.xml").decode(), re.S):
        out = {}
        for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', row, re.S):
            v = re.search(r"<v>(.*?)</v>", body or "")
            out[ref] = shared[int(v.group(1))] if v and 't="s"' in attrs else (v.group(1) if v else "")
        rows.append([out.get(c, "") for c in "ABCDEFGH"])
    return rows


def xlsx_fill(data, row, value):
    """The workbook with a number in column D (the value) of sheet row `row` (1-based)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                text, n = re.subn(r'(<row r="%d"[^>]*>.*?<c r="C%d"[^>]*>.*?</c>)' % (row, row),
                                  lambda m: m.group(1) + '<c r="D%d"><v>%s</v></c>' % (row, value), text, count=1, flags=re.S)
                assert n == 1, "row %d not found" % row
                body = text.encode()
            dst.writestr(item, body)
    return out.getvalue()


def entry(port):
    zz, analyst = Client(port, "zz_rep"), Client(port, "analyst")
    # the region reporter sees the cells they owe in their own region, not the plan's every indicator
    r = zz.get("/entry?plan=czt-2024&period=2025")
    page = r.text()
    groups = re.findall(r'<tr class="group"><th scope="rowgroup" colspan="7">([^<]*)</th>', page)
    inputs = re.findall(r'<input name="v\.([a-z0-9_-]+)\.([a-z0-9_-]+)"', page)
    T.check(r.status == 200 and groups == ["株洲"] and inputs and all(g == "zhuzhou" for _, g in inputs),
            "/entry: the zhuzhou reporter sees zhuzhou's cells only", (groups, inputs))
    T.check(0 < len(inputs) < 20 and "应填报项数： %d" % len(inputs) in text_of(page),
            "/entry: only what is owed (%d cells), counted" % len(inputs))
    T.check(page.count('<p class="actions">') == 2 and page.index('<p class="actions">') < page.index('<table class="entry">'),
            "/entry: the buttons are at the top and the bottom of the form")
    owed = len(inputs)
    r = zz.get("/entry?plan=czt-2024&period=2025&region=zhuzhou&every=1")
    every = re.findall(r'<input name="v\.([a-z0-9_-]+)\.zhuzhou"', r.text())
    T.check(len(every) > owed, "/entry: 'every indicator' lists more (%d) than owed (%d)" % (len(every), owed))
    # the department: every region it owes in, by default; no region preselected (not the province)
    r = analyst.get("/entry?plan=czt-2024&period=2025")
    groups = re.findall(r'<tr class="group"><th scope="rowgroup" colspan="7">([^<]*)</th>', r.text())
    sel = re.findall(r'<option value="([^"]*)" selected>', r.text())
    T.check(len(groups) > 1 and sel == [], "/entry: the department sees every region it owes in, none preselected",
            (groups, sel))
    # a region by name as typed
    for typed in ("长沙市", "Changsha", "长沙"):
        r = analyst.get("/entry?plan=czt-2024&region=" + urllib.parse.quote(typed))
        T.check('<option value="changsha" selected>' in r.text(), "/entry?region=%s is changsha" % typed)
    T.check(zz.get("/entry?plan=czt-2024&region=changsha").status == 403, "/entry: another region is refused")

    # an error: beside the field and summarised at the top, with the focus there
    ind, reg = inputs[0]
    r = zz.form("/entry?plan=czt-2024", {"region": "", "period": "2025", "v.%s.%s" % (ind, reg): "12x", "do": "check"})
    page = r.text()
    T.check(r.status == 422 and 'class="error-summary" id="errors" role="alert" tabindex="-1" data-focus' in page,
            "an error is summarised at the top as an alert that takes the focus", r.status)
    T.check('<a href="#v.%s.%s">' % (ind, reg) in page and page.index("error-summary") < page.index('<table class="entry">'),
            "the summary links to the field")
    T.check(re.search(r'<input name="v\.%s\.%s" [^>]*aria-invalid="true" aria-describedby="e\.v\.%s\.%s"' %
                      (re.escape(ind), re.escape(reg), re.escape(ind), re.escape(reg)), page) is not None and
            'id="e.v.%s.%s"' % (ind, reg) in page, "the field is marked and described by its message", page[-3000:])

    # the template: what is owed, prefilled; filled in, it imports back as it is
    r = zz.get("/entry/template.xlsx?plan=czt-2024&period=2025")
    T.check(r.status == 200 and "spreadsheetml" in (r.header("Content-Type") or "") and
            "attachment" in (r.header("Content-Disposition") or ""), "the template downloads as .xlsx", r.status)
    rows = xlsx_rows(r.body)
    T.check(rows[0][:4] == ["指标", "地区", "时期", "数值"] and len(rows) == owed + 1 and
            all(x[1] == "株洲" and x[2] == "2025" and x[3] == "" for x in rows[1:]),
            "the template lists the %d cells owed, by name, with the period" % owed, rows[:3])
    up = zz.request("POST", "/api/v1/imports?name=t.xlsx", r.body, "application/octet-stream")
    T.check(up.status == 422 and "no_rows" in up.text(), "the template not filled in: nothing to import", up.text()[:300])
    filled = xlsx_fill(r.body, 2, "3")
    up = zz.request("POST", "/api/v1/imports?name=t.xlsx", filled, "application/octet-stream")
    j = up.json() or {}
    T.check(up.status == 201 and j.get("rows") == 1 and j.get("new") == 1, "filled in, it imports as it is", up.text()[:400])
    if up.status == 201:
        c = zz.request("POST", "/api/v1/imports/%d/commit" % j["id"], b"")
        T.check(c.status == 200 and c.json()["changes"][0]["region"] == "zhuzhou" and c.json()["changes"][0]["value"] == 3,
                "and commits the value to the cell it names", c.text()[:300])
    r = zz.get("/entry/template.xlsx?plan=czt-2024&period=2025&lang=en")
    rows = xlsx_rows(r.body)
    T.check(rows[0][:4] == ["indicator", "region", "period", "value"] and rows[1][1] == "Zhuzhou",
            "the English template", rows[:2])
    T.check(rows[0][4] == "unit" and all(x[4] and not re.search(r"[\u4e00-\u9fff]", x[4]) for x in rows[1:]),
            "the English template gives each unit in English", [x[4] for x in rows[1:4]])
    up = zz.request("POST", "/api/v1/imports?name=t-en.xlsx", xlsx_fill(r.body, 2, "4"), "application/octet-stream")
    j = up.json() or {}
    T.check(up.status == 201 and j.get("rows") == 1 and j.get("new", 0) + j.get("revised", 0) == 1,
            "filled in, the English template imports as it is (its English unit is the indicator's own)", up.text()[:400])


def admin_forms(port):
    admin = Client(port, "admin")
    page = admin.get("/admin/users?plan=czt-2024").text()
    # pickers, not typed codes
    T.check(re.search(r'<select name="unit" aria-label="单位"><option value="">—</option><option value="kjt">[^<]*\(kjt\)</option>',
                      page) is not None and '<select name="region"' in page and '<input name="unit"' not in page,
            "/admin/users: unit and region are picked from the plan's lists")
    T.check('<option value="zhuzhou" selected>' in page, "/admin/users: a reporter's region is preselected")
    m = re.search(r'<input name="name" required pattern="([^"]*)"', page)
    T.check(m is not None and m.group(1) == r"[a-z0-9._\-]{2,64}", "the user-name pattern escapes '-' for the v flag",
            m and m.group(1))
    if m:  # the pattern compiles with the v flag (what Chrome does) and means what the server checks
        js = ("const re = new RegExp('^(?:' + %r + ')$', 'v');"
              "console.log([re.test('zz.rep-1_a'), re.test('Bad Name'), re.test('a')].join(','))") % m.group(1)
        p = subprocess.run(["node", "-e", js], capture_output=True, text=True)
        T.check(p.stdout.strip() == "true,false,false", "and works under the v flag", p.stdout + p.stderr)
    T.check('name="password2"' in page and 'autocomplete="new-password"' in page, "the add form asks for the password twice")
    # a mismatch: nothing added, said beside the field and at the top
    r = admin.form("/admin/users", {"name": "new-rep", "role": "region_reporter", "region": "xiangtan", "unit": "",
                                    "password": "a-long-passw0rd-1", "password2": "a-long-passw0rd-2"})
    page = r.text()
    T.check(r.status == 422 and page.count("两次输入的密码不一致") == 2 and 'aria-invalid="true" aria-describedby="password2-error"' in page
            and 'value="new-rep"' in page, "two passwords that differ: refused, shown at the top and beside the field",
            (r.status, text_of(page)[:500]))
    T.check(Client(port).call("POST", "/api/v1/session", {"name": "new-rep", "password": "a-long-passw0rd-1"}).status == 401,
            "and no user was added")
    r = admin.form("/admin/users", {"name": "new-rep", "role": "region_reporter", "region": "xiangtan", "unit": "",
                                    "password": "a-long-passw0rd-1", "password2": "a-long-passw0rd-1"})
    T.check(r.status == 200 and "已添加用户" in r.text(), "the same password twice: added", text_of(r.text())[:300])
    rep = Client(port, "new-rep", "a-long-passw0rd-1")
    T.check(rep.get("/api/v1/session").json()["user"]["region"] == "xiangtan", "the new user signs in with it, bound to the region picked")
    # the user's own password change asks for the new one twice too
    page = rep.get("/account").text()
    T.check('name="new2"' in page and "再次输入新密码" in page, "/account asks for the new password twice")
    r = rep.form("/account/password", {"current": "a-long-passw0rd-1", "new": "a-newer-passw0rd-3", "new2": "a-newer-passw0rd-4"})
    T.check(r.status == 422 and "两次输入的新密码不一致" in r.text(), "two new passwords that differ are refused",
            (r.status, text_of(r.text())[:300]))
    T.check(Client(port).call("POST", "/api/v1/session", {"name": "new-rep", "password": "a-long-passw0rd-1"}).status in (200, 201),
            "and the old password still works")
    r = rep.form("/account/password", {"current": "a-long-passw0rd-1", "new": "a-newer-passw0rd-3", "new2": "a-newer-passw0rd-3"})
    T.check(r.status == 200 and Client(port).call("POST", "/api/v1/session", {"name": "new-rep",
                                                                              "password": "a-newer-passw0rd-3"}).status in (200, 201),
            "the same new password twice: changed", (r.status, text_of(r.text())[:300]))
    # a notice names its measure by picking it
    page = Client(port, "analyst").get("/notices?plan=czt-2024").text()
    T.check(re.search(r'<select id="n-measure" name="measure" required><option value="1">1\. ', page) is not None,
            "/notices: the measure of a new notice is picked from the plan's list")
    # the rules' applies field offers the indicators
    page = admin.get("/admin/plan?plan=czt-2024").text()
    T.check('list="applies-list"' in page and '<option value="tech_contract_turnover">' in page,
            "/admin/plan: a rule's indicator is picked from a list")


def times(port):
    admin = Client(port, "admin")
    for path in ("/review", "/admin/audit", "/indicators/%s?revisions=1" % IND):
        r = admin.get(path)
        shown = text_of(r.text())
        T.check(r.status == 200 and LOCAL_NOW in shown and "T02:00" not in shown,
                "%s shows times in Asia/Shanghai, not ISO" % path, shown[:300])
    r = admin.get("/api/v1/values?indicator=" + IND)
    T.check(ISO_NOW in r.text() and LOCAL_NOW not in r.text(), "the API keeps ISO 8601 UTC")
    page = admin.get("/admin/audit").text()
    cells = re.findall(r'<td class="note">(.*?)</td>', page, re.S)
    T.check(cells and all('{"' not in text_of(c) for c in cells) and '<span class="key">' in page,
            "the audit log reads as a line per member changed, not raw JSON", cells[:3])


def review_pages(port):
    """230 values submitted at once: the API gives them a page at a time with the total, the page
    shows 200 of them with the total and a link to the rest."""
    analyst, admin = Client(port, "analyst"), Client(port, "admin")
    values = [{"indicator": FORM_IND, "region": "changsha" if m < 115 else "zhuzhou", "period": str(1900 + m % 115),
               "value": m + 1} for m in range(230)]
    r = analyst.call("POST", "/api/v1/values", {"values": values, "submit": True})
    T.check(r.status == 201, "230 values submitted at once", r.text()[:300])
    whole = admin.call("GET", "/api/v1/review").json() or {}
    total = whole.get("total", 0)
    T.check(total >= 230 and len(whole.get("values", [])) == total and whole.get("offset") == 0,
            "API: the queue with its total", {k: v for k, v in whole.items() if k != "values"})
    part = admin.call("GET", "/api/v1/review?limit=10&offset=5").json() or {}
    T.check([v["id"] for v in part.get("values", [])] == [v["id"] for v in whole.get("values", [])][5:15]
            and part.get("total") == total and part.get("offset") == 5, "API: limit and offset give that part of it")
    for bad in ("limit=0", "limit=1001", "limit=x", "offset=-1"):
        r = admin.call("GET", "/api/v1/review?" + bad)
        T.check(r.status == 422 and bad.split("=")[0] in r.text(), "API: %s is refused, naming the field" % bad,
                r.text())
    page = admin.get("/review").text()
    T.check('<span class="count">(%d)</span>' % total in page and "条目 1–200 / %d" % total in page
            and len(re.findall(r'name="id" value="', page.split("已审核待发布")[0])) == 200,
            "UI: 200 rows of the queue, with its total", text_of(page)[:400])
    nxt = re.search(r'<a href="(/review\?submitted_from=200&amp;approved_from=0)">下一页</a>', page)
    T.check(nxt is not None, "UI: a link to the next page")
    for bad in ("submitted_from=abc", "approved_from=-1", "submitted_from=1e3"):
        st = admin.get("/review?" + bad).status
        T.check(st == 404, "UI: /review?%s is no page (404), as /registries?page=abc" % bad, st)
    first = re.search(r'name="id" value="(\d+)"', page)
    if first:
        st = admin.form("/review?submitted_from=abc", {"do": "approve", "id": first.group(1)}).status
        again = admin.get("/review").text()
        T.check(st == 404 and re.search(r'name="id" value="%s"' % first.group(1), again.split("已审核待发布")[0]),
                "UI: a move posted to no page is refused before anything moves", st)
    if nxt:
        page = admin.get(nxt.group(1).replace("&amp;", "&")).text()
        T.check("条目 201–%d / %d" % (total, total) in page and "上一页" in page
                and len(re.findall(r'name="id" value="', page.split("已审核待发布")[0])) == total - 200,
                "UI: the next page shows the rest", text_of(page)[:400])


def values_listing(port, db, tmp):
    """5,472 values imported by the operator (approved, not published): the department's list
    stops at 5,000 and says it is truncated; an anonymous visitor sees only published values."""
    rows = ["indicator,region,period,value"]
    for region in ("hunan", "czt", "zcq", "changsha", "zhuzhou", "xiangtan"):
        for m in range(912):
            rows.append("%s,%s,%d-%02d,%d" % (IND, region, 1950 + m // 12, 1 + m % 12, m))
    path = os.path.join(tmp, "many-values.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    r = innomon(BIN, db, "import", "values", path, "--quiet")
    T.check("5472 rows" in r.stdout, "5,472 values are imported", r.stdout[:300])
    admin = Client(port, "admin")
    j = admin.call("GET", "/api/v1/values").json() or {}
    T.check(len(j.get("values", [])) == 5000 and j.get("truncated") is True,
            "the department's list stops at 5,000 values and says there were more",
            (len(j.get("values", [])), j.get("truncated")))
    j = admin.call("GET", "/api/v1/values?region=zcq&indicator=" + IND).json() or {}
    mine = [v for v in j.get("values", []) if v["period"] < "2026"]
    T.check(len(mine) == 912 and j.get("truncated") is False,
            "a region's 912 values come whole, not truncated", (len(mine), j.get("truncated")))
    anon = Client(port, None)
    j = anon.call("GET", "/api/v1/values").json() or {}
    statuses = {v["status"] for v in j.get("values", [])}
    T.check(statuses <= {"published"} and j.get("truncated") is False,
            "an anonymous visitor sees only published values", (statuses, j.get("truncated")))
    j = anon.call("GET", "/api/v1/values?status=approved").json() or {}
    T.check(j.get("values") == [], "and no approved one when asking for them", j)


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-jobs-")
    db = make_store(tmp, "jobs")
    srv = Server(BIN, db)
    try:
        four_eyes(srv.port)
        imports(srv.port)
        entry(srv.port)
        admin_forms(srv.port)
        times(srv.port)
        review_pages(srv.port)
        values_listing(srv.port, db, tmp)
    finally:
        srv.stop()

    # the zone is a setting; an unknown zone stops the server
    srv = Server(BIN, db, "--time-zone", "UTC")
    try:
        shown = text_of(Client(srv.port, "admin").get("/admin/audit").text())
        T.check("2026-11-27 02:00" in shown and LOCAL_NOW not in shown, "--time-zone UTC: pages show UTC", shown[:300])
    finally:
        srv.stop()
    p = subprocess.run([BIN, "--db", db, "serve", "--port", "0", "--time-zone", "Mars/Olympus"], capture_output=True,
                       text=True, env=env(), timeout=30)
    T.check(p.returncode != 0 and "Mars/Olympus" in p.stderr, "an unknown zone stops the server with its name", p.stderr)

    # the rule per plan: off for plans it does not name, on for those it names
    for setting, allowed in (("none", True), ("other-plan", True), ("czt-2024", False)):
        srv = Server(BIN, db, "--four-eyes", setting)
        try:
            analyst = Client(srv.port, "analyst")
            oid = enter(analyst, "changsha", "2017-0%d" % (1 + ["none", "other-plan", "czt-2024"].index(setting)), 3)
            r = analyst.call("POST", "/api/v1/observations/%d/approve" % oid, {})
            T.check(r.status == (200 if allowed else 403), "--four-eyes %s: self-approval %s" %
                    (setting, "allowed" if allowed else "refused"), r.text())
        finally:
            srv.stop()
    T.done()


if __name__ == "__main__":
    main()
