#pragma once
// Server identity checks (RFC 9525, which replaces RFC 6125): does the certificate name the
// host the client meant to reach?
//  - Only the subjectAltName counts: a DNS host against dNSName entries, an IP literal
//    against iPAddress entries. The subject's common name is never used (RFC 9525 dropped
//    CN-IDs; the CA/Browser Forum requires every name to be in the SAN).
//  - A wildcard is allowed only as the whole left-most label ("*.example.com"), matches
//    exactly one label ("a.example.com", not "example.com" nor "a.b.example.com"), and needs
//    at least two labels after it ("*.com" matches nothing). Partial wildcards ("f*o.example.com",
//    "xn--*.example.com") match nothing (RFC 9525 6.3). Given a public suffix list, a wildcard
//    over a public suffix ("*.co.uk", "*.s3.amazonaws.com") matches nothing either (CA/B BR
//    3.2.2.6); without one, "*.co.uk" is treated like "*.example.com".
//  - Comparison is ASCII case-insensitive; internationalised names are compared as their
//    A-labels ("xn--..."); one trailing dot on either side is ignored.
//  - IP literals: dotted-quad IPv4 or IPv6 text (brackets allowed: "[::1]"); never matched
//    against a dNSName, and a wildcard never matches an IP.

#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/public_suffix.hpp"

namespace cpptls::x509 {

// Success, or ErrorKind::certificate / ErrorCode::certificate_name_mismatch (alert
// bad_certificate) saying what the certificate is valid for:
// "certificate for www.example.org, example.org does not match host example.com".
// A host that is neither a DNS name nor an IP literal is an API misuse (invalid_argument).
[[nodiscard]] Expected<void> match_host(const Certificate& certificate, std::string_view host,
                                        const PublicSuffixList* public_suffixes = nullptr);

// The same for an address given as 4 or 16 octets.
[[nodiscard]] Expected<void> match_ip(const Certificate& certificate, ByteView address);

// One presented dNSName against one reference host name (already checked to be a valid
// host name, without its trailing dot), by the rules above.
[[nodiscard]] bool dns_name_matches(std::string_view presented, std::string_view reference,
                                    const PublicSuffixList* public_suffixes = nullptr) noexcept;

}  // namespace cpptls::x509
