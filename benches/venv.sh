# Sourced by the benchmark scripts: sets $cache (the benchmarks' cache,
# $BENCH_CACHE or ~/.cache/tradedep-bench) and $py (the Python of the
# environment ../shared/bench/run.sh uses, made there on first use with
# numpy, polars, DuckDB and pandas).
cache=${BENCH_CACHE:-$HOME/.cache/tradedep-bench}
venv=$cache/venv
if [[ ! -x $venv/bin/python ]]; then
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy polars duckdb pandas
fi
py=$venv/bin/python
