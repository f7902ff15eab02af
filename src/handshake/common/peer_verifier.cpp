#include "handshake/common/peer_verifier.hpp"

#include <algorithm>
#include <utility>

namespace cpptls::handshake {
namespace {

Expected<std::array<std::uint8_t, 32>> sha256_of(const crypto::Provider& provider,
                                                 std::span<const ByteView> parts) {
  auto hash = provider.hash(crypto::HashAlgorithm::sha256);
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  for (ByteView part : parts)
    (*hash)->update(part);
  std::array<std::uint8_t, 32> digest{};
  if (auto done = (*hash)->finish(digest); !done) return Unexpected<Error>(done.error());
  return digest;
}

}  // namespace

Expected<SpkiDigest> spki_digest(const crypto::Provider& provider,
                                 const x509::Certificate& certificate) {
  const ByteView spki = certificate.public_key().spki;
  return sha256_of(provider, std::span<const ByteView>(&spki, 1));
}

Expected<PolicyDigest> pins_digest(const crypto::Provider& provider, std::vector<SpkiDigest> pins) {
  if (pins.empty()) return PolicyDigest{};
  std::sort(pins.begin(), pins.end());
  pins.erase(std::unique(pins.begin(), pins.end()), pins.end());
  std::vector<ByteView> parts;
  parts.reserve(pins.size());
  for (const SpkiDigest& pin : pins)
    parts.emplace_back(pin);
  return sha256_of(provider, parts);
}

Expected<PolicyDigest> VerifierPolicy::digest(const crypto::Provider& provider) const {
  // The mode byte first, then the name: a name cannot make one mode look like the other.
  const std::uint8_t mode[] = {static_cast<std::uint8_t>(replaces_ours ? 2 : 1)};
  const ByteView parts[] = {ByteView(mode), as_bytes(policy_name)};
  return sha256_of(provider, parts);
}

}  // namespace cpptls::handshake
