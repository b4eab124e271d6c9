#!/bin/sh
# test_supervise.sh - the task supervision commands as a user runs them on the shipped plan:
# init loads the plan's milestones; milestones (text, --measure, --json); import milestones
# from CSV and XLSX (every bad row with its line and column, nothing written, a dry run, an
# update); cycle open/status/close/list with their exit codes; tick at and after a deadline;
# notices (--json, --overdue, --unit); two plans in force, each with its own cycle of a period,
# notices and --plan (an unknown plan refused, naming it, nothing written); help texts. TAP output.
# usage: test_supervise.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin supervise "$1"
RUN_ON_DB=1

cd "$SRC" || exit 1
export INNOMON_ADMIN_PASSWORD=supervise-pass-1
export INNOMON_NOW=2025-07-01T00:00:00Z
run init
check "init loads the shipped milestones" 0 out "data/plans/czt-2024/milestones.csv: 9 milestones, 9 new"

# ---- milestones ---------------------------------------------------------------------------
run milestones --measure 2
check "milestones --measure 2: the plan's 初步完成首开区重点项目建设" 0 \
	out "m02-2025             2       xjxq     2025-12-31 open     初步完成首开区重点项目建设" out "1 milestone"
run milestones --json
n=$(grep -c '"code":' "$OUT")
[ "$n" -eq 9 ] && ok "milestones --json lists every milestone" || not_ok "milestones --json lists every milestone" "$n"
INNOMON_NOW=2026-01-01T00:00:00Z run milestones --measure 4
check "after its due date a milestone not done is overdue" 0 out "overdue  基本形成“一城一区三基地”发展框架"
run milestones --measure x
check "a bad --measure is a usage error" 1 err "--measure must be a whole number"

cat >"$TMP/bad.csv" <<'EOF'
编号,举措,里程碑,责任单位,完成时限,关联指标
m22-a,22,专利开放许可试点,省市场监管局,2025-09-30,
BAD,22,坏,amr,2025-09-30,
m22-b,22,坏,省委组织部,2025-09-31,不存在的指标
EOF
before=$(db_hash)
run import milestones "$TMP/bad.csv"
check "a bad milestone file: every bad cell with line and column, exit 2" 2 \
	err "$TMP/bad.csv:3:1: error: a milestone code is lower-case ASCII letters" \
	err "$TMP/bad.csv:4:4: error: unit 'zzb' neither leads nor shares measure 22" \
	err "$TMP/bad.csv:4:5: error: '2025-09-31' is not a date" \
	err "$TMP/bad.csv:4:6: error: unknown indicator '不存在的指标'" \
	err "innomon: 4 errors in '$TMP/bad.csv'; no milestone was imported"
same_db "the bad file changes nothing" "$before"
head -2 "$TMP/bad.csv" >"$TMP/good.csv"
run import milestones "$TMP/good.csv" --dry-run
check "a dry run writes nothing" 0 out "dry run, nothing written: $TMP/good.csv: 1 milestones, all good (csv)"
same_db "the dry run changes nothing" "$before"
run import milestones "$TMP/good.csv"
check "a good file is imported" 0 out "1 milestones, 1 new, 0 changed, 0 unchanged (csv)"
run import milestones "$TMP/good.csv"
check "importing it again changes nothing" 0 out "0 new, 0 changed, 1 unchanged"
run import milestones "$TMP/good.csv" --status approved
check "import milestones refuses the options of values" 1 err "import milestones takes --dry-run, --encoding and --sheet only"

# the same from an XLSX workbook: a done date on the first row
X=$TMP/book
xlsx_book "$X" 任务分解表
cat >"$X/xl/worksheets/sheet1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="$NS_MAIN"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><t>举措</t></is></c><c r="C1" t="inlineStr"><is><t>里程碑</t></is></c><c r="D1" t="inlineStr"><is><t>责任单位</t></is></c><c r="E1" t="inlineStr"><is><t>完成时限</t></is></c><c r="F1" t="inlineStr"><is><t>完成日期</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>m22-a</t></is></c><c r="B2"><v>22</v></c><c r="C2" t="inlineStr"><is><t>专利开放许可试点</t></is></c><c r="D2" t="inlineStr"><is><t>amr</t></is></c><c r="E2" t="inlineStr"><is><t>2025-09-30</t></is></c><c r="F2" t="inlineStr"><is><t>2025-09-20</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>m22-c</t></is></c><c r="B3"><v>99</v></c><c r="C3" t="inlineStr"><is><t>坏</t></is></c><c r="D3" t="inlineStr"><is><t>amr</t></is></c><c r="E3" t="inlineStr"><is><t>2025-09-30</t></is></c></row>
</sheetData></worksheet>
EOF
(cd "$X" && zip -q -X -r "$TMP/tasks.xlsx" '[Content_Types].xml' _rels xl)
before=$(db_hash)
run import milestones "$TMP/tasks.xlsx"
check "a bad XLSX row is reported with its sheet row and column" 2 \
	err "$TMP/tasks.xlsx[任务分解表]:3:2: error: '99' is not the number of a measure of the plan"
same_db "the bad workbook changes nothing" "$before"
# keep only the good row
sed -i 's|<row r="3">.*</row>||' "$X/xl/worksheets/sheet1.xml"
rm -f "$TMP/tasks.xlsx"
(cd "$X" && zip -q -X -r "$TMP/tasks.xlsx" '[Content_Types].xml' _rels xl)
run import milestones "$TMP/tasks.xlsx"
check "the workbook marks the milestone done" 0 out "1 milestones, 0 new, 1 changed, 0 unchanged (xlsx)"
run milestones --measure 22
check "the milestone is done" 0 out "done     专利开放许可试点"

# ---- cycles, tick, notices --------------------------------------------------------------------
run cycle open 2025Q3
check "cycle open needs --deadline" 1 err "cycle open needs --deadline DATE"
run cycle open 2025Q5 --deadline 2025-10-15
check "a bad period is refused" 2 err "not a period"
run cycle open 2025Q3 --deadline 2025-10-32
check "a bad deadline is refused" 2 err "not a deadline"
run cycle open 2025年第三季度 --deadline 2025-10-15
check "cycle open: every responsibility owes a report" 0 out "cycle 2025Q3 of plan czt-2024 opened: 214 reports owed by 2025-10-15T15:59:59Z"
run cycle open 2025Q3 --deadline 2025-10-15
check "a second cycle for the period is a conflict" 5 err "already opened"
run cycle status 2025Q3
check "cycle status: deadline in Beijing time and the summary" 0 \
	out "cycle 2025Q3 of plan czt-2024 (open), deadline 2025-10-15 23:59 Beijing time (2025-10-15T15:59:59Z)" \
	out "214 reports owed: 0 on time, 0 late, 0 missing, 214 pending"
run cycle status 2024Q1
check "cycle status of a period without a cycle" 4 err "innomon cycle (plan czt-2024): no reporting cycle of this plan was opened for this period"
run cycle list
check "cycle list" 0 out "2025Q3   open   deadline 2025-10-15T15:59:59Z"
INNOMON_NOW=2025-10-13T00:00:00Z run tick
check "three days before the deadline, units are reminded" 0 out "0 notices raised, 0 escalated, 24 reminders"
INNOMON_NOW=2025-10-13T00:00:00Z run tick
check "a reminder is sent once" 0 out "0 notices raised, 0 escalated, 0 reminders"
INNOMON_NOW=2025-10-16T00:00:00Z run cycle status 2025Q3 --json
n=$(grep -c '"timeliness": "missing"' "$OUT")
[ "$n" -eq 214 ] && ok "after the deadline every report owed is missing" || not_ok "after the deadline every report owed is missing" "$n"
INNOMON_NOW=2025-10-16T00:00:00Z run tick
check "tick at the deadline raises a notice per missing report" 0 out "214 notices raised"
INNOMON_NOW=2025-10-16T00:00:00Z run notices --unit amr --json
n=$(grep -c '"rule": "report-missing"' "$OUT")
[ "$n" -eq 2 ] && ok "notices --unit amr: its two reports" || not_ok "notices --unit amr: its two reports" "$n"
INNOMON_NOW=2025-10-16T00:00:00Z run notices --overdue
check "nothing is overdue before the reply deadline" 0 out "0 notices"
INNOMON_NOW=2026-01-02T00:00:00Z run tick
check "later: the unanswered notices escalate, the overdue milestones raise theirs" 0 \
	out "9 notices raised, 214 escalated"
INNOMON_NOW=2026-01-02T00:00:00Z run notices --overdue --unit xjxq
check "notices --overdue shows level 2" 0 out "escalated" out "2025Q3"
run cycle close 2025Q3
check "cycle close" 0 out "cycle 2025Q3 of plan czt-2024 closed"
run cycle close 2025Q3
check "closing twice is a conflict" 5 err "the cycle is closed already"

# ---- two plans in force at once: each has its own cycles and notices (--plan) ------------------
# a twin of the shipped plan under another code: the same periods, measures and units
cp -r data/plans/czt-2024 "$TMP/twin"
rm -f "$TMP/twin/milestones.csv" "$TMP/twin/observations.csv" "$TMP/twin/projections.csv"
sed -i '2s/^czt-2024,/twin-2026,/' "$TMP/twin/plan.csv"
run plan load "$TMP/twin"
check "a second plan in force is loaded beside the first" 0 out "plan twin-2026 stored"
before=$(db_hash)
run cycle open 2025Q4 --deadline 2025-11-05 --plan nope
check "cycle open --plan of no plan is refused, naming it" 4 err "no plan 'nope'"
same_db "the unknown plan changes nothing" "$before"
run notices --plan nope
check "notices --plan of no plan is refused, naming it" 4 err "no plan 'nope'"
run cycle open 2025Q4 --deadline 2025-11-05 --plan czt-2024
check "cycle open --plan: the first plan's 2025Q4" 0 out "cycle 2025Q4 of plan czt-2024 opened: 214 reports owed"
run cycle open 2025Q4 --deadline 2025-11-05 --plan twin-2026
check "the second plan opens its own cycle of the same period" 0 out "cycle 2025Q4 of plan twin-2026 opened: 214 reports owed"
run cycle open 2025Q4 --deadline 2025-11-05 --plan twin-2026
check "a second cycle of one plan for the period is still a conflict" 5 err "innomon cycle (plan twin-2026): a reporting cycle of this plan was already opened"
run cycle list --plan twin-2026
check "cycle list --plan names the plan and lists its cycle" 0 out "reporting cycles of plan twin-2026" out "2025Q4   open"
if grep -q "2025Q3" "$OUT"; then not_ok "cycle list --plan leaves out the other plan's cycles"; else ok "cycle list --plan leaves out the other plan's cycles"; fi
run cycle status 2025Q3 --plan twin-2026
check "the other plan's period is no cycle of this plan" 4 err "no reporting cycle of this plan was opened for this period"
INNOMON_NOW=2025-11-10T00:00:00Z run tick
check "tick past both deadlines: each plan's missing reports raise their notices" 0 out "428 notices raised"
for p in czt-2024 twin-2026; do
	INNOMON_NOW=2025-11-10T00:00:00Z run notices --plan $p --period 2025Q4 --json
	n=$(grep -c '"plan": "'$p'"' "$OUT")
	others=$(grep -c '"plan":' "$OUT")
	[ "$n" -eq 214 ] && [ "$others" -eq 214 ] && ok "notices --plan $p: its 214 notices of 2025Q4, no other plan's" ||
		not_ok "notices --plan $p: its 214 notices of 2025Q4, no other plan's" "$n of $others"
done
INNOMON_NOW=2025-11-10T00:00:00Z run notices --plan twin-2026 --unit kjt --period 2025Q4
check "notices --plan says which plan" 0 out "notices of plan twin-2026"
run cycle close 2025Q4 --plan twin-2026
check "cycle close --plan closes that plan's cycle" 0 out "cycle 2025Q4 of plan twin-2026 closed"
run cycle status 2025Q4 --plan czt-2024
check "the other plan's cycle of the period stays open" 0 out "cycle 2025Q4 of plan czt-2024 (open)"

run audit verify
check "the audit trail is intact" 0

# ---- help ---------------------------------------------------------------------------------------
for cmd in cycle notices tick milestones; do
	run "$cmd" --help
	check "$cmd --help" 0 out "usage: innomon [--db PATH] $cmd"
done

echo "1..$N"
[ "$FAILED" -eq 0 ]
