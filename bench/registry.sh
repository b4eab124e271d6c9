#!/bin/sh
# registry.sh - derived indicators from large registries: innomon importing seeded enterprise
# and contract files into the demo plan (data/demo/plan) and recomputing every derived indicator
# for every region (a record counts for its region and every region above it) and year, against
# the peer, a plain Python script computing the same two indicators (高新技术企业 valid at each
# year end, 技术合同成交额 per year) from the same CSV files. The peer's figures must equal
# innomon's (checked), then the times and the ratio are printed, with innomon's peak memory.
# usage: bench/registry.sh BUILD_DIR [RECORDS]
set -eu
BUILD=${1:-build}
N=${2:-100000}
BIN=$(cd "$BUILD" && pwd)/innomon
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Seeded, reproducible registries: N enterprise certifications and N contracts over the demo
# regions (cities and parks), 2015-2025.
python3 - "$N" "$TMP" <<'PY'
import random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20251231)
regions = ['changsha', 'zhuzhou', 'xiangtan', 'cs-hitech', 'zz-hitech', 'xt-hitech', 'nx-hitech']
with open(out + '/enterprises.csv', 'w', encoding='utf-8') as f:
    f.write('code,name,region,cert,valid_from,valid_to\n')
    for i in range(n):
        y, m, d = rnd.randint(2015, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        end = '' if rnd.random() < 0.1 else '%d-%02d-%02d' % (y + 3, m, d)
        f.write('BENCH%013d,bench %d,%s,%s,%d-%02d-%02d,%s\n' % (i, i, rnd.choice(regions), rnd.choice(['hnte', 'tsme']), y, m, d, end))
with open(out + '/contracts.csv', 'w', encoding='utf-8') as f:
    f.write('no,signed,amount,region,buyer,seller\n')
    for i in range(n):
        f.write('B%09d,%d-%02d-%02d,%.2f,%s,,\n' % (i, rnd.randint(2015, 2025), rnd.randint(1, 12), rnd.randint(1, 28),
                                                   rnd.uniform(1, 2000), rnd.choice(regions)))
PY

now() { date +%s%N; }
# the clock is fixed so that 2025 has ended whenever this runs
export INNOMON_NOW=2026-06-30T00:00:00Z
"$BIN" --db "$TMP/innomon.db" init --plan data/demo/plan >/dev/null
t0=$(now)
"$BIN" --db "$TMP/innomon.db" import registry enterprises "$TMP/enterprises.csv" >"$TMP/out" || exit 1
"$BIN" --db "$TMP/innomon.db" import registry contracts "$TMP/contracts.csv" >>"$TMP/out" || exit 1
t1=$(now)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$TMP/rss" "$BIN" --db "$TMP/innomon.db" registry recompute --quiet >>"$TMP/out"
else
	"$BIN" --db "$TMP/innomon.db" registry recompute --quiet >>"$TMP/out"
fi
t2=$(now)
for ind in demo_hnte_count demo_tech_contracts; do
	"$BIN" --db "$TMP/innomon.db" values "$ind" --json >"$TMP/$ind.json"
done

# The peer: the same definitions in plain Python, timed inside the script (reading the CSV
# files included, as innomon's recompute reads its records from the store).
python3 - "$TMP" <<'PY' >"$TMP/peer"
import csv, json, sys, time
tmp = sys.argv[1]
t0 = time.perf_counter()
parents = {r['code']: [p for p in r['parents'].split(';') if p] for r in csv.DictReader(open('data/demo/plan/regions.csv', encoding='utf-8'))}
up = {}
def above(g):
    if g not in up:
        s = {g}
        for p in parents[g]:
            s |= above(p)
        up[g] = s
    return up[g]
hnte, money = {}, {}
for r in csv.DictReader(open(tmp + '/enterprises.csv', encoding='utf-8')):
    if r['cert'] != 'hnte':
        continue
    for y in range(2015, 2026):
        end = '%d-12-31' % y
        if r['valid_from'] <= end and (not r['valid_to'] or r['valid_to'] >= end):
            for g in above(r['region']):
                hnte[(g, y)] = hnte.get((g, y), 0) + 1
for r in csv.DictReader(open(tmp + '/contracts.csv', encoding='utf-8')):
    y = int(r['signed'][:4])
    for g in above(r['region']):
        money[(g, y)] = money.get((g, y), 0.0) + float(r['amount'])
t1 = time.perf_counter()
def ours(ind):
    j = json.load(open(tmp + '/' + ind + '.json', encoding='utf-8'))
    return {(o['region'], int(o['period'])): o['value'] for o in j}
bad = 0
for (ind, peer, scale) in (('demo_hnte_count', hnte, 1), ('demo_tech_contracts', money, 10000)):
    got = ours(ind)
    for key, v in peer.items():
        if abs(got.get(key, 0.0) - v / scale) > 1e-6 * max(1.0, abs(v / scale)):
            bad += 1
            if bad <= 5:
                print('mismatch %s %s: innomon %s, peer %s' % (ind, key, got.get(key), v / scale), file=sys.stderr)
    for key, v in got.items():
        if v != 0 and key not in peer:
            bad += 1
print('%.6f %d' % (t1 - t0, bad))
PY
read -r peer_s bad <"$TMP/peer"
if [ "$bad" -ne 0 ]; then
	echo "registry.sh: innomon and the peer disagree on $bad values" >&2
	exit 1
fi
import_s=$(echo "$t0 $t1" | awk '{printf "%.3f", ($2 - $1) / 1e9}')
recompute_s=$(echo "$t1 $t2" | awk '{printf "%.3f", ($2 - $1) / 1e9}')
rss=$(cat "$TMP/rss" 2>/dev/null || echo "?")
echo "records: $N enterprises + $N contracts ($(tail -1 "$TMP/out"))"
echo "innomon import of both files (checks, revisions, audit, recompute): ${import_s} s"
echo "innomon recompute of 6 derived indicators: ${recompute_s} s, peak memory ${rss} KB"
echo "peer (Python, 2 of the indicators, no checks, no store): ${peer_s} s"
echo "ratio recompute / peer: $(echo "$recompute_s $peer_s" | awk '{printf "%.2f", $1 / $2}') (same figures: checked)"
