#!/usr/bin/env python3
"""plan_workbook.py - write a plan folder (docs/plan-format.md) as a plan workbook: one sheet
per CSV file, named in Chinese (规划, 目标, ...) or, with --english, by the file's stem; the
CSV's own headers; every cell an inline string. --set FILE:ROW:COLUMN=VALUE changes a cell
first (ROW counts data rows from 1; COLUMN a header name), so a test can make a workbook with
chosen problems. Used by the HTTP and browser tests of plan authoring.
usage: plan_workbook.py DIR OUT.xlsx [--english] [--set FILE:ROW:COLUMN=VALUE]..."""
import csv
import os
import sys
import zipfile
from xml.sax.saxutils import escape

SHEETS = [("plan.csv", "规划"), ("goals.csv", "目标"), ("regions.csv", "地区"), ("units.csv", "责任单位"),
          ("actions.csv", "行动"), ("measures.csv", "举措"), ("responsibilities.csv", "责任分工"),
          ("indicators.csv", "指标"), ("targets.csv", "目标值"), ("rules.csv", "校验规则")]


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        out.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            if v != "":
                out.append('<c r="%s%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
                           % (col_name(c), r, escape(v)))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def write(path, sheets):
    """sheets: [(name, rows)]"""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                   'main+xml"/>' + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
                                           'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1)
                                           for i in range(len(sheets))) + "</Types>")
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets>' + "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>'
                                                       % (escape(n), i + 1, i + 1) for i, (n, _) in enumerate(sheets))
                   + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships">' + "".join(
                       '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1)
                       for i in range(len(sheets))) + "</Relationships>")
        for i, (_, rows) in enumerate(sheets):
            z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), sheet_xml(rows))


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    src, out, rest = argv[1], argv[2], argv[3:]
    english = "--english" in rest
    sets = [rest[i + 1] for i, a in enumerate(rest) if a == "--set"]
    tables = {}
    for file, _ in SHEETS:
        path = os.path.join(src, file)
        if os.path.exists(path):
            with open(path, encoding="utf-8-sig", newline="") as f:
                tables[file] = [row for row in csv.reader(f)]
    for s in sets:
        where, value = s.split("=", 1)
        file, row, column = where.split(":")
        table = tables[file]
        c = table[0].index(column)
        table[int(row)][c] = value
    write(out, [(file[:-4] if english else zh, tables[file]) for file, zh in SHEETS if file in tables])


if __name__ == "__main__":
    main(sys.argv)
