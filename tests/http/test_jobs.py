#!/usr/bin/env python3
"""test_jobs.py - the daily jobs over HTTP (issue 16 item 2): the four-eyes rule refuses a
self-approval with a clear message on the review page and in the API, and lets another person
approve; the department's import waits for a second person; an import preview can be cancelled
(page and API); the rule is configurable per plan (--four-eyes); pages show times in the
configured zone (--time-zone, default Asia/Shanghai) while the API keeps ISO 8601 UTC.
Prints TAP. usage: test_jobs.py INNOMON_BIN SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

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
    r = analyst.form("/entry?plan=czt-2024", {"region": "zhuzhou", "period": "2022", "v_" + FORM_IND: "9.5",
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


def times(port):
    admin = Client(port, "admin")
    for path in ("/review", "/admin/audit", "/indicators/%s?revisions=1" % IND):
        r = admin.get(path)
        shown = text_of(r.text())
        T.check(r.status == 200 and LOCAL_NOW in shown and "T02:00" not in shown,
                "%s shows times in Asia/Shanghai, not ISO" % path, shown[:300])
    r = admin.get("/api/v1/values?indicator=" + IND)
    T.check(ISO_NOW in r.text() and LOCAL_NOW not in r.text(), "the API keeps ISO 8601 UTC")


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-jobs-")
    db = make_store(tmp, "jobs")
    srv = Server(BIN, db)
    try:
        four_eyes(srv.port)
        imports(srv.port)
        times(srv.port)
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
