#!/usr/bin/env bash
# Runs clang-tidy (the repo's .clang-tidy) over the library and tool sources, using the
# compile database of a configured build (default build/). Exits non-zero on any finding.
#   scripts/tidy.sh [BUILD_DIR] [FILES...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ $# -gt 0 ] && shift
[ -f "$build/compile_commands.json" ] || cmake -S "$root" -B "$build" -G Ninja -DCPPTLS_WERROR=ON >/dev/null
if [ $# -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(cd "$root" && git ls-files 'src/*.cpp' 'tools/*.cpp' | sed "s|^|$root/|")
fi
log=$(mktemp)
run-clang-tidy-14 -quiet -p "$build" -j "${CPPTLS_JOBS:-$(nproc)}" "${files[@]}" >"$log" 2>&1 || true
if grep -qE '(warning|error):' "$log"; then
  grep -E '(warning|error):' -A3 "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"
echo "clang-tidy: no findings in ${#files[@]} files"
