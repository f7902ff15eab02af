#!/usr/bin/env bash
# Tests of `cpptls ca` as a user runs it:
#   tests/tools/ca-test.sh CASE CPPTLS     runs one case; exits 0 when it passes, 77 (skipped)
#                                          when openssl (or, for www_with_curl, curl) is missing
# Each case makes its own CA in a temporary directory and checks what `ca init` and
# `ca issue` write with both OpenSSL (`openssl verify`, `openssl x509`) and `cpptls verify`,
# so a certificate one verifier accepts by accident does not pass.
set -uo pipefail

case_name=${1:?usage: ca-test.sh CASE CPPTLS}
cpptls=${2:?usage: ca-test.sh CASE CPPTLS}
command -v openssl >/dev/null || { echo "SKIP: openssl not found" >&2; exit 77; }
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

die() {
  echo "FAIL ($case_name): $*" >&2
  for f in "$work"/*.out "$work"/*.err; do
    [ -f "$f" ] && { echo "--- $(basename "$f")" >&2; head -20 "$f" >&2; }
  done
  exit 1
}

# run EXPECTED_STATUS NAME -- COMMAND...: runs COMMAND (bounded) into NAME.out / NAME.err.
run() {
  local expected=$1 name=$2
  shift 3
  timeout 60 "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null
  local status=$?
  [ "$status" -eq "$expected" ] || die "$* exited $status, expected $expected"
}

# ca EXPECTED_STATUS ARGS...: `cpptls ca ARGS` into ca.out / ca.err.
ca() {
  local expected=$1
  shift
  run "$expected" ca -- "$cpptls" ca "$@"
}

# After a failure: stdout empty, one stderr line "error: ..." containing each WORD.
one_error_line() {
  [ ! -s "$work/ca.out" ] || die "stdout is not empty on failure"
  [ "$(wc -l <"$work/ca.err")" -eq 1 ] || die "expected one line on stderr"
  grep -q '^error: ' "$work/ca.err" || die "stderr does not start with 'error: '"
  local word
  for word in "$@"; do
    grep -qF -- "$word" "$work/ca.err" || die "the error does not mention '$word'"
  done
}

# After a usage error (exit 2): an "error:" line naming WORD, then the usage.
usage_error() {
  grep -q '^error: ' "$work/ca.err" || die "no error line"
  grep -qF -- "$1" "$work/ca.err" || die "the error does not mention '$1'"
  grep -q '^usage: cpptls ca init' "$work/ca.err" || die "no usage text"
  [ ! -s "$work/ca.out" ] || die "stdout is not empty on a usage error"
}

# cpptls_verify EXPECTED_STATUS ARGS...: `cpptls verify ARGS` into verify.out / verify.err.
cpptls_verify() {
  local expected=$1
  shift
  run "$expected" verify -- "$cpptls" verify "$@"
  if [ "$expected" -eq 0 ]; then
    head -1 "$work/verify.out" | grep -qx OK || die "cpptls verify did not print OK"
  fi
}

# openssl_verify EXPECTED_STATUS ARGS...: `openssl verify ARGS` (the first certificate of the
# file is the one verified; the CA follows it in PREFIX.pem but comes from -CAfile).
openssl_verify() {
  local expected=$1
  shift
  run "$expected" openssl -- openssl verify -x509_strict "$@"
}

# text FILE: `openssl x509 -text` of the first certificate, into FILE.txt.
text() {
  openssl x509 -in "$1" -noout -text >"$1.txt" 2>"$work/x509.err" || die "openssl x509 cannot read $1"
}

expect_in() {  # FILE PATTERN (extended regex)
  grep -Eq -- "$2" "$1" || die "$(basename "$1") lacks /$2/"
}

# The mode of a file, as octal digits.
mode_of() {
  stat -c %a "$1"
}

# The DER of the public key in a certificate and in a key file, equal when they match.
key_matches_certificate() {  # KEY CERT
  local a b
  a=$(openssl pkey -in "$1" -pubout 2>/dev/null | sha256sum)
  b=$(openssl x509 -in "$2" -noout -pubkey 2>/dev/null | sha256sum)
  [ -n "$a" ] && [ "$a" = "$b" ] || die "$1 is not the key of $2"
}

make_ca() {  # DIR [ARGS...]
  local dir=$1
  shift
  ca 0 init "$dir" "$@"
  printf '%s\n%s\n' "$dir/ca.pem" "$dir/ca.key" | diff -u - "$work/ca.out" >&2 \
    || die "ca init did not print the two paths"
}

case "$case_name" in
  init_makes_a_root)
    make_ca "$work/ca"
    text "$work/ca/ca.pem"
    t="$work/ca/ca.pem.txt"
    expect_in "$t" 'Version: 3 \(0x2\)'
    expect_in "$t" 'Signature Algorithm: ecdsa-with-SHA256'
    expect_in "$t" 'ASN1 OID: prime256v1'
    expect_in "$t" 'Subject: O = cpptls, CN = cpptls test CA [0-9a-f]{16}$'
    expect_in "$t" 'Issuer: O = cpptls, CN = cpptls test CA [0-9a-f]{16}$'
    grep -A1 'Basic Constraints: critical' "$t" | grep -q 'CA:TRUE, pathlen:0' \
      || die "basicConstraints is not critical CA:TRUE, pathlen:0"
    grep -A1 'Key Usage: critical' "$t" | grep -qx ' *Certificate Sign, CRL Sign' \
      || die "keyUsage is not critical keyCertSign, cRLSign"
    expect_in "$t" 'Subject Key Identifier'
    # 10 years: valid in 9.9 years, expired in 10.1.
    openssl x509 -in "$work/ca/ca.pem" -noout -checkend $((3615 * 86400)) >/dev/null \
      || die "the CA expires before 10 years"
    openssl x509 -in "$work/ca/ca.pem" -noout -checkend $((3690 * 86400)) >/dev/null \
      && die "the CA is valid for more than 10 years"
    # Self-signed and acceptable to both verifiers as its own anchor.
    openssl_verify 0 -CAfile "$work/ca/ca.pem" "$work/ca/ca.pem"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" "$work/ca/ca.pem"
    key_matches_certificate "$work/ca/ca.key" "$work/ca/ca.pem"
    # Two CAs never share a name.
    make_ca "$work/ca2"
    [ "$(openssl x509 -in "$work/ca/ca.pem" -noout -subject)" != \
      "$(openssl x509 -in "$work/ca2/ca.pem" -noout -subject)" ] || die "two CAs with one name" ;;

  init_with_rsa_and_name)
    make_ca "$work/ca" --rsa --name "Example Test Root"
    text "$work/ca/ca.pem"
    expect_in "$work/ca/ca.pem.txt" 'Signature Algorithm: sha256WithRSAEncryption'
    expect_in "$work/ca/ca.pem.txt" 'Public-Key: \(2048 bit\)'
    expect_in "$work/ca/ca.pem.txt" 'Subject: O = cpptls, CN = Example Test Root$'
    openssl_verify 0 -CAfile "$work/ca/ca.pem" "$work/ca/ca.pem" ;;

  issue_server_leaf)
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --name localhost --name www.localhost
    printf '%s\n%s\n' "$work/ca/localhost.pem" "$work/ca/localhost.key" | diff -u - "$work/ca.out" >&2 \
      || die "ca issue did not print the two paths"
    leaf="$work/ca/localhost.pem"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver -verify_hostname localhost "$leaf"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver -verify_hostname www.localhost "$leaf"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --host localhost "$leaf"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --host www.localhost "$leaf"
    # A server leaf is not a client certificate.
    openssl_verify 2 -CAfile "$work/ca/ca.pem" -purpose sslclient "$leaf"
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --purpose client "$leaf"
    text "$leaf"
    t="$leaf.txt"
    expect_in "$t" 'Subject: CN = localhost$'
    expect_in "$t" 'DNS:localhost, DNS:www.localhost$'
    grep -A1 'Basic Constraints: critical' "$t" | grep -q 'CA:FALSE' || die "basicConstraints"
    grep -A1 'Key Usage: critical' "$t" | grep -qx ' *Digital Signature' || die "keyUsage"
    grep -A1 'Extended Key Usage' "$t" | grep -qx ' *TLS Web Server Authentication' || die "EKU"
    # 16-byte positive serial; authorityKeyIdentifier is the CA's subjectKeyIdentifier.
    serial=$(openssl x509 -in "$leaf" -noout -serial | sed 's/^serial=//')
    [ ${#serial} -eq 32 ] || die "the serial $serial is not 16 bytes"
    text "$work/ca/ca.pem"
    ca_ski=$(grep -A1 'Subject Key Identifier' "$work/ca/ca.pem.txt" | tail -1 | tr -d ' ')
    leaf_aki=$(grep -A1 'Authority Key Identifier' "$t" | tail -1 | tr -d ' ' | sed 's/^keyid://')
    [ -n "$ca_ski" ] && [ "$ca_ski" = "$leaf_aki" ] || die "AKI $leaf_aki is not the CA's SKI $ca_ski"
    # 90 days by default, backdated an hour.
    openssl x509 -in "$leaf" -noout -checkend $((89 * 86400)) >/dev/null || die "expires before 90 days"
    openssl x509 -in "$leaf" -noout -checkend $((91 * 86400)) >/dev/null && die "valid beyond 90 days"
    not_before=$(date -d "$(openssl x509 -in "$leaf" -noout -startdate | cut -d= -f2)" +%s)
    [ $(( $(date +%s) - not_before )) -ge 3500 ] || die "notBefore is not backdated an hour"
    # The file is the certificate with its chain: the leaf, then the CA certificate.
    [ "$(grep -c 'BEGIN CERTIFICATE' "$leaf")" -eq 2 ] || die "$leaf does not hold two certificates"
    awk '/BEGIN CERTIFICATE/ { n++ } n == 2' "$leaf" | diff -q - "$work/ca/ca.pem" >/dev/null \
      || die "the second certificate of $leaf is not ca.pem"
    key_matches_certificate "$work/ca/localhost.key" "$leaf" ;;

  issue_ip_addresses)
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --ip 127.0.0.1 --ip ::1 --name localhost
    leaf="$work/ca/127.0.0.1.pem"
    [ -f "$leaf" ] || die "the default PREFIX is not the first identity"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --ip 127.0.0.1 "$leaf"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --ip ::1 "$leaf"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --host localhost "$leaf"
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --ip 127.0.0.2 "$leaf"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 "$leaf"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver -verify_ip ::1 "$leaf"
    openssl_verify 2 -CAfile "$work/ca/ca.pem" -purpose sslserver -verify_ip 127.0.0.2 "$leaf"
    text "$leaf"
    expect_in "$leaf.txt" 'Subject: CN = 127.0.0.1$'
    expect_in "$leaf.txt" 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1' ;;

  issue_client_leaf)
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --name alice.example --client
    leaf="$work/ca/alice.example.pem"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --purpose client "$leaf"
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --purpose server --host alice.example "$leaf"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslclient "$leaf"
    openssl_verify 2 -CAfile "$work/ca/ca.pem" -purpose sslserver "$leaf"
    # --client --server: both.
    ca 0 issue "$work/ca" --name both.example --client --server
    leaf="$work/ca/both.example.pem"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --purpose client "$leaf"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --purpose server --host both.example "$leaf"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslclient "$leaf"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver "$leaf" ;;

  issue_expired_and_not_yet_valid)
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --name old.example --not-before 2020-01-01 --not-after 2020-02-01
    leaf="$work/ca/old.example.pem"
    text "$leaf"
    expect_in "$leaf.txt" 'Not Before: Jan  1 00:00:00 2020 GMT'
    expect_in "$leaf.txt" 'Not After : Feb  1 00:00:00 2020 GMT'
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --host old.example "$leaf"
    grep -q "expired" "$work/verify.out" "$work/verify.err" || die "verify does not say expired"
    ca 0 issue "$work/ca" --name new.example --not-before 2030-01-01T00:00:00Z \
      --not-after 2030-06-01
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --host new.example "$work/ca/new.example.pem"
    openssl_verify 2 -CAfile "$work/ca/ca.pem" "$work/ca/new.example.pem"
    # Refusals: one without the other, with --days, backwards, after the CA, bad TIME.
    ca 2 issue "$work/ca" --name x.example --not-before 2020-01-01
    ca 2 issue "$work/ca" --name x.example --not-before 2020-01-01 --not-after 2020-02-01 --days 5
    ca 2 issue "$work/ca" --name x.example --not-before 2020-01-01 --not-after yesterday
    ca 1 issue "$work/ca" --name x.example --not-before 2020-02-01 --not-after 2020-01-01
    grep -q "before it starts" "$work/ca.err" || die "no reason for a backwards validity"
    ca 1 issue "$work/ca" --name x.example --not-before 2020-01-01 --not-after 9999-01-01
    grep -q "the CA expires" "$work/ca.err" || die "no reason for outliving the CA" ;;

  issue_rsa)
    make_ca "$work/ca" --rsa
    ca 0 issue "$work/ca" --name rsa.example --rsa
    leaf="$work/ca/rsa.example.pem"
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver -verify_hostname rsa.example "$leaf"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --host rsa.example "$leaf"
    text "$leaf"
    expect_in "$leaf.txt" 'Signature Algorithm: sha256WithRSAEncryption'
    expect_in "$leaf.txt" 'Public-Key: \(2048 bit\)'
    grep -A1 'Key Usage: critical' "$leaf.txt" | grep -qx ' *Digital Signature, Key Encipherment' \
      || die "an RSA leaf needs keyEncipherment"
    key_matches_certificate "$work/ca/rsa.example.key" "$leaf"
    # Key types mix: an ECDSA leaf under the RSA CA, an RSA leaf under an ECDSA CA.
    ca 0 issue "$work/ca" --name ec.example
    openssl_verify 0 -CAfile "$work/ca/ca.pem" -purpose sslserver "$work/ca/ec.example.pem"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --host ec.example "$work/ca/ec.example.pem"
    make_ca "$work/ec"
    ca 0 issue "$work/ec" --name rsa.example --rsa
    openssl_verify 0 -CAfile "$work/ec/ca.pem" -purpose sslserver "$work/ec/rsa.example.pem"
    cpptls_verify 0 --cafile "$work/ec/ca.pem" --host rsa.example "$work/ec/rsa.example.pem" ;;

  wrong_host_refused)
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --name localhost
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --host example.com "$work/ca/localhost.pem"
    grep -q 'does not match host example.com' "$work/verify.err" || die "no mismatch reason"
    openssl_verify 2 -CAfile "$work/ca/ca.pem" -verify_hostname example.com "$work/ca/localhost.pem"
    # Another CA's leaf is not trusted.
    make_ca "$work/other"
    cpptls_verify 1 --cafile "$work/other/ca.pem" --host localhost "$work/ca/localhost.pem"
    openssl_verify 2 -CAfile "$work/other/ca.pem" "$work/ca/localhost.pem" ;;

  wildcard_and_out_prefix)
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --name '*.example.test' --days 1
    leaf="$work/ca/_wildcard.example.test.pem"
    [ -f "$leaf" ] || die "the default PREFIX does not spell '*' _wildcard"
    cpptls_verify 0 --cafile "$work/ca/ca.pem" --host a.example.test "$leaf"
    cpptls_verify 1 --cafile "$work/ca/ca.pem" --host example.test "$leaf"
    openssl x509 -in "$leaf" -noout -checkend 3600 >/dev/null || die "--days 1 expires within an hour"
    openssl x509 -in "$leaf" -noout -checkend 90000 >/dev/null && die "--days 1 lasts over a day"
    ca 0 issue "$work/ca" --name svc.example --out "$work/svc"
    [ -f "$work/svc.pem" ] && [ -f "$work/svc.key" ] || die "--out PREFIX not used"
    printf '%s\n%s\n' "$work/svc.pem" "$work/svc.key" | diff -u - "$work/ca.out" >&2 \
      || die "ca issue did not print the --out paths" ;;

  key_files_are_private)
    (umask 000 && "$cpptls" ca init "$work/ca" >/dev/null) || die "ca init failed"
    (umask 000 && "$cpptls" ca issue "$work/ca" --name localhost >/dev/null) || die "ca issue failed"
    [ "$(mode_of "$work/ca/ca.key")" = 600 ] || die "ca.key has mode $(mode_of "$work/ca/ca.key")"
    [ "$(mode_of "$work/ca/localhost.key")" = 600 ] || die "localhost.key has mode $(mode_of "$work/ca/localhost.key")"
    [ "$(mode_of "$work/ca/ca.pem")" = 644 ] || die "ca.pem has mode $(mode_of "$work/ca/ca.pem")"
    for key in "$work/ca/ca.key" "$work/ca/localhost.key"; do
      [ "$(head -1 "$key")" = "-----BEGIN PRIVATE KEY-----" ] || die "$key is not PKCS#8 PEM"
      openssl pkey -in "$key" -noout 2>/dev/null || die "openssl cannot read $key"
    done ;;

  init_twice_refused)
    make_ca "$work/ca"
    before=$(sha256sum "$work/ca/ca.pem" "$work/ca/ca.key")
    ca 1 init "$work/ca"
    one_error_line "already holds a CA"
    ca 1 init "$work/ca" --rsa
    one_error_line "already holds a CA"
    [ "$(sha256sum "$work/ca/ca.pem" "$work/ca/ca.key")" = "$before" ] || die "the CA was changed"
    # An existing directory without a CA is fine.
    mkdir "$work/empty"
    make_ca "$work/empty" ;;

  issue_refusals)
    ca 1 issue "$work/none" --name localhost
    one_error_line "ca.pem" "cpptls ca init"
    make_ca "$work/ca"
    ca 0 issue "$work/ca" --name localhost
    before=$(sha256sum "$work/ca/localhost.pem" "$work/ca/localhost.key")
    ca 1 issue "$work/ca" --name localhost
    one_error_line "already exists"
    [ "$(sha256sum "$work/ca/localhost.pem" "$work/ca/localhost.key")" = "$before" ] \
      || die "an existing certificate was overwritten"
    # A key that is not the CA certificate's.
    make_ca "$work/other"
    cp "$work/other/ca.key" "$work/ca/ca.key"
    ca 1 issue "$work/ca" --name mismatch.example
    one_error_line "is not the key of"
    # A leaf is not a CA.
    mkdir "$work/fake"
    cp "$work/ca/localhost.pem" "$work/fake/ca.pem"
    cp "$work/ca/localhost.key" "$work/fake/ca.key"
    ca 1 issue "$work/fake" --name x.example
    one_error_line "not a CA certificate"
    # A CA made by OpenSSL issues too, but not a leaf that would outlive it.
    mkdir "$work/short"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 5 \
      -keyout "$work/short/ca.key" -out "$work/short/ca.pem" -subj "/CN=Short CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
      >/dev/null 2>&1 || die "openssl req failed"
    ca 0 issue "$work/short" --name a.example --days 4
    cpptls_verify 0 --cafile "$work/short/ca.pem" --host a.example "$work/short/a.example.pem"
    openssl_verify 0 -CAfile "$work/short/ca.pem" -purpose sslserver "$work/short/a.example.pem"
    ca 1 issue "$work/short" --name b.example --days 6
    one_error_line "expires at" "--days"
    [ ! -e "$work/short/b.example.key" ] || die "a refused leaf left its key behind" ;;

  usage_errors)
    ca 2
    usage_error "init or issue"
    ca 2 frobnicate
    usage_error "frobnicate"
    ca 2 init
    usage_error "DIR is required"
    ca 2 init "$work/a" "$work/b"
    usage_error "more than one DIR"
    ca 2 init "$work/a" --frob
    usage_error "--frob"
    ca 2 init "$work/a" --name
    usage_error "--name"
    [ ! -e "$work/a" ] || die "a usage error created DIR"
    make_ca "$work/ca"
    ca 2 issue "$work/ca"
    usage_error "--name"
    ca 2 issue "$work/ca" --name 1.2.3.4
    usage_error "use --ip"
    ca 2 issue "$work/ca" --name 'a..b'
    usage_error "a..b"
    ca 2 issue "$work/ca" --name 'bad_name.example'
    usage_error "bad_name.example"
    ca 2 issue "$work/ca" --ip 300.1.1.1
    usage_error "300.1.1.1"
    ca 2 issue "$work/ca" --name x.example --days 0
    usage_error "--days"
    ca 2 issue "$work/ca" --name x.example --days 3651
    usage_error "--days"
    ca 2 issue "$work/ca" --name x.example --days ten
    usage_error "ten"
    ca 2 issue "$work/ca" --name x.example --out
    usage_error "--out"
    [ "$(ls "$work/ca")" = "$(printf 'ca.key\nca.pem')" ] || die "a usage error wrote files" ;;

  help)
    ca 0 --help
    grep -q '^usage: cpptls ca init' "$work/ca.out" || die "no usage on stdout"
    run 0 help -- "$cpptls" --help
    grep -q '^  ca ' "$work/help.out" || die "cpptls --help does not list ca" ;;

  www_with_curl)
    # `cpptls server` with what `ca issue` wrote, fetched by curl trusting only ca.pem: an
    # ECDSA CA and leaf, then RSA ones.
    command -v curl >/dev/null || { echo "SKIP: curl not found" >&2; exit 77; }
    for key in ecdsa rsa; do
      rsa=()
      [ "$key" = rsa ] && rsa=(--rsa)
      make_ca "$work/$key" "${rsa[@]}"
      ca 0 issue "$work/$key" --name localhost "${rsa[@]}"
      "$cpptls" server --cert "$work/$key/localhost.pem" --key "$work/$key/localhost.key" \
        --port 0 --once --www >"$work/server.out" 2>"$work/server.err" &
      server_pid=$!
      port=
      for _ in $(seq 1 100); do
        port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/server.out")
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || die "the server exited early"
        sleep 0.1
      done
      [ -n "$port" ] || die "the server did not print 'listening on'"
      # --resolve: localhost may resolve to ::1 first, and the server listens on 127.0.0.1.
      run 0 curl -- curl --silent --show-error --max-time 20 --cacert "$work/$key/ca.pem" \
        --resolve "localhost:$port:127.0.0.1" "https://localhost:$port/"
      grep -q 'handshake: version=TLSv1' "$work/curl.out" || die "the page is not the --www page"
      for _ in $(seq 1 100); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
      done
      wait "$server_pid" || die "the server exited with an error"
      server_pid=
    done ;;

  *)
    die "unknown case" ;;
esac
exit 0
