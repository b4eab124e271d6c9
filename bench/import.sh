#!/bin/sh
# import.sh - import throughput: innomon importing a large values CSV (parsing, resolving,
# validating every row and every rule, writing revisions and the audit record in one
# transaction) against the peer, the sqlite3 shell's raw `.import` of the same file into a
# plain table (no checks at all). Prints rows/s of both and the ratio, and innomon's peak memory.
# usage: bench/import.sh BUILD_DIR [ROWS]
set -eu
BUILD=${1:-build}
ROWS=${2:-200000}
BIN=$(cd "$BUILD" && pwd)/innomon
command -v sqlite3 >/dev/null || { echo "import.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

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
now() { date +%s%N; }
t0=$(now)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$TMP/rss" "$BIN" --db "$TMP/innomon.db" import values "$TMP/values.csv" --quiet >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
else
	"$BIN" --db "$TMP/innomon.db" import values "$TMP/values.csv" --quiet >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
fi
t1=$(now)
sqlite3 "$TMP/peer.db" "CREATE TABLE v (indicator TEXT, region TEXT, period TEXT, value REAL, source TEXT);" \
	".mode csv" ".import --skip 1 $TMP/values.csv v"
t2=$(now)
ms_innomon=$(( (t1 - t0) / 1000000 ))
ms_peer=$(( (t2 - t1) / 1000000 ))
[ "$ms_innomon" -gt 0 ] || ms_innomon=1
[ "$ms_peer" -gt 0 ] || ms_peer=1
echo "rows:                 $ROWS"
echo "innomon import:       ${ms_innomon} ms ($(( ROWS * 1000 / ms_innomon )) rows/s, validated, revisions, audited)"
echo "sqlite3 .import peer: ${ms_peer} ms ($(( ROWS * 1000 / ms_peer )) rows/s, raw load)"
echo "ratio innomon/peer:   $(awk "BEGIN { printf \"%.2f\", $ms_innomon / $ms_peer }")x the time"
[ -f "$TMP/rss" ] && echo "innomon peak memory:  $(( $(cat "$TMP/rss") / 1024 )) MiB"
tail -n 1 "$TMP/out"
