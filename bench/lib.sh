# lib.sh - what the benchmarks of bench/ share, sourced (not run): the machine they ran on,
# timing a command with its peak memory, and the peers' tools. POSIX sh.

# machine: one line naming the CPU, its cores, the memory, the kernel and the load now.
machine() {
	cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
	cores=$(nproc)
	mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	echo "machine: $cpu, $cores cores, $mem, $(uname -sr), load $load"
}

# measure CMD...: sync, then run CMD (stdout to $TMP/out, stderr to $TMP/err); MS its wall time in
# milliseconds, PEAK_MIB its peak resident memory (the kernel's, through GNU time). Fails
# (exit) when CMD does.
measure() {
	# what the step before wrote is on the disk first: each peer starts with no writeback of
	# another's files pending (a 1 GB file generated, a 2 GB store imported just before)
	sync
	t0=$(date +%s%N)
	if ! /usr/bin/time -f '%M' -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err"; then
		echo "bench: failed: $*" >&2
		tail -5 "$TMP/err" >&2
		exit 1
	fi
	t1=$(date +%s%N)
	MS=$(( (t1 - t0) / 1000000 ))
	[ "$MS" -gt 0 ] || MS=1
	PEAK_MIB=$(awk '{ printf "%.1f", $1 / 1024 }' "$TMP/time")
}

# ratio A B: A / B with two decimals.
ratio() {
	awk "BEGIN { printf \"%.2f\", $1 / $2 }"
}

# per_s ROWS MS: rows a second.
per_s() {
	awk "BEGIN { printf \"%.0f\", $1 * 1000 / $2 }"
}

# duckdb_ready: the DuckDB peer (npm @duckdb/node-api, benchmarks only) installed under
# bench/node_modules from bench/package-lock.json.
duckdb_ready() {
	if [ ! -d "$BENCH/node_modules/@duckdb/node-api" ]; then
		(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error) >&2 || return 1
	fi
}
