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
python3 - "$ROWS" "$TMP/values.csv" <<'PY'
import csv, random, sys
rows, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20251231)
inds = [r for r in csv.DictReader(open('data/plans/czt-2024/indicators.csv', encoding='utf-8')) if r['kind'] == 'reported']
regions = [r['code'] for r in csv.DictReader(open('data/plans/czt-2024/regions.csv', encoding='utf-8'))]
scale = {'hunan': (200000, 300000), 'czt': (50000, 60000), 'zcq': (5000, 7000), 'changsha': (10000, 15000),
         'zhuzhou': (10000, 15000), 'xiangtan': (10000, 15000)}
for r in regions:
    scale.setdefault(r, (100, 150))
with open(out, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['indicator', 'region', 'period', 'value', 'source'])
    n = 0
    year, month = 1990, 1
    while n < rows:
        for ind in inds:
            for reg in regions:
                if n == rows:
                    break
                unit = ind['unit_zh']
                if unit == '位':
                    v = rnd.randint(1, 100)
                elif unit in ('%', '分'):
                    v = round(rnd.uniform(1, 14), 2)
                else:
                    # a region never exceeds the regions it belongs to, and a value stays
                    # within 50% of a year earlier: the plan's rules pass
                    v = round(rnd.uniform(*scale[reg]), 1)
                w.writerow([ind['code'], reg, '%d-%02d' % (year, month), v, 'benchmark data (generated)'])
                n += 1
        month += 1
        if month == 13:
            year, month = year + 1, 1
PY

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
