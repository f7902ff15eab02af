#include "crypto/hkdf.hpp"

#include <algorithm>
#include <array>

namespace cpptls::crypto {

Expected<SecretBytes> hkdf_extract(const Provider& provider, HashAlgorithm hash, ByteView salt,
                                   ByteView ikm) {
  const std::size_t size = digest_size(hash);
  const std::array<std::uint8_t, kMaxDigestSize> zeros{};
  const ByteView key = salt.empty() ? ByteView(zeros.data(), size) : salt;
  SecretBytes prk(size);
  if (auto done = hmac_once(provider, hash, key, ikm, prk); !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  return prk;
}

Expected<void> hkdf_expand(const Provider& provider, HashAlgorithm hash, ByteView prk,
                           ByteView info, MutableByteView out) {
  const std::size_t size = digest_size(hash);
  if (out.size() > 255 * size) {
    return misuse(ErrorCode::invalid_argument, "HKDF-Expand asked for more than 255 blocks");
  }
  auto mac = provider.hmac(hash, prk);
  if (!mac) return Unexpected<Error>(std::move(mac.error()));
  Mac& hmac = **mac;

  // T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty.
  std::array<std::uint8_t, kMaxDigestSize> block{};
  std::size_t written = 0;
  for (std::uint8_t counter = 1; written < out.size(); ++counter) {
    if (counter > 1) hmac.update(ByteView(block.data(), size));
    hmac.update(info);
    hmac.update(ByteView(&counter, 1));
    if (auto done = hmac.finish(block); !done) return done;
    const std::size_t take = std::min(size, out.size() - written);
    std::copy_n(block.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(written));
    written += take;
  }
  secure_wipe(block);
  return {};
}

Expected<void> hkdf_expand_label(const Provider& provider, HashAlgorithm hash, ByteView secret,
                                 std::string_view label, ByteView context, MutableByteView out) {
  constexpr std::string_view kPrefix = "tls13 ";
  // RFC 8446 7.1: struct { uint16 length; opaque label<7..255>; opaque context<0..255>; }
  if (out.size() > 0xffff || kPrefix.size() + label.size() > 255 || context.size() > 255) {
    return misuse(ErrorCode::invalid_argument, "HKDF-Expand-Label argument too long");
  }
  std::array<std::uint8_t, 2 + 1 + 255 + 1 + 255> info{};
  std::size_t at = 0;
  info[at++] = static_cast<std::uint8_t>(out.size() >> 8);
  info[at++] = static_cast<std::uint8_t>(out.size() & 0xff);
  info[at++] = static_cast<std::uint8_t>(kPrefix.size() + label.size());
  for (const char c : kPrefix)
    info[at++] = static_cast<std::uint8_t>(c);
  for (const char c : label)
    info[at++] = static_cast<std::uint8_t>(c);
  info[at++] = static_cast<std::uint8_t>(context.size());
  std::copy(context.begin(), context.end(), info.begin() + static_cast<std::ptrdiff_t>(at));
  at += context.size();
  return hkdf_expand(provider, hash, secret, ByteView(info.data(), at), out);
}

}  // namespace cpptls::crypto
