#!/bin/sh
# http.sh - serving reads: wrk against innomon answering GET /api/v1/progress and GET / (kept
# per store version: built once, then sent from memory) and against the peer, nginx serving
# the same bytes as static files, on the same machine in the same run. Prints requests per
# second, the 99th percentile latency at 64 connections, the errors at 256, the ratios and the
# peak memory of both servers. Installs wrk and nginx-light when missing (root).
# Targets (issue 15): at least half nginx's requests per second, p99 under 10 ms at 64
# connections, no errors at 256. A benchmark, never part of `make test`.
# Fair to both: the same wrk settings, as many innomon threads as nginx workers (THREADS, by
# default the cores), the peers measured in turn ROUNDS times (the median p99 of each is
# printed), and with SERVER_CPUS / WRK_CPUS set (taskset -c lists) both servers and wrk pinned
# the same way (off by default: on a shared, loaded machine pinning lengthens both tails).
# usage: bench/http.sh BUILD_DIR [SECONDS [ROUNDS]]
set -eu
BUILD=${1:-build}
SECONDS_EACH=${2:-10}
ROUNDS=${3:-3}
THREADS=${THREADS:-$(nproc)}
SERVER_PIN=${SERVER_CPUS:+taskset -c $SERVER_CPUS} # taskset execs: $! stays the server's pid
WRK_PIN=${WRK_CPUS:+taskset -c $WRK_CPUS}
BIN=$(cd "$BUILD" && pwd)/innomon
BENCH=$(cd "$(dirname "$0")" && pwd)
. "$BENCH/lib.sh"
for need in wrk nginx; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$need" ]; then
		echo "http.sh: '$need' is missing (tools/deps.sh bench, or apt-get install wrk nginx-light)" >&2
		exit 1
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
machine

"$BIN" --db "$TMP/store.db" init >/dev/null 2>&1
$SERVER_PIN "$BIN" --db "$TMP/store.db" serve --port 0 --threads "$THREADS" --log-level error \
	>"$TMP/serve.out" 2>"$TMP/serve.err" &
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
curl -s "$URL/" >"$TMP/www/index.html"
chmod 755 "$TMP" "$TMP/www" && chmod 644 "$TMP"/www/* # nginx's workers read as another user
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$TMP/nginx.conf" <<NGINX
daemon on;
worker_processes $THREADS;
pid $TMP/nginx.pid;
error_log $TMP/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	types { application/json json; text/html html; }
	server { listen 127.0.0.1:$PORT; root $TMP/www; }
}
NGINX
$SERVER_PIN "$NGINX" -c "$TMP/nginx.conf" -p "$TMP"

# run_wrk CONNECTIONS URL: RPS, P99_MS and ERRORS (socket errors and non-2xx/3xx answers)
run_wrk() {
	$WRK_PIN wrk -t2 -c"$1" -d"${SECONDS_EACH}s" --latency "$2" >"$TMP/wrk" 2>&1
	RPS=$(awk '/Requests\/sec/ { print $2 }' "$TMP/wrk")
	P99_MS=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$TMP/wrk")
	ERRORS=$(awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $NF } END { print n + 0 }' "$TMP/wrk")
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "bytes: /api/v1/progress $(wc -c <"$TMP/www/progress.json"), / $(wc -c <"$TMP/www/index.html")"
echo "innomon --threads $THREADS, nginx worker_processes $THREADS; server CPUs ${SERVER_CPUS:-any}, wrk CPUs ${WRK_CPUS:-any}"
echo
printf '%-36s %10s %9s %7s\n' "64 connections, ${SECONDS_EACH} s each" "req/s" "p99 ms" "errors"
for pair in "/api/v1/progress progress.json" "/ index.html"; do
	path=${pair% *}
	file=${pair#* }
	: >"$TMP/ours" && : >"$TMP/peer"
	round=1
	while [ "$round" -le "$ROUNDS" ]; do
		run_wrk 64 "$URL$path"
		printf '%-36s %10s %9s %7s\n' "innomon GET $path" "$RPS" "$P99_MS" "$ERRORS"
		echo "$RPS $P99_MS" >>"$TMP/ours"
		run_wrk 64 "http://127.0.0.1:$PORT/$file"
		printf '%-36s %10s %9s %7s\n' "nginx, the same bytes" "$RPS" "$P99_MS" "$ERRORS"
		echo "$RPS $P99_MS" >>"$TMP/peer"
		round=$((round + 1))
	done
	r_ours=$(cut -d' ' -f1 "$TMP/ours" | median) p_ours=$(cut -d' ' -f2 "$TMP/ours" | median)
	r_peer=$(cut -d' ' -f1 "$TMP/peer" | median) p_peer=$(cut -d' ' -f2 "$TMP/peer" | median)
	echo "medians of $ROUNDS: innomon $r_ours req/s, p99 $p_ours ms; nginx $r_peer req/s, p99 $p_peer ms"
	echo "ratio innomon/nginx: req/s $(ratio "$r_ours" "$r_peer"), p99 $(ratio "$p_ours" "$p_peer") (targets: req/s at least 0.5; p99 under 10 ms)"
done
run_wrk 256 "$URL/api/v1/progress"
echo
echo "256 connections, innomon GET /api/v1/progress: $RPS req/s, p99 $P99_MS ms, $ERRORS errors (target: none)"
ours_peak=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER/status")
nginx_peak=$(for p in $(pgrep -f "nginx: worker process" -P "$(cat "$TMP/nginx.pid")"); do awk '/VmHWM/ { print $2 }' "/proc/$p/status"; done |
	awk '{ s += $1 } END { printf "%.1f", s / 1024 }')
echo "peak memory: innomon $ours_peak MiB; nginx workers $nginx_peak MiB"
