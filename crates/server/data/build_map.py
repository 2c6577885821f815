#!/usr/bin/env python3
"""Builds the province map the overview page embeds: `provinces.svgpaths`.

Input: `../shared/data/id-boundaries/provinces.geojson` (38 provinces, Kemendagri codes;
MIT licence, (c) 2024 Cahya DSN, via GitHub cahyadsn/wilayah_boundaries; see that folder's
SOURCE.md). Output: one line per province, `code<TAB>name<TAB>svg path data`, after a
header line `viewBox<TAB>0 0 W H`. Coordinates are projected (equirectangular, scaled by the
cosine of the mean latitude, which is close to 1 this near the equator) into a 1000-unit-wide
box, each ring simplified with Douglas-Peucker, islands smaller than a few pixels dropped
(the largest part of every province is always kept), and written with relative `l` commands
rounded to 0.1 unit (about 5 km), so the file stays well under 150 KB.

Run from the repository root, standard library only:

    python3 crates/server/data/build_map.py [path/to/provinces.geojson]

and commit the output. The server reads it with `include_str!` (src/map.rs).
"""

import json
import math
import os
import sys

WIDTH = 1000.0
# Douglas-Peucker tolerance and the smallest island kept, in output units (1 unit ~ 5 km).
TOLERANCE = 0.5
MIN_AREA = 1.0

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.join(
    HERE, "..", "..", "..", "..", "shared", "data", "id-boundaries", "provinces.geojson"
)
OUTPUT = os.path.join(HERE, "provinces.svgpaths")


def perpendicular(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def douglas_peucker(points, tol):
    """Iterative Douglas-Peucker over an open polyline; keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, -1
        for k in range(i + 1, j):
            d = perpendicular(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if best > tol and index > 0:
            keep[index] = True
            stack.append((i, index))
            stack.append((index, j))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, tol):
    # A closed ring is split at its farthest point from the start, so both halves keep shape.
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 4:
        return ring
    far = max(range(len(ring)), key=lambda k: math.hypot(ring[k][0] - ring[0][0], ring[k][1] - ring[0][1]))
    a = douglas_peucker(ring[: far + 1], tol)
    b = douglas_peucker(ring[far:] + [ring[0]], tol)
    return a[:-1] + b[:-1]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def path_data(rings):
    out = []
    for ring in rings:
        pts = [(round(x * 10), round(y * 10)) for x, y in ring]
        # Drop points that round onto their predecessor.
        dedup = [pts[0]]
        for p in pts[1:]:
            if p != dedup[-1]:
                dedup.append(p)
        if len(dedup) < 3:
            continue
        x0, y0 = dedup[0]
        parts = [f"M{fmt(x0)} {fmt(y0)}l"]
        coords = []
        for (px, py), (qx, qy) in zip(dedup, dedup[1:]):
            coords.append(f"{fmt(qx - px)} {fmt(qy - py)}")
        parts.append(" ".join(coords))
        parts.append("z")
        out.append("".join(parts))
    return "".join(out)


def fmt(tenths):
    """An integer number of tenths as the shortest decimal: 12 -> 1.2, -5 -> -.5, 30 -> 3."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{frac}"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    with open(src, encoding="utf-8") as f:
        features = json.load(f)["features"]
    lons, lats = [], []
    for feat in features:
        for poly in feat["geometry"]["coordinates"]:
            for x, y in poly[0]:
                lons.append(x)
                lats.append(y)
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = WIDTH / ((max_lon - min_lon) * kx)
    height = math.ceil((max_lat - min_lat) * scale)

    def project(lon, lat):
        return ((lon - min_lon) * kx * scale, (max_lat - lat) * scale)

    lines = [f"viewBox\t0 0 {int(WIDTH)} {height}"]
    for feat in sorted(features, key=lambda f: f["properties"]["kode"]):
        props = feat["properties"]
        rings = []
        for poly in feat["geometry"]["coordinates"]:
            # Outer rings only: holes (lakes) are invisible at this scale.
            rings.append([project(x, y) for x, y in poly[0]])
        rings.sort(key=area, reverse=True)
        kept = [simplify_ring(rings[0], TOLERANCE)]
        kept += [simplify_ring(r, TOLERANCE) for r in rings[1:] if area(r) >= MIN_AREA]
        lines.append(f"{props['kode']}\t{props['name']}\t{path_data(kept)}")
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUTPUT}: {len(lines) - 1} provinces, {os.path.getsize(OUTPUT)} bytes")


if __name__ == "__main__":
    main()
