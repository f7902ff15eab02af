#!/usr/bin/env bash
# Tests of `cpptls client` and `cpptls server` as a user runs them:
#   tests/api/cli-test.sh CASE PATH/TO/cpptls
# Every wait is bounded (timeout), servers listen on 127.0.0.1 with --port 0, and the
# certificates are made at run time by make-tls-pki.sh. Exits 0 when the case passes.
set -uo pipefail

case_name=${1:?usage: cli-test.sh CASE CPPTLS}
cpptls=${2:?usage: cli-test.sh CASE CPPTLS}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

die() { echo "FAIL ($case_name): $*" >&2; for f in "$work"/*.out "$work"/*.err; do [ -f "$f" ] && { echo "--- $f" >&2; head -40 "$f" >&2; }; done; exit 1; }

pki() { bash "$here/make-tls-pki.sh" "$work/pki" || die "make-tls-pki.sh failed"; }

# run EXPECTED_STATUS NAME -- command...: runs with a timeout, keeps NAME.out / NAME.err.
run() {
  local expected=$1 name=$2
  shift 3
  timeout 20 "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null
  local status=$?
  [ "$status" -eq "$expected" ] || die "$name exited $status, expected $expected"
}

one_error_line() {  # FILE: exactly one line, starting "error: "
  [ "$(wc -l <"$1")" -eq 1 ] || die "expected one line in $(basename "$1"), got $(wc -l <"$1")"
  grep -q '^error: ' "$1" || die "$(basename "$1") does not start with 'error: '"
}

# start_server ARGS...: starts `cpptls server` in the background, sets $port.
start_server() {
  "$cpptls" server --port 0 "$@" >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/server.out")
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || die "the server exited early"
    sleep 0.1
  done
  die "the server did not print 'listening on'"
}

wait_server() {  # EXPECTED_STATUS
  local status
  for _ in $(seq 1 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$server_pid" 2>/dev/null && die "the server is still running"
  wait "$server_pid"; status=$?
  server_pid=
  [ "$status" -eq "$1" ] || die "the server exited $status, expected $1"
}

closed_port() {  # a port nothing listens on
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "$case_name" in
  client_without_target)
    run 2 client -- "$cpptls" client
    grep -q '^error: HOST:PORT is required' "$work/client.err" || die "no reason"
    grep -q '^usage: cpptls client' "$work/client.err" || die "no usage" ;;
  client_bad_target)
    run 2 client -- "$cpptls" client localhost ;;
  client_unknown_option)
    run 2 client -- "$cpptls" client 127.0.0.1:1 --frobnicate ;;
  client_bad_cipher_list)
    run 2 client -- "$cpptls" client 127.0.0.1:1 --ciphers TLS_NOT_A_SUITE
    grep -q 'TLS_NOT_A_SUITE' "$work/client.err" || die "the bad name is not named" ;;
  client_empty_servername)
    # Security invariant 1: an empty name is a usage error, unless nothing is checked at all.
    run 2 client -- "$cpptls" client 127.0.0.1:1 --servername= --cafile /dev/null
    grep -q -- '--servername is empty' "$work/client.err" || die "no reason" ;;
  client_tls_versions_exclusive)
    run 2 client -- "$cpptls" client 127.0.0.1:1 --tls1.2 --tls1.3
    grep -q 'exclude each other' "$work/client.err" || die "no reason" ;;
  server_without_cert)
    run 2 server -- "$cpptls" server --port 0 ;;
  server_bad_port)
    run 2 server -- "$cpptls" server --cert a --key b --port 70000 ;;
  server_missing_cert_file)
    pki
    run 1 server -- "$cpptls" server --cert "$work/nonexistent.pem" --key "$work/pki/leaf-rsa.key" --port 0
    one_error_line "$work/server.err"
    grep -q "nonexistent.pem" "$work/server.err" || die "the file is not named"
    grep -q "No such file" "$work/server.err" || die "no cause" ;;
  server_missing_status_file)
    pki
    run 1 server -- "$cpptls" server --cert "$work/pki/chain-ec.pem" --key "$work/pki/leaf-ec.key" \
      --status-file "$work/nonexistent.der" --port 0
    one_error_line "$work/server.err"
    grep -q "nonexistent.der" "$work/server.err" || die "the file is not named" ;;
  status_stapled)
    # --status asks for the stapled OCSP response (RFC 6066 8); --status-file staples one.
    pki
    start_server --cert "$work/pki/chain-ec.pem" --key "$work/pki/leaf-ec.key" --echo \
      --status_file "$work/pki/leaf-ec.ocsp.der"
    echo hi | timeout 20 "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-ec.pem" \
      --status >"$work/client.out" 2>"$work/client.err" || die "the client failed"
    size=$(wc -c <"$work/pki/leaf-ec.ocsp.der")
    grep -q "^ocsp: response of $size bytes stapled (not validated)\$" "$work/client.err" \
      || die "no stapled response reported"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=
    start_server --cert "$work/pki/chain-ec.pem" --key "$work/pki/leaf-ec.key" --echo
    echo hi | timeout 20 "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-ec.pem" \
      --status >"$work/client.out" 2>"$work/client.err" || die "the client failed"
    grep -q '^ocsp: no response sent$' "$work/client.err" || die "a response without a status file"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid= ;;
  server_key_mismatch)
    pki
    run 1 server -- "$cpptls" server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-ec.key" --port 0
    one_error_line "$work/server.err" ;;
  client_closed_port)
    port=$(closed_port)
    run 1 client -- "$cpptls" client "127.0.0.1:$port" --insecure
    grep -v '^warning: ' "$work/client.err" >"$work/client-errors.err"
    one_error_line "$work/client-errors.err"
    grep -q "Connection refused" "$work/client.err" || die "no cause" ;;
  echo_round_trip)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --echo --once
    printf 'hello over TLS\n' >"$work/input"
    timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --cafile "$work/pki/root-rsa.pem" <"$work/input" >"$work/client.out" 2>"$work/client.err" \
      || die "the client failed"
    cmp -s "$work/input" "$work/client.out" || die "the echo differs"
    line='^handshake: version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256 group=x25519 ems=- resumed=no alpn=- peer=CN=localhost verified=yes$'
    grep -q "$line" "$work/client.err" || die "client session line"
    wait_server 0
    grep -q '^handshake: version=TLSv1.3 .* peer=- verified=-$' "$work/server.err" || die "server session line" ;;
  echo_round_trip_tls12)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --echo --once
    printf 'hello over TLS 1.2\n' >"$work/input"
    timeout 20 "$cpptls" client "127.0.0.1:$port" --servername localhost --tls1.2 \
      --cafile "$work/pki/root-rsa.pem" <"$work/input" >"$work/client.out" 2>"$work/client.err" \
      || die "the client failed"
    cmp -s "$work/input" "$work/client.out" || die "the echo differs"
    line='^handshake: version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 group=x25519 ems=yes resumed=no alpn=- peer=CN=localhost verified=yes$'
    grep -q "$line" "$work/client.err" || die "client session line"
    wait_server 0
    grep -q '^handshake: version=TLSv1.2 .* peer=- verified=-$' "$work/server.err" || die "server session line" ;;
  server_pinned_tls13_refuses_tls12_client)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --once --tls1.3
    run 1 client -- "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" --tls1.2
    one_error_line "$work/client.err"
    grep -q 'protocol_version' "$work/client.err" || die "the client does not name the alert"
    wait_server 1
    grep -q 'TLS 1.3 only' "$work/server.err" || die "the server does not say why" ;;
  www_page)
    pki
    start_server --cert "$work/pki/chain-ec.pem" --key "$work/pki/leaf-ec.key" --www --once --alpn http/1.1
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --cafile "$work/pki/root-ec.pem" --alpn h2,http/1.1 >"$work/client.out" 2>"$work/client.err" \
      || die "the client failed"
    grep -q '^HTTP/1.0 200 OK' "$work/client.out" || die "no status line"
    grep -q 'handshake: version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256 .*alpn=http/1.1' \
      "$work/client.out" || die "the page lacks the session line"
    wait_server 0 ;;
  www_tls12_client_closes_first)
    # RFC 5246 7.2.1: a request followed by the client's close_notify gets no page, only the
    # server's close_notify (TLS 1.2 has no half-close).
    pki
    start_server --cert "$work/pki/chain-ec.pem" --key "$work/pki/leaf-ec.key" --www --once
    run 0 client -- python3 "$here/tls12-close-first.py" "$port" "$work/pki/root-ec.pem"
    grep -q 'closed without data' "$work/client.out" || die "the client saw no clean close"
    wait_server 0 ;;
  rsa_key_transport_when_listed)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --echo --once \
      --ciphers TLS_RSA_WITH_AES_256_GCM_SHA384
    echo ping | timeout 20 "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" \
      --ciphers TLS_RSA_WITH_AES_256_GCM_SHA384 --groups secp384r1 \
      >"$work/client.out" 2>"$work/client.err" || die "the client failed"
    grep -q 'cipher=TLS_RSA_WITH_AES_256_GCM_SHA384 group=- ' "$work/client.err" || die "session line"
    wait_server 0 ;;
  untrusted_server_refused)
    pki
    start_server --cert "$work/pki/chain-other.pem" --key "$work/pki/leaf-other.key" --once
    run 1 client -- "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem"
    one_error_line "$work/client.err"
    wait_server 1
    grep -q 'unknown_ca' "$work/server.err" || die "the server does not report the alert" ;;
  failed_handshake_does_not_stop_server)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --echo
    run 1 bad -- "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-ec.pem"
    echo again | timeout 20 "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" \
      >"$work/good.out" 2>"$work/good.err" || die "the second client failed"
    [ "$(cat "$work/good.out")" = again ] || die "no echo"
    kill -0 "$server_pid" || die "the server stopped"
    grep -q 'failed' "$work/server.err" || die "the failure was not logged" ;;
  insecure_says_so)
    pki
    start_server --cert "$work/pki/chain-other.pem" --key "$work/pki/leaf-other.key" --once
    run 0 client -- "$cpptls" client "127.0.0.1:$port" --insecure
    grep -q '^warning: --insecure' "$work/client.err" || die "no warning"
    grep -q 'verified=no$' "$work/client.err" || die "session line must say verified=no"
    wait_server 0 ;;
  keylog)
    pki
    SSLKEYLOGFILE="$work/server-keys.txt" start_server --cert "$work/pki/chain-rsa.pem" \
      --key "$work/pki/leaf-rsa.key" --once
    run 0 client -- "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" \
      --keylog "$work/client-keys.txt" --tls1.2
    wait_server 0
    grep -Eq '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$work/client-keys.txt" || die "client key log"
    cmp -s "$work/client-keys.txt" "$work/server-keys.txt" || die "the two key logs differ" ;;
  keylog_tls13)
    pki
    SSLKEYLOGFILE="$work/server-keys.txt" start_server --cert "$work/pki/chain-rsa.pem" \
      --key "$work/pki/leaf-rsa.key" --once
    run 0 client -- "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" \
      --keylog "$work/client-keys.txt"
    wait_server 0
    for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET \
                 CLIENT_TRAFFIC_SECRET_0 SERVER_TRAFFIC_SECRET_0 EXPORTER_SECRET; do
      grep -Eq "^$label [0-9a-f]{64} [0-9a-f]{64}\$" "$work/client-keys.txt" \
        || die "client key log lacks $label"
    done
    [ "$(wc -l <"$work/client-keys.txt")" -eq 5 ] || die "the client logged other lines"
    cmp -s <(sort "$work/client-keys.txt") <(sort "$work/server-keys.txt") \
      || die "the two key logs differ" ;;
  trace_steps)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --once --trace
    # The eleven handshake steps (docs/handshake-steps.md) are TLS 1.2's.
    run 0 client -- "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" --trace \
      --tls1.2
    wait_server 0
    for step in 1 2 4 7 8 9 10; do
      grep -q "\[handshake step $step\]" "$work/client.err" || die "client trace lacks step $step"
      grep -q "\[handshake step $step\]" "$work/server.err" || die "server trace lacks step $step"
    done
    grep -q '^trace: sent client_hello' "$work/client.err" || die "client_hello not traced"
    grep -q '^trace: received client_key_exchange' "$work/server.err" || die "server trace" ;;
  reconnect_resumes)
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --echo
    echo again | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --cafile "$work/pki/root-rsa.pem" --reconnect >"$work/client.out" 2>"$work/client.err" \
      || die "the client failed"
    [ "$(cat "$work/client.out")" = again ] || die "no echo on the second connection"
    grep '^handshake:' "$work/client.err" >"$work/lines.txt"
    [ "$(wc -l <"$work/lines.txt")" -eq 2 ] || die "expected two session lines"
    first=$(sed -n 1p "$work/lines.txt")
    second=$(sed -n 2p "$work/lines.txt")
    case "$first" in *" resumed=no "*) ;; *) die "the first handshake resumed: $first" ;; esac
    case "$second" in *" resumed=yes "*) ;; *) die "the second handshake did not resume: $second" ;; esac
    for line in "$first" "$second"; do
      case "$line" in *" peer=CN=localhost verified=yes") ;; *) die "peer: $line" ;; esac
    done
    [ "$(grep -o ' cipher=[^ ]*' <<<"$first")" = "$(grep -o ' cipher=[^ ]*' <<<"$second")" ] \
      || die "the cipher changed"
    [ "$(grep -c ' resumed=yes ' "$work/server.err")" -eq 1 ] || die "the server did not resume"
    kill -0 "$server_pid" || die "the server stopped"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid= ;;
  reconnect_resumes_tls12)
    # RFC 5246 7.3: the abbreviated handshake, by ticket or session id (the server has both).
    pki
    start_server --cert "$work/pki/chain-rsa.pem" --key "$work/pki/leaf-rsa.key" --echo
    echo again | timeout 20 "$cpptls" client "127.0.0.1:$port" \
      --cafile "$work/pki/root-rsa.pem" --reconnect --tls1.2 >"$work/client.out" 2>"$work/client.err" \
      || die "the client failed"
    [ "$(cat "$work/client.out")" = again ] || die "no echo on the second connection"
    grep '^handshake:' "$work/client.err" >"$work/lines.txt"
    [ "$(wc -l <"$work/lines.txt")" -eq 2 ] || die "expected two session lines"
    first=$(sed -n 1p "$work/lines.txt")
    second=$(sed -n 2p "$work/lines.txt")
    case "$first" in *" resumed=no "*) ;; *) die "the first handshake resumed: $first" ;; esac
    case "$second" in *" resumed=yes "*) ;; *) die "the second handshake did not resume: $second" ;; esac
    case "$second" in *"TLSv1.2"*) ;; *) die "not TLS 1.2: $second" ;; esac
    for line in "$first" "$second"; do
      case "$line" in *" peer=CN=localhost verified=yes") ;; *) die "peer: $line" ;; esac
    done
    [ "$(grep -o ' cipher=[^ ]*' <<<"$first")" = "$(grep -o ' cipher=[^ ]*' <<<"$second")" ] \
      || die "the cipher changed"
    [ "$(grep -c ' resumed=yes ' "$work/server.err")" -eq 1 ] || die "the server did not resume"
    kill -0 "$server_pid" || die "the server stopped"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid= ;;
  *)
    die "unknown case" ;;
esac
exit 0
