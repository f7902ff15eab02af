#include "x509/name_constraints.hpp"

#include <algorithm>
#include <string>

#include "x509/der/string.hpp"
#include "x509/ip_address.hpp"
#include "x509/oids.hpp"
#include "x509/verify_error.hpp"

namespace cpptls::x509 {
namespace {

constexpr std::size_t kMaxDnsName = 253;  // RFC 1035 2.3.4, without the trailing dot
constexpr std::size_t kMaxLabel = 63;
// Subtrees quoted in a message before "...".
constexpr std::size_t kQuotedSubtrees = 4;

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// `name` ends with `suffix`, ASCII case-insensitively.
bool ends_with_ignoring_case(std::string_view name, std::string_view suffix) noexcept {
  return name.size() >= suffix.size() &&
         equal_ignoring_case(name.substr(name.size() - suffix.size()), suffix);
}

bool is_ldh(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// The part after the last '@' of a valid mailbox.
std::optional<std::pair<std::string_view, std::string_view>> split_mailbox(
    std::string_view mailbox) noexcept {
  if (!is_valid_mailbox(mailbox)) return std::nullopt;
  const std::size_t at = mailbox.find('@');
  return std::pair(mailbox.substr(0, at), mailbox.substr(at + 1));
}

// "host" or ".example.com": the forms of rfc822Name host constraints and of URI constraints.
bool is_valid_host_constraint(std::string_view constraint) noexcept {
  if (constraint.starts_with('.')) constraint.remove_prefix(1);
  return is_valid_dns_name(constraint, false);
}

bool host_within(std::string_view host, std::string_view constraint) noexcept {
  if (constraint.starts_with('.')) {
    return host.size() > constraint.size() && ends_with_ignoring_case(host, constraint);
  }
  return equal_ignoring_case(host, constraint);
}

// The host of "scheme://[userinfo@]host[:port][/...]", or nothing.
std::optional<std::string_view> uri_host(std::string_view uri) noexcept {
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view rest = uri.substr(colon + 1);
  if (!rest.starts_with("//")) return std::nullopt;
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (authority.starts_with('[')) return std::nullopt;  // an IP literal, not a DNS host
  if (const std::size_t port = authority.rfind(':'); port != std::string_view::npos) {
    authority = authority.substr(0, port);
  }
  if (!is_valid_dns_name(authority, false) || parse_ip(authority)) return std::nullopt;
  return authority;
}

// The value of a name for messages: "example.com", "192.0.2.0/24", "\"CN=foo\"".
std::string describe_value(const GeneralName& name) {
  switch (name.kind) {
    case GeneralNameKind::ip_address:
      return format_ip(name.value);
    case GeneralNameKind::directory_name:
      return "\"" + name.directory_name().to_string() + "\"";
    case GeneralNameKind::dns_name:
    case GeneralNameKind::rfc822_name:
    case GeneralNameKind::uri:
      return der::printable_excerpt(name.value, 128);
    default:
      return "(" + std::to_string(name.value.size()) + " octets)";
  }
}

// "dNSName example.com".
std::string describe_name(const GeneralName& name) {
  return std::string(x509::name(name.kind)) + " " + describe_value(name);
}

// "permitted dNSName example.com, a.example" for messages.
std::string quote_subtrees(const GeneralNameList& list, GeneralNameKind kind) {
  std::string out;
  std::size_t quoted = 0;
  for (const GeneralName& base : list) {
    if (base.kind != kind) continue;
    if (quoted++ == kQuotedSubtrees) {
      out += ", ...";
      break;
    }
    out += quoted == 1 ? "" : ", ";
    out += describe_value(base);
  }
  return out;
}

bool supported(GeneralNameKind kind) noexcept {
  return kind == GeneralNameKind::dns_name || kind == GeneralNameKind::ip_address ||
         kind == GeneralNameKind::rfc822_name || kind == GeneralNameKind::uri ||
         kind == GeneralNameKind::directory_name;
}

// How much of what `name` stands for lies within `base` (same kind); nothing when `name` is
// malformed for its kind.
std::optional<Coverage> coverage(const GeneralName& name, const GeneralName& base) noexcept {
  auto all_or_none = [](bool within) { return within ? Coverage::all : Coverage::none; };
  switch (name.kind) {
    case GeneralNameKind::dns_name:
      if (!is_valid_dns_name(name.text(), true)) return std::nullopt;
      return dns_name_coverage(name.text(), base.text());
    case GeneralNameKind::ip_address:
      return all_or_none(ip_address_within(name.value, base.value));
    case GeneralNameKind::rfc822_name: {
      const auto within = mailbox_within(name.text(), base.text());
      if (!within) return std::nullopt;
      return all_or_none(*within);
    }
    case GeneralNameKind::uri: {
      const auto within = uri_within(name.text(), base.text());
      if (!within) return std::nullopt;
      return all_or_none(*within);
    }
    case GeneralNameKind::directory_name:
      return all_or_none(name_within_subtree(name.directory_name(), base.directory_name()));
    default:
      return std::nullopt;
  }
}

bool has_kind(const GeneralNameList& list, GeneralNameKind kind) noexcept {
  return std::any_of(list.begin(), list.end(),
                     [kind](const GeneralName& base) { return base.kind == kind; });
}

// One name of `subject` against the constraints `nc` of `ca`.
Expected<void> check_one(const Certificate& ca, const NameConstraints& nc,
                         const Certificate& subject, const GeneralName& name) {
  const bool permitted_kind = has_kind(nc.permitted, name.kind);
  const bool excluded_kind = has_kind(nc.excluded, name.kind);
  if (!permitted_kind && !excluded_kind) return {};
  // Messages are built only on failure: most names pass.
  auto who = [&] { return "certificate " + subject.describe() + " has " + describe_name(name); };
  if (!supported(name.kind)) {
    // RFC 5280 4.2.1.10: "the application MUST either process the constraint or reject".
    return detail::invalid(who() + ", and the name constraints of " + ca.describe() +
                           " constrain " + std::string(x509::name(name.kind)) +
                           " names, which cpptls cannot process (RFC 5280 4.2.1.10)");
  }
  for (const GeneralName& base : nc.excluded) {
    if (base.kind != name.kind) continue;
    const auto covered = coverage(name, base);
    if (!covered) {
      return detail::invalid(who() + ", which is malformed, under the excluded " +
                             std::string(x509::name(name.kind)) + " subtrees of " + ca.describe() +
                             " (RFC 5280 4.2.1.10)");
    }
    if (*covered != Coverage::none) {
      return detail::invalid(who() + ", which the name constraints of " + ca.describe() +
                             " exclude (excluded " + describe_name(base) + "; RFC 5280 4.2.1.10)");
    }
  }
  if (!permitted_kind) return {};
  for (const GeneralName& base : nc.permitted) {
    if (base.kind != name.kind) continue;
    const auto covered = coverage(name, base);
    if (covered == Coverage::all) return {};
  }
  return detail::invalid(who() + ", which is outside the names " + ca.describe() +
                         " may certify (permitted " + std::string(x509::name(name.kind)) + " " +
                         quote_subtrees(nc.permitted, name.kind) + "; RFC 5280 4.2.1.10)");
}

}  // namespace

bool is_valid_dns_name(std::string_view name, bool allow_wildcard) noexcept {
  if (allow_wildcard && name.starts_with("*.")) name.remove_prefix(2);
  if (name.empty() || name.size() > kMaxDnsName) return false;
  std::size_t label = 0;
  char previous = '.';
  for (const char c : name) {
    if (c == '.') {
      if (label == 0 || previous == '-') return false;
      label = 0;
    } else {
      if (!is_ldh(c)) return false;
      if (label == 0 && c == '-') return false;
      if (++label > kMaxLabel) return false;
    }
    previous = c;
  }
  return label != 0 && previous != '-';
}

bool is_valid_mailbox(std::string_view mailbox) noexcept {
  const std::size_t at = mailbox.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  if (mailbox.find('@', at + 1) != std::string_view::npos) return false;
  for (const char c : mailbox.substr(0, at)) {
    if (c <= ' ' || c > '~') return false;
  }
  return is_valid_dns_name(mailbox.substr(at + 1), false);
}

bool dns_name_within(std::string_view name, std::string_view base) noexcept {
  if (base.empty()) return true;
  if (name.size() == base.size()) return equal_ignoring_case(name, base);
  return name.size() > base.size() && name[name.size() - base.size() - 1] == '.' &&
         ends_with_ignoring_case(name, base);
}

Coverage dns_name_coverage(std::string_view presented, std::string_view base) noexcept {
  if (!presented.starts_with("*.")) {
    return dns_name_within(presented, base) ? Coverage::all : Coverage::none;
  }
  const std::string_view parent = presented.substr(2);
  if (dns_name_within(parent, base)) return Coverage::all;
  // base = "<one label>.<parent>": one of the names "*.parent" stands for.
  if (base.size() > parent.size() + 1 && dns_name_within(base, parent)) {
    const std::string_view label = base.substr(0, base.size() - parent.size() - 1);
    if (label.find('.') == std::string_view::npos) return Coverage::some;
  }
  return Coverage::none;
}

bool ip_address_within(ByteView address, ByteView base_and_mask) noexcept {
  const std::size_t size = address.size();
  if ((size != 4 && size != 16) || base_and_mask.size() != 2 * size) return false;
  for (std::size_t i = 0; i < size; ++i) {
    const std::uint8_t mask = base_and_mask[size + i];
    if ((address[i] & mask) != (base_and_mask[i] & mask)) return false;
  }
  return true;
}

std::optional<bool> mailbox_within(std::string_view mailbox, std::string_view constraint) noexcept {
  const auto parts = split_mailbox(mailbox);
  if (!parts) return std::nullopt;
  if (const std::size_t at = constraint.find('@'); at != std::string_view::npos) {
    // RFC 5280 4.2.1.10: "a particular mailbox"; every character literal (no wildcards).
    return parts->first == constraint.substr(0, at) &&
           equal_ignoring_case(parts->second, constraint.substr(at + 1));
  }
  return host_within(parts->second, constraint);
}

std::optional<bool> uri_within(std::string_view uri, std::string_view constraint) noexcept {
  const auto host = uri_host(uri);
  if (!host) return std::nullopt;
  return host_within(*host, constraint);
}

Expected<void> check_constraint_syntax(const Certificate& ca) {
  const NameConstraints& nc = ca.extensions().name_constraints;
  if (!nc.present) return {};
  for (const GeneralNameList* list : {&nc.permitted, &nc.excluded}) {
    for (const GeneralName& base : *list) {
      bool valid = true;
      switch (base.kind) {
        case GeneralNameKind::dns_name:
          // RFC 5280 4.2.1.10: "host.example.com"; no wildcard, no leading period (those are
          // the URI and rfc822Name forms). Empty means every name.
          valid = base.value.empty() || is_valid_dns_name(base.text(), false);
          break;
        case GeneralNameKind::rfc822_name:
          valid = base.text().find('@') != std::string_view::npos
                      ? is_valid_mailbox(base.text())
                      : is_valid_host_constraint(base.text());
          break;
        case GeneralNameKind::uri:
          valid = is_valid_host_constraint(base.text());
          break;
        default:
          break;  // iPAddress masks were checked by the parser
      }
      if (!valid) {
        return detail::invalid("the name constraints of " + ca.describe() + " hold " +
                               describe_name(base) + ", which is not a valid " +
                               std::string(x509::name(base.kind)) + " subtree (RFC 5280 4.2.1.10)");
      }
    }
  }
  return {};
}

Expected<void> check_name_constraints(const Certificate& ca, const Certificate& subject,
                                      std::size_t& budget) {
  const NameConstraints& nc = ca.extensions().name_constraints;
  if (!nc.present) return {};
  const Extensions& extensions = subject.extensions();
  std::size_t email_attributes = 0;
  for (const Attribute& attribute : subject.subject()) {
    if (attribute.type == der::Oid(oid::kEmailAddress)) ++email_attributes;
  }
  const std::size_t names = extensions.subject_alt_name.names.size() + email_attributes +
                            (subject.subject().empty() ? 0 : 1);
  const std::size_t subtrees = nc.permitted.size() + nc.excluded.size();
  if (names != 0 && subtrees > budget / names) {
    return detail::invalid("checking the " + std::to_string(names) + " names of " +
                           subject.describe() + " against the " + std::to_string(subtrees) +
                           " name constraints of " + ca.describe() +
                           " would pass the verifier's budget of name comparisons; "
                           "such a chain is refused as a denial-of-service risk");
  }
  budget -= names * subtrees;

  // RFC 5280 4.2.1.10: directoryName constraints apply to the subject when it is not empty,
  // rfc822Name constraints to emailAddress attributes of the subject.
  if (!subject.subject().empty()) {
    GeneralName dn;
    dn.kind = GeneralNameKind::directory_name;
    dn.value = subject.subject().der();
    if (auto ok = check_one(ca, nc, subject, dn); !ok) return ok;
  }
  for (const Attribute& attribute : subject.subject()) {
    if (attribute.type != der::Oid(oid::kEmailAddress)) continue;
    GeneralName email;
    email.kind = GeneralNameKind::rfc822_name;
    email.value = attribute.value;
    if (auto ok = check_one(ca, nc, subject, email); !ok) return ok;
  }
  for (const GeneralName& name : extensions.subject_alt_name.names) {
    if (auto ok = check_one(ca, nc, subject, name); !ok) return ok;
  }
  return {};
}

}  // namespace cpptls::x509
