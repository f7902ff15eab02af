#include "bench_pki.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace cpptls_bench {
namespace {

struct Free {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(BIO* bio) const { BIO_free(bio); }
  void operator()(X509_EXTENSION* ext) const { X509_EXTENSION_free(ext); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using CertPtr = std::unique_ptr<X509, Free>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("making the benchmark PKI: ") + what);
}

KeyPtr make_key(KeyType type) {
  EVP_PKEY* key = type == KeyType::ecdsa_p256
                      ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
  check(key != nullptr, "key generation");
  return KeyPtr(key);
}

using Extensions = std::vector<std::pair<int, const char*>>;

// A v3 certificate for `cn` with `key`, signed by `issuer_key` (self-signed when `issuer` is
// null), valid from a day ago for five years.
CertPtr make_certificate(const char* cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                         const Extensions& extensions) {
  CertPtr cert(X509_new());
  check(cert != nullptr, "X509_new");
  std::uint64_t serial = 0;
  check(RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) == 1, "serial");
  serial >>= 1;  // positive
  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto* organization = reinterpret_cast<const unsigned char*>("cpptls bench");
  const auto* common_name = reinterpret_cast<const unsigned char*>(cn);
  check(X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
            ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial) == 1 &&
            X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, organization, -1, -1, 0) == 1 &&
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, common_name, -1, -1, 0) == 1 &&
            X509_set_issuer_name(
                cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : subject) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86400) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), 5L * 365 * 86400) != nullptr &&
            X509_set_pubkey(cert.get(), key) == 1,
        "certificate fields");
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : extensions) {
    std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    check(ext != nullptr && X509_add_ext(cert.get(), ext.get(), -1) == 1, value);
  }
  check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "signing");
  return cert;
}

std::string drain(BIO* bio) {
  BUF_MEM* memory = nullptr;
  BIO_get_mem_ptr(bio, &memory);
  return std::string(memory->data, memory->length);
}

std::string pem(X509* cert) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM certificate");
  return drain(bio.get());
}

std::string pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr &&
            PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM key");
  return drain(bio.get());
}

Pki make_pki(KeyType type) {
  const KeyPtr root_key = make_key(type);
  const KeyPtr int_key = make_key(type);
  const KeyPtr leaf_key = make_key(type);
  const Extensions ca = {{NID_basic_constraints, "critical,CA:TRUE"},
                         {NID_key_usage, "critical,keyCertSign,cRLSign"},
                         {NID_subject_key_identifier, "hash"}};
  const CertPtr root = make_certificate("Bench Root", root_key.get(), nullptr, root_key.get(), ca);
  Extensions intermediate_ext = ca;
  intermediate_ext.emplace_back(NID_authority_key_identifier, "keyid:always");
  const CertPtr intermediate =
      make_certificate("Bench CA", int_key.get(), root.get(), root_key.get(), intermediate_ext);
  const Extensions leaf_ext = {
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, type == KeyType::ecdsa_p256 ? "critical,digitalSignature"
                                                  : "critical,digitalSignature,keyEncipherment"},
      {NID_ext_key_usage, "serverAuth"},
      {NID_subject_key_identifier, "hash"},
      {NID_authority_key_identifier, "keyid:always"},
      {NID_subject_alt_name, "DNS:bench.example.com,DNS:www.bench.example.com"}};
  const CertPtr leaf =
      make_certificate(kHost, leaf_key.get(), intermediate.get(), int_key.get(), leaf_ext);
  return Pki{pem(root.get()), pem(leaf.get()) + pem(intermediate.get()), pem(leaf_key.get())};
}

}  // namespace

const Pki& pki(KeyType type) {
  if (type == KeyType::ecdsa_p256) {
    static const Pki ec = make_pki(KeyType::ecdsa_p256);
    return ec;
  }
  static const Pki rsa = make_pki(KeyType::rsa2048);
  return rsa;
}

}  // namespace cpptls_bench
