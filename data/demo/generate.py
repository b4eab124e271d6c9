#!/usr/bin/env python3
"""generate.py - writes the DEMO firms of data/demo/ (demo_firms.csv, the firms registry's yearly
figures, and demo_firm_certs.csv, their 高新技术企业 certificates) (not real data: every name says
【演示】, every code says DEM). Seeded, so running it again gives byte-identical files:
    python3 data/demo/generate.py                       # writes data/demo/demo_firm*.csv
    python3 data/demo/generate.py --firms N SEED DIR    # N firms into DIR (tests, benchmarks)
The other registries (enterprises, contracts, patents, platforms, talents) are written by
`innomon gen` (core/gen.c): data/demo/registries/.
"""
import csv
import datetime
import os
import random

SEED = 20240202
HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = ["长沙", "株洲", "湘潭", "长沙高新区", "株洲高新区", "湘潭高新区", "宁乡高新区"]
WEIGHTS = [30, 12, 10, 20, 8, 8, 12]


def region(rng):
    return rng.choices(REGIONS, WEIGHTS)[0]


# ---- firms: the firms registry (企业年度数据) and their certificates -------------------------

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS17 = [pow(3, i, 31) for i in range(17)]
CITY_CODES = {"长沙": "430100", "株洲": "430200", "湘潭": "430300", "长沙高新区": "430100", "株洲高新区": "430200",
              "湘潭高新区": "430300", "宁乡高新区": "430100"}


def uscc(body17):
    """The GB 32100-2015 check character appended to 17 characters."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(body17, WEIGHTS17))
    return body17 + ALPHABET[(31 - total % 31) % 31]


def wan(x):
    """An amount in 万元 with 2 decimals, as text without trailing zeros."""
    t = "%.2f" % max(x, 0)
    return t.rstrip("0").rstrip(".")


def firm_rows(n, seed):
    """n firms, three years each (fewer when founded later): sizes, R&D and IP drawn so that
    roughly half qualify as 科技型中小企业 and a third are close to 高新技术企业."""
    rng = random.Random(seed)
    header = ["统一社会信用代码", "年度", "企业名称", "地区", "成立日期", "职工总数", "科技人员数", "研发人员数", "营业收入",
              "主营业务收入", "成本费用支出总额", "资产总额", "负债总额", "净利润", "研发费用总额", "境内研发费用",
              "高新技术产品（服务）收入", "总收入", "新增股权融资", "Ⅰ类知识产权", "其中自主研发Ⅰ类", "其中高价值Ⅰ类",
              "Ⅱ类知识产权", "其中自主研发Ⅱ类", "科技成果转化数", "科技奖励", "获奖排名", "研发机构", "标准制定", "称号",
              "进入细分市场年份", "细分市场占有率", "数字化水平", "战略性新兴产业", "高新技术领域", "合规", "研发投入计分口径",
              "专家评分知识产权", "专家评分成果转化", "专家评分研发管理", "专家评分成长性"]
    rows, certs = [], []
    for i in range(n):
        reg = region(rng)
        code = uscc("91" + CITY_CODES[reg] + "DEM%06d" % (i + 1))
        name = "【演示】%s企业%04d有限公司" % (rng.choice(["智能", "新材料", "生物", "装备", "信息", "能源"]), i + 1)
        founded = datetime.date(rng.randint(1998, 2023), rng.randint(1, 12), rng.randint(1, 28))
        staff = max(8, int(rng.lognormvariate(4.3, 0.9)))           # median about 75
        tech_share = min(0.9, max(0.02, rng.betavariate(2.2, 7.0)))  # mean about 24%
        revenue = staff * rng.lognormvariate(3.6, 0.6)              # 万元, about 37 per head
        rd_ratio = min(0.3, rng.lognormvariate(-3.05, 0.5))          # median about 4.7%
        growth = rng.gauss(0.10, 0.15)
        main_share = min(1.0, max(0.3, rng.gauss(0.85, 0.12)))
        ip1 = max(0, int(rng.lognormvariate(0.2, 1.0) - 1.0)) if rng.random() < 0.55 else 0
        ip2 = max(0, int(rng.lognormvariate(1.2, 0.9) - 1))
        since = max(founded.year, rng.randint(founded.year, 2023))
        share = round(min(60.0, rng.lognormvariate(1.2, 1.0)), 2)
        hnte_applicant = rng.random() < 0.3
        titles = [t for t, p in (("mgmt_cert", 0.5), ("own_brand", 0.4), ("quality_award", 0.05), ("ip_advantage", 0.04),
                                 ("chuangke500", 0.02)) if rng.random() < p]
        first = max(2022, founded.year)
        for year in range(first, 2025):
            k = year - 2022
            f = (1 + growth) ** (k - 2)                               # the 2024 level is the base
            rev = revenue * f * rng.uniform(0.95, 1.05)
            mr = rev * main_share
            rd = rev * rd_ratio * rng.uniform(0.85, 1.15)
            assets = rev * rng.uniform(0.8, 1.8)
            liab = assets * rng.uniform(0.2, 0.8)
            award = rank = ""
            if rng.random() < 0.03:
                award, rank = rng.choice(["省级", "省级", "国家级"]), str(rng.randint(1, 6))
            rows.append([
                code, year, name, reg, founded.isoformat(), staff, int(round(staff * tech_share)),
                int(round(staff * tech_share * 0.8)), wan(rev), wan(mr), wan(rev * rng.uniform(0.82, 0.98)), wan(assets), wan(liab),
                "%.2f" % (rev * rng.gauss(0.06, 0.07)), wan(rd), wan(rd * rng.uniform(0.55, 1.0)),
                wan(rev * rng.uniform(0.45, 0.98)), wan(rev * 1.02), wan(rng.choice([0, 0, 0, 0, 200, 800, 3000]) if rng.random() < 0.1 else 0),
                ip1, min(ip1, rng.randint(0, ip1)), 1 if ip1 and rng.random() < 0.1 else 0, ip2, rng.randint(0, ip2),
                rng.randint(0, 3) + (rng.randint(2, 6) if rd_ratio > 0.035 else 0), award, rank,
                rng.choice(["", "", "", "自建", "自建", "省部级", "国家级"]) if rng.random() < 0.6 else "",
                rng.choice(["", "", "", "参与制定", "主导制定"]), "、".join(["自主品牌" if t == "own_brand" else
                                                                   "管理体系认证" if t == "mgmt_cert" else
                                                                   "省级以上质量奖" if t == "quality_award" else
                                                                   "知识产权优势企业" if t == "ip_advantage" else
                                                                   "创客中国500强" for t in titles]) or "无",
                since, share, rng.choice(["一级", "二级", "二级", "三级"]), rng.choice(["是", "是", "否"]),
                rng.choice(["是", "是", "是", "是", "否"]), rng.choice(["是"] * 18 + ["否", ""]), rng.choice(["", "", "销售收入", "成本费用"]),
                *(([rng.randint(16, 28), rng.randint(13, 28), rng.randint(9, 18), rng.randint(4, 15)]) if hnte_applicant and year == 2024
                  else ["", "", "", ""]),
            ])
        if rng.random() < 0.25:
            start = datetime.date(rng.randint(2021, 2024), rng.randint(1, 12), 1)
            certs.append([code, name, reg, "hnte", start.isoformat(), (start.replace(year=start.year + 3) - datetime.timedelta(days=1)).isoformat()])
    return header, rows, certs


def firms(n=400, seed=SEED + 17, out_dir=HERE):
    header, rows, certs = firm_rows(n, seed)
    with open(os.path.join(out_dir, "demo_firms.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    with open(os.path.join(out_dir, "demo_firm_certs.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["统一社会信用代码", "企业名称", "地区", "资质", "有效期起", "有效期止"])
        w.writerows(certs)


if __name__ == "__main__":
    import sys
    if len(sys.argv) > 1 and sys.argv[1] == "--firms":
        # generate.py --firms N SEED DIR: N demo firms into DIR (benchmarks, tests)
        firms(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        firms()
