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

[ $status -eq 0 ] && echo "architecture rules hold"
exit $status
