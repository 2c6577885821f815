#!/usr/bin/env python3
"""Draws the training titles of `indonesian_titles.csv`: every distinct title (case and
spacing folded) of the four Indonesian ad files that the gold set `indonesian_ads.csv` does
not hold, most frequent first, each with one of its ads for context. Writes the coding sheet
(id, title, company, source, ads_with_title, context) to stdout; the codes were then added
by hand, ad by ad.

    python3 crates/classify/data/gold/draw_titles.py ../shared/data/job-postings-id > sheet.csv
"""
import collections
import csv
import random
import re
import sys

csv.field_size_limit(10**9)


def norm(s):
    return re.sub(r"\s+", " ", s.strip().lower())


def clean(s, n=450):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s or "")).strip()[:n]


SOURCES = {
    "dealls_2024": ("job_title", "company",
                    lambda x: f"department: {x['job_department']}; level: {x['job_level']}"),
    "lokerid_2025": ("title", "company",
                     lambda x: f"category: {x['category']} / {x['subcategory']}; function: "
                     f"{x['function']}; level: {x['level']}; description: {clean(x['description'])}"),
    "maganghub_2025": ("posisi", "nama_perusahaan",
                       lambda x: f"programme of study: {clean(x['program_studi'], 150)}; "
                       f"description: {clean(x['deskripsi_posisi'])}"),
    "mixed_portals_titles_skills_2026": ("Title", "Perusahaan",
                                         lambda x: f"category: {x['Kategori']}; skills: "
                                         f"{clean(x['Skills'], 200)}"),
}


def draw(base):
    """The sheet's rows: (id, title, company, source, ads_with_title, context, ad), where
    `ad` is the whole row of the ad shown for the title and `source` its file's short name."""
    ads = collections.defaultdict(list)
    count = collections.Counter()
    for name, (title, company, context) in SOURCES.items():
        with open(f"{base}/{name}.csv", encoding="utf-8") as f:
            for x in csv.DictReader(f):
                t = norm(x[title])
                count[t] += 1
                ads[t].append((name.split("_")[0], x[title].strip(), x[company].strip(), context(x), x))
    here = __file__.rsplit("/", 1)[0] or "."
    with open(f"{here}/indonesian_ads.csv", encoding="utf-8") as f:
        gold = {norm(x["title"]) for x in csv.DictReader(f)}
    titles = [t for t in count if t and t not in gold]
    random.seed(20261129)
    random.shuffle(titles)
    titles.sort(key=lambda t: -count[t])
    for i, t in enumerate(titles):
        source, title, company, context, ad = random.Random(i).choice(ads[t])
        yield i + 1, title, company, source, count[t], context, ad


def main(base):
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "title", "company", "source", "ads_with_title", "context"])
    for row in draw(base):
        w.writerow(row[:6])

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/job-postings-id")
