#!/usr/bin/env bash
# Checks that every C++ file in the repository is formatted as .clang-format says
# (clang-format 14, the version CI installs). Prints the files that are not and exits 1 if
# there is any; `clang-format-14 -i FILE` fixes one. Usage: check-format.sh [ROOT]
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
format=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$format" ]; then
  echo "clang-format-14 is not installed (apt-get install clang-format-14)"; exit 1
fi
files=$(git ls-files '*.cpp' '*.hpp' '*.h' 2>/dev/null ||
  find src include tools tests bench examples -name '*.cpp' -o -name '*.hpp' -o -name '*.h')
# One clang-format run over all files; each unformatted line is reported as FILE:LINE:COL.
unformatted=$(xargs "$format" --dry-run -Werror <<<"$files" 2>&1 |
  sed -nE 's/^([^:]+):[0-9]+:[0-9]+: (error|warning): code should be clang-formatted.*/\1/p' |
  sort -u || true)
if [ -n "$unformatted" ]; then
  echo "not formatted as .clang-format says (fix with: $format -i FILE):"
  sed 's/^/  /' <<<"$unformatted"
  exit 1
fi
echo "all $(wc -l <<<"$files") C++ files are formatted"
