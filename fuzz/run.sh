#!/usr/bin/env bash
# Runs fuzz targets until 10 million executions or 20 minutes each,
# whichever comes first. From the repository root:
#
#   bash fuzz/run.sh                 # every target, one after another
#   bash fuzz/run.sh baci selector   # some targets
#   RUNS=1000000 SECONDS_EACH=60 bash fuzz/run.sh hs_code
#
# The crate forbids unsafe code, so targets run without a sanitizer
# (`-s none`), several times faster than under AddressSanitizer.
#
# New inputs go to fuzz/scratch/TARGET (not committed); the committed
# seeds in fuzz/corpus/TARGET are read only. A crash is saved under
# fuzz/artifacts/TARGET and stops that target. The last line of each
# target's log (fuzz/scratch/TARGET.log) gives its execution count.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-10000000}
seconds=${SECONDS_EACH:-1200}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list --fuzz-dir fuzz)
fi

status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/scratch/$t"
  RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz -O -s none "$t" "fuzz/scratch/$t" "fuzz/corpus/$t" -- \
    -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"fuzz/scratch/$t.log" 2>&1
  rc=$?
  execs=$(grep -m1 'stat::number_of_executed_units' "fuzz/scratch/$t.log" | awk '{print $2}')
  secs=$(grep -m1 'stat::average_exec_per_sec' "fuzz/scratch/$t.log" | awk '{print $2}')
  printf '%-14s exit %-3s execs %-10s execs/s %s\n' "$t" "$rc" "${execs:-?}" "${secs:-?}"
  [ "$rc" -eq 0 ] || status=1
done
exit $status
