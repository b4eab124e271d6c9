#!/bin/sh
# test_plan_codes.sh - the check that keeps every shipped plan's codes out of src/
# (tools/check_plan_codes.py) passes on src/ as it is, and fails, naming file, line and code, on
# a file that names a region, a unit, an indicator or the plan's code of each folder of
# data/plans/ (read from the folder's CSV files) in a string literal; the same words in a
# comment pass.
# usage: test_plan_codes.sh SOURCE_ROOT   (prints TAP)
set -u
ROOT=$(cd "$1" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-codes-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
CHECK="$ROOT/tools/check_plan_codes.py"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ -f "$TMP/out" ] && sed 's/^/# /' "$TMP/out"; }

# the first data row's column of a plan folder's CSV file (codes hold no comma or quote)
first() {
	python3 - "$1" "$2" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
print(rows[-1][sys.argv[2]] if rows else "")
PY
}

if python3 "$CHECK" >"$TMP/out" 2>&1; then ok "src/ names no code of a shipped plan"; else not_ok "src/ names no code of a shipped plan"; fi

for dir in "$ROOT"/data/plans/*/; do
	folder=$(basename "$dir")
	for what in plan.csv:code regions.csv:code regions.csv:name_zh units.csv:code indicators.csv:code; do
		file=${what%%:*}
		col=${what#*:}
		[ -f "$dir/$file" ] || continue
		word=$(first "$dir/$file" "$col")
		[ -n "$word" ] || continue
		printf '/* planted.c */\nstatic const char *const x = "where/%s/x";\n' "$word" >"$TMP/planted.c"
		if python3 "$CHECK" "$TMP/planted.c" >"$TMP/out" 2>&1; then
			not_ok "$folder: a literal naming $file $col '$word' fails"
		elif grep -q "planted.c:2: .*names $word " "$TMP/out"; then
			ok "$folder: a literal naming $file $col '$word' fails, with file, line and code"
		else
			not_ok "$folder: a literal naming $file $col '$word' fails, with file, line and code"
		fi
	done
	word=$(first "$dir/plan.csv" code)
	printf '/* planted.c: %s in a comment */\nstatic const char *const y = "x%sx";\n' "$word" "$word" >"$TMP/planted.c"
	if python3 "$CHECK" "$TMP/planted.c" >"$TMP/out" 2>&1; then ok "$folder: the code in a comment or inside a longer word passes"
	else not_ok "$folder: the code in a comment or inside a longer word passes"; fi
done
echo "1..$n"
