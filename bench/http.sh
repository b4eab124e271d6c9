#!/bin/sh
# http.sh - serving: wrk against innomon answering GET /api/v1/progress (the plan, its stored
# values and an assessment of every target computed per request) and against the peer, nginx
# serving the same JSON as a static file, on the same machine in the same run. Prints requests
# per second of both and the ratio. Installs wrk and nginx-light when missing (root).
# usage: bench/http.sh BUILD_DIR [SECONDS]
set -eu
BUILD=${1:-build}
SECONDS_EACH=${2:-10}
BIN=$(cd "$BUILD" && pwd)/innomon
for need in wrk nginx; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$need" ]; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "http.sh: '$need' is missing (apt-get install wrk nginx-light)" >&2
			exit 1
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-XXXXXX")
SERVER=""
cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	[ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$BIN" --db "$TMP/store.db" init >/dev/null 2>&1
"$BIN" --db "$TMP/store.db" serve --port 0 --log-level error >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER=$!
URL=""
for _ in $(seq 100); do
	URL=$(sed -n 's|^innomon: serving on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$TMP/serve.out")
	[ -n "$URL" ] && break
	sleep 0.1
done
[ -n "$URL" ] || { echo "http.sh: innomon did not start" >&2; cat "$TMP/serve.err" >&2; exit 1; }
mkdir -p "$TMP/www"
curl -s "$URL/api/v1/progress" >"$TMP/www/progress.json"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$TMP/nginx.conf" <<NGINX
daemon on;
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	types { application/json json; }
	server { listen 127.0.0.1:$PORT; root $TMP/www; }
}
NGINX
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP"
rps() { wrk -t2 -c32 -d"${SECONDS_EACH}s" "$1" | awk '/Requests\/sec/ { print $2 }'; }
r_innomon=$(rps "$URL/api/v1/progress")
r_nginx=$(rps "http://127.0.0.1:$PORT/progress.json")
echo "innomon GET /api/v1/progress: $r_innomon req/s (assessed per request, $(wc -c <"$TMP/www/progress.json") bytes)"
echo "nginx static peer:            $r_nginx req/s (the same bytes from a file)"
echo "ratio innomon/nginx:          $(awk "BEGIN { printf \"%.3f\", $r_innomon / $r_nginx }")"
