#!/bin/sh
# report.sh - how long `innomon report` takes for the full shipped plan (the 长株潭 plan with its
# real figures) in each format and language: the median of RUNS runs, and whether it is under the
# 2-second budget of issue 7. Uses hyperfine when installed, else a loop timed with date +%s%N.
# A benchmark, never part of `make test`.
# usage: bench/report.sh BUILD_DIR [RUNS]
set -eu

BUILD=${1:-build}
RUNS=${2:-5}
BIN=$(cd "$BUILD" && pwd)/innomon
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-report-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
DB=$TMP/store.db
BUDGET_MS=2000
export INNOMON_NOW=2026-03-01T08:00:00Z

"$BIN" --db "$DB" init >/dev/null 2>&1
echo "innomon report, full shipped plan, period 2025 (median of $RUNS runs; budget ${BUDGET_MS} ms)"
printf '%-6s %-4s %10s %10s  %s\n' format lang median_ms bytes "under 2 s"
fail=0
for fmt in html md xlsx pdf; do
	for lang in zh en; do
		out=$TMP/r.$fmt
		if command -v hyperfine >/dev/null 2>&1; then
			hyperfine --runs "$RUNS" --export-json "$TMP/h.json" \
				"$BIN --db $DB report --period 2025 --format $fmt --lang $lang -o $out" >/dev/null 2>&1
			ms=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$TMP/h.json")
		else
			: >"$TMP/times"
			i=0
			while [ "$i" -lt "$RUNS" ]; do
				t0=$(date +%s%N)
				"$BIN" --db "$DB" report --period 2025 --format "$fmt" --lang "$lang" -o "$out" 2>/dev/null
				t1=$(date +%s%N)
				echo $(((t1 - t0) / 1000000)) >>"$TMP/times"
				i=$((i + 1))
			done
			ms=$(sort -n "$TMP/times" | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
		fi
		bytes=$(wc -c <"$out" | tr -d ' ')
		verdict=yes
		if [ "$ms" -ge "$BUDGET_MS" ]; then
			verdict=NO
			fail=1
		fi
		printf '%-6s %-4s %10s %10s  %s\n' "$fmt" "$lang" "$ms" "$bytes" "$verdict"
	done
done
exit "$fail"
