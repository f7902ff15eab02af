#!/usr/bin/env bash
# Makes a small test PKI with the openssl command line (a test tool only; the library never
# calls it):
#   tests/pki/make-test-pki.sh OUTDIR
# For each certificate NAME it writes OUTDIR/NAME.pem, OUTDIR/NAME.der and OUTDIR/NAME.key
# (PKCS #8 PEM). Certificates:
#   root-rsa        RSA-2048 self-signed root           root-ec        P-384 self-signed root
#   root-ed25519    Ed25519 self-signed root            int-rsa        CA, pathlen 0, policies
#   int-ec          P-256 CA under root-ec, with EKU    int-nc         CA with name constraints
#   int-policy      CA with policyConstraints, policyMappings, inhibitAnyPolicy
#   int-not-ca      basicConstraints CA:FALSE, yet used as an issuer
#   leaf-rsa        RSA-2048 leaf, SANs of every kind, all the usual extensions
#   leaf-ec         P-256 leaf with a wildcard SAN      leaf-ed25519   Ed25519 leaf
#   leaf-expired    valid 2000-01-01 .. 2001-01-01      leaf-2050      notAfter in 2051
#   leaf-pss        signed with RSASSA-PSS              leaf-sha1      signed with SHA-1
#   leaf-v1         version 1, no extensions            leaf-of-not-ca issued by int-not-ca
#   leaf-nc-ok      inside int-nc's constraints         leaf-nc-bad    outside them
#   leaf-unknown-critical  with a critical extension nobody knows
#   leaf-many-sans  3,000 dNSName entries               leaf-names     odd subject names
# and, for path building and validation:
#   int-ec-expired  int-ec's name and key, expired      root-ec-cross  root-ec's name and key,
#                                                                      certified by root-rsa
#   leaf-policy-ok  policy 99999.3 under int-policy     leaf-policy-bad  policy 99999.4 there
#   leaf-nc-ok-server, leaf-nc-bad-server  as leaf-nc-ok and leaf-nc-bad, with EKU serverAuth
# and, for TLS client certificates and the server's choice of certificate by name (SNI):
#   leaf-client-ec  P-256 client certificate under int-ec, EKU clientAuth only
#   leaf-ec-org     P-256 server certificate under int-ec for www.example.org and example.org
#                   (leaf-rsa's names, so that one name has both an RSA and an ECDSA leaf)
#   leaf-p384       P-384 server certificate under root-ec for *.example.com (a root's
#                   keyUsage allows no handshake signature, so servers do not use root-ec)
# Prints nothing on success; exits non-zero on any failure.
set -euo pipefail

out=${1:?usage: make-test-pki.sh OUTDIR}
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
EOF

cat >ext.cnf <<'EOF'
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[int_rsa]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 2.23.140.1.2.1,anyPolicy

[int_ec]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[int_nc]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical,@nc

[nc]
permitted;DNS.1 = example.com
permitted;IP.1 = 192.0.2.0/255.255.255.0
permitted;email.1 = example.com
permitted;URI.1 = .example.com
permitted;dirName.1 = nc_dir
excluded;DNS.1 = bad.example.com
excluded;IP.1 = 2001:db8::/ffff:ffff::

[nc_dir]
O = cpptls tests

[int_policy]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 1.3.6.1.4.1.99999.1,1.3.6.1.4.1.99999.2
policyMappings = critical,1.3.6.1.4.1.99999.1:1.3.6.1.4.1.99999.3
policyConstraints = critical,requireExplicitPolicy:0,inhibitPolicyMapping:1
inhibitAnyPolicy = critical,2

[int_not_ca]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[leaf_rsa]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always,issuer:always
subjectAltName = @leaf_rsa_san
certificatePolicies = @leaf_policy
authorityInfoAccess = caIssuers;URI:http://ca.example.org/int.der,OCSP;URI:http://ocsp.example.org/
crlDistributionPoints = URI:http://crl.example.org/int.crl

[leaf_rsa_san]
DNS.1 = www.example.org
DNS.2 = example.org
IP.1 = 192.0.2.1
IP.2 = 2001:db8::1
email.1 = admin@example.org
URI.1 = https://www.example.org/
dirName.1 = san_dir
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.org
RID.1 = 1.2.3.4

[san_dir]
C = US
O = Directory Example
CN = directory name

[leaf_policy]
policyIdentifier = 2.23.140.1.2.1
CPS.1 = https://www.example.org/cps
userNotice.1 = @notice

[notice]
explicitText = "A notice"

[leaf_ec]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:*.example.com,DNS:example.com

[leaf_simple]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:leaf.example.com

[leaf_nc_ok]
basicConstraints = critical,CA:FALSE
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:ok.example.com,IP:192.0.2.7,email:someone@example.com

[leaf_nc_bad]
basicConstraints = critical,CA:FALSE
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:evil.example.net,DNS:bad.example.com,IP:2001:db8::5

[root_cross]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[leaf_policy_ok]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:policy.example.com
certificatePolicies = 1.3.6.1.4.1.99999.3

[leaf_policy_bad]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:policy.example.com
certificatePolicies = 1.3.6.1.4.1.99999.4

[leaf_unknown_critical]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:leaf.example.com
1.3.6.1.4.1.55738.666.1 = critical,DER:05:00

[leaf_many_sans]
basicConstraints = critical,CA:FALSE
subjectAltName = @many_sans

[leaf_names]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:names.example.com
EOF

# The many-SAN section: 3,000 DNS names.
{
  echo "[many_sans]"
  for i in $(seq 1 3000); do echo "DNS.$i = host$i.example.com"; done
} >>ext.cnf

# Name-constrained leaves that are also TLS server certificates (extKeyUsage serverAuth), so
# that only the name constraints decide.
cat >>ext.cnf <<'EOF'
[leaf_nc_ok_server]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:ok.example.com,IP:192.0.2.7

[leaf_nc_bad_server]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:ok.example.com,DNS:bad.example.com

[leaf_client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = email:client@example.com

[leaf_ec_org]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:www.example.org,DNS:example.org
EOF

key() {  # key NAME TYPE
  case $2 in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1.key" ;;
    ed25519) openssl genpkey -algorithm ed25519 -out "$1.key" ;;
  esac
}

# issue NAME SUBJECT ISSUER|self EXT_SECTION|none [extra openssl ca options...]
issue() {
  local name=$1 subject=$2 issuer=$3 section=$4
  shift 4
  openssl req -new -config ca.cnf -key "$name.key" -subj "$subject" -multivalue-rdn \
    -out "$name.csr"
  local args=(-config ca.cnf -batch -notext -preserveDN -in "$name.csr" -out "$name.pem")
  if [ "$issuer" = self ]; then
    args+=(-selfsign -keyfile "$name.key")
  else
    args+=(-cert "$issuer.pem" -keyfile "$issuer.key")
  fi
  [ "$section" = none ] || args+=(-extfile ext.cnf -extensions "$section")
  local has_dates=0
  for a in "$@"; do [ "$a" = -startdate ] && has_dates=1; done
  [ $has_dates = 1 ] || args+=(-days 3650)
  openssl ca "${args[@]}" "$@" 2>/dev/null
  openssl x509 -in "$name.pem" -outform DER -out "$name.der"
  rm -f "$name.csr"
}

key root-rsa rsa
issue root-rsa "/C=US/O=cpptls tests/CN=Test Root RSA" self root
key root-ec p384
issue root-ec "/C=US/O=cpptls tests/CN=Test Root EC" self root
key root-ed25519 ed25519
issue root-ed25519 "/O=cpptls tests/CN=Test Root Ed25519" self root -md default

key int-rsa rsa
issue int-rsa "/C=US/O=cpptls tests/CN=Test Intermediate RSA" root-rsa int_rsa
key int-ec p256
issue int-ec "/C=US/O=cpptls tests/CN=Test Intermediate EC" root-ec int_ec
key int-nc p256
issue int-nc "/O=cpptls tests/CN=Test Constrained CA" root-rsa int_nc
key int-policy p256
issue int-policy "/O=cpptls tests/CN=Test Policy CA" root-rsa int_policy
key int-not-ca p256
issue int-not-ca "/O=cpptls tests/CN=Test Not A CA" root-rsa int_not_ca

key leaf-rsa rsa
issue leaf-rsa "/C=US/ST=California/L=San Francisco/O=Example Org/CN=www.example.org" \
  int-rsa leaf_rsa
key leaf-ec p256
issue leaf-ec "/O=Example/CN=*.example.com" int-ec leaf_ec
key leaf-ed25519 ed25519
issue leaf-ed25519 "/CN=ed25519.example.com" root-ed25519 leaf_simple -md default
key leaf-expired p256
issue leaf-expired "/CN=expired.example.com" int-ec leaf_simple \
  -startdate 20000101000000Z -enddate 20010101000000Z
key leaf-2050 p256
issue leaf-2050 "/CN=late.example.com" int-ec leaf_simple \
  -startdate 20300101000000Z -enddate 20510101000000Z
cp leaf-rsa.key leaf-pss.key
issue leaf-pss "/CN=pss.example.com" int-rsa leaf_simple \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest
cp leaf-rsa.key leaf-sha1.key
issue leaf-sha1 "/CN=sha1.example.com" int-rsa leaf_simple -md sha1
key leaf-v1 p256
issue leaf-v1 "/CN=v1.example.com" int-rsa none
key leaf-of-not-ca p256
issue leaf-of-not-ca "/CN=leaf.example.com" int-not-ca leaf_simple
key leaf-nc-ok p256
issue leaf-nc-ok "/O=cpptls tests/CN=ok.example.com" int-nc leaf_nc_ok
key leaf-nc-bad p256
issue leaf-nc-bad "/O=Elsewhere/CN=evil.example.net" int-nc leaf_nc_bad
key leaf-unknown-critical p256
issue leaf-unknown-critical "/CN=leaf.example.com" int-ec leaf_unknown_critical
key leaf-many-sans p256
issue leaf-many-sans "/CN=many.example.com" int-ec leaf_many_sans
key leaf-names p256
issue leaf-names "/DC=org/DC=example/O=Example   Org/OU=Unit A+OU=Unit B/CN=Names  Test/emailAddress=names@example.org" \
  int-ec leaf_names
key leaf-nc-ok-server p256
issue leaf-nc-ok-server "/O=cpptls tests/CN=ok.example.com" int-nc leaf_nc_ok_server
key leaf-nc-bad-server p256
issue leaf-nc-bad-server "/O=cpptls tests/CN=bad.example.com" int-nc leaf_nc_bad_server

key leaf-client-ec p256
issue leaf-client-ec "/O=cpptls tests/CN=client.example.com" int-ec leaf_client
key leaf-ec-org p256
issue leaf-ec-org "/O=Example Org/CN=www.example.org" int-ec leaf_ec_org

cp int-ec.key int-ec-expired.key
issue int-ec-expired "/C=US/O=cpptls tests/CN=Test Intermediate EC" root-ec int_ec \
  -startdate 20000101000000Z -enddate 20010101000000Z
cp root-ec.key root-ec-cross.key
issue root-ec-cross "/C=US/O=cpptls tests/CN=Test Root EC" root-rsa root_cross
key leaf-policy-ok p256
issue leaf-policy-ok "/CN=policy.example.com" int-policy leaf_policy_ok
key leaf-policy-bad p256
issue leaf-policy-bad "/CN=policy.example.com" int-policy leaf_policy_bad
key leaf-p384 p384
issue leaf-p384 "/O=Example/CN=p384.example.com" root-ec leaf_ec

rm -rf db ca.cnf ext.cnf
