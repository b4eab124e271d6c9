#!/bin/sh
# test_gen.sh - innomon gen as a user runs it: DEMO registries written into a folder with a
# README that says they are made up, the same bytes again for the same seed and others for
# another, every file imported into the demo plan with the derived indicators following, and
# usage errors for a bad scale or a missing folder. TAP.
# usage: test_gen.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin gen "$1"
INNOMON_NOW=2026-03-01T00:00:00Z
export INNOMON_NOW
cd "$SRC" || exit 1

run gen --scale 0.02 --seed 5 "$TMP/a"
check "gen writes the five registries" 0 out "demo_enterprises.csv:" out "demo_contracts.csv:" \
	out "demo_patents.csv:" out "demo_platforms.csv:" out "demo_talents.csv:"
if grep -q "DEMO data" "$TMP/a/README.md" && grep -q "innomon gen --scale 0.02 --seed 5" "$TMP/a/README.md"; then
	ok "the README says the data is DEMO and how it was made"
else
	not_ok "the README says the data is DEMO and how it was made"
fi
undemo=$(tail -n +2 -q "$TMP"/a/demo_*.csv | grep -cv "DEMO")
if [ "$undemo" -eq 0 ]; then ok "every record carries DEMO"; else not_ok "every record carries DEMO" "$undemo rows without"; fi

run gen --scale 0.02 --seed 5 "$TMP/b"
run gen --scale 0.02 --seed 6 "$TMP/c"
if [ "$(cat "$TMP"/a/*.csv | sha256sum)" = "$(cat "$TMP"/b/*.csv | sha256sum)" ]; then
	ok "the same seed writes the same bytes"
else
	not_ok "the same seed writes the same bytes"
fi
if [ "$(cat "$TMP"/a/*.csv | sha256sum)" != "$(cat "$TMP"/c/*.csv | sha256sum)" ]; then
	ok "another seed writes other records"
else
	not_ok "another seed writes other records"
fi

RUN_ON_DB=1
run init --plan data/demo/plan
for k in enterprises contracts patents platforms talents; do
	run import registry "$k" "$TMP/a/demo_$k.csv"
	check "the generated $k import into the demo plan" 0 out "$k records" out "derived indicator"
done
run registry recompute --dry-run
check "the derived values the imports kept need nothing more" 0 out "0 new, 0 revised"

RUN_ON_DB=0
run gen --scale 0.02 --seed 5 --only contracts "$TMP/e"
if [ ! -e "$TMP/e/demo_patents.csv" ] && cmp -s "$TMP/a/demo_contracts.csv" "$TMP/e/demo_contracts.csv"; then
	ok "--only writes one registry, the same rows as with the others"
else
	not_ok "--only writes one registry, the same rows as with the others"
fi
run gen --only firms "$TMP/f"
check "--only an unknown registry is a usage error" 1 err "--only takes a registry the generator writes"
run gen --scale 0 "$TMP/d"
check "a scale of 0 is a usage error" 1 err "--scale must be a number above 0"
run gen --scale 1
check "a missing folder is a usage error" 1 err "expected: gen --scale N --seed S DIR"

echo "1..$N"
[ "$FAILED" -eq 0 ]
