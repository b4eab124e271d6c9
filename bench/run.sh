#!/bin/sh
# run.sh - every benchmark of bench/ against the binaries of BUILD (`make bench`): scale.sh (10 M
# contracts: import, recompute, 10,000 rows current, against sqlite3 and DuckDB), pg.sh (the
# import and recompute on PostgreSQL against COPY and its GROUP BY), values.sh (a million values), http.sh (cached reads against nginx), report.sh (the report's time). Each
# prints its numbers, its peer's from the same run and the ratio. Never part of `make test`.
# Environment: BENCH_SCALE (default 110, about 10.6 M contracts), BENCH_PG_SCALE (default 10,
# about a million: on PostgreSQL a row costs a round trip), BENCH_VALUES (default
# 1000000), BENCH_SECONDS (wrk's time per run, default 10).
# usage: bench/run.sh BUILD_DIR
set -u
BUILD=${1:-build}
DIR=$(cd "$(dirname "$0")" && pwd)
status=0
echo "== scale.sh"
"$DIR/scale.sh" "$BUILD" "${BENCH_SCALE:-110}" || status=1
echo "== pg.sh"
"$DIR/pg.sh" "$BUILD" "${BENCH_PG_SCALE:-10}" || status=1
echo "== values.sh"
"$DIR/values.sh" "$BUILD" "${BENCH_VALUES:-1000000}" || status=1
echo "== http.sh"
"$DIR/http.sh" "$BUILD" "${BENCH_SECONDS:-10}" || status=1
echo "== report.sh"
"$DIR/report.sh" "$BUILD" || status=1
exit "$status"
