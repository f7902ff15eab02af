#include "base/printable.hpp"

#include <algorithm>
#include <cstdint>

namespace cpptls {
namespace {

[[nodiscard]] bool shown_as_is(char c, Backslashes backslashes) noexcept {
  const auto byte = static_cast<std::uint8_t>(c);
  if (byte < 0x20 || byte > 0x7e) return false;
  return c != '\\' || backslashes == Backslashes::keep;
}

}  // namespace

std::string printable(std::string_view text, Backslashes backslashes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (shown_as_is(c, backslashes)) {
      out += c;
      continue;
    }
    const auto byte = static_cast<std::uint8_t>(c);
    out += "\\x";
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0f];
  }
  return out;
}

std::string printable(ByteView bytes, Backslashes backslashes) {
  return printable(as_chars(bytes), backslashes);
}

bool is_printable(std::string_view text, Backslashes backslashes) noexcept {
  return std::all_of(text.begin(), text.end(),
                     [backslashes](char c) { return shown_as_is(c, backslashes); });
}

}  // namespace cpptls
