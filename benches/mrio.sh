#!/usr/bin/env bash
# Multi-region Leontief solves at world-table sizes: tradedep (faer LU,
# in place) against numpy.linalg.solve on the same matrices, with each
# process's peak memory.
#
# Usage (from the project's root):  bash benches/mrio.sh [SIZES...]
# Default sizes: 1435 (WIOD: 41 regions x 35 sectors), 3465 (OECD ICIO
# 2023: 77 x 45) and 9800 (EXIOBASE: 49 x 200 products).
#
# Uses the Python environment of ../shared/bench/run.sh (made there with
# numpy on first use, under $BENCH_CACHE, default ~/.cache/tradedep-bench).
# The matrices are written under $BENCH_CACHE/mrio (768 MB at 9,800).
set -euo pipefail
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1435 3465 9800)
source "$(dirname "$0")/venv.sh"
dir=$cache/mrio
mkdir -p "$dir"
cargo bench -q --bench mrio_scale --no-run
bin=$(ls -t target/release/deps/mrio_scale-* | grep -v '\.d$' | head -1)
peak() { grep 'Maximum resident' "$1" | awk '{print $6 / 1024}'; }
printf '%-6s %10s %10s %7s %10s %10s %10s\n' n rust_s numpy_s ratio rust_MiB numpy_MiB Z_MiB
for n in "${sizes[@]}"; do
  runs=3
  [[ $n -ge 9000 ]] && runs=1
  read -r rust rsum < <(/usr/bin/time -v -o "$dir/rust.time" "$bin" "$n" "$dir" "$runs")
  read -r numpy nsum < <(/usr/bin/time -v -o "$dir/numpy.time" "$py" "$(dirname "$0")/mrio_numpy.py" "$n" "$dir" "$runs")
  zmib=$("$py" -c "print(f'{$n * $n * 8 / 2**20:.0f}')")
  printf '%-6s %10.3f %10.3f %7.2f %10.0f %10.0f %10s   (checksums %s %s)\n' \
    "$n" "$rust" "$numpy" "$("$py" -c "print($rust / $numpy)")" \
    "$(peak "$dir/rust.time")" "$(peak "$dir/numpy.time")" "$zmib" "$rsum" "$nsum"
  rm -f "$dir/z_$n.f64" "$dir/y_$n.f64"
done
