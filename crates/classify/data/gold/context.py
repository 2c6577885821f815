#!/usr/bin/env python3
"""Fills the `context` column of `indonesian_ads.csv` and `indonesian_titles.csv`: the fields
of each ad, other than its title and description, that say what the job is, as `listraf code`
reads them from a file's context columns (see `classify::coder::ad_context`): each field's
markup stripped, whitespace folded, cut at 200 characters between words, the non-empty ones
joined by "; " in the file's column order.

- Loker.id: category, subcategory, function, skill_set
- Dealls: job_department
- MagangHub: program_studi (the study programmes the placement accepts)
- mixed portals: Kategori, Skills

A gold ad is found by its `source_id`; a mixed-portals ad, which has none, by title and
company (the first such ad: 9 of the 250 match ads whose fields differ). A training title's ad
is the one `draw_titles.py` showed for it.

    python3 crates/classify/data/gold/context.py ../shared/data/job-postings-id
"""
import csv
import io
import re
import sys

import draw_titles

csv.field_size_limit(10**9)

FIELDS = {
    "lokerid_2025": ["category", "subcategory", "function", "skill_set"],
    "dealls_2024": ["job_department"],
    "maganghub_2025": ["program_studi"],
    "mixed_portals_titles_skills_2026": ["Kategori", "Skills"],
}
FIELD_CHARS = 200


def field(s):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s or "")).strip()
    if len(text) <= FIELD_CHARS:
        return text
    head = text[:FIELD_CHARS]
    # The cut falls between words, as in `ad_context`: half a word reads as another one.
    if text[FIELD_CHARS].isalnum() and head[-1].isalnum() and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip()


def context(source, ad):
    name = next(n for n in FIELDS if n.startswith(source.split("_")[0]))
    return "; ".join(f for f in (field(ad[c]) for c in FIELDS[name]) if f)


def rewrite(path, fill):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = list(rows[0].keys())
    if "context" not in names:
        names.append("context")
    for r in rows:
        r["context"] = fill(r)
    out = io.StringIO()
    w = csv.DictWriter(out, names, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


def main(base):
    here = __file__.rsplit("/", 1)[0] or "."
    ads = {}
    for name in FIELDS:
        with open(f"{base}/{name}.csv", encoding="utf-8") as f:
            ads[name] = list(csv.DictReader(f))
    by_id = {
        "lokerid_2025": {x["job_id"]: x for x in ads["lokerid_2025"]},
        "maganghub_2025": {x["id_posisi"]: x for x in ads["maganghub_2025"]},
        "dealls_2024": {x["job_url"]: x for x in ads["dealls_2024"]},
    }
    mixed = {}
    for x in ads["mixed_portals_titles_skills_2026"]:
        mixed.setdefault((x["Title"].strip(), x["Perusahaan"].strip()), x)

    def gold(r):
        if r["source"] in by_id:
            return context(r["source"], by_id[r["source"]][r["source_id"]])
        return context("mixed", mixed[(r["title"].strip(), r["company"].strip())])

    rewrite(f"{here}/indonesian_ads.csv", gold)
    drawn = {str(i): (source, title, ad) for i, title, _, source, _, _, ad in draw_titles.draw(base)}

    def title(r):
        source, t, ad = drawn[r["id"]]
        if t != r["title"]:
            sys.exit(f"id {r['id']}: the sheet draws {t!r}, the file holds {r['title']!r}")
        return context(source, ad)

    rewrite(f"{here}/indonesian_titles.csv", title)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/job-postings-id")
