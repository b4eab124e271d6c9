#!/bin/sh
# run.sh - every benchmark of bench/ against the binaries of BUILD (`make bench`). Benchmarks
# are never part of `make test`; each prints its numbers and whether they meet their budget.
# usage: bench/run.sh BUILD_DIR
set -u
BUILD=${1:-build}
DIR=$(cd "$(dirname "$0")" && pwd)
status=0
for b in "$DIR"/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "== $(basename "$b")"
	"$b" "$BUILD" || status=1
done
exit "$status"
