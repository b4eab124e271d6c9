#!/bin/sh
# test_values.sh - the monitoring commands as a user runs them on the shipped plan and its real
# figures: progress (text and the --json contract), values (with sources and revisions), import
# values (CSV UTF-8 and GBK, XLSX sheets, dry runs, re-imports, bad files that change nothing in
# the store), validate, and init --plan-only. TAP output.
# usage: test_values.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin values "$1"
RUN_ON_DB=1

# check_line DESCRIPTION out|err EXTENDED_REGEX: some line of the last run's stream matches.
check_line() {
	stream=$OUT
	[ "$2" = err ] && stream=$ERR
	if grep -qE -- "$3" "$stream"; then ok "$1"; else not_ok "$1" "no line of std$2 matches: $3"; fi
}

cd "$SRC" || exit 1
SOURCE_2019=http://hunan.gov.cn/hnszf/hnyw/20180408_sxhy/20/szbm/202001/t20200105_11142034.html

# ---- init and the shipped figures --------------------------------------------------------
run init
check "init stores the plan and its 222 real figures, one of them revised" 0 \
	out "plan czt-2024 stored as version 1" \
	out "data/plans/czt-2024/observations.csv: 223 rows, 222 new, 1 revised, 0 unchanged (csv, utf-8)" \
	err "data/plans/czt-2024/observations.csv:13:5: warning: rule 'yoy-jump': value 2500 changed by +108% from 1200 a year earlier (more than 100%) (column 'value', value '2500')"

run progress
check "progress exits 0 with its header" 0 out "indicator" out "status" out "projection"
n=$(tail -n +2 "$OUT" | sed '/^$/,$d' | wc -l)
[ "$n" -eq 27 ] && ok "progress lists the 27 targets" || not_ok "progress lists the 27 targets" "$n lines"
check_line "progress: 长沙's rank is met, 8th in 2022" out '^city_rank_changsha +changsha +8 +2022 .* met '
check_line "progress: 株洲 kept its rank (34th in 2024)" out '^city_rank_zz_xt +zhuzhou +34 +2024 .* met'
check_line "progress: 自创区 revenue has one point (2019)" out '^revenue_tiq +zcq +21,200 +2019 .* no_status'
check_line "progress: a target without values shows dashes" out '^hightech_value_added +czt +- +- .* no_status'
check_line "progress: the headline verdicts are summed under the table" out '^headline targets by (current|final) verdict: met [0-9]+'

run progress --json
check "progress --json exits 0" 0
if python3 - "$OUT" <<'EOF' >"$TMP/py" 2>&1
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(rows, list), "not an array"
assert len(rows) == 27, "%d objects" % len(rows)
keys = {"indicator": (str,), "region": (str,), "comparator": (str,), "target": (float, type(None)),
        "target_year": (int,), "base_value": (float, type(None)), "base_year": (int, type(None)),
        "latest_value": (float, type(None)), "latest_year": (int, type(None)), "status": (str,),
        "ratio": (float, type(None)), "score": (float, type(None)), "achievement": (float, type(None)),
        "elapsed": (float, type(None)), "behind_schedule": (bool, type(None)),
        "projected_value": (float, type(None)), "projected_year_met": (int, type(None))}
statuses = {"met", "not_met", "on_track", "needs_acceleration", "limited", "deteriorating", "stable", "no_status"}
for i, o in enumerate(rows):
    for k, types in keys.items():
        assert k in o, "object %d has no key %s" % (i, k)
        v = o[k]
        assert type(v) in types, "object %d: %s is %r" % (i, k, v)
    assert o["status"] in statuses, "object %d: status %s" % (i, o["status"])
cs = [o for o in rows if o["indicator"] == "city_rank_changsha"][0]
assert (cs["region"], cs["status"], cs["latest_value"], cs["latest_year"]) == ("changsha", "met", 8.0, 2022), cs
EOF
then ok "progress --json is 27 objects with the contract's keys and types"
else RC=0; not_ok "progress --json is 27 objects with the contract's keys and types" "$(cat "$TMP/py")"
fi

run values tech_contract_turnover --region changsha
check "values lists the series with its unit" 0 out "技术合同成交额 [tech_contract_turnover] (亿元)"
check_line "values: 长沙 2019 is 233.82 with its source link" out "^  长沙 +2019 +233\.82 +$SOURCE_2019\$"
n=$(grep -c '^  长沙 ' "$OUT")
[ "$n" -eq 6 ] && ok "values: six years for 长沙 (2019-2022, 2024, 2025)" || not_ok "values: six years for 长沙" "$n rows"

run values 技术合同成交额 --region 长沙 --revisions
check "values --revisions by Chinese names" 0 out "技术合同成交额 [tech_contract_turnover]"
check_line "values --revisions shows revision 1, its status and author" out \
	"^  长沙 +2019 +233\.82 +rev 1 published [0-9T:Z-]+ init $SOURCE_2019\$"

# a revision shipped with the plan: 湖南 2023 R&D intensity, 2.57% first published, 2.53% after the
# national bulletin's revision; both kept, the revision current
run values rd_intensity --region hunan --revisions
check_line "the first published 2023 R&D intensity is revision 1" out "^  湖南 +2023 +2\.57 +rev 1 published "
check_line "the national bulletin's 2.53 is revision 2, linked to stats.gov.cn" out \
	"^  湖南 +2023 +2\.53 +rev 2 published .* https://www\.stats\.gov\.cn/"
run values rd_intensity --region hunan --json
if python3 - "$OUT" <<'EOF' >"$TMP/py" 2>&1
import json, sys
rows = {r["period"]: r for r in json.load(open(sys.argv[1], encoding="utf-8"))}
r = rows["2023"]
assert (r["revision"], r["value"]) == (2, 2.53), r
assert r["publisher"] == "国家统计局、科学技术部、财政部" and r["published"] == "2025-09-29", r
assert r["reason"] and "原发布2.57%" in r["reason"], r
assert rows["2024"]["value"] == 2.62, rows["2024"]
EOF
then ok "values --json: the 2023 value is the revision, with its publisher, date and reason"
else RC=0; not_ok "values --json: the 2023 value is the revision" "$(cat "$TMP/py")"
fi

run values no_such_indicator
check "values of an unknown indicator exits 4" 4 err "innomon: unknown indicator 'no_such_indicator'"

run validate
check "validate on the shipped figures exits 0 (warnings only)" 0 \
	out "count-jia-non-negative" out "children-le-parent" out "rank-positive-integer" \
	out "tech_contract_turnover / hunan / 2022: value 2500 changed by +108% from 1200 a year earlier (more than 100%)" \
	out "222 cells checked against 15 rules: 0 errors, 1 warning"
check_line "validate marks the violated warning rule" out '^! yoy-jump +warning +1 violation'

# ---- import values: CSV ------------------------------------------------------------------
cat >"$TMP/good.csv" <<'EOF'
indicator,region,period,value,unit,source,source_url
tech_contract_turnover,changsha,2026,1600,亿元,长沙市技术合同成交额1600亿元,https://kjt.hunan.gov.cn/c.html
技术合同成交额,湘潭,2026年,180,亿元,湘潭市180亿元,
EOF
run import values "$TMP/good.csv"
check "import values of a good CSV exits 0" 0 \
	out "$TMP/good.csv: 2 rows, 2 new, 0 revised, 0 unchanged (csv, utf-8)" \
	out "new      line 2     tech_contract_turnover / changsha / 2026: 1,600" \
	out "new      line 3     tech_contract_turnover / xiangtan / 2026: 180"

before=$(db_hash)
run import values "$TMP/good.csv"
check "the same file again changes nothing" 0 out "2 rows, 0 new, 0 revised, 2 unchanged"
same_db "re-importing leaves the store byte-for-byte unchanged" "$before"

cat >"$TMP/bad.csv" <<'EOF'
indicator,region,period,value
nope,changsha,2025,1
tech_contract_turnover,changsha,2025Q5,1
hnte_count,zcq,2025,-3
EOF
before=$(db_hash)
run import values "$TMP/bad.csv"
check "a bad CSV exits 2 with file:line:col for every bad row" 2 \
	err "$TMP/bad.csv:2:1: error: unknown indicator 'nope': give its code, Chinese or English name as in the plan" \
	err "$TMP/bad.csv:3:3: error: '2025Q5' is not a period: write 2024, 2024Q3 or 2024-07" \
	err "$TMP/bad.csv:4:4: error: rule 'count-jia-non-negative': value -3 is negative; this indicator cannot be" \
	err "innomon: 3 errors in '$TMP/bad.csv'; nothing was imported"
same_db "a bad CSV leaves the store byte-for-byte unchanged" "$before"
[ -s "$OUT" ] && not_ok "a bad CSV prints no summary" || ok "a bad CSV prints no summary"

printf 'indicator,region,period,value,source\ntech_contract_turnover,hunan,2024,1,234,统计公报\n' >"$TMP/comma.csv"
run import values "$TMP/comma.csv"
check "a number with an unquoted thousands separator is refused with both field counts" 2 \
	err "$TMP/comma.csv:2: error: the row has 6 fields but the header has 5; a number with a thousands separator must be quoted (\"1,234\")" \
	err "innomon: 1 error in '$TMP/comma.csv'; nothing was imported"
same_db "the refused row left the store byte-for-byte unchanged" "$before"

sed 's/,1600,/,1650,/' "$TMP/good.csv" >"$TMP/changed.csv"
run import values "$TMP/changed.csv" --dry-run
check "--dry-run reports the revision" 0 \
	out "revised  line 2     tech_contract_turnover / changsha / 2026: 1,600 -> 1,650" \
	out "dry run, nothing written: $TMP/changed.csv: 2 rows, 0 new, 1 revised, 1 unchanged (csv, utf-8)"
same_db "--dry-run leaves the store byte-for-byte unchanged" "$before"

run import values "$TMP/changed.csv"
check "the changed file is imported as a revision" 0 out "2 rows, 0 new, 1 revised, 1 unchanged"
run values tech_contract_turnover --region changsha --revisions
check_line "values --revisions shows revision 1 of 2026" out "^  长沙 +2026 +1,600 +rev 1 approved "
check_line "values --revisions shows revision 2 of 2026" out "^  长沙 +2026 +1,650 +rev 2 approved .* cli https://kjt.hunan.gov.cn/c.html\$"
run values tech_contract_turnover --region changsha
check_line "values shows the current value, revision 2" out "^  长沙 +2026 +1,650 "
n=$(grep -c ' 2026 ' "$OUT")
[ "$n" -eq 1 ] && ok "values shows one current value per period" || not_ok "values shows one current value per period" "$n rows"

# ---- import values: GBK ------------------------------------------------------------------
cat >"$TMP/utf8.csv" <<'EOF'
指标,地区,时期,数值,单位,来源
技术合同成交额,株洲,2026,320,亿元,株洲市技术合同成交额320亿元
EOF
iconv -f UTF-8 -t GBK "$TMP/utf8.csv" >"$TMP/gbk.csv"
before=$(db_hash)
run import values "$TMP/gbk.csv" --encoding utf-8
# 指 is D6 B8 in GBK, which happens to be valid UTF-8 (U+05B8); 标 (B1 EA) is not
check "a GBK file read as UTF-8 exits 2 naming the byte" 2 \
	err "$TMP/gbk.csv:1:3: error: the file is not valid UTF-8: byte 0xB1 at offset 2 (line 1) cannot be decoded"
same_db "the GBK file read as UTF-8 leaves the store unchanged" "$before"
run import values "$TMP/gbk.csv" --encoding gbk
check "--encoding gbk imports the GBK file" 0 out "$TMP/gbk.csv: 1 rows, 1 new, 0 revised, 0 unchanged (csv, gb18030)"
run import values "$TMP/gbk.csv"
check "the GBK file is detected" 0 out "$TMP/gbk.csv: 1 rows, 0 new, 0 revised, 1 unchanged (csv, gb18030)"
run values tech_contract_turnover --region zhuzhou
check_line "the GBK value reads back in Chinese" out "^  株洲 +2026 +320 +株洲市技术合同成交额320亿元\$"

# ---- import values: XLSX -----------------------------------------------------------------
X=$TMP/book
xlsx_book "$X" 2024年 说明
cat >"$X/xl/worksheets/sheet1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="$NS_MAIN"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c><c r="B1" t="inlineStr"><is><t>地区</t></is></c><c r="C1" t="inlineStr"><is><t>时期</t></is></c><c r="D1" t="inlineStr"><is><t>数值</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>hnte_count</t></is></c><c r="B2" t="inlineStr"><is><t>zcq</t></is></c><c r="C2"><v>2024</v></c><c r="D2"><v>9500</v></c></row>
</sheetData></worksheet>
EOF
cat >"$X/xl/worksheets/sheet2.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="$NS_MAIN"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>
EOF
(cd "$X" && zip -q -X -r "$TMP/book.xlsx" '[Content_Types].xml' _rels xl)

before=$(db_hash)
run import values "$TMP/book.xlsx" --sheet 数据
check "--sheet naming a missing sheet exits 2 and names the sheets" 2 \
	err "$TMP/book.xlsx: error: the workbook has no sheet named '数据'; its sheets are '2024年', '说明'" \
	err "innomon: 1 error in '$TMP/book.xlsx'; nothing was imported"
same_db "the missing sheet leaves the store unchanged" "$before"
run import values "$TMP/book.xlsx" --sheet 2024年 --dry-run
check "--sheet picks the sheet (dry run)" 0 \
	out "dry run, nothing written: $TMP/book.xlsx: 1 rows, 1 new, 0 revised, 0 unchanged (xlsx, sheet 2024年)"
same_db "the XLSX dry run leaves the store unchanged" "$before"
run import values "$TMP/book.xlsx"
check "an XLSX imports from its first sheet" 0 \
	out "$TMP/book.xlsx: 1 rows, 1 new, 0 revised, 0 unchanged (xlsx, sheet 2024年)"
run import values "$TMP/good.csv" --sheet 2024年
check "--sheet with a CSV exits 2" 2 err "a sheet name was given, but the file is not an .xlsx workbook"

# ---- init --plan-only --------------------------------------------------------------------
DB=$TMP/plan-only.db
run init --plan-only
check "init --plan-only stores the plan only" 0 out "plan czt-2024 stored as version 1"
grep -q "observations.csv" "$OUT" && not_ok "init --plan-only loads no figures" || ok "init --plan-only loads no figures"
run values tech_contract_turnover
check "a plan-only store has no values" 0 out "技术合同成交额 [tech_contract_turnover] (亿元)" out "  no values"
run progress --json
check "progress on a plan-only store exits 0" 0
n=$(grep -c '"status": "no_status"' "$OUT")
[ "$n" -eq 27 ] && ok "every target of a plan-only store has no status" || not_ok "every target of a plan-only store has no status" "$n"
run validate
check "validate on a plan-only store exits 0" 0 out "0 cells checked against 15 rules: 0 errors, 0 warnings"

echo "1..$N"
[ "$FAILED" -eq 0 ]
