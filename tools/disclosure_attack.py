#!/usr/bin/env python3
"""Tries to work out every published "<5" count of a kind of work (wage-employed,
self-employed, abroad) from everything a running Listraf publishes, by integer programming.

It reads, from the JSON API of a server (default http://127.0.0.1:8080):
  - kebekerjaan by province and by programme (`/api/v1/outcomes`, `/hasil` CSV for the marks),
  - every BLK's scorecard (`/api/v1/blks/{code}/scorecard`, `kinds_of_work_shown`),
and takes each published cell as a range: "<5" is 1-4, "x" is 0 or at least 5, "~R" is
R-2..R+2 and at least 5, a number is itself. It requires every row to add up to
rate x traced (the API's full-precision rate), every province's BLKs to add up to the
province, and the provinces and the programmes to share national totals. It then minimises
and maximises each "<5": a cell whose minimum equals its maximum is disclosed.

    pip install pulp
    listraf demo &            # or: listraf serve --db <database>
    python3 tools/disclosure_attack.py [http://127.0.0.1:8080]

Prints the cells worked out exactly ("DERIVED") or narrowed below 1-4, and a count. A few
minutes for the demo (about 500 small cells, two solves each).
"""
import collections
import concurrent.futures as cf
import csv
import io
import json
import sys
import urllib.request

import pulp

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
KINDS = ["wage", "self_employed", "overseas"]


def get(path):
    return urllib.request.urlopen(BASE + path).read().decode()


def table(by):
    api = json.loads(get(f"/api/v1/outcomes?by={by}"))
    marks = {r["code"]: r for r in csv.DictReader(io.StringIO(get(f"/hasil?format=csv&table=by_{by}")))}
    rows = []
    for r in api["rows"]:
        if r["kebekerjaan"] is None:
            continue
        rows.append(dict(code=r["code"], E=round(r["kebekerjaan"] * r["traced"]),
                         v={k: marks[r["code"]][k] for k in KINDS}))
    return rows


provinces = table("province")
programmes = table("programme")
blk_codes = []
for p in provinces:
    blk_codes += [(b["code"], b["region_code"][:2]) for b in json.loads(get(f"/api/v1/regions/{p['code']}"))["blks"]]


def scorecard(item):
    code, province = item
    card = json.loads(get(f"/api/v1/blks/{code}/scorecard"))
    k = card["kebekerjaan"]
    if k is None or k["kebekerjaan"] is None:
        return None
    return dict(code=code, province=province, E=round(k["kebekerjaan"] * k["traced"]),
                v=card["kinds_of_work_shown"])


with cf.ThreadPoolExecutor(8) as ex:
    blks = [b for b in ex.map(scorecard, blk_codes) if b]
tables = [("V", provinces), ("P", programmes), ("B", blks)]
print(f"{len(provinces)} provinces, {len(programmes)} programmes, {len(blks)} BLKs with a published rate")


def build(target=None, sense=1):
    m = pulp.LpProblem("attack", pulp.LpMinimize)
    var, cell = {}, {}
    for tn, rows in tables:
        for r in rows:
            terms = []
            all_withheld = all(r["v"][k] == "x" for k in KINDS)
            for k in KINDS:
                v = r["v"][k]
                name = f"{tn}_{r['code']}_{k}".replace("-", "_").replace(".", "_")
                if v.isdigit():
                    cell[(tn, r["code"], k)] = int(v)
                    terms.append(int(v))
                    continue
                x = pulp.LpVariable(name, 0, max(r["E"], 4), cat="Integer")
                var[(tn, r["code"], k)] = (x, v)
                cell[(tn, r["code"], k)] = x
                terms.append(x)
                if v == "<5":
                    m += x >= 1
                    m += x <= 4
                elif v.startswith("~"):
                    rounded = int(v[1:])
                    m += x >= max(5, rounded - 2)
                    m += x <= rounded + 2
                elif not all_withheld:
                    b = pulp.LpVariable(name + "_b", cat="Binary")
                    m += x >= 5 * b
                    m += x <= max(r["E"], 5) * b
            m += pulp.lpSum(terms) == r["E"]
    for k in KINDS:
        m += pulp.lpSum(cell[("P", r["code"], k)] for r in programmes) == pulp.lpSum(
            cell[("V", r["code"], k)] for r in provinces)
        by_province = collections.defaultdict(list)
        for r in blks:
            by_province[r["province"]].append(cell[("B", r["code"], k)])
        for p, cells in by_province.items():
            if ("V", p, k) in cell:
                m += pulp.lpSum(cells) == cell[("V", p, k)]
    if target:
        m += sense * var[target][0]
    return m, var


m, var = build()
print("model:", pulp.LpStatus[m.solve(pulp.PULP_CBC_CMD(msg=0))], "(Optimal: it agrees with what is published)")
smalls = [k for k, (_, v) in var.items() if v == "<5"]
derived = narrowed = 0
for key in smalls:
    ends = []
    for sense in (1, -1):
        m2, _ = build(key, sense)
        m2.solve(pulp.PULP_CBC_CMD(msg=0))
        ends.append(round(sense * pulp.value(m2.objective)))
    if ends[0] == ends[1]:
        derived += 1
        print("DERIVED", key, ends, flush=True)
    elif ends != [1, 4]:
        narrowed += 1
        print("narrowed", key, ends, flush=True)
print(f"{derived} derived and {narrowed} narrowed of {len(smalls)} cells written <5")
