#!/usr/bin/env bash
# Tests of `cpptls get` as a user runs it, against nginx and tests/tools/https-test-server.py
# (a Python HTTPS server for the responses nginx does not send), both on 127.0.0.1:
#   tests/tools/get-test.sh setup PKI_DIR                 makes the certificates (a ctest fixture)
#   tests/tools/get-test.sh CASE CPPTLS PKI_DIR NGINX     runs one case; exits 0 when it passes
# The certificates come from tests/api/make-tls-pki.sh (leaf-rsa: localhost and 127.0.0.1 under
# int-rsa under root-rsa). Each case works in its own temporary directory, starts the server it
# needs on a free port under a time limit, and stops it on exit.
set -uo pipefail

case_name=${1:?usage: get-test.sh CASE CPPTLS PKI_DIR NGINX}
here=$(cd "$(dirname "$0")" && pwd)

if [ "$case_name" = setup ]; then
  pki=${2:?usage: get-test.sh setup PKI_DIR}
  rm -rf "$pki"
  exec bash "$here/../api/make-tls-pki.sh" "$pki"
fi

cpptls=${2:?usage: get-test.sh CASE CPPTLS PKI_DIR NGINX}
pki=${3:?usage: get-test.sh CASE CPPTLS PKI_DIR NGINX}
nginx=${4:?usage: get-test.sh CASE CPPTLS PKI_DIR NGINX}
[ -f "$pki/chain-rsa.pem" ] || { echo "FAIL ($case_name): no certificates in $pki" >&2; exit 1; }
work=$(mktemp -d)
server_pids=()

cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

die() {
  echo "FAIL ($case_name): $*" >&2
  local f
  for f in "$work"/g.err "$work"/*.log "$work"/nginx/*.log; do
    [ -f "$f" ] && { echo "--- $(basename "$f")" >&2; head -c 3000 "$f" | cat -v | head -40 >&2; }
  done
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 10 s for 127.0.0.1:PORT to accept a connection.
wait_for_port() {
  local _
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Every byte value, 300 times: what nginx serves as /all-bytes.bin.
make_all_bytes() {
  python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 300)' >"$1"
}

# Starts nginx on a free port as this user (-p/-c, everything under $work/nginx); sets port.
start_nginx() {
  local dir=$work/nginx attempt
  mkdir -p "$dir/www" "$dir/tmp"
  make_all_bytes "$dir/www/all-bytes.bin"
  printf 'hello from nginx\n' >"$dir/www/index.html"
  for attempt in 1 2 3; do
    port=$(free_port)
    cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  types { application/octet-stream bin; text/html html; }
  gzip off;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate $pki/chain-rsa.pem;
    ssl_certificate_key $pki/leaf-rsa.key;
    root $dir/www;
    location = /moved { return 301 /all-bytes.bin; }
    location = /loop { return 302 /loop; }
  }
}
EOF
    timeout 100 "$nginx" -p "$dir" -c "$dir/nginx.conf" >"$work/nginx-start.log" 2>&1 &
    server_pids+=($!)
    wait_for_port "$port" && return 0
    kill "${server_pids[-1]}" 2>/dev/null
  done
  die "nginx did not start"
}

# Starts https-test-server.py; sets port.
start_python() {
  local _
  timeout 100 python3 "$here/https-test-server.py" "$work/python.port" "$pki/chain-rsa.pem" \
    "$pki/leaf-rsa.key" >"$work/python.log" 2>&1 &
  server_pids+=($!)
  for _ in $(seq 100); do
    [ -s "$work/python.port" ] && { port=$(cat "$work/python.port"); return 0; }
    sleep 0.1
  done
  die "the Python HTTPS server did not start"
}

# The body https-test-server.py sends for /chunked and /close.
make_python_body() {
  python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 40 + b"end\n")' >"$1"
}

# get EXPECTED_STATUS ARGS...: runs `cpptls get ARGS` into g.out / g.err, with the system
# store of the machine (never the test CA) unless --cafile says otherwise.
get() {
  local expected=$1
  shift
  timeout 30 env -u SSL_CERT_FILE -u SSL_CERT_DIR "$cpptls" get "$@" \
    >"$work/g.out" 2>"$work/g.err" </dev/null
  local status=$?
  [ "$status" -eq "$expected" ] || die "cpptls get $* exited $status, expected $expected"
}

# stderr is exactly one "error: ..." line containing each WORD.
one_error_line() {
  [ "$(wc -l <"$work/g.err")" -eq 1 ] || die "expected one line on stderr, got $(wc -l <"$work/g.err")"
  grep -q '^error: ' "$work/g.err" || die "stderr does not start with 'error: '"
  local word
  for word in "$@"; do
    grep -qF -- "$word" "$work/g.err" || die "the error does not mention '$word'"
  done
}

stderr_has() {  # an extended regular expression one line of stderr matches
  grep -qE -- "$1" "$work/g.err" || die "stderr has no line matching '$1'"
}

same_file() {  # EXPECTED ACTUAL
  cmp -s "$1" "$2" || die "$(basename "$2") differs from $(basename "$1") ($(wc -c <"$2") bytes, expected $(wc -c <"$1"))"
}

requests_logged() {  # the number of nginx access log lines matching a fixed string
  grep -cF -- "$1" "$work/nginx/access.log" 2>/dev/null || true
}

readonly ca=(--cafile "$pki/root-rsa.pem")

case "$case_name" in
  usage_errors)
    get 2
    grep -q '^usage: cpptls get URL' "$work/g.err" || die "no usage text"
    stderr_has '^error: a URL is required$'
    get 2 http://127.0.0.1/
    stderr_has "^error: http:// is not supported"
    get 2 ftp://127.0.0.1/
    stderr_has "unsupported scheme 'ftp'"
    get 2 https://user@localhost/
    get 2 https://localhost:0/
    get 2 https://localhost/ --bogus
    stderr_has '^error: unknown option --bogus$'
    get 2 https://localhost/ https://localhost/
    get 2 https://localhost/ --insecure "${ca[@]}"
    get 2 https://localhost/ -o
    get 2 https://localhost/ --alpn h2
    get 0 --help
    grep -q '^usage: cpptls get URL' "$work/g.out" || die "--help prints no usage on stdout"
    ;;

  body_byte_exact)
    start_nginx
    get 0 "${ca[@]}" "https://localhost:$port/all-bytes.bin"
    same_file "$work/nginx/www/all-bytes.bin" "$work/g.out"
    [ ! -s "$work/g.err" ] || die "stderr is not empty on success"
    [ "$(requests_logged '"GET /all-bytes.bin HTTP/1.1" 200 76800 "-" "cpptls/')" -eq 1 ] ||
      die "nginx did not log one GET with cpptls's User-Agent"
    ;;

  output_file)
    start_nginx
    head -c 100000 /dev/urandom >"$work/saved.bin"  # longer than the body: must be truncated
    get 0 "${ca[@]}" -o "$work/saved.bin" "https://localhost:$port/all-bytes.bin"
    same_file "$work/nginx/www/all-bytes.bin" "$work/saved.bin"
    [ ! -s "$work/g.out" ] || die "stdout is not empty with -o"
    get 1 "${ca[@]}" -o "$work/no/such/dir/file" "https://localhost:$port/all-bytes.bin"
    one_error_line "cannot open $work/no/such/dir/file"
    ;;

  head_only)
    start_nginx
    get 0 "${ca[@]}" -I "https://localhost:$port/all-bytes.bin"
    head -1 "$work/g.out" | grep -q $'^HTTP/1.1 200 OK\r$' || die "no status line first"
    grep -q $'^Content-Length: 76800\r$' "$work/g.out" || die "no Content-Length line"
    [ "$(tail -c 4 "$work/g.out" | od -An -c | tr -d ' ')" = '\r\n\r\n' ] ||
      die "the head does not end with an empty line"
    [ "$(wc -c <"$work/g.out")" -lt 1000 ] || die "-I printed a body"
    [ "$(requests_logged '"HEAD /all-bytes.bin HTTP/1.1" 200')" -eq 1 ] || die "nginx saw no HEAD"
    ;;

  not_found)
    start_nginx
    get 1 "${ca[@]}" "https://localhost:$port/missing"
    [ "$(cat "$work/g.err")" = "error: HTTP 404 Not Found from https://localhost:$port/missing" ] ||
      die "unexpected error line"
    grep -q '404 Not Found' "$work/g.out" || die "the 404 page is not printed, as curl does"
    ;;

  redirect_not_followed)
    start_nginx
    # 3xx is not 2xx: exit 1 (curl exits 0 here), the redirect printed like any response.
    get 1 "${ca[@]}" "https://127.0.0.1:$port/moved"
    one_error_line "HTTP 301 Moved Permanently from https://127.0.0.1:$port/moved" \
      "a redirect to 'https://127.0.0.1:$port/all-bytes.bin'" "-L follows"
    grep -q '301 Moved Permanently' "$work/g.out" || die "the 301 page is not printed"
    ;;

  redirect_followed)
    start_nginx
    # nginx sends an absolute Location; the certificate is checked against 127.0.0.1 (its IP SAN).
    get 0 "${ca[@]}" -L "https://127.0.0.1:$port/moved"
    same_file "$work/nginx/www/all-bytes.bin" "$work/g.out"
    [ "$(requests_logged '"GET /moved HTTP/1.1" 301')" -eq 1 ] || die "no request for /moved"
    [ "$(requests_logged '"GET /all-bytes.bin HTTP/1.1" 200')" -eq 1 ] || die "redirect not followed"
    ;;

  redirect_loop_stops_at_10)
    start_nginx
    get 1 "${ca[@]}" -L "https://localhost:$port/loop"
    one_error_line "stopped after 10 redirects" "https://localhost:$port/loop"
    # The first request and 10 redirects followed.
    [ "$(requests_logged '"GET /loop HTTP/1.1" 302')" -eq 11 ] ||
      die "expected 11 requests for /loop, nginx logged $(requests_logged '"GET /loop HTTP/1.1"')"
    ;;

  untrusted_refused)
    start_nginx
    get 1 "https://localhost:$port/all-bytes.bin"  # the test CA is not in the system store
    one_error_line "trusted"
    [ ! -s "$work/g.out" ] || die "stdout is not empty"
    get 1 --cafile "$pki/root-other.pem" "https://localhost:$port/all-bytes.bin"
    one_error_line "trusted"
    [ "$(requests_logged 'GET')" -eq 0 ] || die "a request was sent over an unverified connection"
    ;;

  insecure_warns)
    start_nginx
    get 0 --insecure "https://localhost:$port/all-bytes.bin"
    same_file "$work/nginx/www/all-bytes.bin" "$work/g.out"
    [ "$(cat "$work/g.err")" = "warning: --insecure: the server's certificate is not verified" ] ||
      die "no --insecure warning"
    ;;

  verbose_session_line)
    start_nginx
    get 0 "${ca[@]}" -v "https://localhost:$port/all-bytes.bin"
    same_file "$work/nginx/www/all-bytes.bin" "$work/g.out"
    stderr_has '^\* handshake: version=TLSv1\.[23] cipher=[A-Z0-9_]+ group=[a-z0-9]+ ems=(yes|-) resumed=no alpn=http/1\.1 peer=CN=localhost verified=yes$'
    stderr_has '^> GET /all-bytes\.bin HTTP/1\.1$'
    stderr_has "^> Host: localhost:$port\$"
    stderr_has '^> User-Agent: cpptls/[0-9]+\.[0-9]+\.[0-9]+$'
    stderr_has '^> Accept: \*/\*$'
    stderr_has '^> Connection: close$'
    stderr_has '^< HTTP/1\.1 200 OK$'
    stderr_has '^< Content-Length: 76800$'
    # The same session line as `cpptls client` prints (ALPN aside: client offers none here).
    timeout 30 "$cpptls" client "${ca[@]}" --alpn http/1.1 "localhost:$port" </dev/null \
      >/dev/null 2>"$work/client.log"
    client_line=$(grep '^handshake: ' "$work/client.log" | sed 's/ cipher=[^ ]*//; s/ group=[^ ]*//')
    get_line=$(grep '^\* handshake: ' "$work/g.err" | sed 's/^\* //; s/ cipher=[^ ]*//; s/ group=[^ ]*//')
    [ -n "$client_line" ] && [ "$client_line" = "$get_line" ] ||
      die "session lines differ: client '$client_line', get '$get_line'"
    ;;

  chunked_body)
    start_python
    make_python_body "$work/expected.bin"
    get 0 "${ca[@]}" "https://localhost:$port/chunked"
    same_file "$work/expected.bin" "$work/g.out"
    ;;

  body_until_close_notify)
    start_python
    make_python_body "$work/expected.bin"
    get 0 "${ca[@]}" "https://localhost:$port/close"
    same_file "$work/expected.bin" "$work/g.out"
    ;;

  truncated_without_close_notify)
    start_python
    # A body that ends with the connection, cut by a TCP close without close_notify: an attacker
    # could do the same, so it is an error (as in curl), after printing what arrived.
    get 1 "${ca[@]}" "https://localhost:$port/truncated"
    one_error_line "without close_notify" "1000 bytes" "truncated"
    [ "$(wc -c <"$work/g.out")" -eq 1000 ] || die "expected the 1000 bytes received on stdout"
    ;;

  short_content_length)
    start_python
    get 1 "${ca[@]}" "https://localhost:$port/short"
    one_error_line "the body ended after 10 of 1000 bytes"
    ;;

  relative_redirect)
    start_python
    make_python_body "$work/expected.bin"
    get 0 "${ca[@]}" -L -v "https://localhost:$port/dir/../relative"
    same_file "$work/expected.bin" "$work/g.out"
    stderr_has "^\* Following the redirect to https://localhost:$port/chunked\?from=relative\$"
    stderr_has '^< Location: chunked\?from=relative$'
    ;;

  closed_port)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    get 1 "https://127.0.0.1:$port/"
    one_error_line "cannot connect to 127.0.0.1:$port" "Connection refused"
    [ "$(grep -o 'cannot connect to' "$work/g.err" | wc -l)" -eq 1 ] ||
      die "the reason repeats itself: $(cat "$work/g.err")"
    ;;

  plain_http_port)
    # A server that answers in plain HTTP, whatever it is sent: the error says so.
    timeout 60 python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept(); c.recv(4096)
c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"); c.close()
' "$work/plain.port" &
    server_pids+=($!)
    for _ in $(seq 100); do [ -s "$work/plain.port" ] && break; sleep 0.1; done
    get 1 "https://127.0.0.1:$(cat "$work/plain.port")/"
    one_error_line "answered in plain HTTP" "not TLS"
    ;;

  redirect_to_http_refused)
    start_python
    get 1 "${ca[@]}" -L "https://localhost:$port/to-http"
    one_error_line "cannot follow the redirect from https://localhost:$port/to-http" \
      "http:// is not supported"
    [ ! -s "$work/g.out" ] || die "stdout is not empty"
    ;;

  hostile_chunk_size)
    start_python
    get 1 "${ca[@]}" "https://localhost:$port/hostile-chunk"
    one_error_line "chunk size above"
    ;;

  conflicting_content_length)
    start_python
    get 1 "${ca[@]}" "https://localhost:$port/two-lengths"
    one_error_line "conflicting Content-Length values 5 and 6"
    [ ! -s "$work/g.out" ] || die "a body was printed"
    ;;

  interim_responses)
    start_python
    get 0 "${ca[@]}" -v "https://localhost:$port/interim"
    [ "$(cat "$work/g.out")" = "final" ] || die "unexpected body"
    stderr_has '^< HTTP/1\.1 100 Continue$'
    stderr_has '^< HTTP/1\.1 103 Early Hints$'
    stderr_has '^< HTTP/1\.1 200 OK$'
    ;;

  *)
    die "unknown case"
    ;;
esac
exit 0
