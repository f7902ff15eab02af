#pragma once
// Byte vocabulary shared by every layer. Peer data is always a ByteView: a non-owning,
// bounds-carrying span, never a raw pointer.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cpptls {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;
using MutableByteView = std::span<std::uint8_t>;

// Views the characters of a string as bytes (for labels such as "master secret").
[[nodiscard]] inline ByteView as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Views bytes as characters (for text that arrived as bytes, e.g. PEM or ALPN names).
[[nodiscard]] inline std::string_view as_chars(ByteView bytes) noexcept {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace cpptls
