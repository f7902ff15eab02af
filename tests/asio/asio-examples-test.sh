#!/usr/bin/env bash
# The programs of examples/asio run as a user runs them:
#   tests/asio/asio-examples-test.sh CASE CPPTLS BEAST_HTTPS_CLIENT ASIO_ECHO_SERVER
# beast_https_client fetches a page from `cpptls server --www`; asio_echo_server echoes lines
# for several `cpptls client` at once. Every wait is bounded (timeout), servers listen on
# 127.0.0.1 with port 0, and certificates come from tests/api/make-tls-pki.sh.
set -uo pipefail

case_name=${1:?usage: asio-examples-test.sh CASE CPPTLS BEAST_CLIENT ECHO_SERVER}
cpptls=${2:?}
beast_client=${3:?}
echo_server=${4:?}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../support/example-test-lib.sh
source "$here/../support/example-test-lib.sh"

case "$case_name" in
  beast_client_www)
    pki
    start_server "$cpptls" server --port 0 --cert "$work/pki/chain-ec.pem" \
      --key "$work/pki/leaf-ec.key" --www --once
    timeout 20 "$beast_client" localhost "$port" / "$work/pki/root-ec.pem" \
      >"$work/client.out" 2>"$work/client.err" || die "the client failed"
    [ "$(head -1 "$work/client.out")" = 200 ] || die "no status 200"
    grep -q '^handshake: version=TLSv1\.[23] .*peer=- verified=-$' "$work/client.out" \
      || die "the page lacks the server's session line"
    grep -q '^tls: TLSv1\.[23] .* peer=CN=localhost alpn=' "$work/client.err" \
      || die "the client did not print its session"
    wait_server 0
    grep -q '^handshake: ' "$work/server.err" || die "the server logged no handshake" ;;
  beast_client_wrong_host)
    pki
    start_server "$cpptls" server --port 0 --cert "$work/pki/chain-wrong.pem" \
      --key "$work/pki/leaf-wrong.key" --www --once
    timeout 20 "$beast_client" localhost "$port" / "$work/pki/root-rsa.pem" \
      >"$work/client.out" 2>"$work/client.err"
    status=$?
    [ "$status" -eq 1 ] || die "the client exited $status, expected 1"
    grep -q '^error: certificate for .*wrong\.example.* does not match host localhost' \
      "$work/client.err" || die "the reason does not name the mismatch"
    [ -s "$work/client.out" ] && die "the client printed a page"
    wait_server 1 ;;
  echo_server_lines)
    pki
    start_server "$echo_server" "$work/pki/chain-rsa.pem" "$work/pki/leaf-rsa.key" 0
    # Several clients at once, each with its own line; one with a larger input.
    pids=()
    for i in 1 2 3 4 5; do
      printf 'line %s over cpptls::asio\n' "$i" >"$work/in$i"
      timeout 20 "$cpptls" client "127.0.0.1:$port" --cafile "$work/pki/root-rsa.pem" \
        <"$work/in$i" >"$work/client$i.out" 2>"$work/client$i.err" &
      pids+=($!)
    done
    head -c 300000 /dev/urandom | base64 >"$work/in6"
    timeout 20 "$cpptls" client "localhost:$port" --cafile "$work/pki/root-rsa.pem" \
      <"$work/in6" >"$work/client6.out" 2>"$work/client6.err" &
    pids+=($!)
    for i in 1 2 3 4 5 6; do
      wait "${pids[$((i - 1))]}" || die "client $i failed"
      cmp -s "$work/in$i" "$work/client$i.out" || die "client $i got a different echo"
    done
    for _ in $(seq 1 50); do
      [ "$(grep -c 'closed cleanly' "$work/server.err")" -ge 6 ] && break
      sleep 0.1
    done
    [ "$(grep -c 'closed cleanly' "$work/server.err")" -eq 6 ] \
      || die "the server did not close all six connections cleanly"
    kill -TERM "$server_pid"
    wait_server 0 ;;
  *)
    die "unknown case" ;;
esac
exit 0
