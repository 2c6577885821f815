#!/usr/bin/env python3
"""Builds the regency maps the province pages embed: `regencies.svgpaths`.

Input: `../shared/data/id-boundaries/regencies.geojson` (514 regencies and cities, dotted
Kemendagri codes in `kode`, their province in `prov_kode`; MIT licence, (c) 2024 Cahya DSN,
via GitHub cahyadsn/wilayah_boundaries; see that folder's SOURCE.md). Output: for each
province a header line `P<TAB>province code<TAB>0 0 W H` followed by one line per regency,
`code<TAB>name<TAB>svg path data`.

Each province is drawn in its own box, WIDTH units wide (narrower when the province is taller
than it is wide, so no map is taller than WIDTH), with the same equirectangular projection,
Douglas-Peucker simplification, island dropping and 0.1-unit relative path commands as the
national map (`build_map.py`, whose helpers this script reuses). The box is fitted to the
parts that are kept, so a far-off islet that is too small to draw does not shrink the rest.

Run from the repository root, standard library only:

    python3 crates/server/data/build_regency_map.py [path/to/regencies.geojson]

and commit the output. The server reads it with `include_str!` (src/map.rs).
"""

import json
import math
import os
import sys
from collections import defaultdict

from build_map import area, path_data, simplify_ring

WIDTH = 600.0
# Douglas-Peucker tolerance and the smallest island kept, in output units. A province page
# shows one map, so these are chosen to keep the largest province's paths near 40 KB.
TOLERANCE = 1.0
MIN_AREA = 6.0

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.join(
    HERE, "..", "..", "..", "..", "shared", "data", "id-boundaries", "regencies.geojson"
)
OUTPUT = os.path.join(HERE, "regencies.svgpaths")


def fit(rings):
    """The projection that puts the given lon/lat rings into a WIDTH-unit box."""
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    min_lon, max_lon, min_lat, max_lat = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span = max((max_lon - min_lon) * kx, max_lat - min_lat)
    scale = WIDTH / span

    def project(ring):
        return [((lon - min_lon) * kx * scale, (max_lat - lat) * scale) for lon, lat in ring]

    # Rounded before the ceiling so that floating-point noise on the full side stays WIDTH.
    width = math.ceil(round((max_lon - min_lon) * kx * scale, 6))
    height = math.ceil(round((max_lat - min_lat) * scale, 6))
    return project, f"0 0 {width} {height}"


def province_lines(code, features):
    # Outer rings only: holes (lakes) are invisible at this scale.
    outer = {
        f["properties"]["kode"]: [poly[0] for poly in f["geometry"]["coordinates"]]
        for f in features
    }
    # First pass: which parts are big enough to draw when the whole province is in the box.
    project, _ = fit([r for rings in outer.values() for r in rings])
    kept = {}
    for kode, rings in outer.items():
        ranked = sorted(rings, key=lambda r: area(project(r)), reverse=True)
        kept[kode] = ranked[:1] + [r for r in ranked[1:] if area(project(r)) >= MIN_AREA]
    # Second pass: refit the box to the kept parts only.
    project, view_box = fit([r for rings in kept.values() for r in rings])
    lines = [f"P\t{code}\t{view_box}"]
    for f in sorted(features, key=lambda f: f["properties"]["kode"]):
        props = f["properties"]
        rings = [simplify_ring(project(r), TOLERANCE) for r in kept[props["kode"]]]
        lines.append(f"{props['kode']}\t{props['name']}\t{path_data(rings)}")
    return lines


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    with open(src, encoding="utf-8") as f:
        features = json.load(f)["features"]
    by_province = defaultdict(list)
    for feat in features:
        by_province[feat["properties"]["prov_kode"]].append(feat)
    lines = []
    largest = (0, "")
    for code in sorted(by_province):
        block = province_lines(code, by_province[code])
        size = sum(len(line.encode("utf-8")) + 1 for line in block)
        largest = max(largest, (size, code))
        lines += block
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(
        f"wrote {OUTPUT}: {len(by_province)} provinces, {len(features)} regencies, "
        f"{os.path.getsize(OUTPUT)} bytes; largest province {largest[1]}: {largest[0]} bytes"
    )


if __name__ == "__main__":
    main()
