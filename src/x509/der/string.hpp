#pragma once
// ASN.1 character strings as they appear in names and extensions. Values stay bytes with
// their tag; these functions check that the bytes are legal for the tag and turn them into
// text for messages.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/tlv.hpp"

namespace cpptls::x509::der {

// UTF8String, PrintableString, TeletexString, IA5String, VisibleString, NumericString,
// UniversalString, BMPString.
[[nodiscard]] bool is_string_tag(std::uint8_t tag) noexcept;

// Checks the contents against the character set of the tag (X.680 41, 43):
//  - PrintableString: A-Z a-z 0-9 space ' ( ) + , - . / : = ? and, because CAs have long
//    put them in subject names and every major verifier reads them, '*' and '&';
//  - IA5String: bytes below 0x80; VisibleString: 0x20..0x7e; NumericString: digits, space;
//  - UTF8String: well-formed UTF-8 (no overlongs, surrogates or values over U+10FFFF);
//  - BMPString: an even number of octets; UniversalString: a multiple of four;
//  - TeletexString: any bytes (its T.61 repertoire is not worth enforcing).
// A failure names the offending byte's absolute offset. Other tags pass unchecked.
[[nodiscard]] Expected<void> check_string(const Tlv& element, std::string_view what);

// The value as UTF-8 for messages: BMP and Universal strings are converted, Teletex is read
// as Latin-1, control characters and invalid bytes are shown as \xNN.
[[nodiscard]] std::string display_string(std::uint8_t tag, ByteView value);

// At most `max` bytes of arbitrary data as printable ASCII, other bytes as \xNN.
[[nodiscard]] std::string printable_excerpt(ByteView bytes, std::size_t max = 64);

}  // namespace cpptls::x509::der
