#!/usr/bin/env bash
# Installs cpptls into a temporary prefix and builds a program outside the repository against
# it (examples/consumer), the way a user would:
#   tests/packaging/package-test.sh find_package|pkg_config|fetch_content|examples|all BUILD_DIR
# find_package:  cmake with CMAKE_PREFIX_PATH=<prefix>, linking cpptls::cpptls.
# pkg_config:    g++ -std=c++20 main.cpp $(pkg-config --cflags --libs cpptls).
# fetch_content: the consumer builds cpptls from this checkout inside its own build
#                (FetchContent with SOURCE_DIR; add_subdirectory is the same path), as a Debug
#                build with CPPTLS_WERROR on, and links the cpptls::cpptls it defines.
# examples:      examples/sockets and examples/asio as their own projects against the install
#                (find_package(cpptls COMPONENTS asio) for the latter), and the asio component
#                refused, with its reason, when Boost cannot be found.
# BUILD_DIR is installed with `cmake --install BUILD_DIR --prefix <prefix>`; it must have built
# cpptls_lib and cpptls (ctest runs this on its own build). A BUILD_DIR without a
# CMakeCache.txt is configured and those two targets built first (without the tests).
# The consumer then completes a handshake in memory with a certificate made here by openssl
# and must print "consumer: ok". CXX and CXXFLAGS (e.g. sanitizer flags matching the library)
# are honoured. Every step has a time limit; exits non-zero with a FAIL line on any failure.
set -euo pipefail

usage="usage: package-test.sh find_package|pkg_config|fetch_content|examples|all BUILD_DIR"
mode=${1:?$usage}
build_dir=${2:?$usage}
case "$mode" in
  find_package | pkg_config | fetch_content | examples | all) ;;
  *) echo "unknown mode: $mode" >&2; exit 2 ;;
esac
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
cxx=${CXX:-g++}
cxxflags=${CXXFLAGS:-}

work=$(mktemp -d /tmp/cpptls-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() {  # step SECONDS LOGNAME command... : runs it bounded, shows its log on failure
  local seconds=$1 log=$work/$2.log
  shift 2
  if ! timeout "$seconds" "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "$* (log above)"
  fi
}

# 1. The project: configured and built only when BUILD_DIR is new, then installed.
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  step 300 configure cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCPPTLS_BUILD_TESTS=OFF
  step 1800 build cmake --build "$build_dir" --target cpptls_lib cpptls
fi
step 120 install cmake --install "$build_dir" --prefix "$prefix"

# 2. The install tree: every file a user needs, and headers that stand alone.
libdir=$(dirname "$(find "$prefix" -name libcpptls.a -print -quit)")
[ -f "$libdir/libcpptls.a" ] || fail "libcpptls.a not installed"
for file in include/cpptls/cpptls.hpp include/cpptls/version.hpp include/cpptls/connection.hpp \
  bin/cpptls; do
  [ -f "$prefix/$file" ] || fail "$file not installed"
done
for file in cmake/cpptls/cpptlsConfig.cmake cmake/cpptls/cpptlsConfigVersion.cmake \
  cmake/cpptls/cpptlsTargets.cmake pkgconfig/cpptls.pc; do
  [ -f "$libdir/$file" ] || fail "${libdir#"$prefix"/}/$file not installed"
done
[ -z "$(find "$prefix/include" -type f ! -name '*.hpp')" ] || fail "non-header files in include/"
for header in "$prefix"/include/cpptls/*.hpp; do
  # Public headers include each other and the standard library only (no "base/...", no
  # <openssl/...>, no <tl/expected.hpp>): a user has nothing else.
  while read -r included; do
    case "$included" in
      \"cpptls/*\")
        target=${included//\"/}
        [ -f "$prefix/include/$target" ] || fail "$header includes $included, not installed"
        ;;
      \<*/*\> | \<*.h\> | \<*.hpp\> | \"*) fail "$header includes $included (not public)" ;;
    esac
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' "$header")
done
version=$(sed -n 's/^project(cpptls VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
[ -n "$version" ] || fail "no version in the top-level project()"
"$prefix/bin/cpptls" --version | grep -q "^cpptls $version$" ||
  fail "installed cpptls --version does not print cpptls $version"

# 3. A server certificate for localhost under a CA (P-256: quick to make).
pki=$work/pki
mkdir -p "$pki"
step 60 ca-cert openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$pki/ca.key" -out "$pki/ca.pem" -days 2 -subj "/CN=cpptls consumer test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign"
step 60 leaf-request openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$pki/leaf.key" -out "$pki/leaf.csr" -subj "/CN=localhost"
cat >"$pki/leaf.ext" <<'EXT'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost
EXT
step 60 leaf-cert openssl x509 -req -in "$pki/leaf.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" \
  -CAcreateserial -days 2 -sha256 -extfile "$pki/leaf.ext" -out "$pki/leaf.pem"

run_consumer() {  # run_consumer NAME BINARY
  local output
  output=$(timeout 30 "$2" "$pki/leaf.pem" "$pki/leaf.key" "$pki/ca.pem" 2>&1) ||
    fail "$1 consumer failed: $output"
  grep -qx "consumer: ok" <<<"$output" || fail "$1 consumer did not print 'consumer: ok': $output"
  echo "$1: $output"
}

# 4. The consumer, built as its own CMake project against the install.
if [ "$mode" = find_package ] || [ "$mode" = all ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  step 120 consumer-configure cmake -S "$source_dir/examples/consumer" -B "$work/consumer" \
    "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_BUILD_TYPE=Debug
  step 300 consumer-build cmake --build "$work/consumer"
  run_consumer find_package "$work/consumer/consumer"
fi

# 5. The same main.cpp with pkg-config alone.
if [ "$mode" = pkg_config ] || [ "$mode" = all ]; then
  export PKG_CONFIG_PATH=$libdir/pkgconfig
  pc_version=$(pkg-config --modversion cpptls) || fail "pkg-config does not find cpptls"
  [ "$pc_version" = "$version" ] || fail "pkg-config says version $pc_version, not $version"
  # shellcheck disable=SC2046,SC2086 # word splitting of the flags is intended
  step 300 consumer-pkg-config "$cxx" -std=c++20 $cxxflags \
    "$source_dir/examples/consumer/main.cpp" $(pkg-config --cflags --libs cpptls) \
    -o "$work/consumer-pc"
  run_consumer pkg_config "$work/consumer-pc"
fi
# 6. cpptls built inside the consumer's own build from this checkout. Only the library: its
# tests, tool and examples stay off when it is not the top-level project, so the consumer
# needs neither GoogleTest nor Boost.
if [ "$mode" = fetch_content ] || [ "$mode" = all ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  step 120 fetch-configure cmake -S "$source_dir/examples/consumer" -B "$work/consumer-fc" \
    "${generator[@]}" -DCPPTLS_SOURCE_DIR="$source_dir" -DCPPTLS_WERROR=ON \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_BUILD_TYPE=Debug
  grep -q '^CPPTLS_BUILD_TESTS:BOOL=OFF' "$work/consumer-fc/CMakeCache.txt" ||
    fail "cpptls built its tests inside a consumer's build"
  step 1200 fetch-build cmake --build "$work/consumer-fc" -j "${CPPTLS_JOBS:-$(nproc)}"
  [ ! -e "$work/consumer-fc/_deps/cpptls-build/tools/cpptls" ] ||
    fail "cpptls built its command-line tool inside a consumer's build"
  run_consumer fetch_content "$work/consumer-fc/consumer"
fi
# 7. The examples as a user builds them against the install: the blocking stream and epoll
# server (cpptls::cpptls), the Boost.Asio ones through the asio component (cpptls::asio).
if [ "$mode" = examples ] || [ "$mode" = all ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  step 120 sockets-configure cmake -S "$source_dir/examples/sockets" -B "$work/sockets" \
    "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS="$cxxflags"
  step 300 sockets-build cmake --build "$work/sockets"
  [ -x "$work/sockets/https_get" ] && [ -x "$work/sockets/epoll_echo_server" ] ||
    fail "examples/sockets built no programs"
  step 120 asio-configure cmake -S "$source_dir/examples/asio" -B "$work/asio" \
    "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS="$cxxflags"
  step 600 asio-build cmake --build "$work/asio"
  [ -x "$work/asio/beast_https_client" ] || fail "examples/asio built no programs"
  # Without Boost the component is not found, and the configure step says why.
  if cmake -S "$source_dir/examples/asio" -B "$work/asio-noboost" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_DISABLE_FIND_PACKAGE_Boost=TRUE >"$work/noboost.log" 2>&1; then
    fail "find_package(cpptls COMPONENTS asio) succeeded without Boost"
  fi
  grep -q "cpptls::asio needs Boost 1.81 or later" "$work/noboost.log" ||
    { cat "$work/noboost.log" >&2; fail "no reason given for the missing asio component"; }
fi
echo "PASS: $mode"
