#!/usr/bin/env python3
"""geo_generalise.py - make the small boundary file under data/geo/ from Apache ECharts' map data.

usage: tools/geo_generalise.py ECHARTS_PROVINCE_JSON OUT.geojson [TOLERANCE_DEGREES]

The input is a province file of the npm package echarts 4.9.0 (map/json/province/hunan.json,
Apache License 2.0; `npm pack echarts@4.9.0`), whose coordinates are ECharts' compressed
encoding (zigzag deltas of 1/1024 degree as characters, "UTF8Encoding": true). This decodes
them, simplifies every ring by Douglas-Peucker (default 0.01 degree, about 1 km), rounds to
three decimals and writes plain GeoJSON: one feature per prefecture with properties code (the
national division code, GB/T 2260, the feature's id) and name. Deterministic: the same input
gives the same bytes, so a rerun shows no diff.
"""
import json
import sys


def decode_ring(s, offsets, scale=1024.0):
    out = []
    px, py = offsets
    for i in range(0, len(s) - 1, 2):
        x = ord(s[i]) - 64
        y = ord(s[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += px
        y += py
        px, py = x, y
        out.append((x / scale, y / scale))
    return out


def perp(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        best, idx = 0.0, -1
        for i in range(a + 1, b):
            d = perp(pts[i], pts[a], pts[b])
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(pts, keep) if k]


def ring_out(ring, tol):
    r = simplify(ring, tol)
    r = [[round(x, 3), round(y, 3)] for x, y in r]
    dedup = [r[0]]
    for p in r[1:]:
        if p != dedup[-1]:
            dedup.append(p)
    if dedup[0] != dedup[-1]:
        dedup.append(dedup[0])
    return dedup if len(dedup) >= 4 else None


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    tol = float(sys.argv[3]) if len(sys.argv) == 4 else 0.01
    src = json.load(open(sys.argv[1], encoding="utf-8"))
    feats = []
    for f in src["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        offs = [g["encodeOffsets"]] if g["type"] == "Polygon" else g["encodeOffsets"]
        out = []
        for poly, poff in zip(polys, offs):
            rings = [ring_out(decode_ring(ring, off), tol) for ring, off in zip(poly, poff)]
            rings = [r for r in rings if r]
            if rings:
                out.append(rings)
        feats.append({"type": "Feature", "properties": {"code": str(f["id"]), "name": f["properties"]["name"]},
                      "geometry": {"type": "MultiPolygon", "coordinates": out}})
    doc = {"type": "FeatureCollection", "features": feats}
    with open(sys.argv[2], "w", encoding="utf-8") as fp:
        json.dump(doc, fp, ensure_ascii=False, separators=(",", ":"))
        fp.write("\n")


if __name__ == "__main__":
    main()
