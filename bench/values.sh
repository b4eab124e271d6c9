#!/bin/sh
# values.sh - a large values import: innomon importing a values CSV of ROWS rows (default a
# million: the file streams through an external sort, so memory stays flat) -- parsing,
# resolving, validating every row and every rule, writing revisions and the audit record in
# one durable transaction -- against the peer, the sqlite3 shell's raw `.import` of the same
# file into a plain table (no checks at all). Prints the times, rows/s, the ratio and both
# peak memories. A benchmark, never part of `make test`.
# usage: bench/values.sh BUILD_DIR [ROWS]
set -eu
BUILD=${1:-build}
ROWS=${2:-1000000}
BIN=$(cd "$BUILD" && pwd)/innomon
BENCH=$(cd "$(dirname "$0")" && pwd)
. "$BENCH/lib.sh"
command -v sqlite3 >/dev/null || { echo "values.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
machine

# Seeded, reproducible data: every reported indicator of the shipped plan in every region, one
# value a month, counts as whole numbers, shares within 0..100, ranks 1..100.
python3 "$BENCH/values_gen.py" "$ROWS" "$TMP/values.csv"

"$BIN" --db "$TMP/innomon.db" init --plan-only >/dev/null
measure "$BIN" --db "$TMP/innomon.db" import values "$TMP/values.csv" --quiet
ms_innomon=$MS peak_innomon=$PEAK_MIB
summary=$(tail -n 1 "$TMP/out")
measure sqlite3 "$TMP/peer.db" "CREATE TABLE v (indicator TEXT, region TEXT, period TEXT, value REAL, source TEXT);" \
	".mode csv" ".import --skip 1 $TMP/values.csv v"
echo "values import of $ROWS rows      time       rows/s   peak memory"
printf '%-30s %8s ms %10s %9s MiB\n' "innomon import values" "$ms_innomon" "$(per_s "$ROWS" "$ms_innomon")" "$peak_innomon"
printf '%-30s %8s ms %10s %9s MiB\n' "sqlite3 .import (no checks)" "$MS" "$(per_s "$ROWS" "$MS")" "$PEAK_MIB"
echo "ratio innomon/sqlite3 time: $(ratio "$ms_innomon" "$MS")x"
echo "innomon: $summary"
