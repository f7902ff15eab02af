#!/usr/bin/env bash
# Runs every benchmark (Release build in build-bench/) and prints a Markdown table of
# cpptls beside OpenSSL from the same run, with the ratio. With --write, replaces the
# generated table in docs/benchmarks.md. --repeat N runs each benchmark N times, interleaved
# in random order (Google Benchmark's random interleaving), and the table takes the medians:
# on a busy machine that evens out what other processes take.
#   bench/run.sh [--write] [--quick] [--repeat N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
write=0; min_time=1; repeat=1
while [ $# -gt 0 ]; do
  case $1 in
    --write) write=1 ;;
    --quick) min_time=0.2 ;;
    --repeat) repeat=$2; shift ;;
    *) echo "usage: bench/run.sh [--write] [--quick] [--repeat N]" >&2; exit 2 ;;
  esac
  shift
done
repeat_flags=()
if [ "$repeat" -gt 1 ]; then
  repeat_flags=(--benchmark_repetitions="$repeat" --benchmark_enable_random_interleaving=true)
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCPPTLS_WERROR=ON -DCPPTLS_BUILD_BENCH=ON \
  -DCPPTLS_BUILD_TESTS=OFF >/dev/null
targets=$(cd "$root/bench" && ls ./*_bench.cpp | sed -e 's|^\./|bench_|' -e 's|_bench\.cpp$||')
if ! cmake --build "$build" -j "${CPPTLS_JOBS:-$(nproc)}" --target $targets >"$build/build.log" 2>&1; then
  tail -n 40 "$build/build.log"; exit 1
fi
results=$(mktemp -d)
for name in $targets; do
  bench=$build/bench/$name
  "$bench" --benchmark_min_time="$min_time" "${repeat_flags[@]}" --benchmark_format=json \
    --benchmark_out="$results/$name.json" --benchmark_out_format=json >/dev/null
done
table=$(python3 "$root/bench/ratios.py" "$results"/*.json)
rm -rf "$results"
echo "$table"
if [ $write -eq 1 ]; then
  python3 - "$root/docs/benchmarks.md" "$table" <<'PY'
import sys, re
path, table = sys.argv[1], sys.argv[2]
text = open(path).read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
new = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
open(path, "w").write(new)
PY
fi
