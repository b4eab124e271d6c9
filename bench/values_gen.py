#!/usr/bin/env python3
"""values_gen.py - a values file for the benchmarks (bench/values.sh, bench/pg.sh): ROWS values of
the shipped plan's reported indicators for every region, month after month from 1990, that pass
the plan's error rules (ranks drawn at random set off its year-on-year warning now and then: a
warning, listed, never a refusal). Run from the repository's root.
usage: bench/values_gen.py ROWS OUT.csv"""
import csv, random, sys
rows, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20251231)
inds = [r for r in csv.DictReader(open('data/plans/czt-2024/indicators.csv', encoding='utf-8')) if r['kind'] == 'reported']
regions = [r['code'] for r in csv.DictReader(open('data/plans/czt-2024/regions.csv', encoding='utf-8'))]
scale = {'hunan': (200000, 300000), 'czt': (50000, 60000), 'zcq': (5000, 7000), 'changsha': (10000, 15000),
         'zhuzhou': (10000, 15000), 'xiangtan': (10000, 15000)}
for r in regions:
    scale.setdefault(r, (100, 150))
with open(out, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['indicator', 'region', 'period', 'value', 'source'])
    n = 0
    year, month = 1990, 1
    while n < rows:
        for ind in inds:
            for reg in regions:
                if n == rows:
                    break
                unit = ind['unit_zh']
                if unit == '位':
                    v = rnd.randint(1, 100)
                elif unit in ('%', '分'):
                    v = round(rnd.uniform(1, 14), 2)
                else:
                    # a region never exceeds the regions it belongs to, and a value stays
                    # within 50% of a year earlier: the plan's rules pass
                    v = round(rnd.uniform(*scale[reg]), 1)
                w.writerow([ind['code'], reg, '%d-%02d' % (year, month), v, 'benchmark data (generated)'])
                n += 1
        month += 1
        if month == 13:
            year, month = year + 1, 1
