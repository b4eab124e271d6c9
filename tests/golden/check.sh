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

echo "1..$N"
[ "$FAILED" -eq 0 ]
