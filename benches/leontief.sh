#!/usr/bin/env bash
# The input-output inverses at 1,435 sectors: tradedep (faer) against
# numpy.linalg on the same matrix.
#
# Usage (from the project's root):  bash benches/leontief.sh [RUNS]
#
# Uses the Python environment of ../shared/bench/run.sh (made there with
# numpy on first use, under $BENCH_CACHE, default ~/.cache/tradedep-bench),
# runs the criterion benchmark `scenario/model, 1,435 sectors` and
# benches/leontief_numpy.py, and prints both medians and their ratio.
set -euo pipefail
runs=${1:-10}
source "$(dirname "$0")/venv.sh"

cargo bench -q --bench scenario -- "model, 1,435 sectors" >/dev/null
est="target/criterion/scenario/model, 1,435 sectors/new/estimates.json"
rust=$("$py" -c "import json,sys; print(json.load(open(sys.argv[1]))['median']['point_estimate'] / 1e9)" "$est")
read -r numpy checksum < <("$py" "$(dirname "$0")/leontief_numpy.py" 1435 "$runs")
printf '%-8s %10s\n' tool median_s
printf '%-8s %10.4f\n' tradedep "$rust" numpy "$numpy"
echo "numpy multiplier checksum: $checksum"
echo "time ratio tradedep/numpy: $("$py" -c "print(f'{$rust / $numpy:.3f}')")"
