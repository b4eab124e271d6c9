#!/bin/sh
# test_registry.sh - registries and derived indicators as a user runs them on the demo plan
# (data/demo/plan): import registry files (English and Chinese headers, GBK), recompute, the
# exact derived values per region and year, re-imports and recomputes that change nothing, a
# changed record that revises the values, bad files that change nothing in the store and name
# row and column, registry list, a broken definition in a plan, help and usage errors. TAP.
# usage: test_registry.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin registry "$1"
RUN_ON_DB=1
# the last ended year is 2025: years up to 2025 are computed
INNOMON_NOW=2026-03-01T00:00:00Z
export INNOMON_NOW

# check_line DESCRIPTION out|err EXTENDED_REGEX: some line of the last run's stream matches.
check_line() {
	stream=$OUT
	[ "$2" = err ] && stream=$ERR
	if grep -qE -- "$3" "$stream"; then ok "$1"; else not_ok "$1" "no line of std$2 matches: $3"; fi
}

# values_json INDICATOR: "region period value" lines of the indicator's current values, sorted.
values_json() {
	"$BIN" --db "$DB" values "$1" --json | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    print(o["region"], o["period"], repr(o["value"]))' | sort
}

# same_text DESCRIPTION EXPECTED ACTUAL
same_text() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected:" "$2" "actual:" "$3"; fi
}

cd "$SRC" || exit 1

run init --plan data/demo/plan
check "init loads the demo plan with its derived indicators" 0 out "plan czt-demo stored as version 1"

cat >"$TMP/enterprises.csv" <<'CSV'
code,name,region,cert,valid_from,valid_to
E1,甲公司,changsha,hnte,2022-01-01,2024-12-31
E2,乙公司,长沙高新区,高新技术企业,2024-12-31,
E3,丙公司,zhuzhou,hnte,2025-01-01,2027-12-31
E4,丁公司,xiangtan,tsme,2023-05-01,2024-04-30
CSV
cat >"$TMP/patents.csv" <<'CSV'
专利号,授权日,失效日,地区
P1,2023-03-01,,长沙
P2,2023-06-01,2024-12-31,长沙
P3,2024-06-01,2024-06-30,株洲
CSV
cat >"$TMP/contracts-utf8.csv" <<'CSV'
合同编号,签订日期,成交额,地区,买方,卖方
C1,2024-01-01,5000,长沙,买方甲,卖方甲
C2,2024-12-31,15000.5,长沙高新区,,卖方乙
C3,2025-01-01,999,株洲,买方丙,
CSV
iconv -f UTF-8 -t GBK "$TMP/contracts-utf8.csv" >"$TMP/contracts.csv"

run import registry enterprises "$TMP/enterprises.csv" --dry-run
check "import registry --dry-run says what would change" 0 out "dry run, nothing written: $TMP/enterprises.csv: 4 enterprises records, 4 new, 0 revised, 0 unchanged (csv, utf-8)"
run registry list enterprises
check "a dry run writes nothing" 0 out "0 enterprises records"

run import registry enterprises "$TMP/enterprises.csv"
check "import registry enterprises (English headers) and the derived indicators follow at once" 0 \
	out "4 enterprises records, 4 new, 0 revised, 0 unchanged (csv, utf-8)" \
	out "2 derived indicators: 56 values, 56 new, 0 revised, 0 unchanged"
run import registry patents "$TMP/patents.csv"
check "import registry patents (Chinese headers)" 0 out "3 patents records, 3 new, 0 revised, 0 unchanged" \
	out "1 derived indicator: 8 values, 8 new, 0 revised, 0 unchanged"
run import registry contracts "$TMP/contracts.csv"
check "import registry contracts (GBK)" 0 out "3 contracts records, 3 new, 0 revised, 0 unchanged (csv, gb18030)" \
	out "1 derived indicator: 12 values, 12 new, 0 revised, 0 unchanged"

run registry recompute
check "after the imports every derived value is current" 0 out "6 derived indicators: 76 values, 0 new, 0 revised, 76 unchanged"

# enterprises cover 2022..2025 (E3's 2027 is after the last ended year); a record counts for its
# region and every region above it (长沙高新区 -> 长沙 and 自创区 -> 长株潭 -> 湖南); 株洲高新区 has
# no record and gets no value; 湘潭 has a record (not hnte) and counts 0
same_text "demo_hnte_count per region and year" "changsha 2022 1.0
changsha 2023 1.0
changsha 2024 2.0
changsha 2025 1.0
cs-hitech 2022 0.0
cs-hitech 2023 0.0
cs-hitech 2024 1.0
cs-hitech 2025 1.0
czt 2022 1.0
czt 2023 1.0
czt 2024 2.0
czt 2025 2.0
hunan 2022 1.0
hunan 2023 1.0
hunan 2024 2.0
hunan 2025 2.0
xiangtan 2022 0.0
xiangtan 2023 0.0
xiangtan 2024 0.0
xiangtan 2025 0.0
zcq 2022 0.0
zcq 2023 0.0
zcq 2024 1.0
zcq 2025 1.0
zhuzhou 2022 0.0
zhuzhou 2023 0.0
zhuzhou 2024 0.0
zhuzhou 2025 1.0" "$(values_json demo_hnte_count)"
# P2 lapses on the last day of 2024 and no longer counts at its end; P3 lapsed within 2024
same_text "demo_patents_stock: lapsed patents leave the stock" "changsha 2023 2.0
changsha 2024 1.0
czt 2023 2.0
czt 2024 1.0
hunan 2023 2.0
hunan 2024 1.0
zhuzhou 2023 0.0
zhuzhou 2024 0.0" "$(values_json demo_patents_stock)"
same_text "demo_tech_contracts: 万元 summed by signing year, in 亿元" "changsha 2024 2.00005
changsha 2025 0.0
cs-hitech 2024 1.50005
cs-hitech 2025 0.0
czt 2024 2.00005
czt 2025 0.0999
hunan 2024 2.00005
hunan 2025 0.0999
zcq 2024 1.50005
zcq 2025 0.0
zhuzhou 2024 0.0
zhuzhou 2025 0.0999" "$(values_json demo_tech_contracts)"
same_text "registries without records give no values" "" "$(values_json demo_talent_new)"

run values demo_hnte_count --region 长沙
check_line "values shows the derived value with its definition as source" out \
	'^ +长沙 +2024 +2 +registry: count\(enterprises where cert = "hnte" and valid_on\(period_end\)\)$'

# ---- nothing changes twice ---------------------------------------------------------------
before=$(db_hash)
run import registry enterprises "$TMP/enterprises.csv"
check "re-importing the same file changes nothing" 0 out "4 enterprises records, 0 new, 0 revised, 4 unchanged"
run import registry contracts "$TMP/contracts.csv"
check "re-importing the GBK file changes nothing" 0 out "3 contracts records, 0 new, 0 revised, 3 unchanged"
run registry recompute
check "recomputing again changes nothing" 0 out "6 derived indicators: 76 values, 0 new, 0 revised, 76 unchanged"
same_db "the store is byte for byte the same after re-imports and a recompute" "$before"

# ---- a changed record: a revision, then revised values -------------------------------------
sed 's/^E1,甲公司,changsha,hnte,2022-01-01,2024-12-31$/E1,甲公司,changsha,hnte,2022-01-01,2025-12-31/' \
	"$TMP/enterprises.csv" >"$TMP/enterprises2.csv"
run import registry enterprises "$TMP/enterprises2.csv" --dry-run
check "a dry run of the changed file names the revision and writes nothing" 0 \
	out "dry run, nothing written: $TMP/enterprises2.csv: 4 enterprises records, 0 new, 1 revised, 3 unchanged (csv, utf-8)"
run import registry enterprises "$TMP/enterprises2.csv"
check "a changed validity is a revision of the record, and revises the values it touches" 0 \
	out "4 enterprises records, 0 new, 1 revised, 3 unchanged" out "2 derived indicators: 3 values, 0 new, 3 revised, 0 unchanged"
run registry list enterprises --region 长沙
check "registry list --region covers the regions below" 0 out "2 enterprises records in 长沙" \
	out "E1	甲公司	changsha	hnte	2022-01-01	2025-12-31	rev 2" out "E2	乙公司	cs-hitech	hnte	2024-12-31	-	rev 1"
run registry recompute --dry-run
check "recompute --dry-run finds nothing left to change" 0 \
	out "dry run, nothing written: 6 derived indicators: 76 values, 0 new, 0 revised, 76 unchanged"
same_text "the 2025 values are revised" "changsha 2025 2.0
czt 2025 3.0
hunan 2025 3.0" "$(values_json demo_hnte_count | grep ' 2025 ' | grep -E '^(changsha|czt|hunan) ')"
run values demo_hnte_count --region changsha --revisions
check_line "the old value is kept as revision 1" out '^ +长沙 +2025 +1 +rev 1 approved '
check_line "the new value is revision 2" out '^ +长沙 +2025 +2 +rev 2 approved '

# ---- bad files change nothing ---------------------------------------------------------------
cat >"$TMP/bad.csv" <<'CSV'
code,name,region,cert,valid_from,valid_to
E5,戊公司,atlantis,hnte,2024-01-01,
E6,己公司,changsha,hnte,2024-02-30,
E7,庚公司,changsha,gold,2024-01-01,2023-01-01
E1,甲公司,changsha,hnte,2022-01-01,2024-12-31
E1,甲公司,changsha,hnte,2022-01-01,2025-12-31
CSV
before=$(db_hash)
run import registry enterprises "$TMP/bad.csv"
check "a bad file is refused whole, naming row, column and value" 2 \
	err "$TMP/bad.csv:2:3: error: unknown region 'atlantis': give its code, Chinese or English name as in the plan (column 'region', value 'atlantis')" \
	err "$TMP/bad.csv:3:5: error: '2024-02-30' is not a date: write YYYY-MM-DD, e.g. 2024-06-30 (column 'valid_from', value '2024-02-30')" \
	err "$TMP/bad.csv:4:4: error: 'gold' is not a cert" \
	err "$TMP/bad.csv:4:6: error: the valid_to 2023-01-01 is before the valid_from 2024-01-01" \
	err "$TMP/bad.csv:6:1: error: the same enterprises record as row 5" \
	err "5 errors in '$TMP/bad.csv'; nothing was imported"
same_db "the bad file changed nothing in the store" "$before"
printf 'no,signed,amount,region\nC11,2024-01-01,1,250.5,changsha\n' >"$TMP/comma-contracts.csv"
run import registry contracts "$TMP/comma-contracts.csv"
check "an amount with an unquoted thousands separator is refused with both field counts" 2 \
	err "comma-contracts.csv:2: error: the row has 5 fields but the header has 4; a number with a thousands separator must be quoted"
same_db "the refused registry row changed nothing in the store" "$before"
printf 'no,signed,amount,region\nC9,2024-01-01,-5,changsha\nC10,2024-01-01,abc,changsha\n' >"$TMP/bad-contracts.csv"
run import registry contracts "$TMP/bad-contracts.csv"
check "negative and non-numeric amounts are refused" 2 \
	err "bad-contracts.csv:2:3: error: the amount must not be negative" err "bad-contracts.csv:3:3: error: 'abc' is not a number"
printf 'id,programme,region\nT1,芙蓉计划,changsha\n' >"$TMP/bad-talents.csv"
run import registry talents "$TMP/bad-talents.csv"
check "a missing required column is named" 2 err "required column 'year' is missing"
same_db "neither changed the store" "$before"

# ---- XLSX --------------------------------------------------------------------------------------
X=$TMP/book
xlsx_book "$X" 人才
cat >"$X/xl/worksheets/sheet1.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="$NS_MAIN"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><t>人才计划</t></is></c><c r="C1" t="inlineStr"><is><t>入选年度</t></is></c><c r="D1" t="inlineStr"><is><t>地区</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="inlineStr"><is><t>芙蓉计划</t></is></c><c r="C2"><v>2024</v></c><c r="D2" t="inlineStr"><is><t>长沙</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>T2</t></is></c><c r="B3" t="inlineStr"><is><t>芙蓉计划</t></is></c><c r="C3"><v>2025</v></c><c r="D3" t="inlineStr"><is><t>株洲</t></is></c></row>
</sheetData></worksheet>
XML
(cd "$X" && zip -q -X -r "$TMP/talents.xlsx" '[Content_Types].xml' _rels xl)
run import registry talents "$TMP/talents.xlsx"
check "import registry talents from XLSX" 0 out "2 talents records, 2 new, 0 revised, 0 unchanged (xlsx, sheet 人才)"
check "the talents import adds the talents indicator's values" 0 out "1 derived indicator: 8 values, 8 new, 0 revised, 0 unchanged"
run registry recompute --quiet
check "recompute --quiet prints the counts only" 0 out "84 values, 0 new, 0 revised, 84 unchanged"
same_text "demo_talent_new counts the year of selection" "changsha 2024 1.0
changsha 2025 0.0
czt 2024 1.0
czt 2025 1.0
hunan 2024 1.0
hunan 2025 1.0
zhuzhou 2024 0.0
zhuzhou 2025 1.0" "$(values_json demo_talent_new)"

# ---- usage, help, plans ---------------------------------------------------------------------
run import registry widgets "$TMP/enterprises.csv"
check "an unknown registry is a usage error" 1 err "unknown registry 'widgets': enterprises, contracts, patents, platforms, talents or firms"
run registry list
check "registry list needs a KIND" 1 err "expected: registry list KIND, or registry recompute"
run registry --help
check "registry --help" 0 out "usage: innomon [--db PATH] registry list KIND [--region R] [--json]" out "registry recompute"
run import --help
check "import --help names import registry" 0 out "import registry KIND FILE"
run registry list platforms --json
check "registry list --json of an empty registry" 0 out "[]"

# more records than registry list reads at once (10,000): every one printed, in key order, once
python3 -c '
print("code,name,level,kind,recognised,region")
for i in range(10003):
    print("PF%05d,平台%d,provincial,lab,2023-01-01,changsha" % (10002 - i, i))' >"$TMP/platforms.csv"
run import registry platforms "$TMP/platforms.csv"
check "10,003 platforms are imported" 0 out "10003 new"
run registry list platforms
check "registry list prints all 10,003" 0 out "10003 platforms records"
same_text "registry list prints each record once, in key order" "10003 10003 PF00000 PF10002" \
	"$(grep -E '^  PF' "$OUT" | awk '{print $1}' | python3 -c '
import sys
keys = sys.stdin.read().split()
print(len(keys), len(set(keys)), keys[0], keys[-1]) if keys == sorted(keys) else print("unsorted")')"
"$BIN" --db "$DB" registry list platforms --json >"$TMP/platforms.json"
same_text "registry list --json gives the 10,003 as one array" "10003 PF00000 PF10002" "$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
print(len(a), a[0]["code"], a[-1]["code"])' "$TMP/platforms.json")"

cp -r data/demo/plan "$TMP/badplan"
sed -i 's/count(patents where granted <= period_end and (lapsed is null or lapsed > period_end))/count(patents where granted = 5)/' "$TMP/badplan/indicators.csv"
run plan check "$TMP/badplan"
check "a definition that does not parse is a plan error with its position" 2 \
	err "definition of 'demo_patents_stock', at character 29: a number can only be compared with a number"

run audit verify
check "the audit trail is intact" 0
run audit list --action registry.import
check "imports are audited" 0 out "registry_enterprises"
run audit list --action registry.recompute
check "recomputes are audited" 0 out "registry.recompute"

echo "1..$N"
[ "$FAILED" -eq 0 ]
