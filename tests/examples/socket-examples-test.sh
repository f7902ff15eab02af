#!/usr/bin/env bash
# The programs of examples/sockets run as a user runs them:
#   tests/examples/socket-examples-test.sh CASE CPPTLS HTTPS_GET EPOLL_ECHO_SERVER
# https_get fetches a page from `cpptls server --www`; epoll_echo_server echoes for several
# `cpptls client` at once. Every wait is bounded (timeout), servers listen on 127.0.0.1 with
# port 0, and certificates come from tests/api/make-tls-pki.sh.
set -uo pipefail

case_name=${1:?usage: socket-examples-test.sh CASE CPPTLS HTTPS_GET EPOLL_ECHO_SERVER}
cpptls=${2:?}
https_get=${3:?}
echo_server=${4:?}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../support/example-test-lib.sh
source "$here/../support/example-test-lib.sh"

case "$case_name" in
  https_get_www)
    pki
    start_server "$cpptls" server --port 0 --cert "$work/pki/chain-ec.pem" \
      --key "$work/pki/leaf-ec.key" --www --once
    timeout 20 "$https_get" localhost "$port" / "$work/pki/root-ec.pem" \
      >"$work/client.out" 2>"$work/client.err" || die "https_get failed"
    head -1 "$work/client.out" | grep -q '^HTTP/1\.[01] 200' || die "no status 200"
    grep -q '^handshake: version=TLSv1\.[23] ' "$work/client.out" \
      || die "the page lacks the server's session line"
    grep -q '^tls: TLSv1\.[23] .* peer=CN=localhost$' "$work/client.err" \
      || die "https_get did not print its session"
    wait_server 0 ;;
  https_get_wrong_host)
    pki
    start_server "$cpptls" server --port 0 --cert "$work/pki/chain-wrong.pem" \
      --key "$work/pki/leaf-wrong.key" --www --once
    timeout 20 "$https_get" localhost "$port" / "$work/pki/root-rsa.pem" \
      >"$work/client.out" 2>"$work/client.err"
    status=$?
    [ "$status" -eq 1 ] || die "https_get exited $status, expected 1"
    grep -q '^error: certificate for .*wrong\.example.* does not match host localhost' \
      "$work/client.err" || die "the reason does not name the mismatch"
    [ -s "$work/client.out" ] && die "https_get printed a page"
    wait_server 1 ;;
  epoll_echo_lines)
    pki
    start_server "$echo_server" "$work/pki/chain-rsa.pem" "$work/pki/leaf-rsa.key" 0 6
    # Several clients at once, each with its own line; one with a larger input.
    pids=()
    for i in 1 2 3 4 5; do
      printf 'line %s over epoll\n' "$i" >"$work/in$i"
      timeout 20 "$cpptls" client "127.0.0.1:$port" --servername localhost \
        --cafile "$work/pki/root-rsa.pem" <"$work/in$i" >"$work/client$i.out" 2>"$work/client$i.err" &
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
    wait_server 0
    [ "$(grep -c 'closed cleanly' "$work/server.err")" -eq 6 ] \
      || die "the server did not close all six connections cleanly" ;;
  *)
    die "unknown case" ;;
esac
exit 0
