#!/usr/bin/env bash
# Runs cpptls-limbo over the x509-limbo suite and checks the results against the expected
# ones (compare.py with known-differences.txt).
#   run-limbo.sh CPPTLS_LIMBO LIMBO_JSON_GZ RESULTS_JSON
set -euo pipefail
harness=${1:?usage: run-limbo.sh CPPTLS_LIMBO LIMBO_JSON_GZ RESULTS_JSON}
suite=${2:?}
results=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s.%N)
gzip -dc "$suite" | "$harness" >"$results"
end=$(date +%s.%N)
echo "cpptls-limbo: $(python3 -c "print(f'{$end - $start:.1f}')") s"
python3 "$here/compare.py" "$suite" "$results" "$here/known-differences.txt"
