#include "handshake/tls13/protocol.hpp"

#include <algorithm>

#include "crypto/descriptors.hpp"
#include "handshake/common/defaults.hpp"
#include "handshake/common/negotiation.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs13 {
namespace {

constexpr std::size_t kSignaturePadSize = 64;  // RFC 8446 4.4.3: 64 bytes of 0x20
constexpr std::string_view kServerContext = "TLS 1.3, server CertificateVerify";
constexpr std::string_view kClientContext = "TLS 1.3, client CertificateVerify";

}  // namespace

Bytes message_hash_message(ByteView client_hello1_hash) {
  Bytes out;
  out.reserve(4 + client_hello1_hash.size());
  out.push_back(static_cast<std::uint8_t>(wire::HandshakeType::message_hash));
  out.push_back(0);
  out.push_back(0);
  out.push_back(static_cast<std::uint8_t>(client_hello1_hash.size()));
  out.insert(out.end(), client_hello1_hash.begin(), client_hello1_hash.end());
  return out;
}

Bytes certificate_verify_content(Signer signer, ByteView transcript_hash) {
  const std::string_view context = signer == Signer::server ? kServerContext : kClientContext;
  // Sized once and filled in place: g++ 12 at -O3 misreads range inserts of a literal here as
  // out of bounds (-Warray-bounds).
  Bytes out(kSignaturePadSize + context.size() + 1 + transcript_hash.size(), 0x20);
  std::size_t at = kSignaturePadSize;
  for (const char c : context)
    out[at++] = static_cast<std::uint8_t>(c);
  out[at++] = 0;
  for (const std::uint8_t b : transcript_hash)
    out[at++] = b;
  return out;
}

bool scheme_fits_key_tls13(crypto::SignatureScheme scheme, crypto::KeyType key) noexcept {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr || !info->allowed_in_tls13_handshake) return false;
  // SignatureSchemeInfo::key_type binds ECDSA schemes to their curve and separates
  // rsa_pss_rsae_* (rsaEncryption keys) from rsa_pss_pss_* (RSASSA-PSS keys).
  return info->key_type == key;
}

std::optional<crypto::SignatureScheme> choose_tls13_signature_scheme(
    std::span<const crypto::SignatureScheme> ours, std::span<const crypto::SignatureScheme> theirs,
    crypto::KeyType key, std::size_t key_bits) noexcept {
  for (const crypto::SignatureScheme scheme : ours) {
    if (!scheme_fits_key_tls13(scheme, key)) continue;
    if (!handshake::key_large_enough(scheme, key_bits)) continue;
    if (std::find(theirs.begin(), theirs.end(), scheme) != theirs.end()) return scheme;
  }
  return std::nullopt;
}

std::vector<crypto::CipherSuite> tls13_suites(std::span<const crypto::CipherSuite> configured) {
  if (configured.empty()) configured = handshake::default_tls13_cipher_suites();
  std::vector<crypto::CipherSuite> out;
  for (const crypto::CipherSuite suite : configured) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(suite);
    if (info != nullptr && info->version == crypto::SuiteVersion::tls13) out.push_back(suite);
  }
  return out;
}

}  // namespace cpptls::hs13
