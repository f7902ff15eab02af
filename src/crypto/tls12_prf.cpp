#include "crypto/tls12_prf.hpp"

#include <algorithm>
#include <array>

namespace cpptls::crypto {

Expected<void> tls12_prf(const Provider& provider, HashAlgorithm hash, ByteView secret,
                         std::string_view label, ByteView seed_a, ByteView seed_b,
                         MutableByteView out) {
  auto mac = provider.hmac(hash, secret);
  if (!mac) return Unexpected<Error>(std::move(mac.error()));
  Mac& hmac = **mac;
  const std::size_t block = digest_size(hash);

  // A(1) = HMAC(secret, label + seed); A(i) = HMAC(secret, A(i-1)).
  std::array<std::uint8_t, kMaxDigestSize> a{};
  std::array<std::uint8_t, kMaxDigestSize> chunk{};
  hmac.update(as_bytes(label));
  hmac.update(seed_a);
  hmac.update(seed_b);
  if (auto done = hmac.finish(a); !done) return done;

  std::size_t written = 0;
  while (written < out.size()) {
    // P_hash output block: HMAC(secret, A(i) + label + seed).
    hmac.update(ByteView(a.data(), block));
    hmac.update(as_bytes(label));
    hmac.update(seed_a);
    hmac.update(seed_b);
    if (auto done = hmac.finish(chunk); !done) return done;
    const std::size_t take = std::min(block, out.size() - written);
    std::copy_n(chunk.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(written));
    written += take;
    if (written < out.size()) {
      hmac.update(ByteView(a.data(), block));
      if (auto done = hmac.finish(a); !done) return done;
    }
  }
  secure_wipe(a);
  secure_wipe(chunk);
  return {};
}

}  // namespace cpptls::crypto
