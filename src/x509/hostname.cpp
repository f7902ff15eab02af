#include "x509/hostname.hpp"

#include <algorithm>
#include <string>

#include "x509/der/string.hpp"
#include "x509/ip_address.hpp"

namespace cpptls::x509 {
namespace {

// Names listed in a mismatch message before "and N more".
constexpr std::size_t kListedNames = 8;
constexpr std::size_t kMaxHostName = 253;  // RFC 1035 2.3.4, without the trailing dot

char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view without_trailing_dot(std::string_view name) noexcept {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

// Letters, digits, '-' and '_' (seen in internal host names), labels of 1..63 characters.
bool valid_reference(std::string_view host) noexcept {
  if (host.empty() || host.size() > kMaxHostName) return false;
  std::size_t label = 0;
  for (const char c : host) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok || ++label > 63) return false;
  }
  return label != 0;
}

std::string names_for_message(const Certificate& certificate) {
  std::string out;
  std::size_t listed = 0;
  std::size_t more = 0;
  for (const GeneralName& name : certificate.extensions().subject_alt_name.names) {
    std::string text;
    if (name.kind == GeneralNameKind::dns_name) {
      text = der::printable_excerpt(name.value);
    } else if (name.kind == GeneralNameKind::ip_address) {
      text = format_ip(name.value);
    } else {
      continue;
    }
    if (listed == kListedNames) {
      ++more;
      continue;
    }
    if (listed++ != 0) out += ", ";
    out += text;
  }
  if (more != 0) out += " and " + std::to_string(more) + " more";
  return out;
}

Unexpected<Error> mismatch(const Certificate& certificate, std::string_view host) {
  const std::string names = names_for_message(certificate);
  std::string reason;
  if (names.empty()) {
    reason = "certificate " + certificate.describe() +
             " has no DNS or IP subjectAltName, so it matches no host (the common name is "
             "not used, RFC 9525); host was " +
             std::string(host);
  } else {
    reason = "certificate for " + names + " does not match host " + std::string(host);
  }
  return fail(ErrorKind::certificate, ErrorCode::certificate_name_mismatch,
              AlertDescription::bad_certificate, std::move(reason));
}

bool ip_matches(const Certificate& certificate, ByteView address) noexcept {
  for (const GeneralName& name : certificate.extensions().subject_alt_name.names) {
    if (name.kind == GeneralNameKind::ip_address && name.value.size() == address.size() &&
        std::equal(address.begin(), address.end(), name.value.begin())) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool dns_name_matches(std::string_view presented, std::string_view reference,
                      const PublicSuffixList* public_suffixes) noexcept {
  presented = without_trailing_dot(presented);
  if (presented.empty() || reference.empty()) return false;
  if (presented.size() > 2 && presented[0] == '*' && presented[1] == '.') {
    const std::string_view suffix = presented.substr(2);
    // At least two labels after the wildcard, none empty, no other '*'.
    if (suffix.find('*') != std::string_view::npos) return false;
    if (suffix.find('.') == std::string_view::npos) return false;
    if (suffix.front() == '.' || suffix.find("..") != std::string_view::npos) return false;
    if (public_suffixes != nullptr && public_suffixes->is_public_suffix(suffix)) return false;
    const std::size_t dot = reference.find('.');
    if (dot == 0 || dot == std::string_view::npos) return false;
    return equal_ignoring_case(reference.substr(dot + 1), suffix);
  }
  if (presented.find('*') != std::string_view::npos) return false;
  return equal_ignoring_case(presented, reference);
}

Expected<void> match_ip(const Certificate& certificate, ByteView address) {
  if (address.size() != 4 && address.size() != 16) {
    return misuse(ErrorCode::invalid_argument,
                  "an IP address has 4 or 16 octets, not " + std::to_string(address.size()));
  }
  if (ip_matches(certificate, address)) return {};
  return mismatch(certificate, format_ip(address));
}

Expected<void> match_host(const Certificate& certificate, std::string_view host,
                          const PublicSuffixList* public_suffixes) {
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  // "192.0.2.1." is still an address: never let it reach the dNSName comparison.
  const std::string_view literal =
      bracketed ? host.substr(1, host.size() - 2) : without_trailing_dot(host);
  if (const auto ip = parse_ip(literal)) {
    if (bracketed && ip->size != 16) {
      return misuse(ErrorCode::invalid_argument,
                    "host '" + std::string(host) + "': brackets are for IPv6 literals");
    }
    if (ip_matches(certificate, ip->bytes())) return {};
    return mismatch(certificate, host);
  }
  const std::string_view reference = literal;
  if (bracketed || !valid_reference(reference)) {
    return misuse(ErrorCode::invalid_argument,
                  "host '" + der::printable_excerpt(as_bytes(host)) +
                      "' is neither a DNS name (ASCII letters, digits, '-', labels of 1 to 63 "
                      "characters; use the xn-- form of an internationalised name) nor an IP "
                      "address");
  }
  for (const GeneralName& name : certificate.extensions().subject_alt_name.names) {
    if (name.kind == GeneralNameKind::dns_name &&
        dns_name_matches(name.text(), reference, public_suffixes)) {
      return {};
    }
  }
  return mismatch(certificate, host);
}

}  // namespace cpptls::x509
