#!/bin/sh
# check.sh - golden outputs: run innomon on a fresh store and compare what it prints with the
# committed files in tests/golden/. With INNOMON_GOLDEN_WRITE=1 (make golden) the files are
# rewritten instead, so a deliberate change shows up as a diff in review.
# usage: check.sh INNOMON_BINARY SOURCE_ROOT
set -u

BIN=$1
SRC=$2
GOLDEN=$SRC/tests/golden
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-golden-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
DB=$TMP/store.db
N=0
FAILED=0

if ! "$BIN" --db "$DB" init >"$TMP/init.out" 2>&1; then
	echo "Bail out! innomon init failed:"
	sed 's/^/# /' "$TMP/init.out"
	exit 1
fi

# golden NAME ARGS...: compare `innomon --db DB ARGS...` with tests/golden/NAME.
golden() {
	name=$1
	shift
	N=$((N + 1))
	if ! "$BIN" --db "$DB" "$@" >"$TMP/$name" 2>"$TMP/err"; then
		FAILED=$((FAILED + 1))
		echo "not ok $N - $name: innomon $* failed"
		sed 's/^/# /' "$TMP/err"
		return
	fi
	if [ "${INNOMON_GOLDEN_WRITE:-0}" = 1 ]; then
		cp "$TMP/$name" "$GOLDEN/$name"
		echo "ok $N - $name rewritten"
		return
	fi
	if diff -u "$GOLDEN/$name" "$TMP/$name" >"$TMP/diff"; then
		echo "ok $N - $name"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $N - $name differs from tests/golden/$name (run 'make golden' if the change is meant)"
		sed 's/^/# /' "$TMP/diff" | head -60
	fi
}

golden plan.json plan show --json

# 50 generated DEMO firms (tests/golden/firms50/, generate.py --firms 50 20240517): each firm's
# tier and verdict, failed conditions and score range per method, hand-checked (README there)
"$BIN" --db "$DB" import registry firms "$GOLDEN/firms50/demo_firms.csv" >/dev/null 2>"$TMP/err" &&
	"$BIN" --db "$DB" import registry enterprises "$GOLDEN/firms50/demo_firm_certs.csv" >/dev/null 2>>"$TMP/err" ||
	{ echo "Bail out! importing tests/golden/firms50 failed"; sed 's/^/# /' "$TMP/err"; exit 1; }
golden firms50.json evaluate --json --year 2024
N=$((N + 1))
if python3 "$GOLDEN/firms50/oracle.py" "$GOLDEN/firms50/demo_firms.csv" "$GOLDEN/firms50/demo_firm_certs.csv" \
	"$GOLDEN/firms50.json" >"$TMP/oracle" 2>&1; then
	echo "ok $N - firms50.json agrees with the methods written again from methods-cn.md (firms50/oracle.py)"
else
	FAILED=$((FAILED + 1))
	echo "not ok $N - firms50.json and firms50/oracle.py disagree"
	sed 's/^/# /' "$TMP/oracle" | head -40
fi

echo "1..$N"
[ "$FAILED" -eq 0 ]
