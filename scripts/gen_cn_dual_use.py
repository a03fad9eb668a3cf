#!/usr/bin/env python3
"""Writes the crate's embedded tables of China's 2026 dual-use catalogue.

Source: the Catalogue of Dual-Use Items and Technologies Subject to Import
and Export Licence Administration for 2026 (MOFCOM/GACC Announcement No. 91
of 2025), as transcribed in ../shared/data/controls/cn_dual_use_2026/
entries.csv (its README gives the source JSON: repository
chycici/dual-use-export-control-catalog, commit 823ecadf0205f5e0cbfa3ba3209feb45ca0c00c2).
Documents of state organs are excluded from copyright protection (PRC
Copyright Law art. 5); the tables keep catalogue facts only.

The transcription's known defects are repaired by the checked records in
scripts/cn_dual_use_2026/ (see its README.md):

- repairs.csv: links checked against the source's raw row text and the
  codes' tariff descriptions. `move` takes a code from an entry to the
  entry it belongs to (all moves at once, against the transcription);
  `keep` confirms it; `doubtful` keeps it marked in doubt. A `move` with
  no target (a code of an item the transcription lost) is kept where it
  is, in doubt, rather than dropped.
- additions.csv: codes the transcription lost; `high` confidence added,
  others added in doubt.
- names_en.csv: English names with their basis.

Usage: python3 scripts/gen_cn_dual_use.py [path/to/entries.csv]
Writes src/controls/data/cn_dual_use_2026_*.csv; run from the repository
root. The output is checked in; the crate's tests pin its counts.
"""

import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCE = os.path.join(ROOT, "..", "shared", "data", "controls", "cn_dual_use_2026", "entries.csv")
RECORDS = os.path.join(HERE, "cn_dual_use_2026")
OUT = os.path.join(ROOT, "src", "controls", "data")

VALID = re.compile(r"^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$")

# The import list's tables, by position in the source (its README).
IMPORT_TABLES = [
    (755, 799, "cwc"),
    (800, 800, "cwc"),  # a stray row between the two parts of the table
    (801, 828, "cwc"),
    (829, 891, "precursors"),
    (892, 902, "nuclear"),
    (903, 906, "encryption"),
]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# The export list's parts, by position: the main list, then rows of the
# nuclear-list table and the drug-precursor table printed inside it.
EXPORT_PARTS = [(1, 726, "main"), (727, 736, "nuclear"), (737, 754, "precursors")]


def export_part(position):
    for lo, hi, name in EXPORT_PARTS:
        if lo <= position <= hi:
            return name
    raise SystemExit(f"export position {position} is in no part")


def import_table(position):
    for lo, hi, name in IMPORT_TABLES:
        if lo <= position <= hi:
            return name
    raise SystemExit(f"import position {position} is in no table")


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    rows = read(source)
    entries = {}
    links = {}
    for r in rows:
        pos = int(r["entry"])
        entries.setdefault(pos, r)
        if r["hs10"]:
            links.setdefault(pos, {})[r["hs10"]] = "source"
        else:
            links.setdefault(pos, {})
    doubtful = set()

    def check(pos, code, hs=None):
        e = entries.get(pos)
        if e is None or e["control_code"] != code:
            raise SystemExit(f"record for entry {pos} {code} does not match the source")
        if hs is not None and hs not in links[pos]:
            raise SystemExit(f"entry {pos} has no link {hs} in the source")

    # Moves apply at once, against the transcription: collect, then apply.
    moves = []
    for r in read(os.path.join(RECORDS, "repairs.csv")):
        pos = int(r["entry"])
        check(pos, r["control_code"], r["hs10"])
        action = r["action"]
        if action == "move" and r["to_entry"]:
            moves.append((pos, r["hs10"], int(r["to_entry"])))
        elif action in ("doubtful", "move"):
            doubtful.add((pos, r["hs10"]))
        elif action != "keep":
            raise SystemExit(f"unknown action {action!r}")
    for pos, hs, _ in moves:
        links[pos].pop(hs, None)
    for pos, hs, to in moves:
        if entries[to]["list"] != entries[pos]["list"]:
            raise SystemExit(f"a move from entry {pos} to {to} crosses lists")
        links[to].setdefault(hs, f"moved from {pos}")
    for r in read(os.path.join(RECORDS, "additions.csv")):
        pos = int(r["entry"])
        check(pos, r["control_code"])
        links[pos].setdefault(r["hs10"], "added")
        if r["confidence"] != "high":
            doubtful.add((pos, r["hs10"]))

    names_en = {}
    for r in read(os.path.join(RECORDS, "names_en.csv")):
        pos = int(r["entry"])
        check(pos, r["control_code"])
        names_en[pos] = r["name_en"]

    os.makedirs(OUT, exist_ok=True)
    export = sorted(p for p, e in entries.items() if e["list"] == "export")
    imports = sorted(p for p, e in entries.items() if e["list"] == "import")
    with open(os.path.join(OUT, "cn_dual_use_2026_export.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["position", "part", "entry", "source_code", "name_zh", "name_en"])
        for p in export:
            e = entries[p]
            code = e["control_code"]
            valid = bool(VALID.match(code))
            w.writerow([p, export_part(p), code if valid else "", "" if valid else code, e["name_zh"], names_en.get(p, "")])
    def write_links(name, positions):
        with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["position", "hs", "doubtful", "origin"])
            for p in positions:
                for hs in sorted(links[p]):
                    w.writerow([p, hs, "true" if (p, hs) in doubtful else "false", links[p][hs]])

    write_links("cn_dual_use_2026_export_links.csv", export)
    with open(os.path.join(OUT, "cn_dual_use_2026_import.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["position", "part", "entry", "source_code", "name_zh", "name_en"])
        for p in imports:
            w.writerow([p, import_table(p), "", "", entries[p]["name_zh"], names_en.get(p, "")])
    write_links("cn_dual_use_2026_import_links.csv", imports)

    n_links = sum(len(links[p]) for p in export)
    lines = {hs for p in export for hs in links[p]}
    print(f"export: {len(export)} entries, {n_links} links, {len(lines)} lines, "
          f"{len({hs[:6] for hs in lines})} HS6, {sum(1 for p in export for hs in links[p] if (p, hs) in doubtful)} doubtful")
    print(f"import: {len(imports)} entries, {sum(len(links[p]) for p in imports)} links")


if __name__ == "__main__":
    main()
