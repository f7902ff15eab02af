#!/usr/bin/env bash
# The asio adapter's headers stop an old Boost with a message that names the version needed:
# compiles `#include "cpptls/asio/stream.hpp"` against a boost/version.hpp that says 1.74
# (Debian 12's default Boost), placed before the real one, and expects that message; the same
# file against the real Boost must compile, so the test can fail both ways.
#   tests/asio/old-boost-test.sh CXX SOURCE_DIR
set -uo pipefail
cxx=${1:?usage: old-boost-test.sh CXX SOURCE_DIR}
source_dir=${2:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fake/boost"
printf '#pragma once\n#define BOOST_VERSION 107400\n#define BOOST_LIB_VERSION "1_74"\n' \
  >"$work/fake/boost/version.hpp"
printf '#include "cpptls/asio/stream.hpp"\nint main() { return 0; }\n' >"$work/use.cpp"

if ! "$cxx" -std=c++20 -fsyntax-only -I"$source_dir/include" "$work/use.cpp" 2>"$work/real.err"; then
  echo "FAIL: stream.hpp does not compile with the real Boost:"; cat "$work/real.err"; exit 1
fi
if "$cxx" -std=c++20 -fsyntax-only -I"$work/fake" -I"$source_dir/include" "$work/use.cpp" \
  2>"$work/old.err"; then
  echo "FAIL: stream.hpp compiled with Boost 1.74"; exit 1
fi
grep -q "cpptls/asio needs Boost 1.81 or later" "$work/old.err" ||
  { echo "FAIL: no message naming the Boost needed:"; head -20 "$work/old.err"; exit 1; }
[ "$(grep -c 'error' "$work/old.err")" -le 2 ] ||
  { echo "FAIL: the message is buried under other errors:"; head -20 "$work/old.err"; exit 1; }
echo "PASS: an old Boost is refused by name"
