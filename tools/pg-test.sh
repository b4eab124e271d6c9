#!/bin/sh
# pg-test.sh - run a command against a throw-away PostgreSQL cluster: initdb in a temporary
# folder, pg_ctl start listening only on a unix socket in that folder (a free port number names
# it), a database 'innomon', the command run with PGHOST, PGPORT, PGUSER, PGDATABASE and
# INNOMON_TEST_PG=1 set (tests then make their stores as schemas of that database), and the cluster stopped and removed afterwards,
# whatever the command's outcome. PostgreSQL refuses to run as root: as root the cluster runs
# as the unprivileged user 'nobody' (runuser). Exits with the command's status.
# usage: tools/pg-test.sh COMMAND [ARGS...]
set -u

if [ $# -lt 1 ]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi
BIN=$(pg_config --bindir 2>/dev/null)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
	BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/pg_ctl" ]; then
	echo "pg-test: PostgreSQL server programs (initdb, pg_ctl) not found: run make deps" >&2
	exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-pg-XXXXXX") || exit 1
AS=""
if [ "$(id -u)" -eq 0 ]; then
	AS="runuser -u nobody --"
	chown nobody "$TMP"
fi
chmod 0700 "$TMP"

stop() {
	if [ -f "$TMP/data/postmaster.pid" ]; then
		$AS "$BIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$TMP"
}
trap stop EXIT
trap 'exit 130' INT TERM

# a port nobody listens on names the socket (the cluster takes no TCP connections)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

if ! $AS "$BIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$TMP/initdb.log" 2>&1; then
	echo "pg-test: initdb failed:" >&2
	cat "$TMP/initdb.log" >&2
	exit 1
fi
# a test cluster: nothing here must survive a crash, so no waiting for the disk
cat >>"$TMP/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$TMP'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 64MB
log_min_messages = warning
EOF
if ! $AS "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -t 60 start >/dev/null 2>&1; then
	echo "pg-test: the cluster did not start:" >&2
	cat "$TMP/server.log" >&2
	exit 1
fi

export PGHOST="$TMP" PGPORT="$PORT" PGUSER=postgres PGDATABASE=innomon INNOMON_TEST_PG=1
# the tests' database: each test makes its stores as schemas of it (tests/lib/testdb.c)
if ! "$BIN/createdb" innomon; then
	echo "pg-test: cannot create the test database" >&2
	exit 1
fi
"$@"
rc=$?
if [ $rc -ne 0 ] && grep -q -E 'PANIC|TRAP' "$TMP/server.log"; then
	echo "pg-test: the server log ($TMP/server.log) says:" >&2
	grep -E 'PANIC|TRAP' "$TMP/server.log" >&2
fi
exit $rc
