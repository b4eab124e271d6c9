#!/usr/bin/env python3
"""test_visibility.py - drafts stay inside their scope everywhere. A unit reporter of amr enters
a draft, a submitted and a returned value of an amr indicator (each with a figure and a source
found nowhere else); then every GET route of src/web/route.c (the test fails when a GET route
has no path below), every format of the evaluation report (HTML, Markdown, XLSX, PDF read with
pdftotext) and every export (CSV, JSON, XLSX) is requested by an anonymous visitor, a reader,
another unit's reporter and another region's reporter: none of them may see any of the three
figures or sources. The same report and values asked by the amr reporter and the analyst do
show them (the check can fail). Prints TAP. usage: test_visibility.py INNOMON_BIN SOURCE_ROOT"""
import io
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, __import__("os").path.dirname(__file__))
from seclib import GET_PATHS as PATHS, IND, Client, Server, Tap, free_tmp, make_store, routes  # noqa: E402

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()

# (region, value, source, how): the three unpublished states
HIDDEN = [("changsha", "4242.42", "draft-src-Qx7", "draft"),
          ("xiangtan", "4343.43", "submitted-src-Qx8", "submitted"),
          ("zhuzhou", "4444.44", "returned-src-Qx9", "returned")]

def readable(path, body):
    """The text a person could read in the answer: XLSX unzipped, PDF through pdftotext."""
    if body[:2] == b"PK":
        try:
            z = zipfile.ZipFile(io.BytesIO(body))
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        except zipfile.BadZipFile:
            pass
    if body[:5] == b"%PDF-":
        p = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True)
        return p.stdout.decode("utf-8", "replace")
    return body.decode("utf-8", "replace")


def shows(text, value, source):
    whole, frac = value.split(".")
    with_sep = "{:,}".format(int(whole)) + "." + frac
    return value in text or with_sep in text or source in text


def main():
    tmp = free_tmp("innomon-vis-")
    db = make_store(BIN, tmp)
    srv = Server(BIN, db)
    try:
        amr = Client(srv.port, "amr_rep")
        analyst = Client(srv.port, "analyst")
        for region, value, source, how in HIDDEN:
            r = amr.call("POST", "/api/v1/values", {"values": [{"indicator": IND, "region": region, "period": "2025",
                                                                "value": float(value), "source": source}],
                                                    "submit": how != "draft"})
            T.check(r.status == 201, "setup: the amr reporter enters a %s value for %s" % (how, region), r.text())
            if how == "returned" and r.status == 201:
                oid = r.json()["values"][0]["id"]
                r = analyst.call("POST", "/api/v1/observations/%d/return" % oid, {"reason": "check the figure"})
                T.check(r.status == 200, "setup: the analyst returns it", r.text())

        table = [rt for rt in routes(ROOT) if rt[0] == "GET"]
        missing = [rt[1] for rt in table if rt[1] not in PATHS]
        T.check(not missing, "every GET route of the route table has paths to visit", missing)
        gone = [p for p in PATHS if p not in [rt[1] for rt in table]]
        T.check(not gone, "every path pattern here is still a route", gone)
        paths = [p for rt in table for p in PATHS.get(rt[1], [])]

        # positive controls: those within the scope see the figures
        for who, c in (("the amr reporter", amr), ("the analyst", analyst)):
            for fmt in ("md", "html", "xlsx", "pdf"):
                r = c.get("/reports/evaluation?period=2025&format=" + fmt)
                text = readable("", r.body)
                T.check(r.status == 200 and all(shows(text, v, "\0") for _, v, _, _ in HIDDEN),
                        "%s sees the three unpublished figures in the %s report" % (who, fmt))
        r = amr.get("/api/v1/values?status=draft")
        T.check(r.status == 200 and "draft-src-Qx7" in r.text(), "the amr reporter sees its draft in the values API")

        have_pdftotext = shutil.which("pdftotext") is not None
        T.check(have_pdftotext, "pdftotext is there to read the PDF report (tools/deps.sh installs poppler-utils)")
        viewers = [("anonymous", Client(srv.port)), ("reader", Client(srv.port, "reader")),
                   ("kjt reporter", Client(srv.port, "kjt_rep")), ("zhuzhou-region reporter", Client(srv.port, "zz_rep"))]
        for who, c in viewers:
            leaks = []
            for path in paths:
                r = c.get(path)
                if r.status >= 500:
                    leaks.append("%s: %d" % (path, r.status))
                    continue
                text = readable(path, r.body)
                for region, value, source, how in HIDDEN:
                    if who.startswith("zhuzhou") and region == "zhuzhou":
                        continue  # its own region: in scope
                    if shows(text, value, source):
                        leaks.append("%s shows the %s value" % (path, how))
            T.check(not leaks, "%s: %d pages, reports and exports show no unpublished value and no 5xx" % (who, len(paths)),
                    "\n".join(leaks))
        zz = viewers[3][1]
        r = zz.get("/api/v1/values?status=returned")
        T.check(r.status == 200 and "returned-src-Qx9" in r.text(), "the zhuzhou reporter sees the returned zhuzhou value")
    finally:
        srv.stop()
    T.done()


main()
