#!/usr/bin/env bash
# Parquet written here, read by DuckDB and polars; Parquet written by
# polars, read here. Two synthetic BACI years (../shared/bench's
# gen_baci.py, seeds 1 and 2) go through `examples/handover`, which
# writes them partitioned by year with exact decimals and its pair sums;
# handover.py then checks, to the last digit:
#   - DuckDB's SQL (the example's pairs.sql) over the partitioned files,
#   - polars' scan_parquet over them (hive partitions, Decimal sums),
#   - the example run again on polars' own Parquet of the 2024 year
#     (integer k, float v, zstd: the crate reads floats as their
#     shortest decimals),
# all equal the crate's pair sums. Not run in CI (it needs the venv).
#
# Usage (from the project's root):  bash benches/handover.sh [ROWS]
# ROWS per year, default 300000. Uses the Python environment of
# ../shared/bench/run.sh (made on first use under $BENCH_CACHE, default
# ~/.cache/tradedep-bench).
set -euo pipefail
rows=${1:-300000}
here=$(cd "$(dirname "$0")" && pwd)
shared=$here/../../shared/bench
source "$(dirname "$0")/venv.sh"
dir=$cache/handover
mkdir -p "$dir"
for y in 2023 2024; do
  seed=$((y - 2022))
  [[ -s $dir/baci_${y}_$rows.csv ]] || "$py" "$shared/gen_baci.py" "$dir/baci_${y}_$rows.csv" --rows "$rows" --year "$y" --seed "$seed"
done
"$py" "$here/handover.py" to-parquet "$dir/baci_2024_$rows.csv" "$dir/baci_2024_polars.parquet"
cargo build --release -q --features parquet --example handover
bin=target/release/examples/handover
rm -rf "$dir/out_csv" "$dir/out_polars"
"$bin" "$dir/out_csv" "$shared/dual_use_prefixes.txt" "$dir/baci_2023_$rows.csv" "$dir/baci_2024_$rows.csv" >/dev/null
"$bin" "$dir/out_polars" "$shared/dual_use_prefixes.txt" "$dir/baci_2023_$rows.csv" "$dir/baci_2024_polars.parquet" >/dev/null
"$py" "$here/handover.py" check "$dir/out_csv" "$dir/out_polars"
