#!/bin/sh
# scale.sh - innomon at national scale against its peers, each pair in the same run on the same
# machine, with the peak memory of every process:
#   1. import: a file of ~10 M technology contracts (innomon gen --scale SCALE --only contracts)
#      into a store of the demo plan (checked row by row, revisions, the audit record, the
#      derived indicator brought up to date, committed durably) against the sqlite3 shell's
#      `.import` of the same file into a plain table and DuckDB's read_csv into a table (both
#      with no checks at all); PostgreSQL's COPY is bench/pg.sh's;
#   2. recompute: every derived indicator computed from the records (innomon registry
#      recompute) against the same GROUP BY (turnover per region and year) in sqlite3 and in
#      DuckDB, on the tables they imported; the figures must agree (checked);
#   3. current: 10,000 new contracts imported into the ~10 M-row store while innomon serves it:
#      the time until a signed-in reader's GET /api/v1/values shows the new turnover.
# Targets (issue 15): import rows/s at least sqlite3's; peak memory under 100 MiB for any file;
# recompute no slower than 2x DuckDB's GROUP BY; the 10,000 rows current in under 100 ms.
# A benchmark, never part of `make test`. usage: bench/scale.sh BUILD_DIR [SCALE]
set -eu
BUILD=${1:-build}
SCALE=${2:-110}
BIN=$(cd "$BUILD" && pwd)/innomon
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
. "$BENCH/lib.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-scale-XXXXXX")
SERVER=""
cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
# 2025 has ended: derived values are computed to 2025
export INNOMON_NOW=2026-06-30T00:00:00Z
command -v sqlite3 >/dev/null || { echo "scale.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2; exit 1; }
duckdb_ready || { echo "scale.sh: cannot install the DuckDB peer (npm ci in bench/)" >&2; exit 1; }
machine

# ---- the file ------------------------------------------------------------------------------
"$BIN" gen --scale "$SCALE" --seed 1 --only contracts "$TMP/gen" >/dev/null
CSV=$TMP/gen/demo_contracts.csv
ROWS=$(( $(wc -l <"$CSV") - 1 ))
echo "file: $ROWS DEMO contracts, $(( $(wc -c <"$CSV") / 1048576 )) MiB (innomon gen --scale $SCALE --seed 1 --only contracts)"

# ---- 1. import -------------------------------------------------------------------------------
DB=$TMP/store.db
"$BIN" --db "$DB" init --plan "$ROOT/data/demo/plan" >/dev/null
measure "$BIN" --db "$DB" import registry contracts "$CSV"
imp_ms=$MS imp_peak=$PEAK_MIB
grep -q "$ROWS new" "$TMP/out" || { echo "scale.sh: innomon did not import every row" >&2; cat "$TMP/out" >&2; exit 1; }
measure sqlite3 "$TMP/peer.db" "CREATE TABLE c (no TEXT, signed TEXT, amount REAL, region TEXT, buyer TEXT, seller TEXT);" \
	".mode csv" ".import --skip 1 $CSV c"
sq_ms=$MS sq_peak=$PEAK_MIB
measure node "$BENCH/duckdb.mjs" load "$CSV" "$TMP/peer.duckdb"
dk_ms=$(head -1 "$TMP/out") dk_peak=$PEAK_MIB dk_wall=$MS
echo
echo "import of $ROWS rows            time       rows/s   peak memory"
printf '%-30s %8s ms %10s %9s MiB\n' "innomon import registry" "$imp_ms" "$(per_s "$ROWS" "$imp_ms")" "$imp_peak"
printf '%-30s %8s ms %10s %9s MiB\n' "sqlite3 .import (no checks)" "$sq_ms" "$(per_s "$ROWS" "$sq_ms")" "$sq_peak"
printf '%-30s %8s ms %10s %9s MiB\n' "DuckDB read_csv (no checks)" "$dk_ms" "$(per_s "$ROWS" "${dk_ms%.*}")" "$dk_peak"
echo "ratio innomon/sqlite3 time: $(ratio "$imp_ms" "$sq_ms")x; innomon/DuckDB: $(ratio "$imp_ms" "$dk_ms")x"
echo "PostgreSQL COPY: bench/pg.sh (its own cluster)"

# ---- 2. recompute ------------------------------------------------------------------------------
measure "$BIN" --db "$DB" registry recompute --quiet
rc_ms=$MS rc_peak=$PEAK_MIB
grep -q " 0 new, 0 revised" "$TMP/out" || { echo "scale.sh: recompute changed what the import computed" >&2; cat "$TMP/out" >&2; exit 1; }
measure sqlite3 -csv "$TMP/peer.db" "SELECT region, substr(signed, 1, 4), sum(amount) FROM c GROUP BY 1, 2"
sqg_ms=$MS sqg_peak=$PEAK_MIB
cp "$TMP/out" "$TMP/sqlite_groupby.csv"
measure node "$BENCH/duckdb.mjs" groupby "$TMP/peer.duckdb"
dkg_ms=$(head -1 "$TMP/out") dkg_peak=$PEAK_MIB
tail -n +2 "$TMP/out" >"$TMP/duckdb_groupby.csv"
"$BIN" --db "$DB" values demo_tech_contracts --json >"$TMP/ours.json"
# the figures agree: each peer's sums per region, added up the region tree, are innomon's
python3 - "$ROOT/data/demo/plan/regions.csv" "$TMP/ours.json" "$TMP/sqlite_groupby.csv" "$TMP/duckdb_groupby.csv" <<'PY'
import csv, json, sys
regions = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
name_to_code = {r['name_zh']: r['code'] for r in regions}
parents = {r['code']: [p for p in r['parents'].split(';') if p] for r in regions}
def above(g, seen=None):
    seen = set() if seen is None else seen
    if g not in seen:
        seen.add(g)
        for p in parents[g]:
            above(p, seen)
    return seen
ours = {(o['region'], o['period']): o['value'] for o in json.load(open(sys.argv[2], encoding='utf-8'))}
for path in sys.argv[3:]:
    peer = {}
    for region, year, amount in csv.reader(open(path, encoding='utf-8')):
        for g in above(name_to_code.get(region, region)):
            peer[(g, str(year))] = peer.get((g, str(year)), 0.0) + float(amount)
    bad = [k for k, v in peer.items() if abs(ours.get(k, 0.0) - v / 10000) > 1e-6 * max(1.0, v / 10000)]
    if bad:
        sys.exit('scale.sh: %s disagrees with innomon on %d values, e.g. %s: %s vs %s' % (path, len(bad), bad[0], ours.get(bad[0]), peer[bad[0]] / 10000))
PY
echo
echo "recompute (the same GROUP BY)     time   peak memory"
printf '%-30s %8s ms %9s MiB\n' "innomon registry recompute" "$rc_ms" "$rc_peak"
printf '%-30s %8s ms %9s MiB\n' "sqlite3 GROUP BY" "$sqg_ms" "$sqg_peak"
printf '%-30s %8s ms %9s MiB\n' "DuckDB GROUP BY" "$dkg_ms" "$dkg_peak"
echo "ratio innomon/DuckDB: $(ratio "$rc_ms" "$dkg_ms")x (target: at most 2); innomon/sqlite3: $(ratio "$rc_ms" "$sqg_ms")x; figures: the same (checked)"

# ---- 3. 10,000 rows into the store, until a reader sees them ---------------------------------------
printf 'bench-reader-password-1\n' | "$BIN" --db "$DB" user add bench --role reader --password-stdin >/dev/null
TOKEN=$("$BIN" --db "$DB" token create bench | tail -1)
"$BIN" --db "$DB" serve --port 0 --log-level error >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER=$!
URL=""
for _ in $(seq 100); do
	URL=$(sed -n 's|^innomon: serving on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$TMP/serve.out")
	[ -n "$URL" ] && break
	sleep 0.1
done
[ -n "$URL" ] || { echo "scale.sh: innomon did not start" >&2; cat "$TMP/serve.err" >&2; exit 1; }
python3 - "$TMP/new.csv" <<'PY'
import random, sys
rnd = random.Random(20260630)
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('合同编号,签订日期,成交额,地区,买方,卖方\n')
    for i in range(10000):
        f.write('DEMO-JS-NEW-%06d,2025-%02d-%02d,%.2f,长沙,【演示】买方,【演示】卖方\n' % (i, rnd.randint(1, 12), rnd.randint(1, 28), rnd.uniform(1, 500)))
PY
python3 - "$BIN" "$DB" "$URL" "$TOKEN" "$TMP/new.csv" "$TMP/current" <<'PY'
import json, subprocess, sys, time, urllib.request
BIN, DB, URL, TOKEN, CSV, OUT = sys.argv[1:]
def seen():
    req = urllib.request.Request(URL + '/api/v1/values?indicator=demo_tech_contracts&region=changsha&period=2025',
                                 headers={'Authorization': 'Bearer ' + TOKEN})
    body = json.load(urllib.request.urlopen(req, timeout=10))
    rows = body['values'] if isinstance(body, dict) else body
    return [r['value'] for r in rows if r.get('region') == 'changsha' and r.get('period') == '2025']
before = seen()
t0 = time.perf_counter()
p = subprocess.run([BIN, '--db', DB, 'import', 'registry', 'contracts', CSV], capture_output=True, text=True)
t1 = time.perf_counter()
if p.returncode:
    sys.exit('scale.sh: the import of 10,000 rows failed: ' + p.stderr[-500:])
while seen() == before:
    if time.perf_counter() - t0 > 60:
        sys.exit('scale.sh: the new rows never showed')
t2 = time.perf_counter()
open(OUT, 'w').write('%.1f %.1f\n' % ((t1 - t0) * 1000, (t2 - t0) * 1000))
PY
read -r cur_import cur_seen <"$TMP/current"
echo
echo "10,000 rows into the $ROWS-row store: the import (a process: start, read, check, write,"
echo "derived values, durable commit) took $cur_import ms; a reader's GET /api/v1/values showed"
echo "the new 长沙 2025 turnover $cur_seen ms after the import started (target: under 100 ms)"
