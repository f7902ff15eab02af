#pragma once
// Hex text for tests, vectors, key logs and traces.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace cpptls {

// Lower-case hex of the bytes.
[[nodiscard]] std::string to_hex(ByteView bytes);
[[nodiscard]] std::string to_hex_u8(std::uint8_t value);
[[nodiscard]] std::string to_hex_u16(std::uint16_t value);

// Parses hex; white space (spaces, tabs, new lines) between digits is skipped so that
// vectors can be pasted as printed in RFCs. Nothing for an odd count or a non-hex character.
[[nodiscard]] std::optional<Bytes> from_hex(std::string_view text);

}  // namespace cpptls
