#!/usr/bin/env python3
"""generate.py - writes the DEMO registry files of data/demo/ (not real data: every name says
【演示】, every code says DEMO). Seeded, so running it again gives byte-identical files:
    python3 data/demo/generate.py            # writes data/demo/demo_*.csv
Use them with the demo plan (data/demo/plan), never with the shipped plan's real figures:
    innomon --db demo.db init --plan data/demo/plan
    innomon --db demo.db import registry enterprises data/demo/demo_enterprises.csv
    ... (contracts, patents, platforms, talents), then innomon --db demo.db registry recompute
"""
import csv
import datetime
import os
import random

SEED = 20240202
HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = ["长沙", "株洲", "湘潭", "长沙高新区", "株洲高新区", "湘潭高新区", "宁乡高新区"]
WEIGHTS = [30, 12, 10, 20, 8, 8, 12]


def day(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def region(rng):
    return rng.choices(REGIONS, WEIGHTS)[0]


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    rng = random.Random(SEED)
    rows = []
    for i in range(160):
        code = "91DEMO%012d" % (i + 1)
        name = "【演示】企业%03d科技有限公司" % (i + 1)
        reg = region(rng)
        cert = rng.choices(["tsme", "hnte", "little_giant", "leading"], [50, 35, 10, 5])[0]
        start = day(rng, 2019, 2025)
        years = 3 if cert in ("hnte", "little_giant") else 1 if cert == "tsme" else 5
        end = start.replace(year=start.year + years) - datetime.timedelta(days=1)
        rows.append([code, name, reg, cert, start.isoformat(), end.isoformat()])
    write("demo_enterprises.csv", ["统一社会信用代码", "企业名称", "地区", "资质", "有效期起", "有效期止"], rows)

    rows = []
    for i in range(240):
        signed = day(rng, 2022, 2025)
        amount = round(rng.lognormvariate(5.5, 1.2), 2)
        rows.append(["DEMO-JS-%04d" % (i + 1), signed.isoformat(), amount, region(rng),
                     "【演示】买方%02d" % rng.randint(1, 40), "【演示】卖方%02d" % rng.randint(1, 40)])
    write("demo_contracts.csv", ["合同编号", "签订日期", "成交额", "地区", "买方", "卖方"], rows)

    rows = []
    for i in range(200):
        granted = day(rng, 2018, 2025)
        lapsed = ""
        if rng.random() < 0.2:
            lapsed = (granted + datetime.timedelta(days=rng.randint(200, 2500))).isoformat()
            if lapsed > "2025-12-31":
                lapsed = ""
        rows.append(["ZLDEMO%08d.%d" % (i + 1, rng.randint(0, 9)), granted.isoformat(), lapsed, region(rng)])
    write("demo_patents.csv", ["专利号", "授权日", "失效日", "地区"], rows)

    rows = []
    kinds = ["全国重点实验室", "国家技术创新中心", "国家企业技术中心", "省重点实验室", "省工程技术研究中心"]
    for i in range(60):
        kind = rng.choice(kinds)
        level = "国家级" if kind.startswith(("全国", "国家")) else "省级"
        rows.append(["DEMO-PT-%03d" % (i + 1), "【演示】平台%03d" % (i + 1), level, kind,
                     day(rng, 2015, 2025).isoformat(), region(rng)])
    write("demo_platforms.csv", ["平台代码", "平台名称", "级别", "类型", "认定日期", "地区"], rows)

    rows = []
    for i in range(120):
        rows.append(["DEMO-RC-%04d" % (i + 1), rng.choice(["【演示】芙蓉计划", "【演示】湖湘英才"]),
                     rng.randint(2022, 2025), region(rng)])
    write("demo_talents.csv", ["编号", "人才计划", "入选年度", "地区"], rows)


if __name__ == "__main__":
    main()
