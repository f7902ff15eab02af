#!/usr/bin/env bash
# Long fuzzing runs that keep what they learn. Where scripts/fuzz-smoke.sh (CI) runs every
# target for seconds from the committed seeds and throws its corpus away, this runs chosen
# targets for as long as asked and keeps each target's corpus between runs, so that the next
# run starts where the last one stopped.
#
#   scripts/fuzz-campaign.sh [options] TARGET...      (TARGET: connection_client, x509_der, ...;
#                                                      "all" for every tests/fuzz/*_fuzz.cpp)
#     --time SECONDS   per target and run (default 3600)
#     --jobs N         libFuzzer worker processes per target (default 1; the machine is shared)
#     --corpus DIR     where corpora live, one folder per target (default fuzz-corpus/ at the
#                      root, which .gitignore keeps out of git; or $CPPTLS_FUZZ_CORPUS)
#     --build DIR      the clang build (default build-fuzz, configured as fuzz-smoke.sh does)
#     --max-len N      longest input (default 20000, as in fuzz-smoke.sh)
#     --merge-seeds    after the run, merge the corpus into tests/fuzz/seeds/TARGET/ as hex
#                      (campaign_*.hex): libFuzzer's -merge=1 keeps only inputs that add
#                      coverage to the seeds. A fresh corpus adds hundreds: review them and
#                      commit the few worth replaying in CI (fuzz-smoke.sh replays every seed)
#
# Every run first adds the committed seeds to the corpus (so a new seed is always in), then
# fuzzes. Crashes land in DIR/TARGET-crashes/; keep each as tests/fuzz/findings/README.md says.
# Example, an hour on each connection target, then the seeds refreshed:
#   scripts/fuzz-campaign.sh --time 3600 --merge-seeds connection_client connection_server
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=3600
jobs=1
corpus_root=${CPPTLS_FUZZ_CORPUS:-$root/fuzz-corpus}
build=$root/build-fuzz
max_len=20000
merge_seeds=0
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --corpus) corpus_root=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --max-len) max_len=$2; shift 2 ;;
    --merge-seeds) merge_seeds=1; shift ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || { echo "usage: scripts/fuzz-campaign.sh [options] TARGET... (--help)" >&2; exit 2; }
if [ "${targets[0]}" = all ]; then
  mapfile -t targets < <(cd "$root/tests/fuzz" && ls ./*_fuzz.cpp | sed -e 's|^\./||' -e 's|_fuzz\.cpp$||')
fi
for name in "${targets[@]}"; do
  [ -f "$root/tests/fuzz/${name}_fuzz.cpp" ] || { echo "no fuzz target $name" >&2; exit 2; }
done

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCPPTLS_WERROR=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCPPTLS_BUILD_FUZZ=ON -DCPPTLS_BUILD_TESTS=OFF \
    -DCPPTLS_SANITIZE=ON >/dev/null
fi
cmake --build "$build" -j "${CPPTLS_JOBS:-2}" --target $(printf 'fuzz_%s ' "${targets[@]}")

# A hex seed file (white space ignored) as bytes on stdout, and back (64 digits a line).
unhex() {
  python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex("".join(open(sys.argv[1]).read().split())))' "$1"
}
tohex() {
  python3 -c 'import sys; h = open(sys.argv[1], "rb").read().hex(); print("\n".join(h[i:i + 64] for i in range(0, len(h), 64)))' "$1"
}

status=0
for name in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$name
  seeds=$root/tests/fuzz/seeds/$name
  corpus=$corpus_root/$name
  crashes=$corpus_root/$name-crashes
  mkdir -p "$corpus" "$crashes"
  if [ -d "$seeds" ]; then
    for seed in "$seeds"/*.hex; do
      [ -e "$seed" ] || continue
      unhex "$seed" >"$corpus/seed-$(basename "$seed" .hex)"
    done
  fi
  echo "== fuzz_$name: ${seconds}s, $(ls "$corpus" | wc -l) inputs in $corpus"
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  # From the corpus folder, where libFuzzer's per-worker fuzz-N.log files then land.
  if ! (cd "$corpus_root" && "$binary" -max_total_time="$seconds" -max_len="$max_len" \
      "${parallel[@]}" -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" \
      >"$corpus_root/$name.log" 2>&1); then
    echo "fuzz_$name found a crash (see $crashes/ and $corpus_root/$name.log)"; status=1
  fi
  tail -n 12 "$corpus_root/$name.log" | grep -E '^(stat::|Done)' || true

  if [ "$merge_seeds" = 1 ]; then
    # libFuzzer merges into the first folder only the inputs of the others that add coverage.
    seed_bin=$(mktemp -d)
    for seed in "$seeds"/*.hex; do
      [ -e "$seed" ] && unhex "$seed" >"$seed_bin/$(basename "$seed" .hex)"
    done
    before=$(ls "$seed_bin" | wc -l)
    "$binary" -merge=1 -max_len="$max_len" "$seed_bin" "$corpus" >"$corpus_root/$name-merge.log" 2>&1
    mkdir -p "$seeds"
    for input in "$seed_bin"/*; do
      [ -e "$seeds/$(basename "$input").hex" ] && continue
      tohex "$input" >"$seeds/campaign_$(basename "$input" | cut -c1-16).hex"
    done
    echo "   merged: $before seeds, now $(ls "$seed_bin" | wc -l) (new ones: $seeds/campaign_*.hex)"
    rm -rf "$seed_bin"
  fi
done
exit $status
