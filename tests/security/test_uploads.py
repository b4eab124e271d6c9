#!/usr/bin/env python3
"""test_uploads.py - an upload is kept only when its check passes (issue 11 #7). A unit
reporter's file with a row outside its scope is refused by the import page as by the API (403)
and neither keeps it; a file with errors is answered with its errors (422) and not kept; an
XLSX whose sheet unpacks past the limit is answered 413 too_large on every import route (values
and registries, API and pages) and not kept; a good file is kept (201, then committed). The
uploads table is read after each. Prints TAP. usage: test_uploads.py INNOMON_BIN SOURCE_ROOT"""
import io
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from seclib import IND, Client, Server, Tap, free_tmp, make_store, sql  # noqa: E402

BIN = sys.argv[1]
T = Tap()
OTHER = "tech_contract_turnover"  # owned by kjt, not amr
CSV = "text/csv"


def xlsx_bomb():
    """A well-formed workbook whose one sheet unpacks to about 70 MB of blank space."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   + " " * (70 << 20) + '</sheetData></worksheet>')
    return b.getvalue()


def uploads(db):
    return sql(db, "SELECT count(*) FROM uploads")[0][0]


def main():
    tmp = free_tmp("innomon-uploads-")
    db = make_store(BIN, tmp, plan_only=True)
    srv = Server(BIN, db)
    try:
        amr = Client(srv.port, "amr_rep")
        analyst = Client(srv.port, "analyst")
        outside = ("indicator,region,period,value\n%s,changsha,2025,1\n%s,changsha,2025,2\n" % (IND, OTHER)).encode()
        n = uploads(db)
        r = amr.multipart("/entry/import", {}, [("file", "outside.csv", outside, CSV)])
        T.check(r.status == 403, "the import page refuses a reporter's file with a row outside its scope", r.status)
        T.check(uploads(db) == n, "and keeps nothing", uploads(db) - n)
        r = amr.request("POST", "/api/v1/imports?name=outside.csv", outside, CSV)
        T.check(r.status == 403 and uploads(db) == n, "the API likewise: 403, nothing kept", r.status)

        bad = ("indicator,region,period,value\n%s,changsha,2025,not-a-number\n" % IND).encode()
        r = amr.multipart("/entry/import", {}, [("file", "bad.csv", bad, CSV)])
        T.check(r.status == 422 and "not-a-number" in r.text(), "a file with errors: the page answers 422 with them",
                r.status)
        r = amr.request("POST", "/api/v1/imports?name=bad.csv", bad, CSV)
        T.check(r.status == 422 and r.json()["error"]["code"] == "invalid", "the API answers 422 invalid", r.text()[:200])
        T.check(uploads(db) == n, "neither kept it", uploads(db) - n)

        bomb = xlsx_bomb()
        for who, path, c in (("values API", "/api/v1/imports?name=big.xlsx", amr),
                             ("registries API", "/api/v1/registries/talents?name=big.xlsx", analyst)):
            r = c.request("POST", path, bomb, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            code = (r.json() or {}).get("error", {}).get("code")
            T.check(r.status == 413 and code == "too_large", "an XLSX unpacking past the limit: %s answers 413 too_large"
                    % who, (r.status, code))
        r = amr.multipart("/entry/import", {}, [("file", "big.xlsx", bomb, "application/octet-stream")])
        T.check(r.status == 413, "the import page answers 413 too", r.status)
        r = analyst.multipart("/registries", {"kind": "talents"}, [("file", "big.xlsx", bomb, "application/octet-stream")])
        T.check(r.status == 413, "the registries page answers 413 too", r.status)
        T.check(uploads(db) == n, "no oversized file was kept", uploads(db) - n)

        good = ("indicator,region,period,value\n%s,changsha,2025,3\n" % IND).encode()
        r = amr.multipart("/entry/import", {}, [("file", "good.csv", good, CSV)])
        T.check(r.status == 303 and uploads(db) == n + 1, "a good file is kept and shown for review", r.status)
        uid = int(r.header("Location").rsplit("/", 1)[1])
        r = amr.request("POST", "/entry/imports/%d/commit" % uid)
        T.check(r.status == 200 and sql(db, "SELECT committed_at IS NOT NULL FROM uploads WHERE id = ?", uid) == [(1,)],
                "and committed", r.status)
    finally:
        srv.stop()
    T.done()


main()
