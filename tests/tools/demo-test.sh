#!/usr/bin/env bash
# `cpptls demo` end to end: demo-test.sh CASE CPPTLS
#   seed_steps        --seed narrates the eleven steps with real values
#   tls13_differences plain demo runs TLS 1.3 with x25519 and says how it differs from the classic handshake
#   html_diagram      --html writes a standalone page whose <svg> names every message
#   html_screenshot   chromium renders that page: the diagram's elements are in the DOM and
#                     the screenshot is not blank (skipped when chromium is missing)
#   usage_errors      unknown arguments exit 2
set -euo pipefail
case_name=$1
cpptls=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

die() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect FILE REGEX WHAT
  grep -Eq -- "$2" "$1" || { cat "$1" >&2; die "missing $3 (/$2/)"; }
}

case "$case_name" in
  seed_steps)
    timeout 60 "$cpptls" demo --seed >"$work/out" || die "demo --seed exited $?"
    out=$work/out
    for step in 1 2 3 4 5 6 7 8 9 10 11; do expect "$out" "^\[step $step\] " "step $step"; done
    expect "$out" "^\[step 1\] client -> server  ClientHello" "the ClientHello"
    [ "$(grep -Ec 'random: [0-9a-f]{64}$' "$out")" -eq 2 ] || die "two 64-hex randoms expected"
    expect "$out" "cipher suite chosen: TLS_RSA_WITH_AES_128_GCM_SHA256" "the chosen suite"
    expect "$out" "version chosen: TLSv1.2" "the chosen version"
    expect "$out" "subject CN=localhost, issuer CN=cpptls demo CA [0-9a-f]+" "the certificate"
    expect "$out" "host name: \"localhost\" matched" "the host name check"
    expect "$out" "premaster secret: 48 bytes" "the premaster size"
    expect "$out" "public key .*: 256 bytes, the ClientKeyExchange body" "the encrypted size"
    grep -Eq 'master secret fingerprints .*client ([0-9a-f]{16}), server \1 \(equal\)' "$out" ||
      die "equal master secret fingerprints"
    grep -Eq 'recomputed here from the decrypted premaster: ([0-9a-f]{16})' "$out" ||
      die "the recomputed master secret"
    [ "$(grep -Ec 'verify_data \(12 bytes\): [0-9a-f]{24}$' "$out")" -eq 2 ] ||
      die "verify_data both ways"
    expect "$out" "^\[step 8\] client -> server  Finished  \(encrypted" "the client Finished"
    expect "$out" "^\[step 10\] client <- server  Finished  \(encrypted" "the server Finished"
    expect "$out" "plaintext: \"GET / HTTP/1.1" "the client's plaintext"
    expect "$out" "ciphertext record: 17030300[0-9a-f]+" "a ciphertext record"
    ;;
  tls13_differences)
    timeout 60 "$cpptls" demo >"$work/out" || die "demo exited $?"
    out=$work/out
    expect "$out" "version chosen: TLSv1.3" "TLSv1.3"
    expect "$out" "key_share x25519: 32-byte ephemeral public key [0-9a-f]{64}" "the x25519 shares"
    expect "$out" "cipher suite chosen: TLS_AES_128_GCM_SHA256" "the TLS 1.3 suite"
    expect "$out" "Certificate  \(encrypted, server handshake traffic key\)" "the encrypted certificate"
    expect "$out" "^Where TLS 1.3 differs from the classic handshake" "the differences"
    expect "$out" "[Ff]orward secrecy" "forward secrecy"
    expect "$out" "one round trip" "one round trip"
    grep -Eq 'client application traffic secret fingerprints: client ([0-9a-f]{16}), server \1 \(equal\)' \
      "$out" || die "equal traffic secret fingerprints"
    ;;
  html_diagram)
    timeout 60 "$cpptls" demo --seed --html "$work/demo.html" >/dev/null || die "demo --html exited"
    page=$work/demo.html
    expect "$page" "<svg" "an <svg>"
    for name in ClientHello ServerHello Certificate ServerHelloDone ClientKeyExchange \
                ChangeCipherSpec Finished "application data"; do
      expect "$page" "<text[^>]*>[^<]*$name" "the arrow $name"
    done
    if grep -Eq '(src|href)="https?:' "$page"; then die "the page fetches from the network"; fi
    ;;
  html_screenshot)
    chromium=${CHROMIUM:-/usr/bin/chromium}
    if [ ! -x "$chromium" ]; then echo "SKIP: no chromium at $chromium"; exit 0; fi
    timeout 60 "$cpptls" demo --html "$work/demo.html" >/dev/null || die "demo --html exited"
    flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
           --disable-component-update --disable-sync --user-data-dir="$work/profile")
    timeout 90 "$chromium" "${flags[@]}" --dump-dom "file://$work/demo.html" \
      >"$work/dom.html" 2>/dev/null || die "chromium --dump-dom failed"
    [ "$(grep -o '<line ' "$work/dom.html" | wc -l)" -ge 10 ] || die "the diagram's arrows"
    expect "$work/dom.html" "ClientHello" "ClientHello in the rendered DOM"
    timeout 90 "$chromium" "${flags[@]}" --screenshot="$work/shot.png" --window-size=1200,1600 \
      "file://$work/demo.html" >/dev/null 2>&1 || die "chromium --screenshot failed"
    [ -s "$work/shot.png" ] || die "no screenshot"
    python3 - "$work/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, color = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and color in (2, 6), f"unexpected PNG format {depth}/{color}"
        channels = 3 if color == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * channels
rows, previous, i = [], bytearray(stride), 0
for _ in range(height):
    kind = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - channels] if x >= channels else 0
        b = previous[x]; c = previous[x - channels] if x >= channels else 0
        if kind == 1: line[x] = (line[x] + a) & 255
        elif kind == 2: line[x] = (line[x] + b) & 255
        elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); previous = line
inked = colored = 0
for line in rows:
    for x in range(0, stride, channels):
        r, g, b = line[x], line[x + 1], line[x + 2]
        if min(r, g, b) < 200: inked += 1
        if b > r + 60: colored += 1  # the blue arrows of the messages in the clear
total = width * height
print(f"{width}x{height}: {inked} inked pixels, {colored} blue")
assert inked > total // 200, "the screenshot is (nearly) blank"
assert colored > 500, "no blue arrows drawn"
PY
    ;;
  usage_errors)
    set +e
    "$cpptls" demo --bogus >/dev/null 2>&1; [ $? -eq 2 ] || die "--bogus should exit 2"
    "$cpptls" demo --html >/dev/null 2>&1; [ $? -eq 2 ] || die "--html without FILE should exit 2"
    "$cpptls" demo --help | grep -q "usage: cpptls demo" || die "--help"
    ;;
  *) die "unknown case $case_name" ;;
esac
echo "ok: $case_name"
