#!/usr/bin/env bash
# Makes the certificates the API, tool and interop tests serve and trust, with the openssl
# command line (a test tool only; the library never calls it):
#   tests/api/make-tls-pki.sh OUTDIR
# Files (NAME.pem certificate, NAME.key PKCS #8 key):
#   root-rsa     RSA-2048 root CA              int-rsa     CA under root-rsa
#   leaf-rsa     RSA-2048, CN=localhost, SAN DNS:localhost IP:127.0.0.1, under int-rsa
#   chain-rsa.pem  leaf-rsa then int-rsa (what a server sends)
#   root-ec      P-256 root CA                 leaf-ec     P-256, CN=localhost, under root-ec
#   chain-ec.pem   leaf-ec
#   leaf-expired   like leaf-rsa, valid 2000-01-01 .. 2001-01-01     chain-expired.pem
#   leaf-wrong     CN=wrong.example, SAN DNS:wrong.example, under int-rsa  chain-wrong.pem
#   root-other   a root nobody trusts          leaf-other  CN=localhost under it  chain-other.pem
#   leaf-client  RSA-2048, CN=cpptls-test-client, extendedKeyUsage clientAuth only, under int-rsa
#   chain-client.pem  leaf-client then int-rsa (what a client sends)
#   leaf-ec-keyenc   P-256 like leaf-ec, but keyUsage keyEncipherment only   chain-ec-keyenc.pem
#   leaf-rsa-keyenc  RSA like leaf-rsa, keyUsage keyEncipherment only        chain-rsa-keyenc.pem
#   leaf-rsa-sign    RSA like leaf-rsa, keyUsage digitalSignature only       chain-rsa-sign.pem
#   leaf-client-keyenc  like leaf-client, keyUsage keyEncipherment only  chain-client-keyenc.pem
#   leaf-ec.ocsp.der, leaf-rsa.ocsp.der  DER OCSP responses (RFC 6960) saying "good" for leaf-ec
#                signed by root-ec and for leaf-rsa signed by int-rsa, valid 30 days: what a
#                server staples (OCSP stapling, RFC 6066 8)
# Prints nothing on success; exits non-zero on any failure.
set -euo pipefail

out=${1:?usage: make-tls-pki.sh OUTDIR}
mkdir -p "$out"
cd "$out"
mkdir -p db/newcerts
: >db/index.txt

cat >ca.cnf <<'EOF'
[ca]
default_ca = test_ca
[test_ca]
dir = ./db
database = ./db/index.txt
new_certs_dir = ./db/newcerts
rand_serial = yes
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
commonName = optional
[req]
distinguished_name = req_dn
string_mask = utf8only
[req_dn]
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[intermediate]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:localhost,IP:127.0.0.1
[wrong]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:wrong.example
EOF

key() {  # key NAME rsa|ec
  if [ "$2" = rsa ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
  else
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
  fi
}

# issue NAME "SUBJECT" ISSUER|self SECTION [openssl ca options...]
issue() {
  local name=$1 subject=$2 issuer=$3 section=$4
  shift 4
  openssl req -new -config ca.cnf -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null
  if [ "$issuer" = self ]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$name.key" -extensions "$section" \
      -extfile ca.cnf -in "$name.csr" -out "$name.pem" -notext -days 3650 "$@" 2>/dev/null
  else
    openssl ca -batch -config ca.cnf -cert "$issuer.pem" -keyfile "$issuer.key" \
      -extensions "$section" -extfile ca.cnf -in "$name.csr" -out "$name.pem" -notext \
      -days 825 "$@" 2>/dev/null
  fi
}

key root-rsa rsa;   issue root-rsa "/CN=cpptls test root RSA" self root
key int-rsa rsa;    issue int-rsa "/CN=cpptls test intermediate RSA" root-rsa intermediate
key leaf-rsa rsa;   issue leaf-rsa "/CN=localhost" int-rsa server
cat leaf-rsa.pem int-rsa.pem >chain-rsa.pem

key root-ec ec;     issue root-ec "/CN=cpptls test root EC" self root
key leaf-ec ec;     issue leaf-ec "/CN=localhost" root-ec server
cp leaf-ec.pem chain-ec.pem

key leaf-expired rsa
issue leaf-expired "/CN=localhost" int-rsa server -startdate 20000101000000Z -enddate 20010101000000Z
cat leaf-expired.pem int-rsa.pem >chain-expired.pem

key leaf-wrong rsa; issue leaf-wrong "/CN=wrong.example" int-rsa wrong
cat leaf-wrong.pem int-rsa.pem >chain-wrong.pem

key root-other ec;  issue root-other "/CN=cpptls untrusted root" self root
key leaf-other ec;  issue leaf-other "/CN=localhost" root-other server
cp leaf-other.pem chain-other.pem

# A certificate only a client may use (client authentication, RFC 8446 section 4.4.2).
cat >>ca.cnf <<'EOF'
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
key leaf-client rsa; issue leaf-client "/CN=cpptls-test-client" int-rsa client
cat leaf-client.pem int-rsa.pem >chain-client.pem

# Keys whose certificates forbid how TLS would use them (RFC 5280 4.2.1.3): signing needs
# digitalSignature, RSA key transport keyEncipherment.
cat >>ca.cnf <<'EOF2'
[server_keyenc]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:localhost,IP:127.0.0.1
[server_sign]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:localhost,IP:127.0.0.1
[client_keyenc]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid:always
EOF2
key leaf-ec-keyenc ec;      issue leaf-ec-keyenc "/CN=localhost" root-ec server_keyenc
cp leaf-ec-keyenc.pem chain-ec-keyenc.pem
key leaf-rsa-keyenc rsa;    issue leaf-rsa-keyenc "/CN=localhost" int-rsa server_keyenc
cat leaf-rsa-keyenc.pem int-rsa.pem >chain-rsa-keyenc.pem
key leaf-rsa-sign rsa;      issue leaf-rsa-sign "/CN=localhost" int-rsa server_sign
cat leaf-rsa-sign.pem int-rsa.pem >chain-rsa-sign.pem
key leaf-client-keyenc rsa; issue leaf-client-keyenc "/CN=cpptls-test-client" int-rsa client_keyenc
cat leaf-client-keyenc.pem int-rsa.pem >chain-client-keyenc.pem

# OCSP responses for stapling, from the CA database above (each issuer signs its own).
openssl ocsp -index db/index.txt -rsigner root-ec.pem -rkey root-ec.key -CA root-ec.pem \
  -issuer root-ec.pem -cert leaf-ec.pem -ndays 30 -respout leaf-ec.ocsp.der >/dev/null 2>&1
openssl ocsp -index db/index.txt -rsigner int-rsa.pem -rkey int-rsa.key -CA int-rsa.pem \
  -issuer int-rsa.pem -cert leaf-rsa.pem -ndays 30 -respout leaf-rsa.ocsp.der >/dev/null 2>&1
rm -f ./*.csr
