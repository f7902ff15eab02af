#!/usr/bin/env python3
"""Summarises the runner's -json-output: counts per area, then one total line.

Usage: summarize.py results.json [--failures]

The runner records PASS, FAIL, and SKIP (the shim exited 89: a flag or feature it does not
implement). Tests disabled in config.json are not run and not listed. Areas are guessed from
test names (first rule that matches), for the pass table in docs/conformance.md.
"""
import json
import re
import sys

# (area, regular expression on the test name); first match wins.
AREAS = [
    ("KeyUpdate", r"KeyUpdate"),
    ("HRR", r"HelloRetryRequest|HRR"),
    ("resumption", r"Resum|Ticket|Session|PSK"),
    ("client auth", r"ClientAuth|ClientCert|CertificateRequest|VerifyPeer|RequireAny"),
    ("version negotiation", r"Version|Downgrade|SupportedVersions|TLS13Draft|NoSSL3"),
    ("alerts/records", r"Alert|Record|Fragment|ChangeCipherSpec|Shutdown|Unclean|Plaintext|"
                       r"Trailing|AppData|Split|Pack|CloseNotify|EndOfFlight|Partial|"
                       r"LargeMessage|WrongMessageType|Skip|Bad|Interleave|Reorder"),
    ("extensions", r"ALPN|ALPS|SNI|ServerName|Extension|ExtendedMasterSecret|EMS|PointFormat|"
                   r"OCSP|SignedCertificateTimestamp|SCT|GREASE|Padding|NPN"),
    ("cipher suites", r"Cipher|AES|CHACHA|Suite"),
    ("groups", r"Curve|X25519|P-?256|P-?384|P-?521|ECDH|Group|KeyShare"),
    ("signatures", r"Sig|Verify|ECDSA|RSA-PSS|PSS|Ed25519|RSAKeyUsage|ECDSAKeyUsage"),
    ("certificates", r"Cert"),
    ("basic", r"Basic|^(TLS-)?(Client|Server)-|Sanity"),
]


def area(name: str) -> str:
    for label, pattern in AREAS:
        if re.search(pattern, name):
            return label
    return "other"


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        tests = json.load(f).get("tests", {})
    counts: dict[str, dict[str, int]] = {}
    for name, result in tests.items():
        row = counts.setdefault(area(name), {"PASS": 0, "FAIL": 0, "SKIP": 0})
        row[result["actual"]] = row.get(result["actual"], 0) + 1
    order = [label for label, _ in AREAS] + ["other"]
    print(f"{'area':<22}{'passed':>8}{'failed':>8}{'unimpl.':>9}")
    for label in order:
        if label in counts:
            row = counts[label]
            print(f"{label:<22}{row['PASS']:>8}{row['FAIL']:>8}{row['SKIP']:>9}")
    passed = sum(r["PASS"] for r in counts.values())
    failed = sum(r["FAIL"] for r in counts.values())
    skipped = sum(r["SKIP"] for r in counts.values())
    if "--failures" in sys.argv:
        for name in sorted(n for n, r in tests.items() if r["actual"] == "FAIL"):
            print(f"FAIL {name}")
    print(f"bogo: {passed} passed, {failed} failed ({skipped} unimplemented: the shim exited 89)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
