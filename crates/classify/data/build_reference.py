#!/usr/bin/env python3
"""Rebuilds the classifier's embedded label tables from the shared reference data.

Usage (from the repository root):  python3 crates/classify/data/build_reference.py ../shared/data

Writes occupation_labels.tsv (ESCO preferred/alternative occupation labels and the ILO index of
ISCO-08 titles, each with its ISCO-08 unit group) and skills.tsv (ESCO skill labels of up to three
words). KBJI 2014 and ISCO-08 titles are not copied here: they come from the domain crate.
"""
import csv, sys, os, re

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data'
here = os.path.dirname(os.path.abspath(__file__))

def clean(s):
    return re.sub(r'\s+', ' ', s).strip()

rows = []
seen = set()
for r in csv.DictReader(open(os.path.join(src, 'esco/occupations_en.csv'), encoding='utf-8')):
    isco = r['iscoGroup'].strip()
    if len(isco) != 4:
        continue
    labels = [('esco_pref', r['preferredLabel'])] + [('esco_alt', a) for a in r['altLabels'].split('\n')]
    for kind, label in labels:
        label = clean(label)
        if label and (label.lower(), isco) not in seen:
            seen.add((label.lower(), isco))
            rows.append((kind, isco, label))
for r in csv.DictReader(open(os.path.join(src, 'isco08/isco08_index_of_titles.csv'), encoding='utf-8')):
    title = clean(r['title'])
    # The ILO index writes "Manager, hotel": put the qualifier first as ads do.
    if ', ' in title:
        head, qual = title.split(', ', 1)
        title = f'{qual} {head}'
    isco = r['isco08'].strip().zfill(4)
    if title and (title.lower(), isco) not in seen:
        seen.add((title.lower(), isco))
        rows.append(('isco_index', isco, title))
rows.sort(key=lambda x: (x[1], x[0], x[2].lower()))
with open(os.path.join(here, 'occupation_labels.tsv'), 'w', encoding='utf-8', newline='') as f:
    for kind, isco, label in rows:
        f.write(f'{kind}\t{isco}\t{label}\n')
print('occupation_labels.tsv', len(rows))

skills = []
seen = set()
for r in csv.DictReader(open(os.path.join(src, 'esco/skills_en.csv'), encoding='utf-8')):
    pref = clean(r['preferredLabel'])
    if not pref:
        continue
    for label in [pref] + [clean(a) for a in r['altLabels'].split('\n')]:
        if not label or len(label.split()) > 3 or len(label) < 3:
            continue
        key = label.lower()
        if key in seen:
            continue
        seen.add(key)
        skills.append((pref, label))
skills.sort(key=lambda x: (x[0].lower(), x[1].lower()))
with open(os.path.join(here, 'skills.tsv'), 'w', encoding='utf-8', newline='') as f:
    for pref, label in skills:
        f.write(f'{pref}\t{label}\n')
print('skills.tsv', len(skills))
