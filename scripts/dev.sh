#!/usr/bin/env bash
# The one script behind the README's quick start. On a fresh Debian 12 machine it installs
# what is missing (apt-get, as root or through sudo), configures, builds and then:
#
#   scripts/dev.sh run [ARGS...]   builds and runs the cpptls command with ARGS
#   scripts/dev.sh test            builds everything and runs the whole test suite (ctest)
#   scripts/dev.sh sanitize        builds the tests with ASan+UBSan and runs the unit tests
#   scripts/dev.sh deps            only installs the packages
#
# Build folders: build/ (tests and tools; Release, -O3), build-asan/ (sanitizers;
# RelWithDebInfo). Warnings are errors in both (CPPTLS_WERROR). CPPTLS_JOBS sets the
# build parallelism (default: the number of cores).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${CPPTLS_JOBS:-$(nproc)}

# Debian packages the build, the tests and the fuzzers need.
packages=(
  g++ cmake ninja-build pkg-config git
  libssl-dev openssl libexpected-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev clang-format-14 python3 nlohmann-json3-dev curl gnutls-bin nginx-light libboost1.81-dev tshark wrk chromium
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

configure() {  # configure <build dir> <build type> [cmake args...]
  local dir=$1 type=$2; shift 2
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DCPPTLS_WERROR=ON "$@" >/dev/null
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  deps)
    install_missing
    ;;
  run)
    install_missing
    configure "$root/build" Release
    cmake --build "$root/build" -j "$jobs" --target cpptls
    exec "$root/build/tools/cpptls" "$@"
    ;;
  test)
    install_missing
    configure "$root/build" Release
    cmake --build "$root/build" -j "$jobs"
    cd "$root/build"
    ctest --output-on-failure -j "$jobs" --timeout 600
    ;;
  sanitize)
    install_missing
    configure "$root/build-asan" RelWithDebInfo -DCPPTLS_SANITIZE=ON
    # Only what `ctest -L unit` runs: the tools and interop peers are not run here.
    cmake --build "$root/build-asan" -j "$jobs" --target unit_tests
    cd "$root/build-asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --output-on-failure -j "$jobs" --timeout 900 -L unit
    ;;
  *)
    echo "usage: scripts/dev.sh run [ARGS...] | test | sanitize | deps" >&2
    exit 2
    ;;
esac
