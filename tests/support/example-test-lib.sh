# Shared by the scripts that run example programs against `cpptls server` / `cpptls client`
# (tests/asio/asio-examples-test.sh, tests/examples/socket-examples-test.sh). Source it after
# setting case_name and here (the sourcing script's folder); it makes $work (removed on exit),
# and gives die, pki, start_server and wait_server.
# shellcheck shell=bash

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

die() {
  echo "FAIL ($case_name): $*" >&2
  for f in "$work"/*.out "$work"/*.err; do [ -f "$f" ] && { echo "--- $f" >&2; head -40 "$f" >&2; }; done
  exit 1
}

pki() { bash "$here/../api/make-tls-pki.sh" "$work/pki" >/dev/null || die "make-tls-pki.sh failed"; }

# start_server COMMAND...: starts a server that prints `listening on 127.0.0.1:PORT`; sets $port.
start_server() {
  "$@" >"$work/server.out" 2>"$work/server.err" &
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
