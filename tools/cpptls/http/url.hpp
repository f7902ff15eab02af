#pragma once
// The https URLs `cpptls get` fetches, and the Location references a redirect points to.
//
//   https://HOST[:PORT][/path][?query][#fragment]
//
// HOST is a DNS name (letters, digits, '-', '.', '_'), an IPv4 address or an IPv6 address in
// brackets ("[::1]"); PORT defaults to 443. Only https is accepted: an http:// URL (or any other
// scheme) is refused, so that a redirect can never downgrade a fetch to plaintext.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpptls/result.hpp"

namespace cpptls::tool::http {

// Longer URLs (given or received) are refused; real ones stay far below.
inline constexpr std::size_t kMaxUrlLength = 8192;

struct Url {
  std::string host;  // lower case; an IPv6 address without its brackets
  std::uint16_t port = 443;
  // The request target in origin-form (RFC 9112 3.2.1): "/path?query", never empty, dot
  // segments removed (RFC 3986 5.2.4), without the fragment (RFC 9110 4.2.4).
  std::string target = "/";

  [[nodiscard]] bool host_is_ipv6() const noexcept;
  // The Host header's value (RFC 9110 7.2): the host, bracketed if IPv6, and ":PORT" unless
  // the port is 443.
  [[nodiscard]] std::string authority() const;
  // "https://" authority target.
  [[nodiscard]] std::string to_string() const;
};

// An absolute https URL. Fails (with a reason) on another scheme, user information
// ("user@host"), a bad host or port, control characters, or more than kMaxUrlLength bytes.
// Spaces and bytes above 0x7e in the path or query are percent-encoded.
[[nodiscard]] Result<Url> parse_url(std::string_view text);

// The URL a reference (a Location header's value) names relative to `base` (RFC 3986 5.2):
// absolute ("https://other/x"), network-path ("//other/x"), absolute-path ("/x"), relative
// path ("x", "../x"), query only ("?q") or empty. The result is https or an error.
[[nodiscard]] Result<Url> resolve_reference(const Url& base, std::string_view reference);

}  // namespace cpptls::tool::http
