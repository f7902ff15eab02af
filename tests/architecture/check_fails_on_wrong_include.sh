#!/usr/bin/env bash
# The architecture check must fail when a file includes across the layer graph: copies the
# sources the check reads into a temporary tree, plants one wrong include at a time, and
# expects the check to name it. The unchanged copy must pass, so the test can fail both ways.
# Usage: check_fails_on_wrong_include.sh SOURCE_ROOT
set -euo pipefail
source_root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fresh_copy() {
  rm -rf "$work/tree"; mkdir -p "$work/tree"
  cp -r "$source_root/src" "$source_root/include" "$source_root/tools" "$source_root/docs" \
    "$source_root/scripts" "$source_root/CMakeLists.txt" "$work/tree/"
  [ -d "$source_root/cmake" ] && cp -r "$source_root/cmake" "$work/tree/"
}

# expect_refused FILE LINE EXPECTED: with LINE appended to FILE, the check fails and prints
# EXPECTED.
expect_refused() {
  local file=$1 line=$2 expected=$3
  fresh_copy
  echo "$line" >>"$work/tree/$file"
  local out rc=0
  out=$(bash "$work/tree/scripts/check-architecture.sh" "$work/tree" 2>&1) || rc=$?
  if [ $rc -eq 0 ] || ! grep -qF -- "$expected" <<<"$out"; then
    echo "FAIL: '$line' in $file was not refused as '$expected' (exit $rc):"; echo "$out"
    failures=$((failures + 1))
  else
    echo "ok: $file -> refused ($expected)"
  fi
}

fresh_copy
if ! bash "$work/tree/scripts/check-architecture.sh" "$work/tree"; then
  echo "FAIL: the unchanged tree does not pass"; failures=$((failures + 1))
fi

expect_refused src/wire/enums.cpp '#include "conn/engine.hpp"' 'wire -> conn'
expect_refused src/handshake/common/actions.hpp '#include "record/protection.hpp"' \
  'handshake -> record'
expect_refused src/x509/pem.cpp '#include "wire/reader.hpp"' 'x509 -> wire'
expect_refused src/crypto/hkdf.cpp '#include <cpptls/config.hpp>' 'crypto -> include'
expect_refused include/cpptls/session.hpp '#include "conn/engine.hpp"' 'include -> conn'
expect_refused tools/cpptls/main.cpp '#include "handshake/common/session.hpp"' \
  'tools -> handshake'
expect_refused src/record/header.hpp '#include <openssl/evp.h>' \
  'OpenSSL headers outside src/crypto/openssl/'

[ $failures -eq 0 ] && echo "the architecture check refuses every planted include"
exit $(( failures > 0 ))
