#!/usr/bin/env bash
# Builds every libFuzzer target with clang-14 (ASan+UBSan) and runs each for a few seconds
# from its seeds (tests/fuzz/seeds/<name>/*.hex). Fails if any target finds a crash, a leak
# or undefined behaviour.
#   scripts/fuzz-smoke.sh [SECONDS_PER_TARGET] [BUILD_DIR]
set -euo pipefail
seconds=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build-fuzz}
jobs=${CPPTLS_JOBS:-$(nproc)}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCPPTLS_WERROR=ON \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCPPTLS_BUILD_FUZZ=ON -DCPPTLS_BUILD_TESTS=OFF \
  -DCPPTLS_SANITIZE=ON >/dev/null
targets=$(cd "$root/tests/fuzz" && ls ./*_fuzz.cpp 2>/dev/null | sed -e 's|^\./||' -e 's|_fuzz\.cpp$||')
[ -n "$targets" ] || { echo "no fuzz targets"; exit 1; }
cmake --build "$build" -j "$jobs" --target $(printf 'fuzz_%s ' $targets)

failed=0
for name in $targets; do
  corpus=$(mktemp -d)
  if [ -d "$root/tests/fuzz/seeds/$name" ]; then
    for seed in "$root/tests/fuzz/seeds/$name"/*.hex; do
      [ -e "$seed" ] || continue
      python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex("".join(open(sys.argv[1]).read().split())))' \
        "$seed" >"$corpus/$(basename "$seed" .hex)"
    done
  fi
  echo "== fuzz_$name: ${seconds}s from $(ls "$corpus" | wc -l) seeds"
  if ! "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=20000 \
      -print_final_stats=0 "$corpus" >"$corpus.log" 2>&1; then
    echo "fuzz_$name FAILED:"; tail -n 60 "$corpus.log"; failed=1
  else
    grep -E '^Done|#[0-9]+.*DONE' "$corpus.log" | tail -n 1 || true
  fi
  rm -rf "$corpus" "$corpus.log"
done
exit $failed
