#!/usr/bin/env python3
"""oracle.py - the independent check of tests/golden/firms50.json: the five methods written
again, straight from ../shared/research/methods-cn.md and docs/firms.md's stated choices (not
from src/core), with exact fractions, over the same CSV files; every firm's verdict per method
and its total (科技型、创新型) or score range (高新技术企业、专精特新) must equal the golden file.
usage: oracle.py FIRMS.csv CERTS.csv GOLDEN.json   (exit 1 and the differences when any)"""
import csv, sys, datetime
from fractions import Fraction as F

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
certs = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
Y = 2024
def num(s):
    return None if s == "" else F(s)
firms = {}
for r in rows:
    firms.setdefault(r["统一社会信用代码"], {})[int(r["年度"])] = r
def g(f, y, k):
    r = f.get(y)
    return None if r is None else num(r[k])
def t(f, y, k):
    r = f.get(y); return None if r is None else r[k]
def hnte_cert(code, date):
    return any(c["统一社会信用代码"] == code and c["资质"] == "hnte" and c["有效期起"] <= date <= (c["有效期止"] or "9999") for c in certs)

def tsme(code, f):
    staff, tech, sales, assets = g(f,Y,"职工总数"), g(f,Y,"科技人员数"), g(f,Y,"营业收入"), g(f,Y,"资产总额")
    cost, rd = g(f,Y,"成本费用支出总额"), g(f,Y,"研发费用总额")
    comp = t(f,Y,"合规")
    basic_fail = staff > 500 or sales > 20000 or assets > 20000 or comp == "否"
    r = tech / staff
    s_staff = 20 if r >= F(30,100) else 16 if r >= F(25,100) else 12 if r >= F(20,100) else 8 if r >= F(15,100) else 4 if r >= F(10,100) else 0
    def b_sales(x): return 50 if x >= F(6,100) else 40 if x >= F(5,100) else 30 if x >= F(4,100) else 20 if x >= F(3,100) else 10 if x >= F(2,100) else 0
    def b_cost(x): return 50 if x >= F(30,100) else 40 if x >= F(25,100) else 30 if x >= F(20,100) else 20 if x >= F(15,100) else 10 if x >= F(10,100) else 0
    ps = b_sales(rd/sales) if sales else None
    pc = b_cost(rd/cost) if cost else None
    m = t(f,Y,"研发投入计分口径")
    s_rd = ps if m == "销售收入" else pc if m == "成本费用" else max(x for x in (ps, pc) if x is not None)
    i1, i2 = g(f,Y,"Ⅰ类知识产权"), g(f,Y,"Ⅱ类知识产权")
    s_ip = 30 if i1 >= 1 else [0,6,12,18,24][min(int(i2),4)]
    total = s_staff + s_rd + s_ip
    direct = hnte_cert(code, "%d-12-31" % Y) or t(f,Y,"研发机构") in ("省部级","国家级")
    for y in range(Y-4, Y+1):
        if t(f,y,"科技奖励") == "国家级" and t(f,y,"获奖排名") and 1 <= int(t(f,y,"获奖排名")) <= 3: direct = True
        if t(f,y,"标准制定") == "主导制定": direct = True
    ok = not basic_fail and ((s_staff > 0 and total >= 60) or direct)
    return ("qualifies" if ok else "fails"), total

def innov(code, f):
    i1, i2 = g(f,Y,"Ⅰ类知识产权"), g(f,Y,"Ⅱ类知识产权")
    hv, self1 = g(f,Y,"其中高价值Ⅰ类") or 0, g(f,Y,"其中自主研发Ⅰ类") or 0
    p1 = 20 if hv >= 1 else 15 if self1 >= 1 else 10 if i1 >= 1 else 5 if i2 >= 1 else 0
    rev, rd, mr = g(f,Y,"营业收入"), g(f,Y,"研发费用总额"), g(f,Y,"主营业务收入")
    x = rd/rev
    p2 = 20 if x >= F(5,100) else 15 if x >= F(3,100) else 10 if x >= F(2,100) else 5 if x >= F(1,100) else 0
    prev = g(f,Y-1,"主营业务收入")
    if prev is None or prev == 0:
        p3 = None
    else:
        gr = mr/prev - 1
        p3 = 20 if gr >= F(15,100) else 15 if gr >= F(10,100) else 10 if gr >= F(5,100) else 5 if gr >= 0 else 0
    d = g(f,Y,"负债总额")/g(f,Y,"资产总额")
    p4 = 10 if d < F(55,100) else 5 if d <= F(75,100) else 0
    p5 = 10 if t(f,Y,"战略性新兴产业") == "是" else 5
    s = mr/rev
    p6 = 20 if s >= F(70,100) else 15 if s >= F(60,100) else 10 if s >= F(55,100) else 5 if s >= F(50,100) else 0
    direct = t(f,Y,"研发机构") in ("省部级","国家级") or hnte_cert(code, "%d-12-31" % Y)
    titles = t(f,Y,"称号")
    if any(k in titles for k in ("国家级技术创新示范企业","知识产权优势企业","知识产权示范企业")): direct = True
    eq = 0
    for y in range(Y-2, Y+1):
        if t(f,y,"科技奖励") in ("国家级","省级"): direct = True
        eq += g(f,y,"新增股权融资") or 0
    if eq >= 500: direct = True
    if p3 is None:
        return ("qualifies" if direct else "undetermined?"), None
    total = p1+p2+p3+p4+p5+p6
    ok = (total >= 60 and p1+p2 >= 20 and p3+p4 >= 15 and p5+p6 >= 15) or direct
    return ("qualifies" if ok else "fails"), total

def hnte(code, f):
    founded = datetime.date.fromisoformat(t(f,Y,"成立日期"))
    conds = {}
    conds["reg"] = (datetime.date(Y,12,31) - founded).days >= 365
    i1, i2 = g(f,Y,"Ⅰ类知识产权"), g(f,Y,"Ⅱ类知识产权")
    conds["ip"] = i1 + i2 >= 1
    conds["field"] = t(f,Y,"高新技术领域") != "否"
    conds["staff"] = g(f,Y,"科技人员数")/g(f,Y,"职工总数") >= F(10,100)
    years = [y for y in range(Y-2, Y+1) if y >= founded.year]
    rd = sum(g(f,y,"研发费用总额") for y in years); sales = sum(g(f,y,"营业收入") for y in years)
    last = g(f,Y,"营业收入")
    need = F(5,100) if last <= 5000 else F(4,100) if last <= 20000 else F(3,100)
    conds["rd"] = rd/sales >= need
    dom = sum(g(f,y,"境内研发费用") for y in years)
    conds["dom"] = dom/rd >= F(60,100)
    tot = g(f,Y,"总收入") or g(f,Y,"营业收入")
    conds["hitech"] = g(f,Y,"高新技术产品（服务）收入")/tot >= F(60,100)
    conds["comp"] = t(f,Y,"合规") != "否"
    # score range
    cnt = (7,8) if i1 >= 1 else (5,6) if i2 >= 5 else (3,4) if i2 >= 3 else (1,2) if i2 >= 1 else (0,0)
    selfn = (g(f,Y,"其中自主研发Ⅰ类") or 0) + (g(f,Y,"其中自主研发Ⅱ类") or 0)
    acq = (0,0) if i1+i2 == 0 else (1,6) if selfn > 0 else (1,3)
    std = (1,2) if t(f,Y,"标准制定") in ("参与制定","主导制定") else (0,0)
    ip = (min(30, 0+0+cnt[0]+acq[0]+std[0]), min(30, 8+8+cnt[1]+acq[1]+std[1]))
    conv = sum(g(f,y,"科技成果转化数") for y in years)
    n = len(years)
    cv = (25,30) if conv >= 5*n else (19,24) if conv >= 4*n else (13,18) if conv >= 3*n else (7,12) if conv >= 2*n else (1,6) if conv >= n else (0,0)
    def growth(vals):
        if len(vals) < 2: return (0,0)
        if len(vals) == 3 and vals[0] > 0 and vals[1] > 0:
            gr = (vals[1]/vals[0] + vals[2]/vals[1]) / 2 - 1
        elif vals[-2] > 0:
            gr = vals[-1]/vals[-2] - 1
        else:
            return (0,0)
        return (9,10) if gr >= F(35,100) else (7,8) if gr >= F(25,100) else (5,6) if gr >= F(15,100) else (3,4) if gr >= F(5,100) else (1,2) if gr > 0 else (0,0)
    na = growth([g(f,y,"资产总额") - g(f,y,"负债总额") for y in years])
    sg = growth([g(f,y,"营业收入") for y in years])
    lo = ip[0] + cv[0] + 0 + na[0] + sg[0]
    hi = ip[1] + cv[1] + 20 + na[1] + sg[1]
    ex = [t(f,Y,k) for k in ("专家评分知识产权","专家评分成果转化","专家评分研发管理","专家评分成长性")]
    if all(ex):
        lo = hi = sum(int(e) for e in ex)
    if not all(conds.values()):
        return "fails", (lo, hi), [k for k,v in conds.items() if not v]
    if lo >= 71: return "qualifies", (lo,hi), []
    if hi < 71: return "fails", (lo,hi), ["score"]
    return "undetermined", (lo,hi), []

def mean_growth(f, y):
    v = [g(f,yy,"主营业务收入") for yy in (y-2,y-1,y)]
    if None in v or v[0] <= 0 or v[1] <= 0: return None
    return ((v[1]/v[0]-1) + (v[2]/v[1]-1)) / 2

def srdi(code, f):
    since = int(t(f,Y,"进入细分市场年份")); my = Y - since
    rev, rd = g(f,Y,"营业收入"), g(f,Y,"研发费用总额")
    eq2 = sum(g(f,y,"新增股权融资") or 0 for y in (Y-1,Y) if y in f)
    conds = {"market": my >= 2, "rd": rd >= 100 and rd/rev >= F(3,100), "rev": rev >= 1000 or eq2 >= 2000}
    mr = g(f,Y,"主营业务收入"); s = mr/rev
    known = 5 if s >= F(80,100) else 3 if s >= F(70,100) else 1 if s >= F(60,100) else 0
    gr = mean_growth(f, Y)
    missing = gr is None
    if gr is not None:
        known += 10 if gr >= F(10,100) else 8 if gr >= F(8,100) else 6 if gr >= F(6,100) else 4 if gr >= F(4,100) else 2 if gr >= 0 else 0
    known += min(5, my // 2)
    lvl = {"一级":1,"二级":2,"三级":3,"四级":4}[t(f,Y,"数字化水平")]
    known += 5 if lvl >= 3 else 3 if lvl == 2 else 0
    titles = t(f,Y,"称号")
    q = sum(k in titles for k in ("省级以上质量奖","管理体系认证","自主品牌")) + (t(f,Y,"标准制定") in ("参与制定","主导制定"))
    known += min(5, 3*q)
    m = g(f,Y,"净利润")/rev
    known += 10 if m >= F(10,100) else 8 if m >= F(8,100) else 6 if m >= F(6,100) else 4 if m >= F(4,100) else 2 if m >= F(2,100) else 0
    d = g(f,Y,"负债总额")/g(f,Y,"资产总额")
    known += 5 if d < F(50,100) else 3 if d < F(60,100) else 1 if d <= F(70,100) else 0
    hi = known + 5 + 15 + 35 + (10 if missing else 0)
    direct = False
    for y in range(Y-2, Y+1):
        a, rk = t(f,y,"科技奖励"), t(f,y,"获奖排名")
        if a and rk and ((a == "省级" and int(rk) <= 3) or (a == "国家级" and int(rk) <= 5)): direct = True
        if y in f and "创客中国" in t(f,y,"称号"): direct = True
    if Y-1 in f and g(f,Y-1,"研发费用总额") + rd >= 2000: direct = True
    if eq2 >= 6000: direct = True
    if not all(conds.values()): return "fails", (known, hi)
    if direct: return "qualifies", (known, hi)
    if hi < 60: return "fails", (known, hi)
    return "undetermined", (known, hi)

def giant(code, f):
    since = int(t(f,Y,"进入细分市场年份")); my = Y - since
    rev, mr = g(f,Y,"营业收入"), g(f,Y,"主营业务收入")
    c = {}
    c["market"] = my >= 3
    c["main"] = mr/rev >= F(70,100)
    gr = mean_growth(f, Y)
    c["growth"] = None if gr is None else gr >= F(5,100)
    lvl = {"一级":1,"二级":2,"三级":3,"四级":4}[t(f,Y,"数字化水平")]
    c["digital"] = True if lvl >= 2 else "manual"
    titles = t(f,Y,"称号")
    c["cert"] = True if "管理体系认证" in titles else "manual"
    c["debt"] = g(f,Y,"负债总额")/g(f,Y,"资产总额") <= F(70,100)
    c["share"] = num(t(f,Y,"细分市场占有率")) >= 10
    c["brand"] = "自主品牌" in titles
    if rev >= 5000:
        bp = F(3,100) if rev >= 10000 else F(6,100)
        c["rd"] = all(g(f,y,"研发费用总额")/g(f,y,"营业收入") >= bp for y in (Y-1,Y)) if Y-1 in f else None
    else:
        eq = sum(g(f,y,"新增股权融资") or 0 for y in (Y-1,Y)); rd2 = sum(g(f,y,"研发费用总额") for y in (Y-1,Y) if y in f)
        c["rd"] = eq >= 8000 and rd2 >= 3000 and g(f,Y,"研发人员数")/g(f,Y,"职工总数") >= F(50,100) if Y-1 in f else None
    c["rdorg"] = t(f,Y,"研发机构") != ""
    c["ip"] = g(f,Y,"Ⅰ类知识产权") >= 2
    direct = False
    for y in range(Y-2, Y+1):
        a, rk = t(f,y,"科技奖励"), t(f,y,"获奖排名")
        if a == "国家级" and rk and int(rk) <= 3: direct = True
        if y in f and "创客中国50强" in t(f,y,"称号"): direct = True
    if direct:
        for k in ("rd","rdorg","ip"): c.pop(k)
    if any(v is False for v in c.values()): return "fails", sorted(k for k,v in c.items() if v is False)
    if any(v is None for v in c.values()): return "undetermined", []
    return "qualifies", []

out = {}
for code in sorted(firms):
    f = firms[code]
    if Y not in f: continue
    out[code] = dict(tsme=tsme(code,f), innov=innov(code,f), hnte=hnte(code,f), srdi=srdi(code,f), giant=giant(code,f))
import json
golden = {r["code"]: r["methods"] for r in json.load(open(sys.argv[3], encoding="utf-8"))}
names = {"tsme": "tsme", "innov": "innov_sme", "hnte": "hnte", "srdi": "srdi", "giant": "little_giant"}
bad = 0
for code, d in out.items():
    for m, v in d.items():
        got = golden[code][names[m]]
        sc = got.get("score")
        same = got["verdict"] == v[0]
        if m in ("tsme", "innov") and v[1] is not None:
            same = same and sc["min"] == sc["max"] == v[1]
        if m in ("hnte", "srdi"):
            same = same and (sc["min"], sc["max"]) == tuple(v[1])
        if not same:
            bad += 1
            print("%s %s: oracle %s, golden %s %s" % (code, m, v, got["verdict"], sc))
print("%d firms, %d differences" % (len(out), bad))
sys.exit(1 if bad or len(out) != len(golden) else 0)
