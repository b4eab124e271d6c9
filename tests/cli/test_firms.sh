#!/bin/sh
# test_firms.sh - enterprise evaluation as a user runs it on the demo plan and the DEMO firms
# (data/demo): init loads the plan folder's projections; a firms file with a bad credit code is
# refused naming row and column; evaluate lists every firm and explains one; the pipeline counts
# equal a direct recount of the firms' own verdicts over the region tree; --public withholds
# every count below 3 and any that subtraction would reveal; a bad projections file changes
# nothing; the evaluation report carries the projection. TAP.
# usage: test_firms.sh INNOMON_BINARY SOURCE_ROOT
set -u

SRC=$2
. "$SRC/tests/cli/lib.sh"
tap_begin firms "$1"
RUN_ON_DB=1

cd "$SRC" || exit 1

run init --plan data/demo/plan
check "init loads the demo plan and its projections.csv" 0 out "data/demo/plan/projections.csv: 2 projections"
run projections
check "projections lists the mapping" 0 out "demo_hnte_count hnte 10" out "demo_tsme_count tsme 10"

# ---- a bad firms file: every bad cell named, nothing stored ---------------------------------
printf '统一社会信用代码,年度,企业名称,地区,职工总数\n9144030071526726XG,2024,甲,长沙,10\n9144030071526726XA,2024,乙,长沙,1.5\n' >"$TMP/bad.csv"
before=$(db_hash)
run import registry firms "$TMP/bad.csv"
check "a credit code failing GB 32100 is refused with row and column" 2 \
	err "bad.csv:3:1: error: '9144030071526726XA' fails the GB 32100 check: the 18th character should be 'G'" \
	err "bad.csv:3:5: error: the staff must be a whole number" err "nothing was imported"
same_db "the refused file left the store unchanged" "$before"

run evaluate
check "evaluate on an empty registry says so" 0 out "0 家企业有 0 年度数据"

run import registry firms data/demo/demo_firms.csv
check "the DEMO firms import" 0 out "firms records"
run import registry enterprises data/demo/demo_firm_certs.csv
check "their HNTE certificates import into the enterprises registry" 0 out "enterprises records"

run evaluate
check "evaluate lists every firm with figures for the latest year" 0 out "400 家企业有 2024 年度数据" out "91430100DEM000002Q"
run evaluate --lang en --region zhuzhou
check_count=$(grep -c DEM "$OUT")
if [ "$RC" -eq 0 ] && [ "$check_count" -gt 0 ] && ! grep -q "91430100DEM" "$OUT"; then
	ok "evaluate --region keeps that region's firms (株洲: $check_count)"
else
	not_ok "evaluate --region keeps that region's firms"
fi

# one firm: the reasons behind every point and the lifts
code=$("$BIN" --db "$DB" evaluate --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
print(next(r["code"] for r in rows if r["methods"]["tsme"]["verdict"] == "fails" and r["methods"]["tsme"]["failed"] == 1
           and r["methods"]["tsme"]["points_short"] > 0))')
run evaluate "$code" --method tsme
check "evaluate CODE shows each point with its rule, figure and source, and the lifts" 0 \
	out "科技人员" out "科技人员数占职工总数比例" out "国科发政〔2017〕115号 第七条（一）" out "方案1" out "合格线 60"
run evaluate "$code" --json
echo "$code" >"$TMP/code"
if python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
m = {x["method"]: x for x in j["methods"]}
t = m["tsme"]
assert j["code"] == open(sys.argv[2]).read().strip()
assert t["verdict"] == "fails" and t["score"]["max"] < 60 and t["lifts"], t
assert all(i["rule_zh"] and i["basis"] for i in t["items"])
pts = sum(i["points"]["min"] for i in t["items"] if i["kind"] == "score")
assert pts == t["score"]["min"], (pts, t["score"])
assert set(m) == {"tsme", "innov_sme", "hnte", "srdi", "little_giant"}
' "$OUT" "$TMP/code"; then ok "evaluate CODE --json: every item has its rule and source, the points add up to the total"; else not_ok "evaluate CODE --json"; fi
run evaluate 91430100MA4L16JQ9B
check "an unknown firm is not found" 4 err "no firm '91430100MA4L16JQ9B'"
run evaluate --method giant
check "an unknown method is a usage error" 1 err "unknown method 'giant'"

# ---- the pipeline equals a direct recount ---------------------------------------------------
"$BIN" --db "$DB" evaluate --json >"$TMP/firms.json"
run pipeline --json
if python3 - "$TMP/firms.json" "$OUT" data/demo/plan/regions.csv <<'EOF'
import csv, json, sys
firms = json.load(open(sys.argv[1]))
pipe = json.load(open(sys.argv[2]))
parents = {r["code"]: [p for p in r["parents"].split(";") if p] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))}
def up(code):  # the region and every region above it, once
    seen, todo = set(), [code]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo += parents[c]
    return seen
near = pipe["near_points"]
want = {}
for f in firms:
    for g in up(f["region"]["code"]):
        w = want.setdefault(g, {"evaluated": 0})
        w["evaluated"] += 1
        for m, r in f["methods"].items():
            q = r["verdict"] == "qualifies"
            reach = r["verdict"] in ("fails", "undetermined") and r["failed"] == 1 and r["points_short"] <= near[m]
            for k, v in (("qualifies", q), ("reach", reach), ("open", r["verdict"] == "undetermined")):
                w[m + "." + k] = w.get(m + "." + k, 0) + int(v)
bad = 0
for row in pipe["regions"]:
    g = row["region"]["code"]
    w = want.get(g, {"evaluated": 0})
    got = {"evaluated": row["evaluated"]}
    for m, c in row["methods"].items():
        for k in ("qualifies", "reach", "open"):
            got[m + "." + k] = c[k]
    for k, v in got.items():
        if v != w.get(k, 0):
            print("# %s %s: pipeline %s, recount %s" % (g, k, v, w.get(k, 0)))
            bad += 1
assert pipe["firms"] == 400 and want["hunan"]["evaluated"] == 400
sys.exit(1 if bad else 0)
EOF
then ok "every pipeline count per region and method equals a direct recount of the firms' verdicts"; else not_ok "the pipeline counts equal a direct recount"; fi

run pipeline
check "pipeline prints the projection beside the target" 0 out "demo_hnte_count czt hnte 目标 >= 60 (2025)" out "登记库测算"

# ---- what the public sees ---------------------------------------------------------------------
run pipeline --public --json
if python3 - "$OUT" data/demo/plan/regions.csv <<'EOF'
import csv, json, sys
pipe = json.load(open(sys.argv[1]))
regions = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
cols = {}
for row in pipe["regions"]:
    g = row["region"]["code"]
    cols.setdefault("evaluated", {})[g] = row["evaluated"]
    for m, c in row["methods"].items():
        for k, v in c.items():
            cols.setdefault(m + "." + k, {})[g] = v
hidden = 0
for name, col in cols.items():
    for g, v in col.items():
        assert v is None or v >= 3, (name, g, v)  # never a count below 3
        hidden += v is None
    # no shown region minus its shown children that sum into it leaves 1 or 2
    for r in regions:
        kids = [k["code"] for k in regions if k["sums_into"] == r["code"]]
        if not kids or col[r["code"]] is None:
            continue
        if any(col[k] is None for k in kids):
            rest = col[r["code"]] - sum(col[k] for k in kids if col[k] is not None)
            assert rest >= 3, (name, r["code"], rest)
assert hidden > 0
for p in pipe["projections"]:
    assert p["qualifies"] is None or p["qualifies"] >= 3
EOF
then ok "pipeline --public shows no count below 3 and none that subtraction reveals"; else not_ok "pipeline --public suppression"; fi

# ---- projections: a bad file changes nothing --------------------------------------------------
printf 'indicator,method,near_points\ndemo_hnte_count,hnte,10\nno_such,tsme,5\ndemo_tsme_count,giant,500\n' >"$TMP/proj.csv"
before=$(db_hash)
run projections "$TMP/proj.csv"
check "a bad projections file names every bad cell" 2 err "proj.csv:3:1: error: unknown indicator 'no_such'" \
	err "proj.csv:4:2: error: 'giant' is not a method" err "proj.csv:4:3: error: '500' is not a whole number of points 0..100" \
	err "the projections are unchanged"
same_db "the refused projections left the store unchanged" "$before"
printf '指标,评价方法\n【演示】高新技术企业数,hnte\n' >"$TMP/proj2.csv"
run projections "$TMP/proj2.csv"
check "projections by Chinese name, near points by default" 0 out "1 projection"
run projections
check "the mapping is replaced as a whole" 0 out "demo_hnte_count hnte 10"
if grep -q demo_tsme_count "$OUT"; then not_ok "the old mapping is gone"; else ok "the old mapping is gone"; fi
run audit list --action projections.replace
check "the replacement is audited" 0 out "projections.replace"

# ---- the evaluation report --------------------------------------------------------------------
run report --period 2025 --format md -o "$TMP/r.md"
if [ "$RC" -eq 0 ] && grep -qF "登记库测算：企业梯度培育" "$TMP/r.md" && grep -qF "登记库测算，非认定结果" "$TMP/r.md"; then
	ok "the evaluation report carries the projection, labelled as such"
else
	not_ok "the evaluation report carries the projection"
fi

echo "1..$N"
[ "$FAILED" -eq 0 ]
