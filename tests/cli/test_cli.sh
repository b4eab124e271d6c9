#!/bin/sh
# test_cli.sh - the innomon command as a user runs it: exit codes (the table in
# src/base/status.c: 0 ok, 1 usage, 2 bad input, 3 store, 4 not found, 7 I/O), messages on
# stdout and stderr, and that a failed load leaves the store as it was. TAP output.
# usage: test_cli.sh INNOMON_BINARY SOURCE_ROOT VERSION
set -u

SRC=$2
VERSION=$3
. "$SRC/tests/cli/lib.sh"
tap_begin cli "$1"

# same DESCRIPTION FILE_A FILE_B
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else RC=0; not_ok "$1" "$2 and $3 differ"; fi
}

cd "$SRC" || exit 1
SHIPPED=data/plans/czt-2024
BROKEN=tests/data/broken-plans

# ---- global options ---------------------------------------------------------------------
run --version
check "--version prints the version" 0 out "innomon $VERSION"
[ "$(cat "$OUT")" = "innomon $VERSION" ] && ok "--version prints only the version" || not_ok "--version prints only the version"

run --help
check "--help lists the commands and the exit codes" 0 \
	out "usage: innomon [--db PATH]" out "  plan " out "  serve " out "Exit codes: 0 ok, 1 usage, 2 bad input, 3 store error, 4 not found"

run
check "no command is a usage error" 1 err "usage: innomon"

run frobnicate
check "an unknown command exits 1" 1 err "innomon: unknown command 'frobnicate'"

run --frob plan show
check "an unknown global option exits 1" 1 err "innomon: unknown option '--frob'"

run --db "$DB" plan show --frob
check "an unknown subcommand option exits 1" 1 err "innomon plan show: unknown option '--frob'"

run --db "$DB" plan frob
check "an unknown plan subcommand exits 1" 1 err "unknown subcommand 'frob'"

run --db "$DB" plan check
check "plan check without DIR exits 1" 1 err "missing the plan folder DIR"

run --db "$DB" plan show --version x
check "a bad --version value exits 1" 1 err "--version must be a whole number from 1 to 1000000, not 'x'"

run plan --help
check "plan --help shows the subcommands" 0 out "usage: innomon [--db PATH] plan check DIR"

# ---- --db after the command: what `make run` types ---------------------------------------
AFTER=$TMP/after.db
INNOMON_ADMIN_PASSWORD=after-pass-2025x run init --plan-only --db "$AFTER"
check "init --db PATH (after the command, as the Makefile writes it) creates the store there" 0 out "store $AFTER is ready"
[ -f "$AFTER" ] && ok "the store file is at the --db path" || not_ok "the store file is at the --db path"
run units --db="$AFTER"
check "--db=PATH after the command is the store too" 0 out "kjt"
run units --db
check "--db after the command without a path is a usage error" 1 err "option --db needs a value"

# ---- plan check -------------------------------------------------------------------------
run --db "$DB" plan check "$SHIPPED"
check "plan check on the shipped plan" 0 \
	out "plan czt-2024: 5 goal groups" out "(11 headline, 13 measure-level)" out "6 actions, 27 measures, 24 units, 10 regions" \
	out "plan in '$SHIPPED' is valid"
[ -e "$DB" ] && not_ok "plan check does not create a store" || ok "plan check does not create a store"

run plan check "$BROKEN/unknown-goal"
check "plan check on a broken plan exits 2 with file:line:col" 2 \
	err "$BROKEN/unknown-goal/indicators.csv:3:11: error: goal 'g9' is not defined in goals.csv (column 'goal')" \
	err "innomon: plan in '$BROKEN/unknown-goal' has 1 error; nothing was stored"

run plan check "$BROKEN/several"
check "plan check reports every error" 2 \
	err "$BROKEN/several/goals.csv:3:2: error: 'two' is not a whole number between 1 and 1000" \
	err "$BROKEN/several/measures.csv:4:5: error: required value 'text_zh' is empty" \
	err "$BROKEN/several/targets.csv:2:4: error: unknown comparator '=<'" \
	err "$BROKEN/several/targets.csv:5:6: error: 'five' is not a number" \
	err "has 4 errors; nothing was stored"
[ "$(grep -c ': error: ' "$ERR")" -eq 4 ] && ok "exactly four error lines" || not_ok "exactly four error lines"

run plan check "$BROKEN/unterminated-quote"
check "an unterminated quote is reported at its line and column" 2 \
	err "$BROKEN/unterminated-quote/units.csv:6:3: error: a quoted field starting here is never closed"

run plan check "$BROKEN/row-shape"
check "a plan row with more fields than its header names the file, line and both counts" 2 \
	err "$BROKEN/row-shape/targets.csv:3: error: the row has 10 fields but the header has 9; a number with a thousands separator must be quoted"

run plan check "$TMP/no-such-folder"
check "plan check on a missing folder is an I/O error (7)" 7 err "'$TMP/no-such-folder' is not a readable folder"

# ---- stores -----------------------------------------------------------------------------
run --db "$DB" plan show
check "plan show on a missing store exits 4 (not found)" 4 \
	err "innomon: store '$DB' does not exist (run 'innomon init' first)"
[ -e "$DB" ] && not_ok "plan show does not create a store" || ok "plan show does not create a store"

run --db "$DB" init --plan "$BROKEN/no-lead"
check "init with a broken plan exits 2" 2 \
	err "$BROKEN/no-lead/measures.csv:5:1: error: measure 8 has no lead unit" err "no store was created"
[ -e "$DB" ] && not_ok "a failed init creates no store" || ok "a failed init creates no store"

run --db "$DB" init
check "init creates the store and stores the plan as version 1" 0 \
	out "store $DB is ready" out "plan czt-2024 stored as version 1"

run --db "$DB" init
check "init a second time changes nothing" 0 out "plan czt-2024 is unchanged (version 1); nothing was written"

run --db "$DB" plan versions
check "plan versions lists one version" 0 out "czt-2024" out "cli"
N_PLANS=$(ls -d "$SRC"/data/plans/*/ | wc -l) # init stores every shipped plan (tests/cli/test_plans.sh)
[ "$(wc -l <"$OUT")" -eq $((1 + N_PLANS)) ] && ok "plan versions: a header and one row per shipped plan" ||
	not_ok "plan versions: a header and one row per shipped plan"
cp "$OUT" "$TMP/versions.before"

sha256sum "$DB" >"$TMP/sha.before"
for cls in unknown-unit bad-utf8 missing-file two-plan-rows; do
	run --db "$DB" plan load "$BROKEN/$cls"
	check "plan load $cls exits 2 and names the problem" 2 err "$BROKEN/$cls/" err "nothing was stored"
done
sha256sum "$DB" >"$TMP/sha.after"
same "the store file is byte for byte unchanged after failed loads" "$TMP/sha.before" "$TMP/sha.after"
run --db "$DB" plan versions
same "plan versions is unchanged after failed loads" "$TMP/versions.before" "$OUT"

run --db "$DB" plan load "$SHIPPED"
check "plan load of the same plan changes nothing" 0 out "plan czt-2024 is unchanged (version 1); nothing was written"

run --db "$DB" plan show --json
check "plan show --json exits 0" 0 out '"code": "czt-2024"'
cp "$OUT" "$TMP/plan.json"
if python3 -m json.tool "$TMP/plan.json" >/dev/null 2>"$ERR"; then ok "plan show --json is valid JSON"; else RC=0; not_ok "plan show --json is valid JSON"; fi
COUNTS=$(python3 -c '
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
ms = [m for a in p["actions"] for m in a["measures"]]
m1 = [m for m in ms if m["number"] == 1][0]
print(len(p["goals"]), len(p["actions"]), len(ms), len(p["units"]), len(p["regions"]), m1["lead"], ",".join(m1["co"]), p["plan"]["version"])
' "$TMP/plan.json")
[ "$COUNTS" = "5 6 27 24 10 kjt fgw,jyt,zrzyt,cz,cs-gov,zz-gov,xt-gov 1" ] && ok "plan JSON has 27 measures and measure 1's units" ||
	{ RC=0; not_ok "plan JSON has 27 measures and measure 1's units" "got: $COUNTS"; }

run --db "$DB" plan show
check "plan show prints the plan as text" 0 \
	out "长株潭国家自主创新示范区提质升级行动计划 (czt-2024)" out "湘政办发〔2024〕3号, 2024-02-02, valid until 2025-12-31, version 1" \
	out "争创国家区域科技创新中心"

run --db "$DB" plan show --version 9
check "plan show --version 9 exits 4 (not found)" 4 err "innomon: no such plan in '$DB'"

run --db "$DB" plan show --plan nope
check "plan show --plan nope exits 4" 4 err "innomon: no such plan 'nope' in '$DB'"

run --db "$DB" units
check "units lists each unit's measures" 0 out "省科技厅"
KJT=$(awk '$1 == "kjt" { print $2, $3 }' "$OUT")
[ "$KJT" = "1,3,5,6,12,14,15,19,21,24,25,27 2,4,7,8,9,10,11,13,16,17,18,20,22,23,26" ] &&
	ok "units: kjt leads 12 measures and shares 15" || { RC=0; not_ok "units: kjt leads 12 measures and shares 15" "got: $KJT"; }
[ "$(grep -c '^[a-z]' "$OUT")" -eq 25 ] && ok "units: a header and 24 units" || not_ok "units: a header and 24 units"

run --db "$DB" units --json
check "units --json exits 0" 0 out '"code": "kjt"'

# a changed plan becomes version 2; version 1 stays readable
run --db "$DB" plan load tests/data/plans/minimal
check "a changed plan is stored as version 2" 0 out "plan czt-2024 changed: stored as version 2"
run --db "$DB" plan show --json
N2=$(python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["plan"]["version"], sum(len(a["measures"]) for a in p["actions"]))' <"$OUT")
[ "$N2" = "2 4" ] && ok "the latest version has the new content" || { RC=0; not_ok "the latest version has the new content" "got: $N2"; }
run --db "$DB" plan show --json --version 1
N1=$(python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["plan"]["version"], sum(len(a["measures"]) for a in p["actions"]))' <"$OUT")
[ "$N1" = "1 27" ] && ok "version 1 is still readable" || { RC=0; not_ok "version 1 is still readable" "got: $N1"; }
run --db "$DB" plan versions
[ "$(wc -l <"$OUT")" -eq $((2 + N_PLANS)) ] && ok "plan versions lists two versions of the plan" ||
	not_ok "plan versions lists two versions of the plan"

# a file that is not a store
printf 'this is not a database, just text that is long enough to be looked at\n' >"$TMP/junk.db"
run --db "$TMP/junk.db" plan show
check "a file that is not a store exits 3 (store error)" 3 err "innomon: "

# INNOMON_DB is the default store
INNOMON_DB=$DB "$BIN" plan versions >"$OUT" 2>"$ERR"
RC=$?
check "INNOMON_DB names the store" 0 out "czt-2024"

echo "1..$N"
[ "$FAILED" -eq 0 ]
