#!/usr/bin/env bash
# cpptls's NSS key logs proven against Wireshark's TLS dissector:
#   tests/keylog/tshark-test.sh tls13|tls12 PATH/TO/cpptls
# `cpptls server --www --once --keylog FILE` answers one `cpptls client` (SSLKEYLOGFILE set)
# on 127.0.0.1 while dumpcap records the loopback traffic of that port. tshark must then
# decrypt the HTTP request and response with either side's key log, and must NOT with no key
# log or with a key log whose secrets are altered (so the test cannot pass by accident).
# Exits 0 on success, 77 (skip) when tshark/dumpcap is missing or capturing on lo is not
# permitted, 1 on failure. Every wait is bounded.
set -uo pipefail

case_name=${1:?usage: tshark-test.sh tls13|tls12 CPPTLS}
cpptls=${2:?usage: tshark-test.sh tls13|tls12 CPPTLS}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
capture_pid=
cleanup() {
  [ -n "$capture_pid" ] && kill -INT "$capture_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

die() {
  echo "FAIL (keylog.tshark_$case_name): $*" >&2
  for f in "$work"/*.out "$work"/*.err "$work"/*.txt; do
    [ -f "$f" ] && { echo "--- $f" >&2; head -40 "$f" >&2; }
  done
  exit 1
}
skip() { echo "SKIP (keylog.tshark_$case_name): $*"; exit 77; }

case "$case_name" in
  tls13) version_flag=--tls1.3 ;;
  tls12) version_flag=--tls1.2 ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac

command -v tshark >/dev/null || skip "tshark is not installed (Debian package tshark)"
command -v dumpcap >/dev/null || skip "dumpcap is not installed (Debian package wireshark-common)"
# No user preferences (a saved key log file, disabled protocols) may change what tshark shows.
export WIRESHARK_CONFIG_DIR="$work/wireshark-config"
mkdir -p "$WIRESHARK_CONFIG_DIR"

bash "$here/../api/make-tls-pki.sh" "$work/pki" || die "make-tls-pki.sh failed"

# The server first: its port is ephemeral and the capture filter needs it.
"$cpptls" server --port 0 --www --once --cert "$work/pki/chain-rsa.pem" \
  --key "$work/pki/leaf-rsa.key" --keylog "$work/server-keys.txt" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/server.out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || die "the server exited early"
  sleep 0.1
done
[ -n "$port" ] || die "the server did not print 'listening on'"

# Then the capture. dumpcap writes the pcapng header only once the interface is open with
# the filter applied, so a non-empty file means it is capturing.
capture="$work/session.pcapng"
dumpcap -q -i lo -f "tcp port $port" -w "$capture" >"$work/dumpcap.out" 2>"$work/dumpcap.err" &
capture_pid=$!
for _ in $(seq 1 100); do
  [ -s "$capture" ] && break
  if ! kill -0 "$capture_pid" 2>/dev/null; then
    wait "$capture_pid" 2>/dev/null
    capture_pid=
    # Only a refusal to capture is a reason to skip; anything else is this script's fault.
    reason=$(grep -m1 '^dumpcap: ' "$work/dumpcap.err")
    grep -Eqi 'permission|not permitted' "$work/dumpcap.err" \
      && skip "cannot capture on lo: ${reason:-$(head -1 "$work/dumpcap.err")}"
    die "dumpcap failed: ${reason:-$(head -1 "$work/dumpcap.err")}"
  fi
  sleep 0.1
done
[ -s "$capture" ] || die "dumpcap did not start capturing within 10 s"

# The exchange: one HTTP/1.0 request for a path that appears nowhere else.
printf 'GET /secret-path HTTP/1.0\r\nHost: localhost\r\n\r\n' |
  SSLKEYLOGFILE="$work/client-keys.txt" timeout 20 "$cpptls" client "127.0.0.1:$port" \
    --cafile "$work/pki/root-rsa.pem" --servername localhost "$version_flag" \
    >"$work/client.out" 2>"$work/client.err" || die "the client failed"
grep -q '^HTTP/1.0 200 OK' "$work/client.out" || die "the client did not get the page"
for _ in $(seq 1 100); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$server_pid" 2>/dev/null && die "the server is still running"
wait "$server_pid" || die "the server failed"
server_pid=

# Stop the capture and wait for it, bounded. dumpcap gets packets from the kernel in blocks
# handed over every 250 ms and does not read the last one on SIGINT: give it time first.
sleep 1
kill -INT "$capture_pid"
for _ in $(seq 1 100); do
  kill -0 "$capture_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$capture_pid" 2>/dev/null && die "dumpcap did not stop on SIGINT"
wait "$capture_pid" || die "dumpcap failed"
capture_pid=

# The key logs have the NSS format's lines for this version, and both sides agree.
if [ "$case_name" = tls13 ]; then
  for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET \
               CLIENT_TRAFFIC_SECRET_0 SERVER_TRAFFIC_SECRET_0 EXPORTER_SECRET; do
    grep -Eq "^$label [0-9a-f]{64} [0-9a-f]{64,96}\$" "$work/client-keys.txt" \
      || die "the client key log lacks $label"
  done
  [ "$(wc -l <"$work/client-keys.txt")" -eq 5 ] || die "the client key log has other lines"
else
  grep -Eq '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$work/client-keys.txt" \
    || die "the client key log lacks CLIENT_RANDOM"
  [ "$(wc -l <"$work/client-keys.txt")" -eq 1 ] || die "the client key log has other lines"
fi
cmp -s <(sort "$work/client-keys.txt") <(sort "$work/server-keys.txt") \
  || die "the client's and the server's key logs differ"

# decode KEYLOG NAME: what tshark shows of HTTP in the capture, one line per HTTP message
# (request URI, response code), into NAME.out.
decode() {
  timeout 60 tshark -n -r "$capture" -o "tls.keylog_file:$1" -d "tcp.port==$port,tls" \
    -Y http -T fields -e http.request.uri -e http.response.code \
    >"$work/$2.out" 2>"$work/$2.err" || die "tshark failed to read the capture ($2)"
}
# The capture holds the whole session: one ClientHello, a ServerHello of the version asked for
# and both sides' FIN (packets lost by the capture would otherwise look like a decryption
# failure). One line per packet: source port|FIN|handshake types|supported_versions|version.
timeout 60 tshark -n -r "$capture" -d "tcp.port==$port,tls" -T fields -E separator='|' \
  -e tcp.srcport -e tcp.flags.fin -e tls.handshake.type \
  -e tls.handshake.extensions.supported_version -e tls.handshake.version \
  >"$work/packets.txt" 2>"$work/packets.err" || die "tshark failed to read the capture"
[ "$(awk -F'|' '$3 ~ /^1(,|$)/' "$work/packets.txt" | wc -l)" -eq 1 ] \
  || die "the capture does not hold exactly one ClientHello"
awk -F'|' -v port="$port" '($2 == 1 || $2 == "True") && $1 == port' "$work/packets.txt" | grep -q . \
  || die "the capture lacks the server's FIN (incomplete capture)"
awk -F'|' -v port="$port" '($2 == 1 || $2 == "True") && $1 != port' "$work/packets.txt" | grep -q . \
  || die "the capture lacks the client's FIN (incomplete capture)"
server_hello=$(awk -F'|' '$3 ~ /^2(,|$)/ { print $4 "|" $5 }' "$work/packets.txt")
if [ "$case_name" = tls13 ]; then
  [ "$server_hello" = '0x0304|0x0303' ] || die "the ServerHello does not select TLS 1.3: $server_hello"
else
  [ "$server_hello" = '|0x0303' ] || die "the ServerHello does not select TLS 1.2: $server_hello"
fi
grep -aq 'secret-path' "$capture" && die "the request went over the wire in clear"

# With either side's key log, tshark decrypts the request and the 200 response.
for side in client server; do
  decode "$work/$side-keys.txt" "decoded-$side"
  grep -q '^/secret-path' "$work/decoded-$side.out" \
    || die "tshark did not decrypt the request with the $side key log"
  grep -Eq '(^|\s)200$' "$work/decoded-$side.out" \
    || die "tshark did not decrypt the 200 response with the $side key log"
done

# Negative controls: without a key log, or with the same lines whose secrets have their last
# hex digit changed, tshark shows no HTTP at all.
: >"$work/empty-keys.txt"
decode "$work/empty-keys.txt" "without-keys"
[ -s "$work/without-keys.out" ] && die "tshark showed HTTP without a key log"
awk '{ last = substr($3, length($3)); flipped = (last == "0") ? "1" : "0";
       print $1, $2, substr($3, 1, length($3) - 1) flipped }' \
  "$work/client-keys.txt" >"$work/altered-keys.txt"
cmp -s "$work/altered-keys.txt" "$work/client-keys.txt" && die "the altered key log is unchanged"
decode "$work/altered-keys.txt" "altered-keys"
[ -s "$work/altered-keys.out" ] && die "tshark showed HTTP with altered secrets"

echo "PASS (keylog.tshark_$case_name): tshark decrypted GET /secret-path and 200 with the key log"
