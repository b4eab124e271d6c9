#!/bin/sh
# browser-test.sh - run the browser journeys tests/browser/*.test.mjs (node:test + playwright-core
# driving /usr/bin/chromium) against a fresh server: `innomon init` on a temporary store (a file, or
# under tools/pg-test.sh a schema of its database), then
# `innomon serve --port 0`; each test gets the base URL in INNOMON_URL. Screenshots go to
# tests/browser/artifacts/, those of every page at two widths (zz-every-page.test.mjs) to
# BUILD_DIR/page-shots/. Nothing to do (exit 0) when there are no browser tests.
# INNOMON_BROWSER_ONLY=REGEX runs only the test files whose paths match it (grep -E).
# usage: tools/browser-test.sh BUILD_DIR
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$1" && pwd)/innomon
PAGE_SHOTS=$(cd "$1" && pwd)/page-shots
TESTS=$(ls "$ROOT"/tests/browser/*.test.mjs 2>/dev/null || true)
# while working on one journey: INNOMON_BROWSER_ONLY=REGEX runs the files whose path matches it (grep -E)
if [ -n "${INNOMON_BROWSER_ONLY:-}" ]; then
	TESTS=$(printf '%s\n' $TESTS | grep -E -- "$INNOMON_BROWSER_ONLY" || true)
fi
if [ -z "$TESTS" ]; then
	echo "browser-test: no tests/browser/*.test.mjs"
	exit 0
fi
for need in node /usr/bin/chromium; do
	if ! command -v "$need" >/dev/null 2>&1; then
		echo "browser-test: '$need' is missing: run make deps" >&2
		exit 1
	fi
done
for mod in playwright-core axe-core; do
	if [ ! -d "$ROOT/tests/browser/node_modules/$mod" ]; then
		echo "browser-test: $mod is not installed in tests/browser: run make deps" >&2
		exit 1
	fi
done
if [ ! -x "$BIN" ]; then
	echo "browser-test: $BIN is not built" >&2
	exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-browser-XXXXXX")
SERVER=""
cleanup() {
	if [ -n "$SERVER" ]; then
		kill -TERM "$SERVER" 2>/dev/null
		wait "$SERVER" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# The store: a file, or under tools/pg-test.sh (INNOMON_TEST_PG) a schema of its database.
DB="$TMP/store.db"
if [ -n "${INNOMON_TEST_PG:-}" ]; then
	if ! psql -qX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA browser_$$" >"$TMP/psql.log" 2>&1; then
		echo "browser-test: cannot make the test schema:" >&2
		cat "$TMP/psql.log" >&2
		exit 1
	fi
	DB="postgresql:///${PGDATABASE:-postgres}?options=-csearch_path%3Dbrowser_$$"
fi
echo "browser-test: store $DB"

# The users of the journeys, each with the password NAME-pass-2025x (INNOMON_USERS lists them):
# admin, ana (analyst), xt (region reporter of 湘潭), kjt (unit reporter of 省科技厅), reader.
if ! INNOMON_ADMIN_PASSWORD=admin-pass-2025x "$BIN" --db "$DB" init >"$TMP/init.log" 2>&1; then
	echo "browser-test: innomon init failed:" >&2
	cat "$TMP/init.log" >&2
	exit 1
fi
for spec in "ana --role analyst" "xt --role region_reporter --region xiangtan" \
	"kjt --role unit_reporter --unit kjt" "reader --role reader"; do
	name=${spec%% *}
	# shellcheck disable=SC2086
	if ! echo "$name-pass-2025x" | "$BIN" --db "$DB" user add $spec --password-stdin >>"$TMP/init.log" 2>&1; then
		echo "browser-test: cannot add user $name:" >&2
		cat "$TMP/init.log" >&2
		exit 1
	fi
done
export INNOMON_USERS="admin ana xt kjt reader"
# a journey that needs other plans in the store loads them with the CLI on the same store
export INNOMON_BIN="$BIN" INNOMON_DB="$DB" INNOMON_SOURCE_ROOT="$ROOT"
"$BIN" --db "$DB" serve --port 0 >"$TMP/serve.out" 2>"$TMP/serve.log" &
SERVER=$!
URL=""
i=0
while [ $i -lt 200 ]; do
	URL=$(sed -n 's|^innomon: serving on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$TMP/serve.out")
	[ -n "$URL" ] && break
	if ! kill -0 "$SERVER" 2>/dev/null; then
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$URL" ]; then
	echo "browser-test: the server did not start:" >&2
	cat "$TMP/serve.log" >&2
	exit 1
fi
echo "browser-test: server at $URL"

ARTIFACTS=$ROOT/tests/browser/artifacts
mkdir -p "$ARTIFACTS"
failed=""
for t in $TESTS; do
	echo "== ${t#"$ROOT"/}"
	if ! (cd "$ROOT/tests/browser" && INNOMON_URL=$URL INNOMON_ARTIFACTS=$ARTIFACTS/ INNOMON_PAGE_SHOTS=$PAGE_SHOTS node --test --test-reporter=spec "$t"); then
		failed="$failed ${t##*/}"
	fi
done

kill -TERM "$SERVER"
wait "$SERVER"
rc=$?
SERVER=""
if [ "$rc" -ne 0 ]; then
	echo "browser-test: the server exited with $rc after SIGTERM" >&2
	failed="$failed (server exit $rc)"
fi
if [ -n "$failed" ]; then
	echo "browser-test: FAILED:$failed (screenshots in tests/browser/artifacts/)" >&2
	exit 1
fi
echo "browser-test: all passed (screenshots in tests/browser/artifacts/)"
