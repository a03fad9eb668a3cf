"""Checks for benches/handover.sh: engines read the crate's Parquet and
agree with its pair sums exactly; the crate reads polars' Parquet.

    handover.py to-parquet BACI.csv OUT.parquet   # polars' defaults: zstd, integer k, float v
    handover.py check OUT_CSV OUT_POLARS
"""
import csv
import sys
from decimal import Decimal

import duckdb
import polars as pl


def pairs(path):
    with open(path, newline="") as f:
        return {
            (r["year"], r["importer"], r["exporter"]): (Decimal(r["value"]), Decimal(r["selected_value"]))
            for r in csv.DictReader(f)
        }


def to_parquet(src, dst):
    # As an analyst would: polars' CSV inference (k loses its leading
    # zero, v becomes a float) and its Parquet defaults.
    pl.read_csv(src, null_values=["NA"]).write_parquet(dst)


def check(out_csv, out_polars):
    ours = pairs(f"{out_csv}/pairs.csv")
    # The crate on polars' file (floats) gives the same sums to the digit.
    theirs = pairs(f"{out_polars}/pairs.csv")
    assert theirs == ours, "the crate's sums differ on polars' Parquet"
    print(f"crate on polars' Parquet: {len(ours)} pairs, equal")
    # DuckDB: the example's SQL over the partitioned files.
    sql = open(f"{out_csv}/pairs.sql").read()
    rows = duckdb.sql(sql).fetchall()
    duck = {(str(y), m, x): (Decimal(v), Decimal(s)) for y, m, x, v, s in rows}
    assert duck == ours, "DuckDB's sums differ"
    print(f"DuckDB SQL over the partitions: {len(duck)} pairs, equal to the digit")
    # polars: the same sums over the hive-partitioned files, in Decimal.
    with open(f"{out_csv}/pairs.sql") as f:
        text = f.read()
    start = text.index("regexp_matches(product, '^(") + len("regexp_matches(product, '^(")
    prefixes = text[start:text.index(")')", start)].split("|")
    lf = pl.scan_parquet(f"{out_csv}/flows/*/*.parquet", hive_partitioning=True)
    sel = pl.col("product").str.starts_with(prefixes[0])
    for p in prefixes[1:]:
        sel = sel | pl.col("product").str.starts_with(p)
    df = (
        lf.group_by("year", "importer", "exporter")
        .agg(pl.col("value").sum(), pl.col("value").filter(sel).sum().alias("selected_value"))
        .collect()
    )
    assert df.schema["value"].__class__.__name__ == "Decimal", df.schema
    po = {
        (str(r["year"]), r["importer"], r["exporter"]): (Decimal(r["value"]), Decimal(r["selected_value"] or 0))
        for r in df.iter_rows(named=True)
    }
    assert po == ours, "polars' sums differ"
    print(f"polars over the partitions: {len(po)} pairs, equal to the digit")
    total = sum(v for v, _ in ours.values())
    print(f"total {total} USD over {len(ours)} pairs")


if __name__ == "__main__":
    if sys.argv[1] == "to-parquet":
        to_parquet(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
