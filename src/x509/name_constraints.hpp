#pragma once
// Name constraints (RFC 5280 4.2.1.10), applied as RFC 5280 6.1.3 (b) and (c) apply them:
// every name of every certificate below a constrained CA must lie within one of the CA's
// permitted subtrees of its type (when there are any of that type) and within none of its
// excluded subtrees. The names of a certificate are its subject (as a directoryName, when not
// empty), the emailAddress attributes of its subject (as rfc822Names) and every
// subjectAltName entry.
//
// Forms processed: dNSName, iPAddress (address and mask), rfc822Name (mailbox, host and
// ".domain" forms), uniformResourceIdentifier (the host of the URI) and directoryName. For
// the other forms RFC 5280 4.2.1.10 says the verifier "MUST either process the constraint or
// reject the certificate": a constraint of such a form refuses any certificate below it that
// has a name of that form. A presented wildcard dNSName ("*.example.com") stands for all the
// names it matches: it is permitted only if all of them are, and excluded if any of them is
// (CVE-2025-61727). Malformed names under a constraint of their type are refused.
//
// The number of name-to-subtree comparisons is bounded by a budget shared along the path, so
// that thousands of names against thousands of constraints cannot stall the verifier.

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/certificate.hpp"

namespace cpptls::x509 {

// RFC 1034 3.5 preferred name syntax as RFC 1123 2.1 relaxed it: labels of 1 to 63 letters,
// digits and hyphens, not starting or ending with a hyphen, 253 characters at most, no
// trailing dot. With `allow_wildcard`, a left-most label "*" is accepted too.
[[nodiscard]] bool is_valid_dns_name(std::string_view name, bool allow_wildcard) noexcept;

// local-part "@" domain: exactly one '@', a non-empty local part of printable ASCII without
// spaces, a valid DNS name as the domain.
[[nodiscard]] bool is_valid_mailbox(std::string_view mailbox) noexcept;

// dNSName constraint: `name` is `base` or `base` with labels added on the left, compared
// ASCII case-insensitively; an empty base contains every name.
[[nodiscard]] bool dns_name_within(std::string_view name, std::string_view base) noexcept;

// How much of the set of names a presented dNSName stands for lies within `base`: for a
// plain name, all or none; for "*.x", all when x is within base, some when base is one label
// left of x ("a.x"), none otherwise.
enum class Coverage : std::uint8_t { none, some, all };
[[nodiscard]] Coverage dns_name_coverage(std::string_view presented,
                                         std::string_view base) noexcept;

// iPAddress constraint: same family and equal under the mask.
[[nodiscard]] bool ip_address_within(ByteView address, ByteView base_and_mask) noexcept;

// rfc822Name constraint: "user@host" is that mailbox only (local part compared exactly, host
// case-insensitively), "host" every mailbox at that host, ".example.com" every mailbox at a
// host below example.com. Nothing if the mailbox is malformed.
[[nodiscard]] std::optional<bool> mailbox_within(std::string_view mailbox,
                                                 std::string_view constraint) noexcept;

// uniformResourceIdentifier constraint: the host of the URI's authority against "host" or
// ".example.com". Nothing if the URI has no authority with a DNS host (RFC 5280 4.2.1.10
// then requires the certificate to be refused).
[[nodiscard]] std::optional<bool> uri_within(std::string_view uri,
                                             std::string_view constraint) noexcept;

// The constraints' own form, checked once per CA: a subtree whose base is malformed (a
// dNSName with a wildcard or a leading dot, a mailbox with two '@') makes the CA unusable.
[[nodiscard]] Expected<void> check_constraint_syntax(const Certificate& ca);

// Checks every name of `subject` against the nameConstraints of `ca` (none: success).
// `budget` is decreased by the comparisons made; if it would go below zero the check fails.
[[nodiscard]] Expected<void> check_name_constraints(const Certificate& ca,
                                                    const Certificate& subject,
                                                    std::size_t& budget);

}  // namespace cpptls::x509
