#!/usr/bin/env bash
# Tests of `cpptls verify` as a user runs it, on the PKI of tests/pki/make-test-pki.sh:
#   tests/tools/verify-test.sh setup PKI_DIR          makes the PKI (a ctest fixture)
#   tests/tools/verify-test.sh CASE CPPTLS PKI_DIR    runs one case; exits 0 when it passes
# The PKI is made once per ctest run (FIXTURES_SETUP) and only read by the cases, which work
# in their own temporary directory.
set -uo pipefail

case_name=${1:?usage: verify-test.sh CASE CPPTLS PKI_DIR}
here=$(cd "$(dirname "$0")" && pwd)

if [ "$case_name" = setup ]; then
  pki=${2:?usage: verify-test.sh setup PKI_DIR}
  rm -rf "$pki"
  exec bash "$here/../pki/make-test-pki.sh" "$pki"
fi

cpptls=${2:?usage: verify-test.sh CASE CPPTLS PKI_DIR}
pki=${3:?usage: verify-test.sh CASE CPPTLS PKI_DIR}
[ -f "$pki/leaf-rsa.pem" ] || { echo "FAIL ($case_name): no PKI in $pki" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

die() {
  echo "FAIL ($case_name): $*" >&2
  for f in "$work"/*.out "$work"/*.err; do
    [ -f "$f" ] && { echo "--- $(basename "$f")" >&2; head -20 "$f" >&2; }
  done
  exit 1
}

# verify EXPECTED_STATUS ARGS...: runs `cpptls verify ARGS` (in $pki) into v.out / v.err.
verify() {
  local expected=$1
  shift
  (cd "$pki" && timeout 30 "$cpptls" verify "$@") >"$work/v.out" 2>"$work/v.err" </dev/null
  local status=$?
  [ "$status" -eq "$expected" ] || die "cpptls verify $* exited $status, expected $expected"
}

# After a failure: stdout empty, exactly one stderr line "error: ..." containing each WORD.
one_error_line() {
  [ ! -s "$work/v.out" ] || die "stdout is not empty on failure"
  [ "$(wc -l <"$work/v.err")" -eq 1 ] || die "expected one line on stderr, got $(wc -l <"$work/v.err")"
  grep -q '^error: ' "$work/v.err" || die "stderr does not start with 'error: '"
  local word
  for word in "$@"; do
    grep -qF -- "$word" "$work/v.err" || die "the error does not mention '$word'"
  done
}

# After a usage error: an "error:" line naming the problem, then the usage.
usage_error() {  # WORD
  grep -q '^usage: cpptls verify' "$work/v.err" || die "no usage line"
  grep -q '^error: ' "$work/v.err" || die "no error line"
  grep -qF -- "$1" "$work/v.err" || die "the error does not mention '$1'"
  [ ! -s "$work/v.out" ] || die "stdout is not empty on a usage error"
}

# stdout is "OK" then exactly these subjects, leaf first.
expect_path() {
  printf 'OK\n' >"$work/expected.out"
  printf '%s\n' "$@" >>"$work/expected.out"
  diff -u "$work/expected.out" "$work/v.out" >&2 || die "unexpected path"
  [ ! -s "$work/v.err" ] || die "stderr is not empty on success"
}

readonly leaf_rsa="CN=www.example.org,O=Example Org,L=San Francisco,ST=California,C=US"
readonly int_rsa="CN=Test Intermediate RSA,O=cpptls tests,C=US"
readonly root_rsa="CN=Test Root RSA,O=cpptls tests,C=US"
readonly leaf_ec="CN=*.example.com,O=Example"
readonly int_ec="CN=Test Intermediate EC,O=cpptls tests,C=US"
readonly root_ec="CN=Test Root EC,O=cpptls tests,C=US"
readonly rsa_chain=(--cafile root-rsa.pem --untrusted int-rsa.pem)
readonly ec_chain=(--cafile root-ec.pem --untrusted int-ec.pem)

case "$case_name" in
  pinned_self_signed_leaf)
    # A self-signed certificate as `openssl req -x509` makes it (cA TRUE, no extKeyUsage),
    # trusted by itself: the web PKI's issuance rules do not apply to a pinned certificate,
    # but the host name still does.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
      -keyout "$work/self.key" -out "$work/self.pem" -subj /CN=localhost \
      -addext subjectAltName=DNS:localhost >/dev/null 2>&1 || die "openssl req failed"
    verify 0 --cafile "$work/self.pem" --host localhost "$work/self.pem"
    expect_path "CN=localhost"
    verify 1 --cafile "$work/self.pem" --host example.com "$work/self.pem"
    one_error_line example.com
    # Not trusted by itself, the same certificate is refused.
    verify 1 --cafile root-ec.pem --host localhost "$work/self.pem"
    one_error_line ;;

  ok_rsa_path)
    verify 0 "${rsa_chain[@]}" --host www.example.org leaf-rsa.pem
    expect_path "$leaf_rsa" "$int_rsa" "$root_rsa" ;;

  ok_bundle_with_intermediate)
    # CERT.pem holds the leaf followed by its intermediate, as a server sends them.
    cat "$pki/leaf-ec.pem" "$pki/int-ec.pem" >"$work/bundle.pem"
    verify 0 --cafile root-ec.pem --host shop.example.com "$work/bundle.pem"
    expect_path "$leaf_ec" "$int_ec" "$root_ec" ;;

  ok_der_leaf_capath_and_ip)
    mkdir "$work/cas"
    cp "$pki/root-rsa.pem" "$pki/root-ec.pem" "$work/cas/"
    verify 0 --capath "$work/cas" --untrusted int-rsa.pem --ip 192.0.2.1 leaf-rsa.der
    expect_path "$leaf_rsa" "$int_rsa" "$root_rsa" ;;

  ok_several_cafiles)
    verify 0 --cafile root-ec.pem --cafile root-rsa.pem --untrusted int-ec.pem \
      --untrusted int-rsa.pem leaf-rsa.pem
    expect_path "$leaf_rsa" "$int_rsa" "$root_rsa" ;;

  system_store_from_environment)
    # Without --cafile/--capath the system store is used, and it honours SSL_CERT_FILE.
    unset SSL_CERT_DIR
    SSL_CERT_FILE="$pki/root-rsa.pem" verify 0 --untrusted int-rsa.pem leaf-rsa.pem
    expect_path "$leaf_rsa" "$int_rsa" "$root_rsa"
    SSL_CERT_FILE="$pki/root-ec.pem" verify 1 --untrusted int-rsa.pem leaf-rsa.pem
    one_error_line
    # The default system store does not hold the test root.
    unset SSL_CERT_FILE
    verify 1 --untrusted int-rsa.pem leaf-rsa.pem
    one_error_line ;;

  untrusted_root)
    verify 1 --cafile root-ec.pem --untrusted int-rsa.pem leaf-rsa.pem
    one_error_line ;;

  missing_intermediate)
    # Issue 3 item 7: the reason names the certificate whose issuer is missing.
    verify 1 --cafile root-rsa.pem leaf-rsa.pem
    one_error_line "www.example.org" "Test Intermediate RSA" ;;

  wrong_host)
    verify 1 "${rsa_chain[@]}" --host www.example.com leaf-rsa.pem
    one_error_line "www.example.com" "www.example.org" ;;

  wrong_ip)
    verify 1 "${rsa_chain[@]}" --ip 192.0.2.2 leaf-rsa.pem
    one_error_line "192.0.2.2" ;;

  wildcard_is_one_label)
    verify 0 "${ec_chain[@]}" --host a.example.com leaf-ec.pem
    verify 1 "${ec_chain[@]}" --host a.b.example.com leaf-ec.pem
    one_error_line "a.b.example.com" ;;

  expired_at_future_time)
    verify 1 "${rsa_chain[@]}" --at 2099-01-01T00:00:00Z leaf-rsa.pem
    one_error_line
    verify 1 "${rsa_chain[@]}" --at 4070908800 leaf-rsa.pem
    one_error_line ;;

  not_yet_valid_at_past_time)
    verify 1 "${rsa_chain[@]}" --at 2001-01-01T00:00:00+02:00 leaf-rsa.pem
    one_error_line ;;

  valid_at_time_inside_validity)
    # Tomorrow, written with a numeric offset: every certificate of the PKI is valid then.
    verify 0 "${rsa_chain[@]}" --at "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%S+00:00)" leaf-rsa.pem
    expect_path "$leaf_rsa" "$int_rsa" "$root_rsa"
    verify 0 "${rsa_chain[@]}" --at "$(date -u -d '+1 day' +%s)" leaf-rsa.pem ;;

  expired_leaf_now)
    verify 1 "${ec_chain[@]}" leaf-expired.pem
    one_error_line "expired.example.com" ;;

  purpose_client_on_server_only_leaf)
    verify 1 "${ec_chain[@]}" --purpose client leaf-ec.pem
    one_error_line
    verify 0 "${ec_chain[@]}" --purpose server leaf-ec.pem ;;

  purpose_client_on_client_leaf)
    verify 0 "${rsa_chain[@]}" --purpose client leaf-rsa.pem
    expect_path "$leaf_rsa" "$int_rsa" "$root_rsa" ;;

  sha1_signature_refused)
    # Stricter than `openssl verify` at its default security level, which accepts it.
    verify 1 "${rsa_chain[@]}" leaf-sha1.pem
    one_error_line ;;

  leaf_without_eku_refused)
    # Stricter than `openssl verify -purpose sslserver`, which takes a leaf without
    # extKeyUsage as good for any purpose; a TLS server certificate must say serverAuth.
    verify 1 --cafile root-rsa.pem --untrusted int-nc.pem leaf-nc-ok.pem
    one_error_line "ok.example.com" "extKeyUsage" ;;

  unknown_critical_extension_refused)
    verify 1 "${ec_chain[@]}" leaf-unknown-critical.pem
    one_error_line ;;

  usage_errors)
    verify 2
    usage_error "CERT.pem is required"
    verify 2 --frobnicate leaf-rsa.pem
    usage_error "--frobnicate"
    verify 2 leaf-rsa.pem --cafile
    usage_error "--cafile"
    verify 2 --host www.example.org --ip 192.0.2.1 leaf-rsa.pem
    usage_error "--ip"
    verify 2 --at yesterday leaf-rsa.pem
    usage_error "yesterday"
    verify 2 --at 2024-02-30T00:00:00Z leaf-rsa.pem
    usage_error "2024-02-30T00:00:00Z"
    verify 2 --purpose email leaf-rsa.pem
    usage_error "email"
    verify 2 --ip www.example.org leaf-rsa.pem
    usage_error "www.example.org"
    verify 2 leaf-rsa.pem int-rsa.pem
    usage_error "more than one"
    verify 2 --capath . --capath . leaf-rsa.pem
    usage_error "--capath" ;;

  help)
    verify 0 --help
    grep -q '^usage: cpptls verify' "$work/v.out" || die "no usage on stdout" ;;

  missing_files)
    verify 1 "${rsa_chain[@]}" "$work/absent.pem"
    one_error_line "cannot read $work/absent.pem: No such file or directory"
    verify 1 --cafile "$work/absent.pem" leaf-rsa.pem
    one_error_line "cannot read $work/absent.pem: No such file or directory"
    verify 1 --cafile root-rsa.pem --untrusted "$work/absent.pem" leaf-rsa.pem
    one_error_line "cannot read $work/absent.pem: No such file or directory"
    verify 1 --capath "$work/absent" leaf-rsa.pem
    one_error_line "cannot read $work/absent: No such file or directory"
    verify 1 "${rsa_chain[@]}" "$work"
    one_error_line "cannot read $work: Is a directory" ;;

  file_without_certificates)
    verify 1 "${rsa_chain[@]}" leaf-rsa.key
    one_error_line "no certificate in leaf-rsa.key" "PRIVATE KEY"
    : >"$work/empty.pem"
    verify 1 "${rsa_chain[@]}" "$work/empty.pem"
    one_error_line "no certificate in $work/empty.pem"
    verify 1 --cafile "$work/empty.pem" leaf-rsa.pem
    one_error_line "no certificate in $work/empty.pem" ;;

  corrupt_pem)
    # A certificate block cut short: the error names the file.
    head -n 5 "$pki/leaf-rsa.pem" >"$work/cut.pem"
    echo "-----END CERTIFICATE-----" >>"$work/cut.pem"
    verify 1 "${rsa_chain[@]}" "$work/cut.pem"
    one_error_line "$work/cut.pem" ;;

  agrees_with_openssl)
    # The same question to `openssl verify` and to us: both accept or both refuse. Our
    # default purpose is server, so openssl is asked with -purpose sslserver. (Cases where we
    # are deliberately stricter, such as SHA-1 signatures, are tested above instead.)
    agree() {  # "OPENSSL ARGS" "CPPTLS ARGS" CERT
      local theirs ours
      (cd "$pki" && openssl verify $1 "$3") >/dev/null 2>&1
      theirs=$?
      (cd "$pki" && "$cpptls" verify $2 "$3") >"$work/v.out" 2>"$work/v.err"
      ours=$?
      [ "$ours" -le 1 ] || die "cpptls verify $2 $3 exited $ours"
      if { [ "$theirs" -eq 0 ] && [ "$ours" -ne 0 ]; } ||
         { [ "$theirs" -ne 0 ] && [ "$ours" -eq 0 ]; }; then
        die "openssl verify $1 $3 exits $theirs but cpptls verify $2 $3 exits $ours"
      fi
      echo "agree ($theirs/$ours): $3 $2"
    }
    rsa="-CAfile root-rsa.pem -untrusted int-rsa.pem"
    ec="-CAfile root-ec.pem -untrusted int-ec.pem"
    our_rsa="--cafile root-rsa.pem --untrusted int-rsa.pem"
    our_ec="--cafile root-ec.pem --untrusted int-ec.pem"
    agree "-purpose sslserver $rsa" "$our_rsa" leaf-rsa.pem
    agree "-purpose sslserver $rsa -verify_hostname example.org" "$our_rsa --host example.org" leaf-rsa.pem
    agree "-purpose sslserver $rsa -verify_hostname example.com" "$our_rsa --host example.com" leaf-rsa.pem
    agree "-purpose sslserver $rsa -verify_ip 192.0.2.1" "$our_rsa --ip 192.0.2.1" leaf-rsa.pem
    agree "-purpose sslserver $rsa -verify_ip 2001:db8::1" "$our_rsa --ip 2001:db8::1" leaf-rsa.pem
    agree "-purpose sslserver $rsa -verify_ip 192.0.2.9" "$our_rsa --ip 192.0.2.9" leaf-rsa.pem
    agree "-purpose sslserver $rsa -attime 4102444800" "$our_rsa --at 4102444800" leaf-rsa.pem
    agree "-purpose sslclient $rsa" "$our_rsa --purpose client" leaf-rsa.pem
    agree "-purpose sslserver -CAfile root-ec.pem -untrusted int-rsa.pem" \
      "--cafile root-ec.pem --untrusted int-rsa.pem" leaf-rsa.pem
    agree "-purpose sslserver -CAfile root-rsa.pem" "--cafile root-rsa.pem" leaf-rsa.pem
    agree "-purpose sslserver $rsa" "$our_rsa" leaf-pss.pem
    agree "-purpose sslserver $ec -verify_hostname x.example.com" "$our_ec --host x.example.com" leaf-ec.pem
    agree "-purpose sslserver $ec -verify_hostname x.y.example.com" "$our_ec --host x.y.example.com" leaf-ec.pem
    agree "-purpose sslclient $ec" "$our_ec --purpose client" leaf-ec.pem
    agree "-purpose sslserver $ec" "$our_ec" leaf-expired.pem
    agree "-purpose sslserver $ec" "$our_ec" leaf-2050.pem
    agree "-purpose sslserver $ec" "$our_ec" leaf-unknown-critical.pem
    agree "-purpose sslserver -CAfile root-ed25519.pem" "--cafile root-ed25519.pem" leaf-ed25519.pem
    agree "-purpose sslserver -CAfile root-rsa.pem -untrusted int-not-ca.pem" \
      "--cafile root-rsa.pem --untrusted int-not-ca.pem" leaf-of-not-ca.pem
    agree "-purpose sslserver -CAfile root-rsa.pem -untrusted int-nc.pem" \
      "--cafile root-rsa.pem --untrusted int-nc.pem" leaf-nc-ok-server.pem
    agree "-purpose sslserver -CAfile root-rsa.pem -untrusted int-nc.pem" \
      "--cafile root-rsa.pem --untrusted int-nc.pem" leaf-nc-bad-server.pem ;;

  *)
    echo "unknown case $case_name" >&2
    exit 2 ;;
esac
exit 0
