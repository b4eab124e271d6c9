#!/bin/sh
# pg.sh - innomon on PostgreSQL against PostgreSQL's own COPY, in the same run on one throw-away
# cluster (tools/pg-test.sh: a unix socket, fsync off for both alike), with peak memories:
#   import: a file of DEMO technology contracts (innomon gen --scale SCALE --only contracts)
#   into a store of the demo plan on PostgreSQL (every row checked, revisions, the audit record,
#   the derived indicator brought up to date, one transaction) against psql's \copy of the same
#   file into a plain table (no checks); then the full recompute against the same GROUP BY in
#   PostgreSQL; and `import values` of VALUES generated values (bench/values_gen.py) into a store
#   of the shipped plan against \copy of the same file. A benchmark, never part of `make test`.
# usage: bench/pg.sh BUILD_DIR [SCALE [VALUES]]   (SCALE 10: about a million rows; 110: about
#   10.6 M; VALUES 100000 by default, 0: none; PG_BENCH_ONLY=values: the values part alone)
set -eu
BUILD=${1:-build}
SCALE=${2:-10}
VALUES=${3:-100000}
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
if [ -z "${INNOMON_BENCH_PG:-}" ]; then
	INNOMON_BENCH_PG=1 exec "$ROOT/tools/pg-test.sh" "$BENCH/pg.sh" "$BUILD" "$SCALE" "$VALUES"
fi
BIN=$(cd "$BUILD" && pwd)/innomon
. "$BENCH/lib.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-pg-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
export INNOMON_NOW=2026-06-30T00:00:00Z
machine
echo "PostgreSQL: $(psql -Atc 'SHOW server_version') (tools/pg-test.sh cluster: unix socket, fsync off)"

if [ "${PG_BENCH_ONLY:-}" != values ]; then
"$BIN" gen --scale "$SCALE" --seed 1 --only contracts "$TMP/gen" >/dev/null
CSV=$TMP/gen/demo_contracts.csv
chmod 0755 "$TMP" "$TMP/gen" && chmod 0644 "$CSV"
ROWS=$(( $(wc -l <"$CSV") - 1 ))
echo "file: $ROWS DEMO contracts, $(( $(wc -c <"$CSV") / 1048576 )) MiB (innomon gen --scale $SCALE --seed 1 --only contracts)"

DB="postgresql:///$PGDATABASE"
"$BIN" --db "$DB" init --plan "$ROOT/data/demo/plan" >/dev/null
measure "$BIN" --db "$DB" import registry contracts "$CSV"
imp_ms=$MS imp_peak=$PEAK_MIB
grep -q "$ROWS new" "$TMP/out" || { echo "pg.sh: innomon did not import every row" >&2; cat "$TMP/out" >&2; exit 1; }
psql -q -c "CREATE TABLE peer_c (no text, signed text, amount numeric, region text, buyer text, seller text)"
measure psql -q -c "\\copy peer_c FROM '$CSV' WITH (FORMAT csv, HEADER true)"
cp_ms=$MS cp_peak=$PEAK_MIB
echo
echo "import of $ROWS rows on PostgreSQL   time       rows/s   peak memory (client)"
printf '%-34s %8s ms %10s %9s MiB\n' "innomon import registry" "$imp_ms" "$(per_s "$ROWS" "$imp_ms")" "$imp_peak"
printf '%-34s %8s ms %10s %9s MiB\n' "psql \\copy (COPY, no checks)" "$cp_ms" "$(per_s "$ROWS" "$cp_ms")" "$cp_peak"
echo "ratio innomon/COPY time: $(ratio "$imp_ms" "$cp_ms")x"

measure "$BIN" --db "$DB" registry recompute --quiet
rc_ms=$MS rc_peak=$PEAK_MIB
grep -q " 0 new, 0 revised" "$TMP/out" || { echo "pg.sh: recompute changed what the import computed" >&2; cat "$TMP/out" >&2; exit 1; }
measure psql -Atc "SELECT region, substr(signed, 1, 4), sum(amount) FROM peer_c GROUP BY 1, 2"
pg_ms=$MS
echo
echo "recompute on PostgreSQL            time   peak memory (client)"
printf '%-34s %8s ms %9s MiB\n' "innomon registry recompute" "$rc_ms" "$rc_peak"
printf '%-34s %8s ms\n' "PostgreSQL GROUP BY" "$pg_ms"
echo "ratio innomon/PostgreSQL GROUP BY: $(ratio "$rc_ms" "$pg_ms")x"
fi

[ "$VALUES" -gt 0 ] || exit 0
cd "$ROOT" && python3 "$BENCH/values_gen.py" "$VALUES" "$TMP/values.csv" && chmod 0644 "$TMP/values.csv"
psql -q -c "CREATE DATABASE innomon_values"
VDB="postgresql:///innomon_values"
"$BIN" --db "$VDB" init --plan-only >/dev/null
measure "$BIN" --db "$VDB" import values "$TMP/values.csv" --quiet
v_ms=$MS v_peak=$PEAK_MIB v_summary=$(tail -n 1 "$TMP/out")
psql -q -c "CREATE TABLE peer_v (indicator text, region text, period text, value numeric, source text)"
measure psql -q -c "\\copy peer_v FROM '$TMP/values.csv' WITH (FORMAT csv, HEADER true)"
echo
echo "values import of $VALUES rows on PostgreSQL   time       rows/s   peak memory (client)"
printf '%-34s %8s ms %10s %9s MiB\n' "innomon import values" "$v_ms" "$(per_s "$VALUES" "$v_ms")" "$v_peak"
printf '%-34s %8s ms %10s %9s MiB\n' "psql \\copy (COPY, no checks)" "$MS" "$(per_s "$VALUES" "$MS")" "$PEAK_MIB"
echo "ratio innomon/COPY time: $(ratio "$v_ms" "$MS")x"
echo "innomon: $v_summary"
