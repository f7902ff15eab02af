#!/usr/bin/env bash
# Checks the architecture rules: OpenSSL headers appear only under src/crypto/openssl/, the
# product never calls libssl or OpenSSL's X.509 verification, and every #include between the
# folders of src/, include/ and tools/ is an edge of the graph in docs/design.md. Prints each
# violation and exits 1 if there is any. Usage: check-architecture.sh [ROOT]
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
status=0

openssl_outside=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]openssl/' src include tools \
  --include='*.hpp' --include='*.cpp' --include='*.h' | grep -v '^src/crypto/openssl/' || true)
if [ -n "$openssl_outside" ]; then
  echo "OpenSSL headers outside src/crypto/openssl/:"; echo "$openssl_outside"; status=1
fi

libssl=$(grep -rnE '\b(SSL_CTX_new|SSL_new|SSL_connect|SSL_accept|SSL_read|SSL_write|X509_verify_cert|X509_STORE_CTX_new|X509_check_host)\b' \
  src include tools || true)
if [ -n "$libssl" ]; then
  echo "libssl or OpenSSL X.509 verification used in the product:"; echo "$libssl"; status=1
fi

if grep -rn 'OpenSSL::SSL' src tools CMakeLists.txt cmake >/dev/null 2>&1; then
  echo "a product target links libssl (OpenSSL::SSL)"; status=1
fi

# The command (tools/) reaches the library through its public headers (include/cpptls) only;
# the build enforces it for the files compiled in cpptls_tool_public (tools/CMakeLists.txt).
# These still include headers under src/, until a public interface replaces what they use: the
# record and handshake decoders of `demo` (a public observer of decoded records). The list only
# shrinks.
tools_reaching_into_src="tools/cpptls/demo/key_log_book.cpp
tools/cpptls/demo/key_log_book.hpp
tools/cpptls/demo/loopback.hpp
tools/cpptls/demo/narrator.cpp
tools/cpptls/demo/narrator.hpp
tools/cpptls/demo/wire_observer.cpp
tools/cpptls/demo/wire_observer.hpp"

# The include graph between folders: every edge must be one docs/design.md allows (its
# "include-graph" block). tools/ is checked too, but for the files listed above.
graph=$(TOOLS_REACHING_INTO_SRC="$tools_reaching_into_src" python3 - "$root" <<'PY'
import os, re, sys
root = sys.argv[1]
doc = open(os.path.join(root, "docs/design.md"), encoding="utf-8").read()
block = re.search(r"```include-graph\n(.*?)```", doc, re.S)
if not block:
    print("docs/design.md has no include-graph block"); sys.exit(0)
allowed = {}
for line in block.group(1).splitlines():
    if "->" not in line: continue
    src, dst = line.split("->", 1)
    allowed[src.strip()] = set(dst.split())
# The folders that are modules of their own inside another one.
nested = ["crypto/openssl", "crypto/testing", "conn/api"]
modules = {"base", "crypto", "wire", "record", "x509", "handshake", "conn", "io"}
def folder_of_file(path):
    parts = path.split("/")
    if parts[0] in ("include", "tools"): return parts[0]
    rest = "/".join(parts[1:])
    for n in nested:
        if rest.startswith(n + "/"): return n
    return parts[1]
def folder_of_include(name):
    if name.startswith("cpptls/"): return "include"
    for n in nested:
        if name.startswith(n + "/"): return n
    first = name.split("/")[0]
    return first if first in modules and "/" in name else None
include = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')
exempt = set(os.environ.get("TOOLS_REACHING_INTO_SRC", "").split())
bad = []
for top in ("src", "include", "tools"):
    for directory, _, files in os.walk(os.path.join(root, top)):
        for f in sorted(files):
            if not f.endswith((".hpp", ".cpp", ".h")): continue
            path = os.path.relpath(os.path.join(directory, f), root)
            if path in exempt: continue
            here = folder_of_file(path)
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as text:
                for number, line in enumerate(text, 1):
                    m = include.match(line)
                    if not m: continue
                    there = folder_of_include(m.group(1))
                    if there is None or there == here: continue
                    if here not in allowed:
                        bad.append(f"{path}:{number}: folder {here} is not in the include graph")
                    elif there not in allowed[here]:
                        bad.append(f"{path}:{number}: {here} -> {there} ({m.group(1)})")
for b in bad: print(b)
PY
)
if [ -n "$graph" ]; then
  echo "includes that the layer graph in docs/design.md does not allow:"; echo "$graph"
  status=1
fi

reaching=$(grep -rlE '#[[:space:]]*include[[:space:]]*"(base|crypto|wire|record|x509|handshake|conn|io)/' tools \
  --include='*.hpp' --include='*.cpp' | sort || true)
new_reach=$(comm -23 <(echo "$reaching") <(echo "$tools_reaching_into_src") | grep . || true)
if [ -n "$new_reach" ]; then
  echo "tools/ files that include headers under src/ (use include/cpptls):"; echo "$new_reach"
  status=1
fi
no_longer=$(comm -13 <(echo "$reaching") <(echo "$tools_reaching_into_src") | grep . || true)
if [ -n "$no_longer" ]; then
  echo "no longer reaching into src/, remove from tools_reaching_into_src:"; echo "$no_longer"
  status=1
fi

[ $status -eq 0 ] && echo "architecture rules hold"
exit $status
