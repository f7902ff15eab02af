#!/usr/bin/env bash
# BoringSSL's TLS test suite ("BoGo") against cpptls, through our shim (tests/bogo).
#
#   scripts/bogo.sh setup <boringssl bare git dir> [commit]
#       Extracts the runner (ssl/test/runner and util/testresult of the commit, default
#       88a537fe4e99 of 2024-03-05, the last whose go.mod says go 1.19) into
#       $BOGO_HOME/gopath (default /opt/cpptls-bogo) and builds it with Go 1.19 in GOPATH
#       mode, offline: golang.org/x/crypto comes from Debian's golang-golang-x-crypto-dev
#       (/usr/share/gocode). Nothing is downloaded: the git directory is one you fetched
#       yourself (e.g. a bare clone of https://boringssl.googlesource.com/boringssl).
#   scripts/bogo.sh [run] [runner flags...]
#       Builds the shim (build/tests/bogo/bogo_shim), runs the runner with our config
#       (tests/bogo/config.json) and prints the runner's summary and "bogo: N passed, N failed"
#       for the tests not disabled. Extra flags go to the runner (-test 'Basic-*', -pipe ...).
#       The runner is $BOGO_RUNNER (the runner's folder or its bogo-runner.test), else
#       $BOGO_HOME/gopath/src/boringssl.googlesource.com/boringssl/ssl/test/runner.
#       Without a runner it says so and exits 0.
#
# Exit status: 0 whether tests fail or not. We are still below our conformance target, so a
# failing BoGo test must not fail CI yet; the counts are printed for the trend. Only a broken
# setup (the shim does not build, the runner crashes) returns non-zero.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bogo_home=${BOGO_HOME:-/opt/cpptls-bogo}
default_commit=88a537fe4e99
runner_rel=src/boringssl.googlesource.com/boringssl/ssl/test/runner

setup() {
  local git_dir=${1:?usage: bogo.sh setup <boringssl bare git dir> [commit]}
  local commit=${2:-$default_commit}
  local dest=$bogo_home/gopath/src/boringssl.googlesource.com/boringssl
  git --git-dir="$git_dir" cat-file -e "$commit^{commit}"
  rm -rf "$dest"
  mkdir -p "$dest"
  # File by file: a partial snapshot may miss large blobs the runner does not need.
  local mode type object path skipped=0
  while IFS=$'\t' read -r meta path; do
    read -r mode type object <<<"$meta"
    [ "$type" = blob ] || continue
    mkdir -p "$dest/$(dirname "$path")"
    if ! git --git-dir="$git_dir" cat-file blob "$object" >"$dest/$path" 2>/dev/null; then
      rm -f "$dest/$path"
      echo "skipped (blob missing): $path"
      skipped=$((skipped + 1))
    fi
  done < <(git --git-dir="$git_dir" ls-tree -r "$commit" ssl/test/runner util/testresult)
  echo "$commit" >"$bogo_home/COMMIT"
  (cd "$dest/ssl/test/runner" &&
    GO111MODULE=off GOPATH="$bogo_home/gopath:/usr/share/gocode" \
      go test -c -o bogo-runner.test .)
  echo "runner built: $dest/ssl/test/runner/bogo-runner.test ($commit, $skipped files skipped)"
}

find_runner() {
  local candidate
  for candidate in "${BOGO_RUNNER:-}" "$bogo_home/gopath/$runner_rel"; do
    [ -n "$candidate" ] || continue
    [ -d "$candidate" ] && candidate=$candidate/bogo-runner.test
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

run() {
  local runner
  if ! runner=$(find_runner); then
    echo "bogo: no BoGo runner (set BOGO_RUNNER, or run: scripts/bogo.sh setup <boringssl git dir>);" \
      "skipped"
    return 0
  fi
  local build=${BOGO_BUILD_DIR:-$root/build}
  [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -G Ninja -DCPPTLS_WERROR=ON >/dev/null
  nice -n 19 cmake --build "$build" -j2 --target bogo_shim >"$build/bogo-shim-build.log" 2>&1 ||
    { tail -n 30 "$build/bogo-shim-build.log"; return 1; }
  local shim=$build/tests/bogo/bogo_shim
  local out=${BOGO_OUT:-$build/bogo}
  mkdir -p "$out"
  echo "bogo: runner $runner"
  # The runner finds its key files by relative path: run it from its own folder. It exits 1
  # whenever a test fails or is unimplemented; our verdict comes from its JSON instead.
  rm -f "$out/unimplemented.log"
  (cd "$(dirname "$runner")" &&
    CPPTLS_BOGO_UNIMPLEMENTED_LOG="$out/unimplemented.log" nice -n 19 "./$(basename "$runner")" -shim-path "$shim" \
      -shim-config "$root/tests/bogo/config.json" -num-workers "${BOGO_WORKERS:-2}" \
      -json-output "$out/results.json" -pipe "$@" >"$out/runner.log" 2>&1) || true
  grep -E '^(FAILED|UNIMPLEMENTED) \(' "$out/runner.log" | sed -E 's/ \(.*//' | sort | uniq -c || true
  if [ ! -s "$out/results.json" ]; then
    echo "bogo: the runner wrote no results; see $out/runner.log"
    tail -n 20 "$out/runner.log"
    return 1
  fi
  if [ -s "$out/unimplemented.log" ]; then
    echo "bogo: why the shim exited 89 (most frequent first):"
    sort "$out/unimplemented.log" | uniq -c | sort -rn | head -n 25
  fi
  python3 "$root/tests/bogo/summarize.py" "$out/results.json"
  echo "bogo: details in $out/runner.log and $out/results.json"
}

case "${1:-run}" in
  setup) shift; setup "$@" ;;
  run) [ $# -gt 0 ] && shift; run "$@" ;;
  -*) run "$@" ;;
  *) echo "usage: bogo.sh [setup <git dir> [commit] | run [runner flags...]]" >&2; exit 2 ;;
esac
