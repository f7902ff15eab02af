#pragma once
// The ASCII form of internationalised host names (RFC 5890 A-labels): Punycode (RFC 3492)
// for labels with non-ASCII characters. Used where a name written in Unicode (a subject
// common name, a public suffix rule) must be compared with a dNSName, which is always ASCII
// (RFC 5280 7.2). No IDNA2008 mapping or normalisation is applied: a label is encoded as its
// code points stand.

#include <optional>
#include <string>
#include <string_view>

namespace cpptls::x509 {

// RFC 3492 6.3: the Punycode of one label's code points (without the "xn--" prefix), or
// nothing if a code point is invalid or the encoding would overflow.
[[nodiscard]] std::optional<std::string> punycode_encode(std::u32string_view label);

// A UTF-8 host name to its ASCII form: ASCII labels lower-cased, other labels "xn--" +
// Punycode of their (lower-cased ASCII, otherwise unchanged) code points. Nothing for
// malformed UTF-8, an empty label (other than one trailing dot, which is kept) or a label
// whose encoding fails.
[[nodiscard]] std::optional<std::string> to_ascii_host(std::string_view utf8);

}  // namespace cpptls::x509
