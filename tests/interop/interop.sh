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
# Ports are ephemeral, every wait is bounded. Certificates come from tests/api/make-tls-pki.sh.
set -uo pipefail

case_name=${1:?usage: interop.sh CASE [SUITE] CPPTLS}
if [ $# -eq 3 ]; then suite=$2; cpptls=$3; else suite=; cpptls=${2:?missing CPPTLS}; fi
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

die() { echo "FAIL ($case_name $suite): $*" >&2; for f in "$work"/*.out "$work"/*.err; do [ -f "$f" ] && { echo "--- $f" >&2; head -60 "$f" >&2; }; done; exit 1; }

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
    grep -q '^interop data$' "$work/s_client.out" || die "no echo"
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
  openssl_refuses_untrusted)
    start_cpptls_server --cert "$pki/chain-other.pem" --key "$pki/leaf-other.key"
    timeout 20 openssl s_client -connect "127.0.0.1:$port" -tls1_2 -CAfile "$pki/root-rsa.pem" \
      -verify_return_error </dev/null >"$work/s_client.out" 2>"$work/s_client.err"
    [ $? -ne 0 ] || die "s_client accepted an untrusted certificate"
    wait_exit "$server_pid"
    [ $? -eq 1 ] || die "our server should fail the handshake"
    grep -q 'unknown_ca' "$work/server.err" || die "our server does not name the alert" ;;
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
  *)
    die "unknown case" ;;
esac
exit 0
