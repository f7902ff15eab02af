#!/usr/bin/env bash
# Checks the architecture rules that the module targets cannot: OpenSSL headers appear only
# under src/crypto/openssl/, and the product never calls libssl or OpenSSL's X.509
# verification. Prints each violation and exits 1 if there is any.
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
status=0

openssl_outside=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]openssl/' src include tools \
  --include='*.hpp' --include='*.cpp' --include='*.h' | grep -v '^src/crypto/openssl/' || true)
if [ -n "$openssl_outside" ]; then
  echo "OpenSSL headers outside src/crypto/openssl/:"; echo "$openssl_outside"; status=1
fi

libssl=$(grep -rnE '\b(SSL_CTX_new|SSL_new|SSL_connect|SSL_accept|SSL_read|SSL_write|X509_verify_cert|X509_STORE_CTX_new|X509_check_host)\b' \
  src include tools || true)
if [ -n "$libssl" ]; then
  echo "libssl or OpenSSL X.509 verification used in the product:"; echo "$libssl"; status=1
fi

if grep -rn 'OpenSSL::SSL' src tools CMakeLists.txt cmake >/dev/null 2>&1; then
  echo "a product target links libssl (OpenSSL::SSL)"; status=1
fi

# The command (tools/) reaches the library through its public headers (include/cpptls) only;
# the build enforces it for the files compiled in cpptls_tool_public (tools/CMakeLists.txt).
# These still include headers under src/, until public interfaces replace what they use: the
# blocking socket stream of src/io (client, server, get, demo's loopback) and the record and
# handshake decoders of `demo` (a public observer of decoded records). The list only shrinks.
tools_reaching_into_src="tools/cpptls/client_command.cpp
tools/cpptls/demo/key_log_book.cpp
tools/cpptls/demo/key_log_book.hpp
tools/cpptls/demo/loopback.hpp
tools/cpptls/demo/narrator.cpp
tools/cpptls/demo/narrator.hpp
tools/cpptls/demo/wire_observer.cpp
tools/cpptls/demo/wire_observer.hpp
tools/cpptls/get_command.cpp
tools/cpptls/server_command.cpp"
reaching=$(grep -rlE '#[[:space:]]*include[[:space:]]*"(base|crypto|wire|record|x509|handshake|conn|io)/' tools \
  --include='*.hpp' --include='*.cpp' | sort || true)
new_reach=$(comm -23 <(echo "$reaching") <(echo "$tools_reaching_into_src") | grep . || true)
if [ -n "$new_reach" ]; then
  echo "tools/ files that include headers under src/ (use include/cpptls):"; echo "$new_reach"
  status=1
fi
no_longer=$(comm -13 <(echo "$reaching") <(echo "$tools_reaching_into_src") | grep . || true)
if [ -n "$no_longer" ]; then
  echo "no longer reaching into src/, remove from tools_reaching_into_src:"; echo "$no_longer"
  status=1
fi

[ $status -eq 0 ] && echo "architecture rules hold"
exit $status
