#!/usr/bin/env python3
"""Writes src/model/data/hs2022.csv, the embedded HS2022 nomenclature of
the `nomenclature` feature, from the Harmonized System 2022 table of the
`datasets/harmonized-system` project (UN Comtrade reference tables,
ODC-PDDL-1.0: public domain), as ../shared/data/hs2022 holds it.

Usage: scripts/gen_hs2022.py [SOURCE.csv]

The layout is the reader's (`section,hscode,description,parent,level`);
rows are written as read, in the source's order. The script checks the counts the source documents: 97
chapters, 1,229 headings, 5,613 subheadings and the TOTAL root.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    HERE, "..", "..", "shared", "data", "hs2022", "harmonized-system.csv")
OUT = os.path.join(HERE, "..", "src", "model", "data", "hs2022.csv")

with open(SOURCE, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
levels = {}
for r in rows:
    levels[r["level"]] = levels.get(r["level"], 0) + 1
assert levels.get("2") == 97, levels
assert levels.get("4") == 1229, levels
assert levels.get("6") == 5613, levels
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["section", "hscode", "description", "parent", "level"])
    for r in rows:
        w.writerow([r["section"], r["hscode"], r["description"], r["parent"], r["level"]])
print(f"{OUT}: {len(rows)} rows", file=sys.stderr)
