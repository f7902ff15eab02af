#include "x509/der/string.hpp"

#include "base/hex.hpp"
#include "base/printable.hpp"
#include "x509/der/failure.hpp"
#include "x509/der/tag.hpp"

namespace cpptls::x509::der {
namespace {

bool printable_char(std::uint8_t c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case ' ':
    case '\'':
    case '(':
    case ')':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case '=':
    case '?':
    case '*':
    case '&':
      return true;
    default:
      return false;
  }
}

// Length of the well-formed UTF-8 sequence at text[at], or 0 (RFC 3629 4).
std::size_t utf8_sequence(ByteView text, std::size_t at) noexcept {
  const std::uint8_t c = text[at];
  if (c < 0x80) return 1;
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    length = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    if (c == 0xe0) low = 0xa0;   // no overlongs
    if (c == 0xed) high = 0x9f;  // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4;
    if (c == 0xf0) low = 0x90;
    if (c == 0xf4) high = 0x8f;  // at most U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  if (text[at + 1] < low || text[at + 1] > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (text[at + i] < 0x80 || text[at + i] > 0xbf) return 0;
  }
  return length;
}

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp <= 0x10ffff) {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += "\xef\xbf\xbd";  // U+FFFD
  }
}

void append_code_point(std::uint32_t cp, std::string& out) {
  if (cp < 0x20 || cp == 0x7f) {
    out += "\\x" + to_hex_u8(static_cast<std::uint8_t>(cp));
  } else {
    append_utf8(cp, out);
  }
}

Unexpected<Error> bad_byte(const Tlv& element, std::string_view what, std::size_t at,
                           std::string_view problem) {
  return malformed(ErrorCode::invalid_value, what,
                   tag_name(element.tag) + " contains " + std::string(problem) + " 0x" +
                       to_hex_u8(element.value[at]),
                   element.value_offset + at);
}

}  // namespace

bool is_string_tag(std::uint8_t tag) noexcept {
  switch (tag) {
    case tag::kUtf8String:
    case tag::kNumericString:
    case tag::kPrintableString:
    case tag::kTeletexString:
    case tag::kIa5String:
    case tag::kVisibleString:
    case tag::kUniversalString:
    case tag::kBmpString:
      return true;
    default:
      return false;
  }
}

Expected<void> check_string(const Tlv& element, std::string_view what) {
  const ByteView v = element.value;
  switch (element.tag) {
    case tag::kPrintableString:
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!printable_char(v[i])) return bad_byte(element, what, i, "a character not in its set,");
      }
      return {};
    case tag::kIa5String:
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] >= 0x80) return bad_byte(element, what, i, "a non-ASCII byte");
      }
      return {};
    case tag::kVisibleString:
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] < 0x20 || v[i] > 0x7e) return bad_byte(element, what, i, "a non-visible byte");
      }
      return {};
    case tag::kNumericString:
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != ' ' && (v[i] < '0' || v[i] > '9')) {
          return bad_byte(element, what, i, "a non-digit");
        }
      }
      return {};
    case tag::kUtf8String:
      for (std::size_t i = 0; i < v.size();) {
        const std::size_t n = utf8_sequence(v, i);
        if (n == 0) return bad_byte(element, what, i, "invalid UTF-8 at byte");
        i += n;
      }
      return {};
    case tag::kBmpString:
      if (v.size() % 2 != 0) {
        return malformed(ErrorCode::invalid_value, what,
                         "BMPString has an odd length of " + std::to_string(v.size()),
                         element.offset);
      }
      return {};
    case tag::kUniversalString:
      if (v.size() % 4 != 0) {
        return malformed(
            ErrorCode::invalid_value, what,
            "UniversalString length " + std::to_string(v.size()) + " is not a multiple of 4",
            element.offset);
      }
      return {};
    default:
      return {};
  }
}

std::string display_string(std::uint8_t tag, ByteView value) {
  std::string out;
  out.reserve(value.size());
  switch (tag) {
    case tag::kBmpString:
      for (std::size_t i = 0; i + 1 < value.size(); i += 2) {
        append_code_point(static_cast<std::uint32_t>(value[i] << 8 | value[i + 1]), out);
      }
      return out;
    case tag::kUniversalString:
      for (std::size_t i = 0; i + 3 < value.size(); i += 4) {
        append_code_point(static_cast<std::uint32_t>(value[i]) << 24 |
                              static_cast<std::uint32_t>(value[i + 1]) << 16 |
                              static_cast<std::uint32_t>(value[i + 2]) << 8 | value[i + 3],
                          out);
      }
      return out;
    case tag::kTeletexString:
      for (const std::uint8_t c : value)
        append_code_point(c, out);
      return out;
    default:
      for (std::size_t i = 0; i < value.size();) {
        const std::size_t n = utf8_sequence(value, i);
        if (n == 0) {
          out += "\\x" + to_hex_u8(value[i]);
          ++i;
        } else if (n == 1) {
          append_code_point(value[i], out);
          ++i;
        } else {
          out.append(as_chars(value.subspan(i, n)));
          i += n;
        }
      }
      return out;
  }
}

std::string printable_excerpt(ByteView bytes, std::size_t max) {
  if (bytes.size() <= max) return printable(bytes);
  return printable(bytes.first(max)) + "...";
}

}  // namespace cpptls::x509::der
