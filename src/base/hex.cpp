#include "base/hex.hpp"

namespace cpptls {
namespace {

constexpr std::string_view kDigits = "0123456789abcdef";

int digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::string to_hex(ByteView bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

std::string to_hex_u8(std::uint8_t value) {
  return to_hex(ByteView(&value, 1));
}

std::string to_hex_u16(std::uint16_t value) {
  const std::uint8_t be[2] = {static_cast<std::uint8_t>(value >> 8),
                              static_cast<std::uint8_t>(value & 0xff)};
  return to_hex(be);
}

std::optional<Bytes> from_hex(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (const char c : text) {
    if (is_space(c)) continue;
    const int value = digit_value(c);
    if (value < 0) return std::nullopt;
    if (high < 0) {
      high = value;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | value));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return out;
}

}  // namespace cpptls
