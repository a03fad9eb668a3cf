#!/usr/bin/env bash
# GeoDep for every economy over a 30-year panel, in bounded memory.
#
# Writes 30 synthetic BACI years (../shared/bench's gen_baci.py, years
# 1995-2024, one seed per year; 11 million rows each by default, about
# 330 million rows and 11 GB in all) to $BENCH_CACHE/panel (made once),
# then runs `examples/screen --geodep` over the directory: every year is
# folded on every core, screened for every economy with CEPII's
# persistence window (2 of 3 years), and its flagged rows written, one
# year at a time. Prints the wall time and the peak memory (the issue's
# bound: under 2 GiB). Not run in CI (hours of generation, 11 GB).
#
# Usage (from the project's root):  bash benches/panel.sh [ROWS] [YEARS]
#   ROWS   rows per year (default 11000000)
#   YEARS  number of years ending in 2024 (default 30)
# Uses the Python environment of ../shared/bench/run.sh (made on first
# use under $BENCH_CACHE, default ~/.cache/tradedep-bench).
set -euo pipefail
rows=${1:-11000000}
years=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
shared=$here/../../shared/bench
source "$(dirname "$0")/venv.sh"
dir=$cache/panel_${rows}
mkdir -p "$dir"
first=$((2024 - years + 1))
for y in $(seq "$first" 2024); do
  f=$dir/synthetic_baci_Y${y}.csv
  if [[ ! -s $f ]]; then
    "$py" "$shared/gen_baci.py" "$f.part" --rows "$rows" --seed "$y" --year "$y"
    mv "$f.part" "$f"
  fi
done
du -sh "$dir"
cargo build --release --example screen -q
out=$cache/panel_out
rm -rf "$out"
/usr/bin/time -f "wall %e s, peak %M KiB" target/release/examples/screen --geodep "$dir" "$out"
