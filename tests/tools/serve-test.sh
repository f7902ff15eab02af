#!/usr/bin/env bash
# End-to-end tests of `cpptls serve` (tools/cpptls/serve_command.cpp) on 127.0.0.1:
#   serve-test.sh CASE CPPTLS
# Each case serves a fresh directory on an ephemeral port (--port 0) with a temporary HOME, so
# the server makes its own local CA there, and talks to it with curl (--cacert that CA), wrk or
# a headless chromium. Exit 0: passed; 1: failed; 77: a program it needs is missing (skipped).
set -euo pipefail

case_name=$1
cpptls=$2

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export HOME=$work/home
unset XDG_DATA_HOME
mkdir -p "$HOME"
state=$HOME/.local/share/cpptls/serve
ca=$state/ca.pem
site=$work/www
secret="do-not-serve-$RANDOM$RANDOM"

die() {
  echo "FAIL ($case_name): $*" >&2
  if [ -f "$work/err.log" ]; then sed 's/^/  server: /' "$work/err.log" | tail -40 >&2; fi
  exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 not installed"; exit 77; }; }

need curl
need openssl
need python3

# The served directory, and a secret beside it that no request may reach.
make_site() {
  mkdir -p "$site/sub" "$site/empty" "$site/with index"
  printf 'hello\n' >"$site/hello.txt"
  head -c 3000000 /dev/urandom >"$site/big.bin"  # many 64 KiB chunks, every byte value
  printf 'body{}\n' >"$site/style.css"
  printf 'let x;\n' >"$site/app.js"
  printf '{"a":1}\n' >"$site/data.json"
  printf '<svg/>\n' >"$site/logo.svg"
  printf 'raw\n' >"$site/blob.xyz"
  printf '<!DOCTYPE html><html><body><p id="marker">cpptls serve page</p><img src="pic.png"></body></html>\n' \
    >"$site/index.html"
  printf 'inner index\n' >"$site/with index/index.html"
  printf 'a\n' >"$site/sub/a.txt"
  printf 'b\n' >"$site/sub/<b>&x.txt"
  python3 - "$site/pic.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
rows = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))  # 4x4 red, filter 0
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
  printf '%s\n' "$secret" >"$work/secret.txt"
  ln -s ../secret.txt "$site/escape"
  ln -s .. "$site/up"
  ln -s sub/a.txt "$site/inside"
}

# Starts the server with ARGS and waits (10 s at most) for its "serving DIR on URL" line.
start_server() {
  "$cpptls" serve "$site" --port 0 "$@" >"$work/out.log" 2>"$work/err.log" &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q '^serving ' "$work/out.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || die "the server exited: $(cat "$work/out.log")"
    sleep 0.1
  done
  port=$(sed -n 's#^serving .* on https://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$work/out.log")
  [ -n "$port" ] || die "no serving line: $(cat "$work/out.log")"
  base=https://localhost:$port
}

# SIGTERM must stop it, cleanly and soon.
stop_server() {
  kill -TERM "$server_pid"
  for _ in $(seq 50); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$server_pid" 2>/dev/null && die "the server did not stop on SIGTERM"
  wait "$server_pid" || die "the server exited with $? on SIGTERM"
  server_pid=
}

fetch() { curl -sS --max-time 10 --cacert "$ca" "$@"; }
status_of() { fetch --path-as-is -o "$work/body" -w '%{http_code}' "$base$1" || true; }
fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256; }

make_site

case "$case_name" in
  usage_errors)
    for args in "--port 70000" "--port" "--cert only.pem" "--bogus" "a b"; do
      set +e
      # shellcheck disable=SC2086
      "$cpptls" serve $args >/dev/null 2>"$work/usage"
      code=$?
      set -e
      [ "$code" = 2 ] || die "'serve $args' exited $code, not 2"
      grep -q '^usage: cpptls serve' "$work/usage" || die "'serve $args' printed no usage"
    done
    set +e
    "$cpptls" serve "$work/missing" --port 0 >/dev/null 2>"$work/usage"
    code=$?
    set -e
    [ "$code" = 1 ] || die "a missing DIR exited $code, not 1"
    grep -q '^error: .*missing' "$work/usage" || die "a missing DIR is not named: $(cat "$work/usage")"
    "$cpptls" serve --help | grep -q -- '--max-connections' || die "--help"
    ;;

  files_byte_exact)
    start_server
    [ "$(fetch "$base/hello.txt")" = hello ] || die "hello.txt"
    fetch "$base/big.bin" -o "$work/big.bin"
    cmp "$site/big.bin" "$work/big.bin" || die "big.bin differs"
    fetch "$base/pic.png" -o "$work/pic.png"
    cmp "$site/pic.png" "$work/pic.png" || die "pic.png differs"
    fetch "$base/sub/%3Cb%3E%26x.txt" -o "$work/b" && [ "$(cat "$work/b")" = b ] || die "escaped name"
    fetch -I "$base/big.bin" -o "$work/head"
    grep -qi '^content-length: 3000000' "$work/head" || die "HEAD Content-Length"
    grep -qi '^last-modified: ' "$work/head" || die "no Last-Modified"
    grep -q 'HEAD /big.bin 200 0$' "$work/err.log" || die "HEAD sent a body"
    grep -q 'GET /big.bin 200 3000000' "$work/err.log" || die "request log line"
    stop_server
    ;;

  content_types)
    start_server
    for pair in "hello.txt=text/plain; charset=utf-8" "index.html=text/html; charset=utf-8" \
                "style.css=text/css; charset=utf-8" "app.js=text/javascript; charset=utf-8" \
                "data.json=application/json" "pic.png=image/png" "logo.svg=image/svg+xml" \
                "blob.xyz=application/octet-stream" "big.bin=application/octet-stream"; do
      file=${pair%%=*}
      want=${pair#*=}
      got=$(fetch -o /dev/null -w '%{content_type}' "$base/$file")
      [ "$got" = "$want" ] || die "$file: Content-Type '$got', not '$want'"
    done
    ;;

  not_found_and_methods)
    start_server
    [ "$(status_of /missing.txt)" = 404 ] || die "missing file not 404"
    [ "$(status_of /sub/missing/deeper)" = 404 ] || die "missing dir not 404"
    code=$(fetch -X POST -d x -o /dev/null -D "$work/head" -w '%{http_code}' "$base/hello.txt")
    [ "$code" = 405 ] || die "POST gave $code"
    grep -qi '^allow: GET, HEAD' "$work/head" || die "405 without Allow"
    code=$(fetch -o /dev/null -D "$work/head" -w '%{http_code}' "$base/sub")
    [ "$code" = 301 ] || die "a directory without / gave $code"
    grep -qi '^location: /sub/' "$work/head" || die "301 Location"
    [ "$(fetch -L "$base/with%20index")" = "inner index" ] || die "index.html after redirect"
    # A head over 8 KiB is 431; a malformed request 400 (through openssl s_client, raw).
    code=$(fetch -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" \
      "$base/hello.txt")
    [ "$code" = 431 ] || die "a 9 KB head gave $code"
    printf 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n' |
      timeout 10 openssl s_client -quiet -connect "127.0.0.1:$port" -servername localhost \
        2>/dev/null >"$work/raw" || true
    head -1 "$work/raw" | grep -q '^HTTP/1.1 400 ' || die "malformed request: $(head -1 "$work/raw")"
    ;;

  directory_listing)
    start_server
    fetch "$base/sub/" -o "$work/listing"
    grep -q 'href="./a.txt"' "$work/listing" || die "a.txt not listed"
    grep -q 'href="./%3Cb%3E%26x.txt">&lt;b&gt;&amp;x.txt<' "$work/listing" ||
      die "the name is not escaped: $(cat "$work/listing")"
    grep -q '<b>&x' "$work/listing" && die "raw name in the listing"
    fetch "$base/empty/" -o "$work/empty" && grep -q 'Index of /empty/' "$work/empty" || die "empty"
    fetch "$base/" -o "$work/root"
    cmp "$site/index.html" "$work/root" || die "/ is not index.html"
    # Symbolic links are never followed, so none is listed, wherever it points (the root has
    # no index.html for this check).
    rm "$site/index.html"
    fetch "$base/" -o "$work/root-listing"
    grep -q 'escape' "$work/root-listing" && die "a link to outside is listed"
    grep -q 'href="./inside"' "$work/root-listing" && die "a link inside is listed"
    grep -q 'href="./hello.txt"' "$work/root-listing" || die "a file is not listed"
    ;;

  traversal_refused)
    start_server
    for path in /../secret.txt /%2e%2e/secret.txt /%2E%2E/secret.txt /.%2e/secret.txt \
                /..%2fsecret.txt /%2e%2e%2fsecret.txt /sub/../../secret.txt \
                /sub%2f..%2f..%2fsecret.txt /sub/%2e%2e/%2e%2e/secret.txt /escape /up/secret.txt \
                "/..\\secret.txt" /%2e%2e%5csecret.txt /hello.txt%00 "//$work/secret.txt" \
                "/$work/secret.txt" /%252e%252e/secret.txt /./../secret.txt "/sub/..;/../secret.txt"; do
      code=$(status_of "$path")
      case "$code" in 400 | 404) ;; *) die "$path gave $code" ;; esac
      if grep -q "$secret" "$work/body"; then die "$path served the secret"; fi
    done
    # Symbolic links are never followed, even to a file inside the root.
    [ "$(status_of /inside)" = 404 ] || die "a link inside the root is followed"
    [ "$(status_of /sub/a.txt)" = 200 ] || die "the file itself is refused"
    grep -q "$secret" "$work/err.log" && die "the secret reached the log"
    true
    ;;

  rename_race)
    # A directory inside the root swapped with a link to one outside, again and again, while
    # the marker below it is asked for (serve-rename-race.py): the outside one is never served.
    outside=$work/outside
    mkdir -p "$site/race" "$outside"
    printf 'inside\n' >"$site/race/marker.txt"
    printf '%s\n' "$secret" >"$outside/marker.txt"
    printf 'x\n' >"$outside/outside-only.txt"
    ln -s "$outside" "$site/race-link"
    start_server
    python3 "$(dirname "$0")/serve-rename-race.py" "$site" "$outside" "$port" "$ca" \
      "${RACE_SECONDS:-5}" || die "the rename race served a file from outside the root"
    stop_server
    ;;

  keep_alive)
    start_server
    fetch -v "$base/hello.txt" "$base/sub/a.txt" -o /dev/null -o /dev/null 2>"$work/v" ||
      die "two URLs"
    grep -q 'Re-using existing connection' "$work/v" || die "the connection was not reused"
    fetch -v -H 'Connection: close' "$base/hello.txt" "$base/sub/a.txt" -o /dev/null -o /dev/null \
      2>"$work/v"
    grep -q 'Re-using existing connection' "$work/v" && die "reused after Connection: close"
    grep -qi '< connection: close' "$work/v" || die "no Connection: close in the response"
    fetch -v --http1.0 "$base/hello.txt" "$base/sub/a.txt" -o /dev/null -o /dev/null 2>"$work/v"
    grep -q 'Re-using existing connection' "$work/v" && die "HTTP/1.0 reused without keep-alive"
    [ "$(grep -c 'GET /hello.txt 200' "$work/err.log")" = 3 ] || die "log lines"
    ;;

  local_ca_reused)
    start_server
    grep -q '^created a local CA: ' "$work/out.log" || die "no CA created: $(cat "$work/out.log")"
    grep -q "^To trust it: sudo cp $ca .*update-ca-certificates.*curl --cacert $ca" "$work/out.log" ||
      die "no trust hint"
    for key in ca.key localhost.key; do
      [ "$(stat -c %a "$state/$key")" = 600 ] || die "$key is not 0600"
    done
    first=$(fingerprint "$ca")
    leaf=$(fingerprint "$state/localhost.pem")
    openssl verify -CAfile "$ca" "$state/localhost.pem" >/dev/null || die "leaf does not verify"
    openssl x509 -in "$state/localhost.pem" -noout -ext subjectAltName |
      grep -q 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1' || die "SAN"
    fetch "https://127.0.0.1:$port/hello.txt" >/dev/null || die "by IP address"
    stop_server
    start_server
    grep -q '^using the local CA: ' "$work/out.log" || die "second run: $(cat "$work/out.log")"
    grep -q '^To trust it: ' "$work/out.log" || die "second run: no trust hint"
    [ "$(fingerprint "$ca")" = "$first" ] || die "the CA changed"
    [ "$(fingerprint "$state/localhost.pem")" = "$leaf" ] || die "the leaf was issued again"
    [ "$(fetch "$base/hello.txt")" = hello ] || die "second run fetch"
    stop_server
    # An expired leaf (here: one not issued by this CA) is issued again under the same CA.
    cp "$work/home/.local/share/cpptls/serve/ca.pem" "$work/ca-copy.pem"
    "$cpptls" ca init "$work/other-ca" >/dev/null
    "$cpptls" ca issue "$work/other-ca" --name localhost --out "$work/other" >/dev/null
    cp "$work/other.pem" "$state/localhost.pem"
    start_server
    [ "$(fingerprint "$ca")" = "$first" ] || die "the CA changed on re-issue"
    openssl verify -CAfile "$ca" "$state/localhost.pem" >/dev/null || die "not re-issued"
    [ "$(fetch "$base/hello.txt")" = hello ] || die "after re-issue"
    stop_server
    # --cert and --key: that certificate, and no local CA talk.
    mkdir "$work/given" && cp "$state/localhost.pem" "$state/localhost.key" "$work/given/"
    rm -rf "$state"
    start_server --cert "$work/given/localhost.pem" --key "$work/given/localhost.key"
    grep -q 'local CA' "$work/out.log" && die "--cert still made a local CA"
    [ ! -e "$state" ] || die "--cert wrote $state"
    [ "$(curl -sS --max-time 10 --cacert "$work/ca-copy.pem" "$base/hello.txt")" = hello ] ||
      die "--cert fetch"
    stop_server
    ;;

  local_ca_name_constrained)
    # The local CA may only vouch for this machine (RFC 5280 4.2.1.10): a leaf its key signs for
    # any other name is refused by openssl and by `cpptls verify`.
    start_server
    stop_server
    openssl x509 -in "$ca" -noout -text >"$work/ca.txt"
    grep -A6 'X509v3 Name Constraints: critical' "$work/ca.txt" >"$work/nc.txt" ||
      die "no critical name constraints: $(cat "$work/ca.txt")"
    grep -q 'Permitted:' "$work/nc.txt" || die "no permitted subtrees: $(cat "$work/nc.txt")"
    grep -q 'DNS:localhost$' "$work/nc.txt" || die "DNS:localhost: $(cat "$work/nc.txt")"
    grep -q 'IP:127.0.0.1/255.255.255.255$' "$work/nc.txt" || die "127.0.0.1/32: $(cat "$work/nc.txt")"
    grep -q 'IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF$' "$work/nc.txt" ||
      die "::1/128: $(cat "$work/nc.txt")"
    grep -q 'Excluded' "$work/nc.txt" && die "excluded subtrees: $(cat "$work/nc.txt")"
    openssl verify -CAfile "$ca" "$state/localhost.pem" >/dev/null || die "the own leaf fails"
    "$cpptls" verify --cafile "$ca" --host localhost "$state/localhost.pem" >/dev/null ||
      die "cpptls verify refuses the own leaf"
    # Leaves signed with the CA's key by openssl: one for localhost (accepted), the others not.
    issue_with_ca_key() {  # NAME SAN
      openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
        -keyout "$work/$1.key" -out "$work/$1.csr" 2>/dev/null
      printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
        "$2" >"$work/$1.ext"
      openssl x509 -req -in "$work/$1.csr" -CA "$ca" -CAkey "$state/ca.key" -set_serial 7 \
        -days 30 -extfile "$work/$1.ext" -out "$work/$1.pem" 2>/dev/null || die "openssl x509 -req"
    }
    issue_with_ca_key localhost DNS:localhost
    openssl verify -CAfile "$ca" "$work/localhost.pem" >/dev/null || die "localhost leaf refused"
    for pair in "example.com=DNS:example.com" "mixed.test=DNS:localhost,DNS:mixed.test" \
                "192.0.2.1=IP:192.0.2.1"; do
      name=${pair%%=*}
      issue_with_ca_key "$name" "${pair#*=}"
      if openssl verify -CAfile "$ca" "$work/$name.pem" >"$work/ov" 2>&1; then
        die "openssl verify accepts a leaf for $name"
      fi
      grep -qi 'subtree violation' "$work/ov" || die "openssl: not a name constraint: $(cat "$work/ov")"
      case $name in
        192.*) target=(--ip "$name") ;;
        mixed.test) target=(--host localhost) ;;
        *) target=(--host "$name") ;;
      esac
      if "$cpptls" verify --cafile "$ca" "${target[@]}" "$work/$name.pem" >/dev/null 2>"$work/cv"; then
        die "cpptls verify accepts a leaf for $name"
      fi
      grep -q 'may certify .*RFC 5280 4.2.1.10' "$work/cv" || die "cpptls: not a name constraint: $(cat "$work/cv")"
    done
    ;;

  local_ca_unconstrained_replaced)
    # A CA from an older version (here: `cpptls ca init`, which has no name constraints) is
    # replaced by a constrained one, said once on stderr; its key is gone.
    mkdir -p "$(dirname "$state")"
    "$cpptls" ca init "$state" >/dev/null
    old=$(fingerprint "$ca")
    start_server
    grep -q '^warning: the local CA .* could sign certificates for any host' "$work/err.log" ||
      die "no warning: $(cat "$work/err.log")"
    grep -q '^created a local CA: ' "$work/out.log" || die "not recreated: $(cat "$work/out.log")"
    [ "$(fingerprint "$ca")" != "$old" ] || die "the unconstrained CA was kept"
    openssl x509 -in "$ca" -noout -text | grep -q 'X509v3 Name Constraints: critical' ||
      die "the new CA has no name constraints"
    openssl verify -CAfile "$ca" "$state/localhost.pem" >/dev/null || die "leaf not re-issued"
    [ "$(fetch "$base/hello.txt")" = hello ] || die "fetch with the new CA"
    stop_server
    new=$(fingerprint "$ca")
    start_server
    grep -q 'warning: the local CA' "$work/err.log" && die "warned twice"
    grep -q '^using the local CA: ' "$work/out.log" || die "second run: $(cat "$work/out.log")"
    [ "$(fingerprint "$ca")" = "$new" ] || die "replaced twice"
    stop_server
    ;;

  wrk_load)
    need wrk
    start_server
    # localhost, not 127.0.0.1: wrk sends the address as SNI, which RFC 6066 3 forbids and the
    # library refuses (illegal_parameter).
    timeout 30 wrk -t2 -c50 -d3s --timeout 5s "$base/hello.txt" >"$work/wrk" 2>&1 ||
      die "wrk failed: $(cat "$work/wrk")"
    cat "$work/wrk"
    grep -q 'Socket errors' "$work/wrk" && die "socket errors"
    grep -q 'Non-2xx' "$work/wrk" && die "non-2xx responses"
    requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$work/wrk")
    [ "${requests:-0}" -gt 100 ] || die "only ${requests:-0} requests"
    [ "$(fetch "$base/hello.txt")" = hello ] || die "after the load"
    stop_server
    ;;

  chromium_loads_image)
    chromium=$(command -v chromium || command -v chromium-browser || true)
    [ -n "$chromium" ] || { echo "SKIP: chromium not installed"; exit 77; }
    start_server
    # Trust exactly this server's key: the base64 SHA-256 of the leaf's SubjectPublicKeyInfo.
    spki=$(openssl x509 -in "$state/localhost.pem" -pubkey -noout | openssl pkey -pubin -outform der |
      openssl dgst -sha256 -binary | base64)
    timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$(mktemp -d -p "$work")" --ignore-certificate-errors-spki-list="$spki" \
      --virtual-time-budget=5000 --dump-dom "$base/" >"$work/dom" 2>"$work/chromium.log" ||
      die "chromium failed: $(tail -5 "$work/chromium.log")"
    grep -q 'id="marker">cpptls serve page<' "$work/dom" || die "the page is not in the DOM: $(cat "$work/dom")"
    for _ in $(seq 20); do
      grep -q 'GET /pic.png 200' "$work/err.log" && break
      sleep 0.1
    done
    grep -q 'GET /pic.png 200' "$work/err.log" || die "the image was not fetched"
    stop_server
    ;;

  *)
    die "unknown case"
    ;;
esac
echo "PASS: $case_name"
