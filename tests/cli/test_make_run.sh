#!/bin/sh
# test_make_run.sh - the README's first command, `make run`, as make would run it: the commands
# of its recipe (`make -n run`, with this build's binary, a temporary store and a free port)
# create the store with the shipped plan and its real figures when there is none, and serve it;
# a second run keeps the store. The package installation and the build before it are the
# other tests' business. TAP output.
# usage: test_make_run.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin make-run "$1"
cd "$SRC" || exit 1
BUILD=$(dirname "$BIN")
RUNDB=$TMP/run.db

# the recipe's innomon commands, exactly as the Makefile writes them
make -s -n run BUILD="$BUILD" DB="$RUNDB" PORT=0 2>/dev/null | grep "innomon" >"$TMP/recipe"
[ "$(wc -l <"$TMP/recipe")" -eq 2 ] && ok "make run has an init and a serve step" ||
	not_ok "make run has an init and a serve step" "$(cat "$TMP/recipe")"

serve_once() {
	INNOMON_ADMIN_PASSWORD=run-pass-2025x sh -c "$(sed -n 1p "$TMP/recipe")" >"$OUT" 2>"$ERR"
	RC=$?
	sh -c "exec $(sed -n 2p "$TMP/recipe")" >"$TMP/serve.out" 2>"$TMP/serve.err" &
	SERVER_PID=$!
	URL=""
	i=0
	while [ $i -lt 100 ] && [ -z "$URL" ]; do
		URL=$(sed -n 's|^innomon: serving on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$TMP/serve.out")
		sleep 0.1
		i=$((i + 1))
	done
}

serve_once
check "the first run creates the store" 0 out "data/plans/czt-2024/observations.csv: 223 rows, 222 new, 1 revised"
[ -n "$URL" ] && ok "the server starts on 127.0.0.1" || not_ok "the server starts on 127.0.0.1" "$(cat "$TMP/serve.err")"
if [ -n "$URL" ] && python3 - "$URL" <<'PY'
import sys, urllib.request
html = urllib.request.urlopen(sys.argv[1] + "/").read().decode("utf-8")
sys.exit(0 if "长株潭" in html and "每万人有效发明专利拥有量" in html else 1)
PY
then ok "the dashboard shows the plan and its indicators"; else not_ok "the dashboard shows the plan and its indicators"; fi
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""

serve_once
check "a second run keeps the store (no init)" 0
[ ! -s "$OUT" ] && ok "and prints nothing from init" || not_ok "and prints nothing from init"
[ -n "$URL" ] && ok "and serves it again" || not_ok "and serves it again" "$(cat "$TMP/serve.err")"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""
RUN_ON_DB=0 run --db "$RUNDB" plan versions
check "the store keeps one plan version after two runs" 0 out "czt-2024"
[ "$(grep -c czt-2024 "$OUT")" -eq 1 ] && ok "exactly one" || not_ok "exactly one"

echo "1..$N"
[ "$FAILED" -eq 0 ]
