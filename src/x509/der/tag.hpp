#pragma once
// DER identifier octets (X.690 8.1.2). X.509 uses only low tag numbers (0..30), so a tag is one
// byte: class (2 bits), constructed flag (1 bit), number (5 bits). The high-tag-number form
// (number bits all ones) is refused by the reader.

#include <cstdint>
#include <string>

namespace cpptls::x509::der {

enum class TagClass : std::uint8_t { universal = 0, application = 1, context = 2, private_use = 3 };

constexpr std::uint8_t kConstructedBit = 0x20;

[[nodiscard]] constexpr TagClass tag_class(std::uint8_t tag) noexcept {
  return static_cast<TagClass>(tag >> 6);
}
[[nodiscard]] constexpr bool is_constructed(std::uint8_t tag) noexcept {
  return (tag & kConstructedBit) != 0;
}
[[nodiscard]] constexpr std::uint8_t tag_number(std::uint8_t tag) noexcept {
  return tag & 0x1f;
}

// Context-specific tags: [n] IMPLICIT on a primitive type, and [n] on a constructed one (which
// includes every EXPLICIT tag).
[[nodiscard]] constexpr std::uint8_t context(std::uint8_t number) noexcept {
  return static_cast<std::uint8_t>(0x80 | number);
}
[[nodiscard]] constexpr std::uint8_t context_constructed(std::uint8_t number) noexcept {
  return static_cast<std::uint8_t>(0xa0 | number);
}

// Universal tags as they appear in DER (strings and scalars primitive; SEQUENCE and SET
// constructed).
namespace tag {
constexpr std::uint8_t kBoolean = 0x01;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kBitString = 0x03;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kNull = 0x05;
constexpr std::uint8_t kOid = 0x06;
constexpr std::uint8_t kEnumerated = 0x0a;
constexpr std::uint8_t kUtf8String = 0x0c;
constexpr std::uint8_t kNumericString = 0x12;
constexpr std::uint8_t kPrintableString = 0x13;
constexpr std::uint8_t kTeletexString = 0x14;
constexpr std::uint8_t kIa5String = 0x16;
constexpr std::uint8_t kUtcTime = 0x17;
constexpr std::uint8_t kGeneralizedTime = 0x18;
constexpr std::uint8_t kVisibleString = 0x1a;
constexpr std::uint8_t kUniversalString = 0x1c;
constexpr std::uint8_t kBmpString = 0x1e;
constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kSet = 0x31;
}  // namespace tag

// "SEQUENCE", "INTEGER", "[3] constructed", "0x5f" ... for error messages.
[[nodiscard]] std::string tag_name(std::uint8_t tag);

}  // namespace cpptls::x509::der
