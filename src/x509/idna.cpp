#include "x509/idna.hpp"

#include <cstdint>
#include <limits>

namespace cpptls::x509 {
namespace {

// RFC 3492 5: the parameter values for IDNA.
constexpr std::uint32_t kBase = 36;
constexpr std::uint32_t kTmin = 1;
constexpr std::uint32_t kTmax = 26;
constexpr std::uint32_t kSkew = 38;
constexpr std::uint32_t kDamp = 700;
constexpr std::uint32_t kInitialBias = 72;
constexpr std::uint32_t kInitialN = 0x80;
constexpr std::uint32_t kMaxCodePoint = 0x10ffff;

char encode_digit(std::uint32_t d) noexcept {
  // 0..25 -> a..z, 26..35 -> 0..9 (RFC 3492 5).
  return d < 26 ? static_cast<char>('a' + d) : static_cast<char>('0' + (d - 26));
}

// RFC 3492 6.1.
std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first) noexcept {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTmin) * kTmax) / 2) {
    delta /= kBase - kTmin;
    k += kBase;
  }
  return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}

char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// Decodes one UTF-8 sequence at `pos`; nothing for malformed input (overlong forms,
// surrogates, values past U+10FFFF, truncation).
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t first = byte(pos);
  std::size_t length = 0;
  std::uint32_t value = 0;
  if (first < 0x80) {
    ++pos;
    return first;
  } else if ((first & 0xe0) == 0xc0) {
    length = 2;
    value = first & 0x1f;
  } else if ((first & 0xf0) == 0xe0) {
    length = 3;
    value = first & 0x0f;
  } else if ((first & 0xf8) == 0xf0) {
    length = 4;
    value = first & 0x07;
  } else {
    return std::nullopt;
  }
  if (text.size() - pos < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xc0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(pos + i) & 0x3f);
  }
  constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMinimum[length] || value > kMaxCodePoint || (value >= 0xd800 && value <= 0xdfff)) {
    return std::nullopt;
  }
  pos += length;
  return static_cast<char32_t>(value);
}

}  // namespace

std::optional<std::string> punycode_encode(std::u32string_view label) {
  std::string out;
  std::uint32_t basic = 0;
  for (const char32_t c : label) {
    if (c > kMaxCodePoint) return std::nullopt;
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++basic;
    }
  }
  if (basic > 0) out += '-';
  // RFC 3492 6.3, with overflow checks on delta.
  constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t n = kInitialN;
  std::uint32_t delta = 0;
  std::uint32_t bias = kInitialBias;
  std::uint32_t handled = basic;
  const auto length = static_cast<std::uint32_t>(label.size());
  while (handled < length) {
    std::uint32_t m = kMax;
    for (const char32_t c : label) {
      if (c >= n && c < m) m = c;
    }
    if ((m - n) > (kMax - delta) / (handled + 1)) return std::nullopt;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const char32_t c : label) {
      if (c < n && ++delta == 0) return std::nullopt;
      if (c != n) continue;
      std::uint32_t q = delta;
      for (std::uint32_t k = kBase;; k += kBase) {
        const std::uint32_t t = k <= bias ? kTmin : (k >= bias + kTmax ? kTmax : k - bias);
        if (q < t) break;
        out += encode_digit(t + (q - t) % (kBase - t));
        q = (q - t) / (kBase - t);
      }
      out += encode_digit(q);
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return out;
}

std::optional<std::string> to_ascii_host(std::string_view utf8) {
  std::string out;
  std::u32string label;
  bool ascii = true;
  auto flush = [&]() -> bool {
    if (label.empty()) return false;
    if (ascii) {
      for (const char32_t c : label)
        out += ascii_lower(static_cast<char>(c));
    } else {
      for (char32_t& c : label) {
        if (c < 0x80) c = static_cast<char32_t>(ascii_lower(static_cast<char>(c)));
      }
      auto encoded = punycode_encode(label);
      if (!encoded) return false;
      out += "xn--";
      out += *encoded;
    }
    label.clear();
    ascii = true;
    return true;
  };
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const auto c = next_code_point(utf8, pos);
    if (!c) return std::nullopt;
    if (*c == U'.') {
      if (!flush()) return std::nullopt;
      out += '.';
      if (pos == utf8.size()) return out;  // one trailing dot
      continue;
    }
    if (*c >= 0x80) ascii = false;
    label += *c;
  }
  if (!flush()) return std::nullopt;
  return out;
}

}  // namespace cpptls::x509
