#!/usr/bin/env bash
# Interoperability on 127.0.0.1 with OpenSSL's and GnuTLS's command lines (both directions), curl
# and Python:
#   tests/interop/interop.sh CASE [ARG] PATH/TO/cpptls
# Cases:
#   openssl_client SUITE   `openssl s_client` against `cpptls server`, asserting what s_client
#                          prints: protocol, cipher, "Extended master secret: yes",
#                          "Verify return code: 0 (ok)", and the echoed data
#   openssl_server SUITE   `cpptls client` against `openssl s_server`, asserting the session line
#                          and the data both ways
#   refuse_expired | refuse_wrong_host | refuse_untrusted
#                          `cpptls client` refuses s_server's bad certificate, with the reason
#   curl_www SUITE         `curl --tlsv1.2 --tls-max 1.2` fetches the page of `cpptls server --www`
#   python_client SUITE    Python's ssl module as a client of `cpptls server --echo`
#   openssl_refuses_untrusted
#                          `openssl s_client -verify_return_error` refuses our server's
#                          certificate, and our server reports the alert it received
#   gnutls_client SUITE    `gnutls-cli` against `cpptls server --echo`, asserting what gnutls-cli
#                          prints: version, key exchange, cipher, extended master secret, the
#                          certificate trusted (--x509cafile, hostname checked) and the echo
#   gnutls_server SUITE    `cpptls client` against `gnutls-serv --echo` (which also asks for an
#                          optional client certificate): the session line, the data both ways,
#                          and what gnutls-serv says it negotiated
#   gnutls_refuses_untrusted
#                          `gnutls-cli` refuses our server's certificate; our server names the alert
#   refuse_untrusted_gnutls
#                          `cpptls client` refuses gnutls-serv's certificate; gnutls-serv logs the
#                          unknown_ca alert it received
#   tls13_* | downgrade_* | chromium_www
#                          TLS 1.3 both ways, and TLS 1.2 fallback: listed above tls13_openssl_group
# Ports are ephemeral, every wait is bounded. Certificates come from tests/api/make-tls-pki.sh.
set -uo pipefail

case_name=${1:?usage: interop.sh CASE [SUITE] CPPTLS [HELPER]}
helper=
if [ $# -eq 4 ]; then suite=$2; cpptls=$3; helper=$4
elif [ $# -eq 3 ]; then suite=$2; cpptls=$3
else suite=; cpptls=${2:?missing CPPTLS}; fi
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

die() { echo "FAIL ($case_name $suite): $*" >&2; for f in "$work"/*.out "$work"/*.err; do [ -f "$f" ] && { echo "--- $f" >&2; head -60 "$f" >&2; }; done; exit 1; }
# echoed FILE: the echo of our test line reached s_client's output. Not anchored at the line's
# start: s_client writes received data straight to its output while its own messages go through
# a buffer, so the echo may land in the middle of one of their lines (where depends on how many
# bytes came before it, e.g. the size of a session ticket).
echoed() { grep -q 'interop data$' "$1"; }

bash "$here/../api/make-tls-pki.sh" "$work/pki" || die "make-tls-pki.sh failed"
pki=$work/pki

openssl_name() {
  case "$1" in
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) echo ECDHE-ECDSA-AES128-GCM-SHA256 ;;
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384) echo ECDHE-ECDSA-AES256-GCM-SHA384 ;;
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256) echo ECDHE-ECDSA-CHACHA20-POLY1305 ;;
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) echo ECDHE-RSA-AES128-GCM-SHA256 ;;
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) echo ECDHE-RSA-AES256-GCM-SHA384 ;;
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256) echo ECDHE-RSA-CHACHA20-POLY1305 ;;
    TLS_RSA_WITH_AES_128_GCM_SHA256) echo AES128-GCM-SHA256 ;;
    TLS_RSA_WITH_AES_256_GCM_SHA384) echo AES256-GCM-SHA384 ;;
    *) die "unknown suite $1" ;;
  esac
}

# gnutls_kx SUITE / gnutls_cipher SUITE: the names GnuTLS prints and takes in priority strings.
gnutls_kx() {
  case "$1" in
    TLS_ECDHE_ECDSA_*) echo ECDHE-ECDSA ;;
    TLS_ECDHE_RSA_*) echo ECDHE-RSA ;;
    TLS_RSA_*) echo RSA ;;
    *) die "unknown suite $1" ;;
  esac
}

gnutls_cipher() {
  case "$1" in
    *_AES_128_GCM_SHA256) echo AES-128-GCM ;;
    *_AES_256_GCM_SHA384) echo AES-256-GCM ;;
    *_CHACHA20_POLY1305_SHA256) echo CHACHA20-POLY1305 ;;
    *) die "unknown suite $1" ;;
  esac
}

# TLS 1.2 only and exactly SUITE: with AEAD ciphers the key exchange and the cipher name the
# suite (the PRF hash follows the cipher). RSA key transport is listed explicitly.
gnutls_priority() {
  echo "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+$(gnutls_kx "$1")$(
    ):-CIPHER-ALL:+$(gnutls_cipher "$1"):-MAC-ALL:+AEAD"
}

key_kind() {  # the certificate a suite needs: ec or rsa
  case "$1" in *ECDSA*) echo ec ;; *) echo rsa ;; esac
}

# wait_for_port FILE PATTERN: sets $port from the first line of FILE matching PATTERN.
wait_for_port() {
  for _ in $(seq 1 100); do
    port=$( [ -f "$1" ] && sed -n "s/$2/\1/p" "$1" | head -1)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  die "no port announced in $(basename "$1")"
}

start_openssl_server() {  # CHAIN_NAME [s_server options...]
  local name=$1
  shift
  local leaf=leaf-$name
  local extra=()
  [ "$name" = rsa ] || [ "$name" = expired ] || [ "$name" = wrong ] && extra=(-cert_chain "$pki/int-rsa.pem")
  # s_server ends when its standard input does: keep that open for as long as it may serve.
  sleep 30 2>/dev/null | timeout 30 openssl s_server -accept 127.0.0.1:0 -naccept 1 -tls1_2 \
    -cert "$pki/$leaf.pem" -key "$pki/$leaf.key" "${extra[@]}" "$@" \
    >"$work/s_server.out" 2>"$work/s_server.err" &
  pids+=($!)
  wait_for_port "$work/s_server.out" '^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$'
}

# start_gnutls_server CHAIN_NAME PRIORITY [gnutls-serv options...]: sets $port and $gnutls_pid.
# gnutls-serv cannot bind port 0 and announce it, and it listens on every address, so a free
# port is picked first; if another process takes it in between, gnutls-serv reports
# "bind() failed" (and keeps running), so it is stopped and a new port tried.
start_gnutls_server() {
  local name=$1 priority=$2
  shift 2
  for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])') || die "no free port"
    # Line-buffered, so what it negotiated is in the file while it still runs.
    timeout 30 stdbuf -oL gnutls-serv --echo -p "$port" --x509certfile "$pki/chain-$name.pem" \
      --x509keyfile "$pki/leaf-$name.key" --priority "$priority" "$@" \
      >"$work/gnutls-serv.out" 2>"$work/gnutls-serv.err" &
    gnutls_pid=$!
    pids+=("$gnutls_pid")
    for _ in $(seq 1 100); do
      grep -q "IPv4 .* port $port\.\.\.done" "$work/gnutls-serv.err" 2>/dev/null && return 0
      grep -q 'IPv4 .*bind() failed' "$work/gnutls-serv.err" 2>/dev/null && break
      kill -0 "$gnutls_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$gnutls_pid" 2>/dev/null
    wait "$gnutls_pid" 2>/dev/null
  done
  die "gnutls-serv did not start listening"
}

start_cpptls_server() {  # cpptls server options...
  "$cpptls" server --port 0 --once "$@" >"$work/server.out" 2>"$work/server.err" &
  pids+=($!)
  server_pid=$!
  wait_for_port "$work/server.out" '^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$'
}

wait_exit() {  # PID: waits at most 10 s, returns its status
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  wait "$1"
}

# --- TLS 1.3 (RFC 8446) --------------------------------------------------------------------
# Cases (SUITE is an IANA TLS 1.3 suite, GROUP one of x25519 secp256r1 secp384r1):
#   tls13_openssl_client SUITE      `openssl s_client -tls1_3 -ciphersuites SUITE` against
#                                   `cpptls server --echo`: version, cipher, verified, the echo
#   tls13_openssl_client_group GROUP
#                                   s_client offering only GROUP: its "Server Temp Key", our
#                                   session line, and no HelloRetryRequest
#   tls13_openssl_client_hrr        our server only takes P-384, s_client's one key share is
#                                   X25519: our server sends a HelloRetryRequest (seen by
#                                   s_client -trace) and the handshake completes on P-384
#   tls13_openssl_server SUITE | tls13_openssl_server_group GROUP | tls13_openssl_server_hrr
#                                   the same with `cpptls client --tls1.3` against
#                                   `openssl s_server -tls1_3`; in the HRR case s_server only
#                                   takes P-256 and our client's one key share is X25519
#   tls13_openssl_server_client_cert
#                                   s_server requires a client certificate (-Verify 1) and
#                                   verifies the one our client sends
#   tls13_openssl_client_cert       s_client sends a certificate to `cpptls server --verify-client`
#   tls13_refuse_no_client_cert     s_client without one: our server sends certificate_required
#   tls13_gnutls_client SUITE | tls13_gnutls_client_group GROUP
#   tls13_gnutls_server SUITE | tls13_gnutls_server_group GROUP
#                                   gnutls-cli / gnutls-serv limited to TLS 1.3 (and SUITE's
#                                   cipher, or GROUP), both ways
#   tls13_curl_www                  curl with its defaults (TLS 1.3) against `cpptls server --www`
#   tls13_python_client             Python's ssl with minimum_version TLSv1_3
#   downgrade_openssl_server        our default client (1.3 and 1.2) against a TLS 1.2 only
#                                   s_server: TLS 1.2, the downgrade sentinel rightly absent
#   downgrade_openssl_client        `openssl s_client` (1.3 and 1.2) against `cpptls server
#                                   --tls1.2`: TLS 1.2 and s_client finds no sentinel to object to
#   chromium_www                    headless Chromium loads the page of `cpptls server --www`,
#                                   our certificate pinned by its SPKI hash
#   openssl_resumption_client13     `openssl s_client -tls1_3 -sess_out` then `-sess_in` against
#                                   one `cpptls server`: "Reused, TLSv1.3" and our second session
#                                   line resumed=yes (RFC 8446 2.2)
#   openssl_resumption_server13     `cpptls client --reconnect --tls1.3` against `openssl s_server
#                                   -tls1_3 -naccept 2`: our second session line resumed=yes
#   openssl_resumption_client12     `openssl s_client -tls1_2 -sess_out` then `-sess_in` against
#                                   one `cpptls server`: "Reused, TLSv1.2" (RFC 5246 7.3, RFC 5077)
#   openssl_resumption_server12     `cpptls client --reconnect --tls1.2` against `openssl s_server
#                                   -tls1_2 -naccept 2`: our second session line resumed=yes
#   exporter_openssl_server tls12|tls13  tests/interop/exporter_client.cpp against `openssl
#                                   s_server -keymatexport`: both export the same 48 bytes
#   ocsp_openssl_client tls12|tls13 `openssl s_client -status` against `cpptls server
#                                   --status-file leaf-ec.ocsp.der`: s_client reads the stapled
#                                   response ("OCSP Response Status: successful", "Cert Status:
#                                   good"); RFC 6066 8, RFC 8446 4.4.2.1
#   ocsp_openssl_server tls12|tls13 `cpptls client --status` against `openssl s_server
#                                   -status_file leaf-ec.ocsp.der`: our client reports the
#                                   response and its size

tls13_openssl_group() {  # our group name -> the name openssl's -groups takes
  case "$1" in
    x25519) echo X25519 ;;
    secp256r1) echo P-256 ;;
    secp384r1) echo P-384 ;;
    *) die "unknown group $1" ;;
  esac
}

tls13_openssl_temp_key() {  # what s_client prints after "Server Temp Key: " for a group
  case "$1" in
    x25519) echo 'X25519, 253 bits' ;;
    secp256r1) echo 'ECDH, prime256v1, 256 bits' ;;
    secp384r1) echo 'ECDH, secp384r1, 384 bits' ;;
    *) die "unknown group $1" ;;
  esac
}

tls13_gnutls_group() {  # our group name -> GnuTLS's (priority strings add "GROUP-")
  case "$1" in
    x25519) echo X25519 ;;
    secp256r1) echo SECP256R1 ;;
    secp384r1) echo SECP384R1 ;;
    *) die "unknown group $1" ;;
  esac
}

# The random of a HelloRetryRequest (RFC 8446 section 4.1.3), as `-trace` prints it: the first
# four bytes as gmt_unix_time, the rest as random_bytes.
tls13_hrr_time='gmt_unix_time=0xCF21AD74'
tls13_hrr_random='random_bytes (len=28): E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C'

# tls13_count PATTERN FILE: how many lines of FILE match PATTERN (0 when none).
tls13_count() { grep -c -- "$1" "$2" 2>/dev/null || true; }

# start_openssl_tls13_server CHAIN_NAME [s_server options...]: like start_openssl_server, with
# TLS 1.3 only.
start_openssl_tls13_server() {
  local name=$1
  shift
  local extra=()
  [ "$name" = rsa ] && extra=(-cert_chain "$pki/int-rsa.pem")
  sleep 30 2>/dev/null | timeout 30 openssl s_server -accept 127.0.0.1:0 -naccept 1 -tls1_3 \
    -cert "$pki/leaf-$name.pem" -key "$pki/leaf-$name.key" "${extra[@]}" "$@" \
    >"$work/s_server.out" 2>"$work/s_server.err" &
  pids+=($!)
  wait_for_port "$work/s_server.out" '^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$'
}

# tls13_s_client [s_client options...]: `openssl s_client -tls1_3` to our server on $port,
# verifying its certificate (root-$kind) and hostname; sends a line and waits for the echo.
tls13_s_client() {
  { printf 'interop data\n'; sleep 1; } | timeout 20 openssl s_client \
    -connect "127.0.0.1:$port" -tls1_3 -CAfile "$pki/root-$kind.pem" -servername localhost \
    -verify_hostname localhost -verify_return_error "$@" \
    >"$work/s_client.out" 2>"$work/s_client.err"
}

# tls13_expect_session FILE CIPHER GROUP PEER VERIFIED: FILE holds this TLS 1.3 session line.
tls13_expect_session() {
  grep -q "^handshake: version=TLSv1\.3 cipher=$2 group=$3 ems=- resumed=no alpn=- peer=$4 verified=$5\$" \
    "$1" || die "session line in $(basename "$1"): want cipher=$2 group=$3 peer=$4 verified=$5"
}

case "$case_name" in
  openssl_client)
    kind=$(key_kind "$suite")
    start_cpptls_server --cert "$pki/chain-$kind.pem" --key "$pki/leaf-$kind.key" --echo \
      --ciphers "$suite"
    # Data, then a pause so the echo arrives before s_client sees the end of its input.
    { printf 'interop data\n'; sleep 1; } | timeout 20 openssl s_client \
      -connect "127.0.0.1:$port" -tls1_2 -cipher "$(openssl_name "$suite")" \
      -CAfile "$pki/root-$kind.pem" -servername localhost -verify_hostname localhost \
      -verify_return_error >"$work/s_client.out" 2>"$work/s_client.err" \
      || die "s_client failed"
    grep -q '^    Protocol  : TLSv1.2$' "$work/s_client.out" || die "protocol"
    grep -q "^    Cipher    : $(openssl_name "$suite")\$" "$work/s_client.out" || die "cipher"
    grep -q 'Extended master secret: yes' "$work/s_client.out" || die "ems"
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    grep -q "cipher=$suite " "$work/server.err" || die "our session line" ;;
  openssl_server)
    kind=$(key_kind "$suite")
    start_openssl_server "$kind" -cipher "$(openssl_name "$suite")"
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-$kind.pem" --ciphers "$suite" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    group=x25519
    case "$suite" in TLS_RSA_*) group=- ;; esac
    grep -q "^handshake: version=TLSv1.2 cipher=$suite group=$group ems=yes resumed=no alpn=- peer=CN=localhost verified=yes\$" \
      "$work/client.err" || die "session line"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  refuse_expired | refuse_wrong_host | refuse_untrusted)
    case "$case_name" in
      refuse_expired) name=expired; alert=45; reason='expired' ;;             # certificate_expired
      refuse_wrong_host) name=wrong; alert=42; reason='localhost' ;;          # bad_certificate
      refuse_untrusted) name=other; alert=48; reason='trust|issuer|anchor' ;; # unknown_ca
    esac
    start_openssl_server "$name"
    timeout 20 "$cpptls" client "127.0.0.1:$port" --servername localhost \
      --cafile "$pki/root-rsa.pem" </dev/null >"$work/client.out" 2>"$work/client.err"
    status=$?
    [ "$status" -eq 1 ] || die "our client exited $status, expected 1"
    [ "$(wc -l <"$work/client.err")" -eq 1 ] || die "expected one error line"
    grep -q '^error: ' "$work/client.err" || die "no error line"
    grep -Eqi "$reason" "$work/client.err" || die "the reason does not say why"
    sleep 0.5
    grep -q "SSL alert number $alert\$" "$work/s_server.err" \
      || die "s_server did not receive alert $alert" ;;
  openssl_refuses_untrusted | openssl_refuses_untrusted_tls13)
    # Under TLS 1.3 s_client sends its alert in the clear (it has not installed its handshake
    # write key yet): our server must still read it as the client's unknown_ca.
    version_flag=-tls1_2
    [ "$case_name" = openssl_refuses_untrusted_tls13 ] && version_flag=-tls1_3
    start_cpptls_server --cert "$pki/chain-other.pem" --key "$pki/leaf-other.key"
    timeout 20 openssl s_client -connect "127.0.0.1:$port" "$version_flag" \
      -CAfile "$pki/root-rsa.pem" -verify_return_error </dev/null >"$work/s_client.out" \
      2>"$work/s_client.err"
    [ $? -ne 0 ] || die "s_client accepted an untrusted certificate"
    wait_exit "$server_pid"
    [ $? -eq 1 ] || die "our server should fail the handshake"
    grep -q 'unknown_ca' "$work/server.err" || die "our server does not name the alert"
    grep -q 'the client refused our certificate' "$work/server.err" ||
      die "our server does not say that the client refused its certificate" ;;
  curl_www)
    kind=$(key_kind "$suite")
    start_cpptls_server --cert "$pki/chain-$kind.pem" --key "$pki/leaf-$kind.key" --www \
      --ciphers "$suite" --alpn http/1.1
    timeout 20 curl --silent --show-error --tlsv1.2 --tls-max 1.2 --http1.1 \
      --ciphers "$(openssl_name "$suite")" --cacert "$pki/root-$kind.pem" \
      "https://localhost:$port/" >"$work/curl.out" 2>"$work/curl.err" || die "curl failed"
    grep -q "^handshake: version=TLSv1.2 cipher=$suite .*alpn=http/1.1 " "$work/curl.out" \
      || die "the page lacks the session line"
    wait_exit "$server_pid" || die "our server failed" ;;
  python_client)
    kind=$(key_kind "$suite")
    start_cpptls_server --cert "$pki/chain-$kind.pem" --key "$pki/leaf-$kind.key" --echo \
      --ciphers "$suite"
    timeout 20 python3 - "$port" "$pki/root-$kind.pem" "$(openssl_name "$suite")" \
      >"$work/python.out" 2>"$work/python.err" <<'PYEOF' || die "python failed"
import socket, ssl, sys
port, cafile, cipher = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = ssl.create_default_context(cafile=cafile)
context.maximum_version = ssl.TLSVersion.TLSv1_2
context.set_ciphers(cipher)
with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
    with context.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(b"python says hi\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = tls.recv(100)
            if not chunk:
                break
            data += chunk
        print(tls.version(), tls.cipher()[0], data.decode().strip())
        tls.unwrap()
PYEOF
    grep -q "^TLSv1.2 $(openssl_name "$suite") python says hi\$" "$work/python.out" \
      || die "unexpected python output"
    wait_exit "$server_pid" || die "our server failed" ;;
  gnutls_client)
    kind=$(key_kind "$suite")
    start_cpptls_server --cert "$pki/chain-$kind.pem" --key "$pki/leaf-$kind.key" --echo \
      --ciphers "$suite"
    # Verbose (-V) for the negotiated parameters; no --insecure, so an unverified certificate
    # (chain or hostname) ends gnutls-cli with an error.
    { printf 'interop data\n'; sleep 1; } | timeout 20 gnutls-cli -V 127.0.0.1 -p "$port" \
      --priority "$(gnutls_priority "$suite")" --x509cafile "$pki/root-$kind.pem" \
      --sni-hostname localhost --verify-hostname localhost \
      >"$work/gnutls-cli.out" 2>"$work/gnutls-cli.err" || die "gnutls-cli failed"
    grep -q '^- Status: The certificate is trusted\.' "$work/gnutls-cli.out" || die "verify"
    grep -q '^- Handshake was completed$' "$work/gnutls-cli.out" || die "handshake"
    grep -q '^- Version: TLS1\.2$' "$work/gnutls-cli.out" || die "protocol"
    grep -q "^- Key Exchange: $(gnutls_kx "$suite")\$" "$work/gnutls-cli.out" || die "key exchange"
    grep -q "^- Cipher: $(gnutls_cipher "$suite")\$" "$work/gnutls-cli.out" || die "cipher"
    grep -q '^- MAC: AEAD$' "$work/gnutls-cli.out" || die "mac"
    grep -q '^- Options: extended master secret,' "$work/gnutls-cli.out" || die "ems"
    grep -q '^- Received\[13\]: interop data$' "$work/gnutls-cli.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    grep -q "cipher=$suite " "$work/server.err" || die "our session line" ;;
  gnutls_server)
    kind=$(key_kind "$suite")
    start_gnutls_server "$kind" "$(gnutls_priority "$suite")"
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-$kind.pem" --ciphers "$suite" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    group=x25519
    case "$suite" in TLS_RSA_*) group=- ;; esac
    grep -q "^handshake: version=TLSv1.2 cipher=$suite group=$group ems=yes resumed=no alpn=- peer=CN=localhost verified=yes\$" \
      "$work/client.err" || die "session line"
    grep -q '^from cpptls$' "$work/client.out" || die "no echo"
    grep -q '^received cmd: from cpptls$' "$work/gnutls-serv.err" \
      || die "gnutls-serv did not receive the data"
    grep -q '^- Version: TLS1\.2$' "$work/gnutls-serv.out" || die "gnutls-serv protocol"
    grep -q "^- Key Exchange: $(gnutls_kx "$suite")\$" "$work/gnutls-serv.out" \
      || die "gnutls-serv key exchange"
    grep -q "^- Cipher: $(gnutls_cipher "$suite")\$" "$work/gnutls-serv.out" \
      || die "gnutls-serv cipher"
    grep -q '^- Options: extended master secret,' "$work/gnutls-serv.out" \
      || die "gnutls-serv ems" ;;
  gnutls_refuses_untrusted)
    # Our server's chain is under root-other, an EC root; gnutls-cli trusts only root-ec.
    start_cpptls_server --cert "$pki/chain-other.pem" --key "$pki/leaf-other.key"
    timeout 20 gnutls-cli 127.0.0.1 -p "$port" --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' \
      --x509cafile "$pki/root-ec.pem" --sni-hostname localhost --verify-hostname localhost \
      </dev/null >"$work/gnutls-cli.out" 2>"$work/gnutls-cli.err"
    [ $? -ne 0 ] || die "gnutls-cli accepted an untrusted certificate"
    grep -q 'The certificate is NOT trusted' "$work/gnutls-cli.out" || die "gnutls-cli's reason"
    wait_exit "$server_pid"
    [ $? -eq 1 ] || die "our server should fail the handshake"
    # GnuTLS answers a certificate it cannot verify with bad_certificate.
    grep -q 'bad_certificate' "$work/server.err" || die "our server does not name the alert" ;;
  refuse_untrusted_gnutls)
    # -d 5 makes gnutls-serv log each alert it receives.
    start_gnutls_server other 'NORMAL:-VERS-ALL:+VERS-TLS1.2' -d 5
    timeout 20 "$cpptls" client "127.0.0.1:$port" --servername localhost \
      --cafile "$pki/root-ec.pem" </dev/null >"$work/client.out" 2>"$work/client.err"
    status=$?
    [ "$status" -eq 1 ] || die "our client exited $status, expected 1"
    [ "$(wc -l <"$work/client.err")" -eq 1 ] || die "expected one error line"
    grep -Eqi '^error: .*(trust|issuer|anchor)' "$work/client.err" \
      || die "the reason does not say why"
    for _ in $(seq 1 50); do
      grep -q 'Alert\[2|48\]' "$work/gnutls-serv.err" && break
      sleep 0.1
    done
    grep -q 'Alert\[2|48\]' "$work/gnutls-serv.err" \
      || die "gnutls-serv did not receive a fatal unknown_ca (48)" ;;
  # --- TLS 1.3 cases (see the list above tls13_openssl_group) ---
  tls13_openssl_client)
    kind=rsa
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo \
      --ciphers "$suite"
    tls13_s_client -ciphersuites "$suite" || die "s_client failed"
    # s_client prints its "SSL-Session:" block ("Protocol  : TLSv1.3") only for a session
    # ticket; the "New, ..." line always.
    grep -q "^New, TLSv1\.3, Cipher is $suite\$" "$work/s_client.out" || die "protocol or cipher"
    if grep -q '^    Protocol  : ' "$work/s_client.out"; then
      grep -q '^    Protocol  : TLSv1\.3$' "$work/s_client.out" || die "session protocol"
      grep -q "^    Cipher    : $suite\$" "$work/s_client.out" || die "session cipher"
    fi
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    tls13_expect_session "$work/server.err" "$suite" x25519 - - ;;
  tls13_openssl_client_group)
    kind=ec
    group=$suite
    start_cpptls_server --cert "$pki/chain-ec.pem" --key "$pki/leaf-ec.key" --echo
    tls13_s_client -groups "$(tls13_openssl_group "$group")" -msg || die "s_client failed"
    grep -q "^Server Temp Key: $(tls13_openssl_temp_key "$group")\$" "$work/s_client.out" \
      || die "s_client's Server Temp Key"
    [ "$(tls13_count 'ClientHello$' "$work/s_client.out")" -eq 1 ] \
      || die "expected one ClientHello (no HelloRetryRequest)"
    grep -q '^New, TLSv1\.3, Cipher is ' "$work/s_client.out" || die "protocol"
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    tls13_expect_session "$work/server.err" TLS_AES_128_GCM_SHA256 "$group" - - ;;
  tls13_openssl_client_hrr)
    kind=rsa
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo \
      --groups secp384r1
    # s_client sends a key share for the first group it lists only.
    tls13_s_client -groups X25519:P-384 -trace || die "s_client failed"
    grep -q "$tls13_hrr_time" "$work/s_client.out" && grep -q "$tls13_hrr_random" \
      "$work/s_client.out" || die "s_client saw no HelloRetryRequest"
    [ "$(tls13_count '^ *ClientHello, Length=' "$work/s_client.out")" -eq 2 ] \
      || die "expected two ClientHellos"
    grep -q '^Server Temp Key: ECDH, secp384r1, 384 bits$' "$work/s_client.out" \
      || die "s_client's Server Temp Key"
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    tls13_expect_session "$work/server.err" TLS_AES_128_GCM_SHA256 secp384r1 - - ;;
  tls13_openssl_server)
    start_openssl_tls13_server rsa -ciphersuites "$suite"
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" --tls1.3 --ciphers "$suite" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    tls13_expect_session "$work/client.err" "$suite" x25519 CN=localhost yes
    grep -q "^CIPHER is $suite\$" "$work/s_server.out" || die "s_server's cipher"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  tls13_openssl_server_group)
    group=$suite
    start_openssl_tls13_server ec -groups "$(tls13_openssl_group "$group")" -msg
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-ec.pem" --tls1.3 --groups "$group" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    tls13_expect_session "$work/client.err" TLS_AES_128_GCM_SHA256 "$group" CN=localhost yes
    [ "$(tls13_count 'ClientHello$' "$work/s_server.out")" -eq 1 ] \
      || die "expected one ClientHello (no HelloRetryRequest)"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  tls13_openssl_server_hrr)
    # Our client sends one key share, for X25519; s_server takes P-256 only.
    start_openssl_tls13_server rsa -groups P-256 -trace
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" --tls1.3 \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    tls13_expect_session "$work/client.err" TLS_AES_128_GCM_SHA256 secp256r1 CN=localhost yes
    grep -q "$tls13_hrr_time" "$work/s_server.out" && grep -q "$tls13_hrr_random" \
      "$work/s_server.out" || die "s_server sent no HelloRetryRequest"
    [ "$(tls13_count '^ *ClientHello, Length=' "$work/s_server.out")" -eq 2 ] \
      || die "expected two ClientHellos"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  tls13_openssl_server_client_cert)
    # -Verify 1: s_server requires a certificate and ends the handshake if it does not verify.
    start_openssl_tls13_server rsa -Verify 1 -CAfile "$pki/root-rsa.pem"
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" --tls1.3 \
      --cert "$pki/chain-client.pem" --key "$pki/leaf-client.key" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    tls13_expect_session "$work/client.err" TLS_AES_128_GCM_SHA256 x25519 CN=localhost yes
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data"
    grep -q '^subject=CN = cpptls-test-client$' "$work/s_server.out" \
      || die "s_server shows no client certificate"
    grep -A1 '^depth=0 CN = cpptls-test-client$' "$work/s_server.err" \
      | grep -q '^verify return:1$' || die "s_server did not verify the client certificate"
    ! grep -q 'verify error' "$work/s_server.err" || die "s_server reports a verify error" ;;
  tls13_openssl_client_cert)
    kind=rsa
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo \
      --verify-client --cafile "$pki/root-rsa.pem"
    tls13_s_client -cert "$pki/leaf-client.pem" -cert_chain "$pki/int-rsa.pem" \
      -key "$pki/leaf-client.key" || die "s_client failed"
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    tls13_expect_session "$work/server.err" TLS_AES_128_GCM_SHA256 x25519 CN=cpptls-test-client \
      yes ;;
  tls13_refuse_no_client_cert)
    kind=rsa
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo \
      --verify-client --cafile "$pki/root-rsa.pem"
    tls13_s_client
    [ $? -ne 0 ] || die "s_client succeeded without the certificate our server requires"
    # certificate_required (116), RFC 8446 section 4.4.2.4.
    grep -q 'SSL alert number 116' "$work/s_client.err" \
      || die "s_client did not receive certificate_required"
    ! echoed "$work/s_client.out" || die "our server echoed data"
    wait_exit "$server_pid"
    [ $? -eq 1 ] || die "our server should fail the handshake"
    grep -q '^error: .*no certificate.*(RFC 8446 4\.4\.2\.4)' "$work/server.err" \
      || die "our server does not say why" ;;
  tls13_gnutls_client | tls13_gnutls_client_group)
    if [ "$case_name" = tls13_gnutls_client ]; then
      group=x25519
      priority="NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+$(gnutls_cipher "$suite")"
      expect_suite=$suite
    else
      group=$suite
      priority="NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-$(tls13_gnutls_group "$group")"
      expect_suite=TLS_AES_128_GCM_SHA256  # our server's preference over GnuTLS's order
    fi
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo
    { printf 'interop data\n'; sleep 1; } | timeout 20 gnutls-cli -V 127.0.0.1 -p "$port" \
      --priority "$priority" --x509cafile "$pki/root-rsa.pem" \
      --sni-hostname localhost --verify-hostname localhost \
      >"$work/gnutls-cli.out" 2>"$work/gnutls-cli.err" || die "gnutls-cli failed"
    grep -q '^- Status: The certificate is trusted\.' "$work/gnutls-cli.out" || die "verify"
    grep -q '^- Handshake was completed$' "$work/gnutls-cli.out" || die "handshake"
    grep -q '^- Version: TLS1\.3$' "$work/gnutls-cli.out" || die "protocol"
    # TLS 1.3 sessions have no "Key Exchange" line; the description names the group and cipher.
    grep -q "^- Description: (TLS1\.3-X\.509)-(ECDHE-$(tls13_gnutls_group "$group"))-(RSA-PSS-RSAE-SHA256)-($(gnutls_cipher "$expect_suite"))\$" \
      "$work/gnutls-cli.out" || die "gnutls-cli's description (group, signature, cipher)"
    grep -q '^- Received\[13\]: interop data$' "$work/gnutls-cli.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed"
    tls13_expect_session "$work/server.err" "$expect_suite" "$group" - - ;;
  tls13_gnutls_server | tls13_gnutls_server_group)
    if [ "$case_name" = tls13_gnutls_server ]; then
      group=x25519
      priority="NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+$(gnutls_cipher "$suite")"
      options=(--ciphers "$suite")
      expect_suite=$suite
    else
      group=$suite
      priority="NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-$(tls13_gnutls_group "$group")"
      options=(--groups "$group")
      expect_suite=TLS_AES_128_GCM_SHA256  # our client's first
    fi
    # gnutls-serv also asks for an optional client certificate: our client sends none.
    start_gnutls_server rsa "$priority"
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" --tls1.3 "${options[@]}" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    tls13_expect_session "$work/client.err" "$expect_suite" "$group" CN=localhost yes
    grep -q '^from cpptls$' "$work/client.out" || die "no echo"
    grep -q '^received cmd: from cpptls$' "$work/gnutls-serv.err" \
      || die "gnutls-serv did not receive the data"
    grep -q '^- Version: TLS1\.3$' "$work/gnutls-serv.out" || die "gnutls-serv protocol"
    grep -q "^- Description: (TLS1\.3-X\.509)-(ECDHE-$(tls13_gnutls_group "$group"))-(RSA-PSS-RSAE-SHA256)-($(gnutls_cipher "$expect_suite"))\$" \
      "$work/gnutls-serv.out" || die "gnutls-serv's description (group, signature, cipher)" ;;
  tls13_curl_www)
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --www \
      --alpn http/1.1
    timeout 20 curl --silent --show-error --verbose --cacert "$pki/root-rsa.pem" \
      "https://localhost:$port/" >"$work/curl.out" 2>"$work/curl.err" || die "curl failed"
    grep -q '^\* SSL connection using TLSv1\.3 / ' "$work/curl.err" || die "curl's protocol"
    grep -q '^handshake: version=TLSv1\.3 .*alpn=http/1\.1 ' "$work/curl.out" \
      || die "the page lacks the session line"
    wait_exit "$server_pid" || die "our server failed" ;;
  tls13_python_client)
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo
    timeout 20 python3 - "$port" "$pki/root-rsa.pem" \
      >"$work/python.out" 2>"$work/python.err" <<'PYEOF' || die "python failed"
import socket, ssl, sys
port, cafile = int(sys.argv[1]), sys.argv[2]
context = ssl.create_default_context(cafile=cafile)
context.minimum_version = ssl.TLSVersion.TLSv1_3
with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
    with context.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(b"python says hi\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = tls.recv(100)
            if not chunk:
                break
            data += chunk
        print(tls.version(), tls.cipher()[0], data.decode().strip())
        tls.unwrap()
PYEOF
    wait_exit "$server_pid" || die "our server failed"
    # Both sides name the same suite (our server's choice: its preference, not Python's).
    cipher=$(sed -n 's/^handshake: version=TLSv1\.3 cipher=\([A-Z0-9_]*\) .*/\1/p' "$work/server.err")
    [ -n "$cipher" ] || die "our session line"
    grep -q "^TLSv1\.3 $cipher python says hi\$" "$work/python.out" || die "unexpected python output"
    tls13_expect_session "$work/server.err" "$cipher" x25519 - - ;;
  downgrade_openssl_server)
    # start_openssl_server offers TLS 1.2 only: a real TLS 1.2 server puts no downgrade
    # sentinel in its random (RFC 8446 section 4.1.3), and our client, which offers 1.3,
    # accepts 1.2.
    start_openssl_server rsa
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    grep -q '^handshake: version=TLSv1\.2 cipher=TLS_ECDHE_RSA_.* ems=yes resumed=no alpn=- peer=CN=localhost verified=yes$' \
      "$work/client.err" || die "session line"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  downgrade_openssl_client)
    # Our server with TLS 1.3 off must not send the sentinel either: s_client offers 1.3 and
    # would end the handshake with illegal_parameter if it found one.
    kind=rsa
    start_cpptls_server --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo --tls1.2
    { printf 'interop data\n'; sleep 1; } | timeout 20 openssl s_client \
      -connect "127.0.0.1:$port" -CAfile "$pki/root-rsa.pem" -servername localhost \
      -verify_hostname localhost -verify_return_error \
      >"$work/s_client.out" 2>"$work/s_client.err" || die "s_client failed"
    grep -q '^    Protocol  : TLSv1\.2$' "$work/s_client.out" || die "protocol"
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    ! grep -qi 'alert\|error' "$work/s_client.err" || die "s_client complains"
    wait_exit "$server_pid" || die "our server failed"
    grep -q '^handshake: version=TLSv1\.2 ' "$work/server.err" || die "our session line" ;;
  chromium_www)
    chromium=$(command -v chromium) \
      || { echo "SKIP: chromium not installed (Debian package chromium)"; exit 77; }
    # Not --once: Chromium may open more than one connection (preconnects).
    "$cpptls" server --port 0 --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --www \
      >"$work/server.out" 2>"$work/server.err" &
    pids+=($!)
    wait_for_port "$work/server.out" '^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$'
    # Trust exactly our leaf's key (its SPKI's SHA-256), not any certificate.
    spki=$(openssl x509 -in "$pki/leaf-rsa.pem" -pubkey -noout \
      | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
    timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/chromium-profile" --ignore-certificate-errors-spki-list="$spki" \
      --dump-dom "https://localhost:$port/" >"$work/chromium.out" 2>"$work/chromium.err" \
      || die "chromium failed"
    grep -q 'version=TLSv1\.3 ' "$work/chromium.out" || die "the page lacks version=TLSv1.3"
    grep -q '^handshake: version=TLSv1\.3 ' "$work/server.err" || die "our session line" ;;
  openssl_resumption_client13)
    # Resumption with a TLS 1.3 ticket (RFC 8446 2.2): the first s_client keeps the ticket our
    # server sends after the handshake (-sess_out: its stdin stays open a second, so it reads
    # it), the second offers it (-sess_in). Not --once: both connect to the same server.
    kind=rsa
    "$cpptls" server --port 0 --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo \
      >"$work/server.out" 2>"$work/server.err" &
    pids+=($!)
    server_pid=$!
    wait_for_port "$work/server.out" '^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$'
    tls13_s_client -sess_out "$work/session.pem" || die "the first s_client failed"
    mv "$work/s_client.out" "$work/s_client-first.out"
    mv "$work/s_client.err" "$work/s_client-first.err"
    [ -s "$work/session.pem" ] || die "the first s_client kept no ticket"
    grep -q '^New, TLSv1\.3, ' "$work/s_client-first.out" || die "the first handshake"
    tls13_s_client -sess_in "$work/session.pem" -msg || die "the second s_client failed"
    grep -q '^Reused, TLSv1\.3, ' "$work/s_client.out" || die "s_client did not resume"
    echoed "$work/s_client.out" || die "no echo on the resumed connection"
    kill -0 "$server_pid" 2>/dev/null || die "our server stopped"
    grep '^handshake:' "$work/server.err" >"$work/lines.txt"
    [ "$(wc -l <"$work/lines.txt")" -eq 2 ] || die "expected two session lines from our server"
    grep -q ' resumed=no ' <(sed -n 1p "$work/lines.txt") || die "the first handshake resumed"
    grep -q ' resumed=yes ' <(sed -n 2p "$work/lines.txt") || die "our server did not resume" ;;
  ocsp_openssl_client)
    version_flag=--tls1.2 openssl_flag=-tls1_2
    [ "$suite" = tls13 ] && version_flag=--tls1.3 openssl_flag=-tls1_3
    start_cpptls_server --cert "$pki/chain-ec.pem" --key "$pki/leaf-ec.key" --echo \
      --status-file "$pki/leaf-ec.ocsp.der" "$version_flag"
    { printf 'interop data\n'; sleep 1; } | timeout 20 openssl s_client \
      -connect "127.0.0.1:$port" "$openssl_flag" -status -CAfile "$pki/root-ec.pem" \
      -servername localhost -verify_hostname localhost -verify_return_error \
      >"$work/s_client.out" 2>"$work/s_client.err" || die "s_client failed"
    grep -q 'OCSP Response Status: successful' "$work/s_client.out" \
      || die "s_client saw no stapled OCSP response"
    grep -q 'Cert Status: good' "$work/s_client.out" || die "the response's certificate status"
    grep -q 'Verify return code: 0 (ok)' "$work/s_client.out" || die "verify"
    echoed "$work/s_client.out" || die "no echo"
    wait_exit "$server_pid" || die "our server failed" ;;
  ocsp_openssl_server)
    if [ "$suite" = tls13 ]; then
      start_openssl_tls13_server ec -status_file "$pki/leaf-ec.ocsp.der"
      version_flag=--tls1.3
    else
      start_openssl_server ec -status_file "$pki/leaf-ec.ocsp.der"
      version_flag=--tls1.2
    fi
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-ec.pem" "$version_flag" --status \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    size=$(wc -c <"$pki/leaf-ec.ocsp.der")
    grep -q "^ocsp: response of $size bytes stapled (not validated)\$" "$work/client.err" \
      || die "our client did not report the $size-byte response"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  exporter_openssl_server)
    # Connection::export_keying_material against OpenSSL's exporter: s_server prints the
    # keying material it exports for the label (no context) when the handshake completes;
    # tests/interop/exporter_client.cpp exports the same from our side (RFC 5705, RFC 8446 7.5).
    version=$suite   # tls13 or tls12
    label=EXPORTER-cpptls-interop
    if [ "$version" = tls13 ]; then
      start_openssl_tls13_server rsa -keymatexport "$label" -keymatexportlen 48
    else
      start_openssl_server rsa -keymatexport "$label" -keymatexportlen 48
    fi
    timeout 20 "$helper" "$port" "$pki/root-rsa.pem" "$version" "$label" 48 \
      >"$work/client.out" 2>"$work/client.err" || die "exporter_client failed"
    ours=$(sed -n 's/^exported: \([0-9A-F]*\)$/\1/p' "$work/client.out")
    [ ${#ours} -eq 96 ] || die "exporter_client printed no 48-byte export"
    for _ in $(seq 50); do grep -q 'Keying material: ' "$work/s_server.out" && break; sleep 0.1; done
    theirs=$(sed -n 's/^ *Keying material: \([0-9A-F]*\)$/\1/p' "$work/s_server.out")
    [ -n "$theirs" ] || die "s_server printed no keying material"
    [ "$ours" = "$theirs" ] || die "exports differ: ours $ours, OpenSSL's $theirs" ;;
  resumption_keeps_client_auth)
    # Security invariant 2 with a real client: s_client takes a ticket from a server that asks
    # for no certificate and offers it to one that shares the ticket keys but requires a
    # client certificate (tests/interop/two_policy_server.cpp). Without a certificate it is
    # refused; with one it gets a full handshake that checks it, never a resumption.
    version=$suite   # tls13 or tls12
    flag=-tls1_3; [ "$version" = tls12 ] && flag=-tls1_2
    "$helper" "$pki/chain-rsa.pem" "$pki/leaf-rsa.key" "$pki/root-rsa.pem" 3 \
      >"$work/helper.out" 2>"$work/helper.err" &
    pids+=($!)
    wait_for_port "$work/helper.out" '^open 127\.0\.0\.1:\([0-9][0-9]*\)$'
    open_port=$port
    wait_for_port "$work/helper.out" '^strict 127\.0\.0\.1:\([0-9][0-9]*\)$'
    strict_port=$port
    s_client_at() {  # PORT OUTPUT_NAME [options...]
      local at=$1 name=$2
      shift 2
      { printf 'interop data\n'; sleep 1; } | timeout 20 openssl s_client \
        -connect "127.0.0.1:$at" "$flag" -CAfile "$pki/root-rsa.pem" -servername localhost \
        -verify_hostname localhost -verify_return_error "$@" \
        >"$work/$name.out" 2>"$work/$name.err"
    }
    s_client_at "$open_port" first -sess_out "$work/session.pem" || die "the first s_client failed"
    grep -q '^New, ' "$work/first.out" || die "the first handshake"
    [ -s "$work/session.pem" ] || die "s_client kept no session from the open server"
    s_client_at "$strict_port" without -sess_in "$work/session.pem"
    ! grep -q '^Reused, ' "$work/without.out" || die "the strict server resumed the open session"
    ! echoed "$work/without.out" || die "the strict server served a client without a certificate"
    s_client_at "$strict_port" with -sess_in "$work/session.pem" \
      -cert "$pki/leaf-client.pem" -cert_chain "$pki/int-rsa.pem" -key "$pki/leaf-client.key" \
      || die "the client with a certificate failed"
    grep -q '^New, ' "$work/with.out" || die "the strict server did not make a full handshake"
    echoed "$work/with.out" || die "no echo for the client with a certificate"
    for _ in $(seq 1 50); do [ "$(grep -c '^strict: ' "$work/helper.out")" -ge 2 ] && break; sleep 0.1; done
    grep -q '^open: resumed=no peer=- ' "$work/helper.out" || die "the open server's line"
    grep -q '^strict: error: .*certificate_required\|^strict: error: .*no certificate' "$work/helper.out" \
      || die "the strict server did not refuse the client without a certificate"
    grep -q '^strict: resumed=no peer=CN=cpptls-test-client verified=yes$' "$work/helper.out" \
      || die "the strict server did not verify the client's certificate" ;;
  openssl_resumption_server13)
    # `cpptls client --reconnect` keeps s_server's tickets and resumes on its second connection.
    sleep 30 2>/dev/null | timeout 30 openssl s_server -accept 127.0.0.1:0 -naccept 2 -tls1_3 \
      -cert "$pki/leaf-rsa.pem" -key "$pki/leaf-rsa.key" -cert_chain "$pki/int-rsa.pem" \
      >"$work/s_server.out" 2>"$work/s_server.err" &
    pids+=($!)
    wait_for_port "$work/s_server.out" '^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$'
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" --tls1.3 --reconnect \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    grep '^handshake:' "$work/client.err" >"$work/lines.txt"
    [ "$(wc -l <"$work/lines.txt")" -eq 2 ] || die "expected two session lines"
    grep -q '^handshake: version=TLSv1\.3 .* resumed=no .* peer=CN=localhost verified=yes$' \
      <(sed -n 1p "$work/lines.txt") || die "the first session line"
    grep -q '^handshake: version=TLSv1\.3 .* resumed=yes .* peer=CN=localhost verified=yes$' \
      <(sed -n 2p "$work/lines.txt") || die "our client did not resume"
    [ "$(tls13_count '^Reused session-id$' "$work/s_server.out")" -eq 1 ] \
      || die "s_server did not report one resumed connection"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  openssl_resumption_client12)
    # TLS 1.2 resumption (RFC 5246 7.3, RFC 5077): s_client keeps the session (with the
    # ticket our server sends before its ChangeCipherSpec) and offers it again.
    kind=rsa
    "$cpptls" server --port 0 --cert "$pki/chain-rsa.pem" --key "$pki/leaf-rsa.key" --echo \
      >"$work/server.out" 2>"$work/server.err" &
    pids+=($!)
    server_pid=$!
    wait_for_port "$work/server.out" '^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$'
    s_client12() {
      { printf 'interop data\n'; sleep 1; } | timeout 20 openssl s_client \
        -connect "127.0.0.1:$port" -tls1_2 -CAfile "$pki/root-rsa.pem" -servername localhost \
        -verify_hostname localhost -verify_return_error "$@" \
        >"$work/s_client.out" 2>"$work/s_client.err"
    }
    s_client12 -sess_out "$work/session.pem" || die "the first s_client failed"
    mv "$work/s_client.out" "$work/s_client-first.out"
    [ -s "$work/session.pem" ] || die "the first s_client kept no session"
    grep -q '^New, TLSv1\.2, ' "$work/s_client-first.out" || die "the first handshake"
    s_client12 -sess_in "$work/session.pem" || die "the second s_client failed"
    grep -q '^Reused, TLSv1\.2, ' "$work/s_client.out" || die "s_client did not resume"
    echoed "$work/s_client.out" || die "no echo on the resumed connection"
    kill -0 "$server_pid" 2>/dev/null || die "our server stopped"
    grep '^handshake:' "$work/server.err" >"$work/lines.txt"
    [ "$(wc -l <"$work/lines.txt")" -eq 2 ] || die "expected two session lines from our server"
    grep -q ' resumed=no ' <(sed -n 1p "$work/lines.txt") || die "the first handshake resumed"
    grep -q '^handshake: version=TLSv1\.2 .* resumed=yes ' <(sed -n 2p "$work/lines.txt") \
      || die "our server did not resume" ;;
  openssl_resumption_server12)
    # `cpptls client --reconnect --tls1.2` keeps s_server's session (ticket) and resumes it.
    sleep 30 2>/dev/null | timeout 30 openssl s_server -accept 127.0.0.1:0 -naccept 2 -tls1_2 \
      -cert "$pki/leaf-rsa.pem" -key "$pki/leaf-rsa.key" -cert_chain "$pki/int-rsa.pem" \
      >"$work/s_server.out" 2>"$work/s_server.err" &
    pids+=($!)
    wait_for_port "$work/s_server.out" '^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$'
    { printf 'from cpptls\n'; sleep 1; } | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --servername localhost --cafile "$pki/root-rsa.pem" --tls1.2 --reconnect \
      >"$work/client.out" 2>"$work/client.err" || die "our client failed"
    grep '^handshake:' "$work/client.err" >"$work/lines.txt"
    [ "$(wc -l <"$work/lines.txt")" -eq 2 ] || die "expected two session lines"
    grep -q '^handshake: version=TLSv1\.2 .* resumed=no .* peer=CN=localhost verified=yes$' \
      <(sed -n 1p "$work/lines.txt") || die "the first session line"
    grep -q '^handshake: version=TLSv1\.2 .* resumed=yes .* peer=CN=localhost verified=yes$' \
      <(sed -n 2p "$work/lines.txt") || die "our client did not resume"
    [ "$(tls13_count '^Reused session-id$' "$work/s_server.out")" -eq 1 ] \
      || die "s_server did not report one resumed connection"
    grep -q '^from cpptls$' "$work/s_server.out" || die "s_server did not receive the data" ;;
  *)
    die "unknown case" ;;
esac
exit 0
