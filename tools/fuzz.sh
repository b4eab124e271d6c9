#!/bin/sh
# fuzz.sh - run every libFuzzer target built in BUILD_DIR (fuzz/fuzz_*) for SECONDS each, on a
# temporary copy of its seed corpus (fuzz/corpus/<name>/), with fuzz/dict/<name>.dict when
# present. Fails when a target crashes; the crashing input is kept in
# BUILD_DIR/fuzz-artifacts/<name>/ (add it to the corpus once fixed, so replay keeps it fixed).
# New inputs the fuzzer finds stay in the temporary copy: merge them deliberately with
#   fuzz_<name> -merge=1 fuzz/corpus/<name> NEW_DIR
# usage: tools/fuzz.sh BUILD_DIR SECONDS
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 2
fi
BUILD=$1
SECONDS_EACH=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $SECONDS_EACH in
''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$SECONDS_EACH'" >&2; exit 2 ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-fuzz-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

found=0
failed=""
for exe in "$BUILD"/fuzz/fuzz_*; do
	[ -x "$exe" ] && [ -f "$exe" ] || continue
	name=${exe##*/fuzz_}
	found=$((found + 1))
	corpus=$TMP/corpus-$name
	mkdir -p "$corpus"
	if [ -d "$ROOT/fuzz/corpus/$name" ]; then
		cp -R "$ROOT/fuzz/corpus/$name/." "$corpus/"
	else
		echo "fuzz.sh: warning: fuzz_$name has no seed corpus fuzz/corpus/$name/" >&2
	fi
	artifacts=$BUILD/fuzz-artifacts/$name
	mkdir -p "$artifacts"
	set -- -max_total_time="$SECONDS_EACH" -print_final_stats=1 -artifact_prefix="$artifacts/"
	if [ -f "$ROOT/fuzz/dict/$name.dict" ]; then
		set -- "$@" -dict="$ROOT/fuzz/dict/$name.dict"
	fi
	echo "== fuzz_$name for ${SECONDS_EACH}s ($(ls "$corpus" | wc -l) seeds)"
	if "$exe" "$@" "$corpus" >"$TMP/$name.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$TMP/$name.log" | sed 's/^/   /' || true
	else
		failed="$failed $name"
		echo "fuzz.sh: fuzz_$name FAILED; the input is in $artifacts/" >&2
		tail -40 "$TMP/$name.log" >&2
	fi
done

if [ "$found" -eq 0 ]; then
	echo "fuzz.sh: no fuzz_* targets in $BUILD/fuzz (configure with -Dfuzz=true)" >&2
	exit 1
fi
if [ -n "$failed" ]; then
	echo "fuzz.sh: crashes in:$failed" >&2
	exit 1
fi
echo "fuzz.sh: $found targets ran ${SECONDS_EACH}s each without a crash"
