#include "record/protection.hpp"

#include <algorithm>

#include "wire/enums.hpp"

namespace cpptls::record::detail {
namespace {

// The TLS 1.2 IV and explicit nonce sizes of an AEAD, read from the suite table so that the
// record layer and the key block agree on one source.
[[nodiscard]] const crypto::CipherSuiteInfo* tls12_suite_for(crypto::AeadAlgorithm aead) noexcept {
  for (const auto& suite : crypto::all_suites()) {
    if (suite.version == crypto::SuiteVersion::tls12 && suite.aead == aead) return &suite;
  }
  return nullptr;
}

}  // namespace

Expected<AeadState> make_aead_state(const crypto::Provider& provider, crypto::SuiteVersion version,
                                    const TrafficKeys& keys) {
  const auto& info = crypto::aead_info(keys.aead);
  if (keys.key.size() != info.key_size) {
    return misuse(ErrorCode::invalid_argument,
                  std::string(info.name) + " needs a " + std::to_string(info.key_size) +
                      "-byte key, got " + std::to_string(keys.key.size()) + " bytes");
  }
  std::size_t iv_size = crypto::kAeadNonceSize;  // RFC 8446 7.3
  std::size_t explicit_nonce_size = 0;
  if (version == crypto::SuiteVersion::tls12) {
    const auto* suite = tls12_suite_for(keys.aead);
    if (suite == nullptr) {
      return misuse(ErrorCode::invalid_argument,
                    std::string(info.name) + " is not used by any TLS 1.2 suite we implement");
    }
    iv_size = suite->tls12_fixed_iv_size;
    explicit_nonce_size = suite->tls12_explicit_nonce_size;
  }
  if (keys.iv.size() != iv_size) {
    return misuse(ErrorCode::invalid_argument, std::string(info.name) + " records need a " +
                                                   std::to_string(iv_size) + "-byte IV, got " +
                                                   std::to_string(keys.iv.size()) + " bytes");
  }
  auto key = provider.aead(keys.aead, keys.key);
  if (!key) return Unexpected<Error>(std::move(key.error()));
  return AeadState{std::move(*key), keys.iv, explicit_nonce_size, info.confidentiality_limit};
}

void put_u64(std::span<std::uint8_t, 8> out, std::uint64_t value) noexcept {
  for (std::size_t i = 0; i < 8; ++i) {
    out[i] = static_cast<std::uint8_t>(value >> (8 * (7 - i)));
  }
}

Nonce xor_nonce(ByteView iv, std::uint64_t sequence) noexcept {
  Nonce nonce{};
  std::copy_n(iv.begin(), std::min(iv.size(), nonce.size()), nonce.begin());
  std::array<std::uint8_t, 8> seq{};
  put_u64(seq, sequence);
  for (std::size_t i = 0; i < seq.size(); ++i)
    nonce[nonce.size() - 8 + i] ^= seq[i];
  return nonce;
}

Nonce gcm_nonce(ByteView salt, ByteView explicit_nonce) noexcept {
  Nonce nonce{};
  const std::size_t salt_size = std::min<std::size_t>(salt.size(), 4);
  std::copy_n(salt.begin(), salt_size, nonce.begin());
  std::copy_n(explicit_nonce.begin(), std::min(explicit_nonce.size(), nonce.size() - salt_size),
              nonce.begin() + static_cast<std::ptrdiff_t>(salt_size));
  return nonce;
}

Tls12Aad tls12_aad(std::uint64_t sequence, ContentType type, std::uint16_t version,
                   std::size_t length) noexcept {
  Tls12Aad aad{};
  put_u64(std::span<std::uint8_t, 8>(aad.data(), 8), sequence);
  aad[8] = static_cast<std::uint8_t>(type);
  aad[9] = static_cast<std::uint8_t>(version >> 8);
  aad[10] = static_cast<std::uint8_t>(version);
  aad[11] = static_cast<std::uint8_t>(length >> 8);
  aad[12] = static_cast<std::uint8_t>(length);
  return aad;
}

std::string describe(ContentType type) {
  const auto value = std::to_string(static_cast<unsigned>(type));
  const std::string_view known = wire::name(type);
  if (known.empty()) return "content type " + value;
  return std::string(known) + " (" + value + ")";
}

}  // namespace cpptls::record::detail
