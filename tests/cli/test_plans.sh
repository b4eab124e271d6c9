#!/bin/sh
# test_plans.sh - every plan shipped in data/plans/ lives in the one store `innomon init`
# creates, and every plan-scoped command reaches each of them with --plan CODE: plan show (text
# and JSON), units, validate, values, progress (current and final, text and JSON), and the
# evaluation report of the plan's first years and of its last year in every format and both
# languages. The report calls the document by its own kind, states its own final year, names
# no plan's issuer as its preparer, and a plan without measures says so in a sentence instead of
# "0项举措". A period after a plan's last year is refused, naming the year to ask for. TAP output.
# usage: test_plans.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin plans "$1"
RUN_ON_DB=1
export INNOMON_NOW=2026-12-01T08:00:00Z

cd "$SRC" || exit 1

# field FILE COLUMN: the first data row's value of a CSV column (the plan files hold no quoted comma in these)
field() {
	python3 - "$1" "$2" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    print(next(csv.DictReader(f))[sys.argv[2]])
EOF
}

run init
if [ "$RC" -eq 0 ]; then ok "init loads every shipped plan into one store"; else not_ok "init"; fi
n_folders=0
for dir in data/plans/*/; do
	n_folders=$((n_folders + 1))
	code=$(field "$dir/plan.csv" code)
	grep -q "^plan $code stored as version 1$" "$OUT" && ok "init stored $code ($dir)" || not_ok "init stored $code"
done
[ "$n_folders" -ge 2 ] && ok "data/plans/ ships $n_folders plans" || not_ok "data/plans/ ships at least two plans"

for dir in data/plans/*/; do
	code=$(field "$dir/plan.csv" code)
	title=$(field "$dir/plan.csv" title_zh)
	issuer=$(field "$dir/plan.csv" issuer_zh)
	first=$(field "$dir/plan.csv" issued | cut -c1-4)
	until=$(field "$dir/plan.csv" valid_until)
	last=$(field "$dir/plan.csv" target_year)
	[ "$(echo "$until" | cut -c1-4)" -gt "$last" ] && last=$(echo "$until" | cut -c1-4)
	n_measures=$(($(wc -l <"$dir/measures.csv") - 1))
	ind=$(field "$dir/indicators.csv" code)

	run plan show --plan "$code"
	[ "$RC" -eq 0 ] && grep -q "^$title ($code)" "$OUT" && ok "$code: plan show" || not_ok "$code: plan show"
	run plan show --plan "$code" --json
	if [ "$RC" -eq 0 ] && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d['plan']['code'] != sys.argv[2])" "$OUT" "$code"; then
		ok "$code: plan show --json"
	else
		not_ok "$code: plan show --json"
	fi
	run units --plan "$code"
	[ "$RC" -eq 0 ] && ok "$code: units" || not_ok "$code: units"
	run validate --plan "$code"
	[ "$RC" -eq 0 ] && ok "$code: validate" || not_ok "$code: validate"
	run values "$ind" --plan "$code"
	[ "$RC" -eq 0 ] && ok "$code: values $ind" || not_ok "$code: values $ind"
	run progress --plan "$code"
	[ "$RC" -eq 0 ] && grep -q "^headline targets by current verdict:" "$OUT" && ok "$code: progress" || not_ok "$code: progress"
	run progress --plan "$code" --final --json
	if [ "$RC" -eq 0 ] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$OUT"; then
		ok "$code: progress --final --json"
	else
		not_ok "$code: progress --final --json"
	fi

	for year in $((first + 1)) "$last"; do
		for lang in zh en; do
			for fmt in html pdf xlsx md json; do
				f=$TMP/$code-$year-$lang.$fmt
				run report --plan "$code" --period "$year" --lang "$lang" --format "$fmt" -o "$f"
				if [ "$RC" -eq 0 ] && [ -s "$f" ]; then :; else not_ok "$code: report $year $lang $fmt"; continue; fi
			done
		done
	done
	ok "$code: the reports of $((first + 1)) and $last in html, pdf, xlsx, md and json, in zh and en"

	M=$TMP/$code-$last-zh.md
	if grep -q "^# 《$title》监测评估报告" "$M" && grep -q "^| 计划名称 | $title |" "$M"; then
		ok "$code: the report is the plan's own"
	else
		not_ok "$code: the report is the plan's own" "$(head -12 "$M")"
	fi
	# the report counts the plan's own figures only, however many plans the store holds
	n_used=$(sed -n 's/^| 所用数据条数 | \([0-9]*\) |$/\1/p' "$M")
	n_own=0
	[ -f "$dir/observations.csv" ] && n_own=$(($(wc -l <"$dir/observations.csv") - 1))
	if [ -n "$n_used" ] && [ "$n_used" -le "$n_own" ]; then
		ok "$code: the report uses $n_used figures, the plan's own ($n_own rows shipped)"
	else
		not_ok "$code: the report uses the plan's own figures only" "used: $n_used, shipped: $n_own"
	fi
	if ! grep -q "^| 编制单位 | $issuer |" "$M" && grep -q "^| 印发单位 | $issuer |" "$M"; then
		ok "$code: the plan's issuer issued it; it does not prepare its own evaluation"
	else
		not_ok "$code: who prepares the report" "$(grep '编制单位\|印发单位' "$M")"
	fi
	if command -v pdftotext >/dev/null 2>&1; then
		pdftotext "$TMP/$code-$last-zh.pdf" "$TMP/$code.txt" 2>/dev/null
		grep -q "$title" "$TMP/$code.txt" && ok "$code: the PDF names the plan" || not_ok "$code: the PDF names the plan"
	fi
	if [ "$n_measures" -eq 0 ]; then
		if grep -q '未分解具体任务举措和责任单位' "$M" && ! grep -q '0项举措\|0项行动' "$M" &&
			grep -q 'sets goals and indicators only' "$TMP/$code-$last-en.md"; then
			ok "$code: no measures: said in a sentence, in both languages, no 0项举措"
		else
			not_ok "$code: a plan without measures says so" "$(grep -n '举措' "$M" | head -5)"
		fi
	fi

	run report --plan "$code" --period $((last + 1)) --format md -o "$TMP/after.md"
	if [ "$RC" -eq 5 ] && grep -q "is after its last year, $last" "$ERR" && [ ! -e "$TMP/after.md" ]; then
		ok "$code: a report of $((last + 1)), after the plan, is refused"
	else
		not_ok "$code: a report after the plan is refused"
	fi
done

echo "1..$N"
[ "$FAILED" -eq 0 ]
