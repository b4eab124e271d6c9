#!/bin/sh
# test_report.sh - innomon report as a user runs it on the shipped plan and its real figures:
# the evaluation reports of 2024 and 2025 in Chinese and English in every format; the PDF's text
# (pdftotext) holds the indicator names and figures of the store, its pages render (pdftoppm) and
# are not blank; every figure of the XLSX (unzipped, sheet XML) equals the store's
# (`innomon values --json`, `innomon progress --json`); the final evaluation's verdicts are met,
# not met, no 2025 figure or not assessable, never "on track"; the same store and INNOMON_NOW
# give byte-identical HTML, Markdown and XLSX; usage errors. TAP output.
# usage: test_report.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin report "$1"
RUN_ON_DB=1
export INNOMON_NOW=2026-03-01T08:00:00Z

# expect DESCRIPTION COMMAND...: the command succeeds (its output is in $OUT, errors in $ERR).
expect() {
	desc=$1
	shift
	if "$@" >"$OUT" 2>"$ERR"; then ok "$desc"; else not_ok "$desc"; fi
}

cd "$SRC" || exit 1
run init
[ "$RC" -eq 0 ] && ok "init loads the shipped plan and figures" || not_ok "init"

# ---- every period, language and format ---------------------------------------------------------
for year in 2024 2025; do
	for lang in zh en; do
		for fmt in html pdf xlsx md; do
			f=$TMP/r-$year-$lang.$fmt
			run report --period "$year" --lang "$lang" --format "$fmt" -o "$f"
			if [ "$RC" -eq 0 ] && [ -s "$f" ]; then
				ok "report $year $lang $fmt"
			else
				not_ok "report $year $lang $fmt" "exit $RC"
			fi
		done
	done
done
run report --period 2025 --format md -o -
if [ "$RC" -eq 0 ] && grep -q '^# 《长株潭国家自主创新示范区提质升级行动计划》监测评估报告' "$OUT"; then
	ok "-o - writes to standard output"
else
	not_ok "-o - writes to standard output"
fi

# ---- HTML ------------------------------------------------------------------------------------
H=$TMP/r-2025-zh.html
if grep -q '<!DOCTYPE html>' "$H" && grep -q '目　录' "$H" && grep -q '<svg xmlns' "$H" &&
	grep -q '湘政办发〔2024〕3号' "$H" && ! grep -q '<script' "$H"; then
	ok "HTML: standalone page with cover, contents and inline SVG charts, no script"
else
	not_ok "HTML: standalone page"
fi
if command -v tidy >/dev/null 2>&1; then
	tidy -q -e "$H" >"$OUT" 2>"$ERR"
	if [ $? -lt 2 ]; then ok "HTML: tidy finds no error"; else not_ok "HTML: tidy finds errors"; fi
fi

# ---- PDF: text, figures, pages ---------------------------------------------------------------------
P=$TMP/r-2025-zh.pdf
expect "pdftotext reads the Chinese PDF" pdftotext -layout "$P" "$TMP/zh.txt"
for want in 技术合同成交额 每万人有效发明专利拥有量 长沙国家创新型城市创新能力排名 "一、总体评估结论" \
	"附件2 建设指标细化表" "缺2025年数据" "490.69" "1,508" "湘政办发〔2024〕3号"; do
	if grep -qF -- "$want" "$TMP/zh.txt"; then ok "PDF text has '$want'"; else not_ok "PDF text has '$want'"; fi
done
if grep -qE -- '— ?3 ?—' "$TMP/zh.txt"; then ok "PDF pages are numbered"; else not_ok "PDF pages are numbered"; fi
expect "pdftotext reads the English PDF" pdftotext -layout "$TMP/r-2025-en.pdf" "$TMP/en.txt"
for want in "Turnover of registered technology contracts" "No 2025 figure" "Final evaluation, 2025" "Annex 1"; do
	if grep -qF -- "$want" "$TMP/en.txt"; then ok "English PDF text has '$want'"; else not_ok "English PDF text has '$want'"; fi
done
# a figure of the store, as the PDF prints it: 湖南 turnover 2019 from `innomon values`
run values tech_contract_turnover --json
v2019=$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1])):
    if r["region"]=="hunan" and r["period"]=="2019": print("{:,.2f}".format(r["value"]))' "$OUT")
if [ -n "$v2019" ] && grep -qF "$v2019" "$TMP/zh.txt"; then ok "PDF shows the store's figure $v2019"; else not_ok "PDF shows the store's figure '$v2019'"; fi
pages=$(pdfinfo "$P" | awk '/^Pages:/ {print $2}')
pdftoppm -r 24 -gray "$P" "$TMP/page" 2>"$ERR"
rendered=$(ls "$TMP"/page-*.pgm 2>/dev/null | wc -l)
if [ "$rendered" -eq "$pages" ] && [ "$pages" -ge 10 ]; then ok "pdftoppm renders all $pages pages"; else not_ok "pdftoppm renders all pages ($rendered of $pages)"; fi
# the page of figure 1 (a chart) holds far more ink than the rules and text of a table page would alone
fig_page=$(python3 - "$P" <<'EOF'
import subprocess, sys
p = sys.argv[1]
n = int([l.split()[1] for l in subprocess.run(["pdfinfo", p], capture_output=True, text=True).stdout.splitlines() if l.startswith("Pages:")][0])
for i in range(1, n + 1):
    t = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), p, "-"], capture_output=True, text=True).stdout
    if "图1 " in t:
        print(i)
        break
EOF
)
if [ -n "$fig_page" ]; then
	nonwhite=$(python3 - "$TMP" "$fig_page" <<'EOF'
import glob, sys
tmp, page = sys.argv[1], int(sys.argv[2])
name = [f for f in glob.glob(tmp + "/page-*.pgm") if int(f.rsplit("-", 1)[1].split(".")[0]) == page][0]
data = open(name, "rb").read()
# binary PGM: P5\n W H\n 255\n pixels
parts = data.split(b"\n", 3)
w, h = map(int, parts[1].split())
pixels = parts[3][: w * h]
print(sum(1 for b in pixels if b < 160))
EOF
)
	if [ "${nonwhite:-0}" -gt 500 ]; then ok "the chart page ($fig_page) has ink ($nonwhite dark pixels)"; else not_ok "the chart page has ink (${nonwhite:-0})"; fi
else
	not_ok "a page holds figure 1"
fi

# ---- XLSX: every figure against the store -------------------------------------------------------
X=$TMP/r-2025-zh.xlsx
mkdir -p "$TMP/x"
expect "unzip opens the XLSX" unzip -o -q "$X" -d "$TMP/x"
if grep -q '2026-03-01T08:00:00Z' "$TMP/x/docProps/core.xml"; then ok "XLSX created time is the report's generated-at"; else not_ok "XLSX core.xml created time"; fi
for ind in $(python3 -c 'import csv,sys
print(" ".join(sorted({r["indicator"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))})))' "$SRC/data/plans/czt-2024/observations.csv"); do
	"$BIN" --db "$DB" values "$ind" --json >"$TMP/values-$ind.json" 2>>"$ERR" || not_ok "values $ind --json"
done
"$BIN" --db "$DB" progress --json >"$TMP/progress.json" 2>>"$ERR"
"$BIN" --db "$DB" plan show --json >"$TMP/plan.json" 2>>"$ERR"
python3 - "$TMP" >"$OUT" 2>"$ERR" <<'EOF'
import glob, json, re, sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
x = tmp + "/x/xl/"
strings = []
sst = ET.parse(x + "sharedStrings.xml").getroot()
for si in sst.findall("m:si", NS):
    strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
rels = {r.get("Id"): r.get("Target") for r in ET.parse(x + "_rels/workbook.xml.rels").getroot()}
sheets = {s.get("name"): x + rels[s.get("{%s}id" % NS["r"])] for s in ET.parse(x + "workbook.xml").getroot().iter("{%s}sheet" % NS["m"])}

def rows(name):
    out = []
    for row in ET.parse(sheets[name]).getroot().iter("{%s}row" % NS["m"]):
        cells = {}
        for c in row.findall("m:c", NS):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            v = c.find("m:v", NS)
            if v is None:
                continue
            cells[col] = strings[int(v.text)] if c.get("t") == "s" else float(v.text)
        out.append(cells)
    return out[1:]  # below the header row

fails = []
# 1. every figure of the sources sheet is the store's current value of that cell
store = {}
for f in glob.glob(tmp + "/values-*.json"):
    for r in json.load(open(f)):
        store[(r["indicator"], r["region"], r["period"])] = r["value"]
n = 0
cited = set()
for r in rows("数据来源"):
    ind, reg = r["C"].split("/")
    key = (ind, reg, r["D"])
    cited.add(key)
    if key not in store:
        fails.append("not in the store: %s" % (key,))
    elif abs(store[key] - r["E"]) > 1e-9 * max(1, abs(store[key])):
        fails.append("%s: xlsx %r, store %r" % (key, r["E"], store[key]))
    n += 1
# the sheet cites what the report shows: fewer than the store holds, never a figure twice
if not 100 < n < len(store) or n != len(cited):
    fails.append("sources sheet has %d figures (%d distinct), the store %d" % (n, len(cited), len(store)))
# 2. the headline sheet's latest values and verdicts are progress --json's (2025 = every figure)
plan = json.load(open(tmp + "/plan.json"))
headline = {i["code"] for i in plan["indicators"] if i.get("headline")}
prog = [p for p in json.load(open(tmp + "/progress.json")) if p["indicator"] in headline]
hrows = rows("核心指标")
if len(hrows) != len(prog):
    fails.append("headline sheet has %d rows, progress %d" % (len(hrows), len(prog)))
final = {"met": {"达标"}, "not_met": {"未达标"}, "provisional_met": {"参考判断：达标"},
         "provisional_not_met": {"参考判断：未达标"}, "no_final": {"缺2025年数据", "有2025年数据但无法判断"}}
for p, r in zip(prog, hrows):
    if p["latest_value"] is None:
        if "D" in r and r["D"] != "—":
            fails.append("%s/%s: a latest value without data" % (p["indicator"], p["region"]))
    elif not isinstance(r.get("D"), float) or abs(r["D"] - p["latest_value"]) > 1e-12 * max(1, abs(p["latest_value"])):
        fails.append("%s/%s latest: xlsx %r, progress %r" % (p["indicator"], p["region"], r.get("D"), p["latest_value"]))
    if p["latest_period"] is not None and r.get("E") != p["latest_period"]:
        fails.append("%s/%s period: %r vs %r" % (p["indicator"], p["region"], r.get("E"), p["latest_period"]))
    key = (p["indicator"], p["region"], p["latest_period"])
    if key in store and key not in cited:  # a reported latest figure is cited (a computed one is not stored)
        fails.append("%s/%s %s: the latest figure is not in the sources sheet" % key)
    if p["verdict"] not in final:
        fails.append("%s/%s progress verdict %r is not a final verdict" % (p["indicator"], p["region"], p["verdict"]))
    elif r.get("H") not in final[p["verdict"]]:
        fails.append("%s/%s verdict %r is not progress's %r" % (p["indicator"], p["region"], r.get("H"), p["verdict"]))
print("checked %d source figures and %d headline rows" % (n, len(hrows)))
for f in fails:
    print("FAIL " + f)
sys.exit(1 if fails else 0)
EOF
if [ $? -eq 0 ]; then ok "every XLSX figure equals the store's ($(head -1 "$OUT"))"; else not_ok "XLSX figures equal the store's"; fi

# ---- reproducible ---------------------------------------------------------------------------------
for fmt in html md xlsx; do
	run report --period 2025 --format "$fmt" -o "$TMP/again.$fmt"
	if cmp -s "$TMP/again.$fmt" "$TMP/r-2025-zh.$fmt"; then ok "same store and INNOMON_NOW: identical $fmt"; else not_ok "identical $fmt on a second run"; fi
done
INNOMON_NOW=2026-03-02T08:00:00Z "$BIN" --db "$DB" report --period 2025 --format html -o "$TMP/later.html" 2>"$ERR"
if ! cmp -s "$TMP/later.html" "$H" && grep -q '2026-03-02 16:00' "$TMP/later.html"; then
	ok "another time: the report says when it was generated"
else
	not_ok "another time changes the generated-at"
fi
audit_head=$("$BIN" --db "$DB" audit verify 2>/dev/null | grep -oE '[0-9a-f]{64}' | head -1)
if [ -n "$audit_head" ] && grep -q "$audit_head" "$H"; then ok "the report states the audit head $audit_head"; else not_ok "the report states the audit head"; fi

# ---- usage ----------------------------------------------------------------------------------------
run report --format html
[ "$RC" -eq 1 ] && grep -q -- '--period is required' "$ERR" && ok "no --period: usage error" || not_ok "no --period: usage error"
run report --period 2025 --format doc
[ "$RC" -eq 1 ] && ok "--format doc: usage error" || not_ok "--format doc: usage error"
run report --period 2025 --lang fr
[ "$RC" -eq 1 ] && ok "--lang fr: usage error" || not_ok "--lang fr: usage error"
run report --period 20x5
[ "$RC" -eq 2 ] && grep -q 'is not a period' "$ERR" && ok "a bad period: bad input" || not_ok "a bad period: bad input"
# a period after the plan's last year has nothing of it to evaluate: refused, saying which year to ask for
run report --period 2026 --format md -o "$TMP/after.md"
if [ "$RC" -eq 5 ] && grep -q 'ran until 2025-12-31: 2026 is after its last year, 2025' "$ERR" &&
	grep -q 'its final evaluation is of 2025' "$ERR" && [ ! -e "$TMP/after.md" ]; then
	ok "a period after the plan: refused with the year to ask for, nothing written"
else
	not_ok "a period after the plan: refused" "exit $RC: $(cat "$ERR")"
fi

# ---- who prepares it: the organisation set, else the unit owning most headline indicators; never the plan's issuer
run report --period 2025 --format md -o -
if grep -q '^| 编制单位 | 省科技厅 |$' "$OUT" && grep -q '^| 印发单位 | 湖南省人民政府办公厅 |$' "$OUT"; then
	ok "prepared by the unit owning most headline indicators, not the plan's issuer"
else
	not_ok "prepared by the unit owning most headline indicators" "$(grep '编制单位\|印发单位' "$OUT")"
fi
INNOMON_ORG_NAME_ZH=湖南省科学技术信息研究所 INNOMON_ORG_NAME_EN="Hunan Institute of S&T Information" \
	"$BIN" --db "$DB" report --period 2025 --format md -o - >"$OUT" 2>"$ERR"
INNOMON_ORG_NAME_ZH=湖南省科学技术信息研究所 INNOMON_ORG_NAME_EN="Hunan Institute of S&T Information" \
	"$BIN" --db "$DB" report --period 2025 --lang en --format md -o - >"$TMP/org-en.md" 2>"$ERR"
if grep -q '^| 编制单位 | 湖南省科学技术信息研究所 |$' "$OUT" && grep -q '^| Prepared by | Hunan Institute of S&T Information |$' "$TMP/org-en.md"; then
	ok "org_name_zh / org_name_en: the report credits the organisation set, in each language"
else
	not_ok "org_name settings credit the organisation" "$(grep '编制单位' "$OUT"; grep 'Prepared by' "$TMP/org-en.md")"
fi
run report --period 2025 --format md --issuer 某某评估中心 -o -
grep -q '^| 编制单位 | 某某评估中心 |$' "$OUT" && ok "--issuer overrides it for one report" || not_ok "--issuer overrides it"

echo "1..$N"
[ "$FAILED" -eq 0 ]
