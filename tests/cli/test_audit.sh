#!/bin/sh
# test_audit.sh - the audit trail, API tokens and disabled users from the command line:
# `innomon audit verify` proves an untouched chain intact and names the event where a row was
# changed, re-hashed or deleted by hand with the sqlite3 CLI; `innomon token create|list|revoke`
# round trip (the token works against a running server until revoked); `innomon user disable`
# ends that user's sessions and tokens at once. HTTP through python3's standard library. TAP.
# usage: test_audit.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin audit "$1"
SERVER_PID=

# http METHOD PATH [HEADER: VALUE | BODY=TEXT]...: one request to the server at $URL; $OUT
# gets the status on its first line, then Set-Cookie headers, then the body.
http() {
	python3 - "$URL" "$@" >"$OUT" 2>"$ERR" <<'EOF'
import sys, urllib.request, urllib.error
url, method, path = sys.argv[1], sys.argv[2], sys.argv[3]
headers, body = {}, None
for a in sys.argv[4:]:
    if a.startswith('BODY='):
        body = a[5:].encode()
    else:
        k, v = a.split(': ', 1)
        headers[k] = v
req = urllib.request.Request(url + path, data=body, method=method, headers=headers)
try:
    r = urllib.request.urlopen(req, timeout=30)
    status, data, hdrs = r.status, r.read(), r.headers
except urllib.error.HTTPError as e:
    status, data, hdrs = e.code, e.read(), e.headers
print(status)
for v in hdrs.get_all('Set-Cookie') or []:
    print('Set-Cookie: ' + v)
sys.stdout.write(data.decode())
EOF
	RC=$?
}

# check_http DESCRIPTION STATUS [FIXED_TEXT]...: the last request's status and body.
check_http() {
	desc=$1
	want=$2
	shift 2
	got=$(head -n 1 "$OUT")
	if [ "$RC" -ne 0 ] || [ "$got" != "$want" ]; then
		not_ok "$desc" "expected HTTP $want, got '$got'"
		return
	fi
	for text in "$@"; do
		if ! grep -qF -- "$text" "$OUT"; then
			not_ok "$desc" "expected in the answer: $text"
			return
		fi
	done
	ok "$desc"
}

# backup NAME: a consistent copy of the store (sqlite3 .backup) at $TMP/NAME.db
backup() {
	rm -f "$TMP/$1.db"
	sqlite3 "$DB" ".backup '$TMP/$1.db'"
}

cd "$SRC" || exit 1
printf 'audit-password-1\n' >"$TMP/pw"

# ---- an intact trail ----------------------------------------------------------------------
INNOMON_ADMIN_PASSWORD=audit-password-1 run --db "$DB" init
check "init with INNOMON_ADMIN_PASSWORD creates the admin" 0 \
	out "admin user 'admin' created with the password from INNOMON_ADMIN_PASSWORD"

run --db "$DB" user add amr-rep --role unit_reporter --unit amr --password-stdin <"$TMP/pw"
check "user add with --password-stdin" 0 out "user 'amr-rep' added as unit_reporter"

run --db "$DB" user add zz-rep --role region_reporter --region zhuzhou
check "user add without a password prints a one-time password" 0 \
	out "user 'zz-rep' added as region_reporter; one-time password: "
if grep -q "one-time password: [A-Za-z0-9_-]\{16\}$" "$OUT"; then ok "the one-time password has 16 characters"; else not_ok "the one-time password has 16 characters"; fi

run --db "$DB" user add amr-rep --role reader --password-stdin <"$TMP/pw"
check "user add of an existing name: conflict (5)" 5 err "user 'amr-rep' already exists"
run --db "$DB" user add ghost --role unit_reporter --unit nowhere --password-stdin <"$TMP/pw"
check "user add with an unknown unit: bad input (2)" 2 err "the unit or region is not defined by any plan"
run --db "$DB" user role zz-rep region_reporter --region atlantis
check "user role with an unknown region: bad input (2)" 2 err "the unit or region is not defined by any plan"

run --db "$DB" user role zz-rep analyst
check "user role changes the role" 0 out "user 'zz-rep' is now analyst"

cat >"$TMP/values.csv" <<'EOF'
indicator,region,period,value,source
invention_patents_per_10k,zhuzhou,2031,30.5,test
invention_patents_per_10k,xiangtan,2031,22.25,test
EOF
run --db "$DB" import values "$TMP/values.csv"
check "import values" 0 out "2 rows, 2 new, 0 revised"

run --db "$DB" audit verify
check "audit verify: intact" 0 out "audit trail intact: " out " events; head "
EVENTS=$(sed -n 's/^audit trail intact: \([0-9]*\) events.*/\1/p' "$OUT")
[ "${EVENTS:-0}" -ge 5 ] && ok "the trail holds the changes ($EVENTS events)" || not_ok "the trail holds the changes" "events: '$EVENTS'"

run --db "$DB" user role admin reader
check "the last administrator cannot be demoted (conflict, 5)" 5 err "no enabled administrator"
run --db "$DB" user disable admin
check "the last administrator cannot be disabled (conflict, 5)" 5 err "no enabled administrator"
run --db "$DB" user list
check "the administrator is still an enabled admin" 0 out "admin                admin"

run --db "$DB" audit list --limit 1000
check "audit list shows who did what" 0 out "user.add" out "user.role" out "amr-rep" out "zz-rep"
grep -q "audit-password-1" "$DB" && not_ok "no password in the store file" || ok "no password in the store file"
run --db "$DB" audit list --actor nobody
check "audit list --actor filters" 0
[ ! -s "$OUT" ] && ok "no events of an unknown actor" || not_ok "no events of an unknown actor"

# the triggers refuse changes through SQL
if sqlite3 "$DB" "UPDATE audit_events SET actor = 'x' WHERE id = 2" 2>"$ERR"; then
	not_ok "UPDATE of an audit row is refused by a trigger"
else
	grep -q "append-only" "$ERR" && ok "UPDATE of an audit row is refused by a trigger" || not_ok "UPDATE of an audit row is refused by a trigger"
fi
if sqlite3 "$DB" "DELETE FROM audit_events WHERE id = 2" 2>"$ERR"; then
	not_ok "DELETE of an audit row is refused by a trigger"
else
	ok "DELETE of an audit row is refused by a trigger"
fi

# ---- tampering ----------------------------------------------------------------------------
backup changed
sqlite3 "$TMP/changed.db" "DROP TRIGGER audit_no_update; UPDATE audit_events SET after_json = '{\"name\":\"mallory\",\"role\":\"admin\"}' WHERE id = 2"
run --db "$TMP/changed.db" audit verify
check "a row changed by hand: verify exits 2 naming event 2" 2 \
	out "audit trail BROKEN at event 2: its content does not match its hash (the row was changed)"

# the same change with the row's hash recomputed (as the chain's format says): event 3 no
# longer links to it
backup rehashed
python3 - "$TMP/rehashed.db" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER audit_no_update")
row = db.execute("SELECT prev_hash, id, at, actor, coalesce(actor_id, 0), ip, action, object_type, object_id,"
                 " before_json FROM audit_events WHERE id = 2").fetchone()
fields = list(row) + ['{"name":"mallory","role":"admin"}']
text = ''.join(('\x1e' if f is None else str(f)) + '\x1f' for f in fields)
db.execute("UPDATE audit_events SET after_json = ?, hash = ? WHERE id = 2",
           (fields[-1], hashlib.sha256(text.encode()).hexdigest()))
db.commit()
EOF
run --db "$TMP/rehashed.db" audit verify
check "a row changed and re-hashed: verify names the next event" 2 \
	out "audit trail BROKEN at event 3: its link to the previous event does not match"

backup deleted
sqlite3 "$TMP/deleted.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit_events WHERE id = 3"
run --db "$TMP/deleted.db" audit verify
check "a middle row deleted: verify names the missing event" 2 \
	out "audit trail BROKEN at event 3: event 3 is missing (the next stored event is 4)"

run --db "$DB" audit verify
check "the original store is still intact" 0 out "audit trail intact: $EVENTS events"

# ---- a server for the token and session checks -------------------------------------------
"$BIN" --db "$DB" serve --port 0 >"$TMP/serve.out" 2>"$TMP/serve.log" &
SERVER_PID=$!
URL=
i=0
while [ $i -lt 200 ] && [ -z "$URL" ]; do
	URL=$(sed -n 's|^innomon: serving on \(http://127.0.0.1:[0-9]*\)/$|\1|p' "$TMP/serve.out")
	[ -z "$URL" ] && sleep 0.1
	i=$((i + 1))
done
if [ -z "$URL" ]; then
	RC=1
	not_ok "the server starts" "$(cat "$TMP/serve.log")"
	echo "1..$N"
	exit 1
fi
ok "the server starts ($URL)"

# ---- tokens -------------------------------------------------------------------------------
run --db "$DB" token create admin --name ci --days 30
check "token create prints the token once" 0 out "for 'admin', expires " out "send it as 'Authorization: Bearer TOKEN'"
TOKEN_ID=$(sed -n "s/^token \([0-9]*\) for 'admin'.*/\1/p" "$OUT")
TOKEN=$(sed -n 2p "$OUT")
[ "${#TOKEN}" -eq 43 ] && ok "the token is 256 bits in base64url" || not_ok "the token is 256 bits in base64url" "token: '$TOKEN'"
grep -q "$TOKEN" "$DB" "$DB-wal" 2>/dev/null && not_ok "the token is not stored in clear" || ok "the token is not stored in clear"

run --db "$DB" token list
check "token list shows it active" 0 out "$TOKEN_ID" out "admin" out "ci" out "active"

http GET /api/v1/session "Authorization: Bearer $TOKEN"
check_http "the token signs API requests in" 200 '"name": "admin"' '"auth": "token"'
run --db "$DB" token list
if grep -E "^$TOKEN_ID +admin +ci .* 20[0-9-]+T[0-9:]+Z +active" "$OUT" | grep -qvE " - +active"; then
	ok "token list shows when the token was last used"
else
	not_ok "token list shows when the token was last used"
fi

run --db "$DB" token revoke "$TOKEN_ID"
check "token revoke" 0 out "token $TOKEN_ID revoked"
run --db "$DB" token list
check "token list shows it revoked" 0 out "revoked"
http GET /api/v1/session "Authorization: Bearer $TOKEN"
check_http "a revoked token is refused" 401 '"code":"bad_token"'
run --db "$DB" token revoke "$TOKEN_ID"
check "revoking it again: not found (4)" 4 err "no active token $TOKEN_ID"
run --db "$DB" token revoke abc
check "a token id that is not a number: usage (1)" 1 err "the token ID is a number"
run --db "$DB" token create nobody
check "a token for an unknown user: not found (4)" 4 err "no user 'nobody'"

# ---- disabling a user ends their sessions and tokens --------------------------------------
http POST /api/v1/session "Content-Type: application/json" 'BODY={"name":"amr-rep","password":"audit-password-1"}'
check_http "amr-rep signs in" 200 '"role": "unit_reporter"'
COOKIE=$(sed -n 's/^Set-Cookie: \(innomon_session=[^;]*\);.*/\1/p' "$OUT")
[ -n "$COOKIE" ] && ok "a session cookie is set" || not_ok "a session cookie is set"
run --db "$DB" token create amr-rep
check "a token for amr-rep" 0
REP_TOKEN=$(sed -n 2p "$OUT")
http GET /api/v1/session "Cookie: $COOKIE"
check_http "the session works" 200 '"name": "amr-rep"'
http GET /api/v1/session "Authorization: Bearer $REP_TOKEN"
check_http "the token works" 200 '"name": "amr-rep"'

run --db "$DB" user disable amr-rep
check "user disable" 0 out "user 'amr-rep' disabled; their sessions and tokens are revoked"
http GET /api/v1/session "Cookie: $COOKIE"
check_http "after disable the cookie is anonymous (401)" 401 '"code":"unauthorized"'
http GET /api/v1/indicators "Cookie: $COOKIE"
check_http "and public pages still answer it as anonymous" 200
http GET /api/v1/session "Authorization: Bearer $REP_TOKEN"
check_http "after disable the token is refused" 401 '"code":"bad_token"'
http POST /api/v1/session "Content-Type: application/json" 'BODY={"name":"amr-rep","password":"audit-password-1"}'
check_http "a disabled user cannot sign in" 401 '"code":"bad_credentials"'

run --db "$DB" user enable amr-rep
check "user enable" 0 out "user 'amr-rep' enabled"
http GET /api/v1/session "Cookie: $COOKIE"
check_http "enabling does not bring the old session back" 401
http POST /api/v1/session "Content-Type: application/json" 'BODY={"name":"amr-rep","password":"audit-password-1"}'
check_http "an enabled user signs in again" 200

run --db "$DB" user disable nobody
check "disabling an unknown user: not found (4)" 4 err "no user 'nobody'"

run --db "$DB" user role admin reader
check "the last administrator cannot be demoted (conflict, 5)" 5 err "no enabled administrator"
run --db "$DB" user disable admin
check "the last administrator cannot be disabled (conflict, 5)" 5 err "no enabled administrator"
run --db "$DB" user list
check "the administrator is still an enabled admin" 0 out "admin                admin"

run --db "$DB" audit list --limit 1000
check "the trail records tokens, sign-ins and disabling" 0 \
	out "token.create" out "token.revoke" out "session.signin" out "user.disable" out "user.enable"
run --db "$DB" audit verify
check "the trail is intact after the server's changes" 0 out "audit trail intact"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
RC=$?
SERVER_PID=
[ "$RC" -eq 0 ] && ok "the server exits 0 on SIGTERM" || not_ok "the server exits 0 on SIGTERM"

echo "1..$N"
[ "$FAILED" -eq 0 ]
