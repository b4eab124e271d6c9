#!/usr/bin/env python3
"""test_traversal.py - paths that climb out and NULs that cut names short. Static files: every
encoding of ../ (plain, %2f, %2e, double-encoded, backslash, overlong UTF-8) answers 404 and
never a file of the system; a NUL (%00) anywhere in a path, a query or a form body answers
400 (it used to cut /static/style.css%00.js short to style.css, and a name to its first part);
an evidence file named x%00..%2f..%2fetc%2fpasswd.pdf is refused and nothing is stored; a
name with ../ is refused with path_traversal; a plain name is stored (the check can fail).
Prints TAP. usage: test_traversal.py INNOMON_BIN SOURCE_ROOT"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from seclib import Client, Server, Tap, free_tmp, innomon, make_store, raw, sql  # noqa: E402

BIN = sys.argv[1]
T = Tap()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVIDENCE = "/api/v1/progress-reports/2026Q3/22/amr/evidence?name="

CLIMBS = ["/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
          "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/%252e%252e%252fetc%252fpasswd",
          "/static/..%5c..%5cetc%5cpasswd", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
          "/static/....//....//etc/passwd", "/static/..;/..;/etc/passwd", "/static/%2fetc%2fpasswd",
          "/static//etc/passwd", "/static/style.css/../../../etc/passwd"]
NULS = ["/static/style.css%00.js", "/static/style.css%00", "/indicators/hnte_count%00junk", "/plan%00",
        "/plan?lang=en%00x", "/api/v1/values?indicator=x%00y", "/api/v1/export?format=csv%00.xlsx",
        "/signin?next=%2F%00%2F%2Fevil.example"]


def main():
    tmp = free_tmp("innomon-trav-")
    db = make_store(BIN, tmp, plan_only=True)
    innomon(BIN, db, "cycle", "open", "2026Q3", "--deadline", "2026-12-15")
    srv = Server(BIN, db)
    try:
        for path in CLIMBS:
            r = raw(srv.port, "GET", path)
            T.check(r.status in (400, 404) and b"root:" not in r.body, "%s: %d, no file of the system" % (path, r.status))
        r = raw(srv.port, "GET", "/static/style.css")
        T.check(r.status == 200, "the style sheet itself is served", r.status)
        for path in NULS:
            r = raw(srv.port, "GET", path)
            T.check(r.status == 400, "%s: 400" % path, r.status)
        amr = Client(srv.port, "amr_rep")
        r = amr.form("/signin", {"name": "admin\0", "password": "x"})
        T.check(r.status == 400, "a form body with a raw NUL: 400", r.status)
        r = amr.request("POST", "/entry", b"region=changsha%00&period=2025", "application/x-www-form-urlencoded")
        T.check(r.status == 400, "a form body with %00: 400", r.status)

        before = sql(db, "SELECT count(*) FROM evidence")[0][0]
        r = amr.request("POST", EVIDENCE + "x%00..%2f..%2fetc%2fpasswd.pdf", PDF, "application/octet-stream")
        T.check(r.status in (400, 422), "an evidence file named x%00..%2f..%2fetc%2fpasswd.pdf is refused", (r.status, r.text()))
        r = amr.request("POST", EVIDENCE + "..%2f..%2fetc%2fpasswd.pdf", PDF, "application/octet-stream")
        T.check(r.status == 422 and "path_traversal" in r.text(), "an evidence file named ../../etc/passwd.pdf: 422 "
                "path_traversal", (r.status, r.text()))
        T.check(sql(db, "SELECT count(*) FROM evidence")[0][0] == before, "nothing was stored")
        r = amr.request("POST", EVIDENCE + "plan.pdf", PDF, "application/octet-stream")
        T.check(r.status == 201, "a plainly named evidence file is stored", (r.status, r.text()))
        r = amr.multipart("/reporting/evidence", {"cycle": "2026Q3", "measure": "22", "unit": "amr"},
                          [("file", "..\\..\\boot.ini.pdf", PDF, "application/pdf")])
        boundary = "----nulbound"
        body = ("--%s\r\nContent-Disposition: form-data; name=\"cycle\"\r\n\r\n2026Q3\r\n"
                "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\0../../etc/passwd.pdf\"\r\n"
                "Content-Type: application/pdf\r\n\r\n" % (boundary, boundary)).encode() + PDF + \
            ("\r\n--%s--\r\n" % boundary).encode()
        n_ev, n_up = sql(db, "SELECT count(*) FROM evidence")[0][0], sql(db, "SELECT count(*) FROM uploads")[0][0]
        for path in ("/reporting/evidence", "/entry/import"):
            r = amr.request("POST", path, body, "multipart/form-data; boundary=" + boundary)
            T.check(r.status == 400, "%s: a file name with a raw NUL in a multipart body is refused" % path, r.status)
        T.check((sql(db, "SELECT count(*) FROM evidence")[0][0], sql(db, "SELECT count(*) FROM uploads")[0][0]) ==
                (n_ev, n_up), "and nothing is stored")
        names = [n for (n,) in sql(db, "SELECT file_name FROM evidence")]
        T.check(all("/" not in n and "\\" not in n and ".." not in n for n in names),
                "no stored evidence name holds a folder or ..", names)
    finally:
        srv.stop()
    T.done()


main()
