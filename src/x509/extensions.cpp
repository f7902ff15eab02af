#include "x509/extensions.hpp"

#include <array>
#include <string>

#include "x509/der/failure.hpp"
#include "x509/der/tag.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509 {
namespace {

using der::forward;
using der::Oid;
using der::Reader;
using der::Tlv;
namespace tag = der::tag;

// Reads a SEQUENCE SIZE (1..MAX) OF <element> whose elements `check` validates; returns the
// span of the contents and the count.
template <class Check>
Expected<std::pair<ByteView, std::size_t>> read_list(Reader& value, std::string_view what,
                                                     std::size_t max, Check check) {
  auto sequence = value.read(tag::kSequence, what);
  if (!sequence) return forward(sequence);
  auto items = value.nested(*sequence, what);
  if (!items) return forward(items);
  std::size_t count = 0;
  while (!items->empty()) {
    if (++count > max) {
      return der::malformed(ErrorCode::length_out_of_range, what,
                            "more than " + std::to_string(max) + " entries", items->offset());
    }
    auto element = items->read_any(what);
    if (!element) return forward(element);
    if (auto ok = check(*element, items->depth()); !ok) return Unexpected<Error>(ok.error());
  }
  if (count == 0) {
    return der::malformed(ErrorCode::empty_list, what, "empty list (SIZE (1..MAX))",
                          sequence->offset);
  }
  return std::pair<ByteView, std::size_t>(sequence->value, count);
}

Expected<void> parse_basic_constraints(Reader value, BasicConstraints& out) {
  auto fields = value.enter(tag::kSequence, "BasicConstraints");
  if (!fields) return forward(fields);
  // cA BOOLEAN DEFAULT FALSE. DER omits a default, but certificates in the wild write
  // cA FALSE explicitly; it means the same, so it is accepted.
  if (fields->next_is(tag::kBoolean)) {
    auto ca = fields->read_boolean("cA");
    if (!ca) return forward(ca);
    out.ca = *ca;
  }
  if (fields->next_is(tag::kInteger)) {
    auto length = fields->read_unsigned("pathLenConstraint");
    if (!length) return forward(length);
    out.path_length = *length;
  }
  if (auto end = fields->expect_end("BasicConstraints"); !end) return end;
  return value.expect_end("basicConstraints");
}

Expected<void> parse_key_usage(Reader value, KeyUsage& out) {
  auto bits = value.read_bit_string("KeyUsage");
  if (!bits) return forward(bits);
  for (std::size_t n = 0; n < 9; ++n) {
    if (bits->bit(n)) out.bits = static_cast<std::uint16_t>(out.bits | (1u << n));
  }
  return value.expect_end("keyUsage");
}

Expected<void> parse_extended_key_usage(Reader value, ExtendedKeyUsage& out) {
  auto list = read_list(value, "ExtKeyUsageSyntax", kMaxPolicies,
                        [&out](const Tlv& element, std::size_t) -> Expected<void> {
                          if (element.tag != tag::kOid) {
                            return der::malformed(
                                ErrorCode::invalid_value, "KeyPurposeId",
                                "expected OBJECT IDENTIFIER, found " + der::tag_name(element.tag),
                                element.offset);
                          }
                          auto purpose = der::decode_oid(element, "KeyPurposeId");
                          if (!purpose) return forward(purpose);
                          if (*purpose == Oid(oid::kServerAuth)) out.server_auth = true;
                          if (*purpose == Oid(oid::kClientAuth)) out.client_auth = true;
                          if (*purpose == Oid(oid::kCodeSigning)) out.code_signing = true;
                          if (*purpose == Oid(oid::kEmailProtection)) out.email_protection = true;
                          if (*purpose == Oid(oid::kTimeStamping)) out.time_stamping = true;
                          if (*purpose == Oid(oid::kOcspSigning)) out.ocsp_signing = true;
                          if (*purpose == Oid(oid::kAnyExtendedKeyUsage)) out.any = true;
                          return {};
                        });
  if (!list) return forward(list);
  out.purposes = OidList(list->first, list->second);
  return value.expect_end("extKeyUsage");
}

Expected<void> parse_subject_alt_name(Reader value, AltNames& out) {
  auto names = value.enter(tag::kSequence, "GeneralNames");
  if (!names) return forward(names);
  auto list = GeneralNameList::read_names(*names, GeneralNameUse::alt_name);
  if (!list) return forward(list);
  out.names = *list;
  return value.expect_end("subjectAltName");
}

Expected<void> parse_name_constraints(Reader value, NameConstraints& out) {
  auto fields = value.enter(tag::kSequence, "NameConstraints");
  if (!fields) return forward(fields);
  const std::size_t start = fields->offset();
  bool any = false;
  if (fields->next_is(der::context_constructed(0))) {
    auto subtrees = fields->enter(der::context_constructed(0), "permittedSubtrees");
    if (!subtrees) return forward(subtrees);
    auto list = GeneralNameList::read_subtrees(*subtrees);
    if (!list) return der::in_context(std::move(list.error()), "permittedSubtrees");
    out.permitted = *list;
    any = true;
  }
  if (fields->next_is(der::context_constructed(1))) {
    auto subtrees = fields->enter(der::context_constructed(1), "excludedSubtrees");
    if (!subtrees) return forward(subtrees);
    auto list = GeneralNameList::read_subtrees(*subtrees);
    if (!list) return der::in_context(std::move(list.error()), "excludedSubtrees");
    out.excluded = *list;
    any = true;
  }
  if (auto end = fields->expect_end("NameConstraints"); !end) return end;
  if (!any) {
    // RFC 5280 4.2.1.10: "either the permittedSubtrees field or the excludedSubtrees MUST be
    // present".
    return der::malformed(ErrorCode::empty_list, "NameConstraints",
                          "neither permittedSubtrees nor excludedSubtrees is present", start);
  }
  return value.expect_end("nameConstraints");
}

Expected<void> parse_authority_key_identifier(Reader value, AuthorityKeyIdentifier& out) {
  auto fields = value.enter(tag::kSequence, "AuthorityKeyIdentifier");
  if (!fields) return forward(fields);
  auto key_id = fields->read_optional(der::context(0), "keyIdentifier");
  if (!key_id) return forward(key_id);
  if (*key_id) out.key_identifier = (*key_id)->value;
  if (fields->next_is(der::context_constructed(1))) {
    auto names = fields->enter(der::context_constructed(1), "authorityCertIssuer");
    if (!names) return forward(names);
    auto list = GeneralNameList::read_names(*names, GeneralNameUse::alt_name);
    if (!list) return der::in_context(std::move(list.error()), "authorityCertIssuer");
    out.issuer = *list;
  }
  auto serial = fields->read_optional(der::context(2), "authorityCertSerialNumber");
  if (!serial) return forward(serial);
  if (*serial) {
    auto integer = der::decode_integer(**serial, "authorityCertSerialNumber");
    if (!integer) return forward(integer);
    out.serial = *integer;
  }
  if (auto end = fields->expect_end("AuthorityKeyIdentifier"); !end) return end;
  return value.expect_end("authorityKeyIdentifier");
}

Expected<void> parse_subject_key_identifier(Reader value, SubjectKeyIdentifier& out) {
  auto key_id = value.read_octet_string("SubjectKeyIdentifier");
  if (!key_id) return forward(key_id);
  out.key_identifier = *key_id;
  return value.expect_end("subjectKeyIdentifier");
}

// PolicyQualifierInfo ::= SEQUENCE { policyQualifierId OID, qualifier ANY }, kept opaque.
Expected<void> check_qualifier(const Tlv& element, std::size_t depth) {
  if (element.tag != tag::kSequence) {
    return der::malformed(ErrorCode::invalid_value, "PolicyQualifierInfo", "expected SEQUENCE",
                          element.offset);
  }
  Reader outer(ByteView{}, 0, depth);
  auto fields = outer.nested(element, "PolicyQualifierInfo");
  if (!fields) return forward(fields);
  auto id = fields->read(tag::kOid, "policyQualifierId");
  if (!id) return forward(id);
  if (auto oid_value = der::decode_oid(*id, "policyQualifierId"); !oid_value) {
    return forward(oid_value);
  }
  auto qualifier = fields->read_any("qualifier");
  if (!qualifier) return forward(qualifier);
  if (auto ok = der::check_tree(*qualifier, fields->depth(), "qualifier"); !ok) return ok;
  return fields->expect_end("PolicyQualifierInfo");
}

Expected<void> parse_certificate_policies(Reader value, CertificatePolicies& out) {
  // Policy OIDs seen so far, to refuse a repeat (RFC 5280 4.2.1.4).
  std::array<Oid, kMaxPolicies> seen{};
  std::size_t seen_count = 0;
  auto check = [&](const Tlv& element, std::size_t depth) -> Expected<void> {
    if (element.tag != tag::kSequence) {
      return der::malformed(ErrorCode::invalid_value, "PolicyInformation",
                            "expected SEQUENCE, found " + der::tag_name(element.tag),
                            element.offset);
    }
    Reader outer(ByteView{}, 0, depth);
    auto info = outer.nested(element, "PolicyInformation");
    if (!info) return forward(info);
    auto id_element = info->read(tag::kOid, "policyIdentifier");
    if (!id_element) return forward(id_element);
    auto id = der::decode_oid(*id_element, "policyIdentifier");
    if (!id) return forward(id);
    for (std::size_t i = 0; i < seen_count; ++i) {
      if (seen[i] == *id) {
        return der::malformed(ErrorCode::duplicate_entry, "policyIdentifier",
                              "policy " + id->to_string() + " is listed twice", id_element->offset);
      }
    }
    seen[seen_count++] = *id;
    if (*id == Oid(oid::kAnyPolicy)) out.any_policy = true;
    if (!info->empty()) {
      auto qualifiers = read_list(*info, "policyQualifiers", kMaxPolicies, check_qualifier);
      if (!qualifiers) return forward(qualifiers);
    }
    return info->expect_end("PolicyInformation");
  };
  auto list = read_list(value, "certificatePolicies", kMaxPolicies, check);
  if (!list) return forward(list);
  out.policies = {list->first, list->second};
  return value.expect_end("certificatePolicies");
}

Expected<void> parse_policy_mappings(Reader value, PolicyMappings& out) {
  auto check = [](const Tlv& element, std::size_t depth) -> Expected<void> {
    if (element.tag != tag::kSequence) {
      return der::malformed(ErrorCode::invalid_value, "PolicyMapping", "expected SEQUENCE",
                            element.offset);
    }
    Reader outer(ByteView{}, 0, depth);
    auto fields = outer.nested(element, "PolicyMapping");
    if (!fields) return forward(fields);
    for (const char* what : {"issuerDomainPolicy", "subjectDomainPolicy"}) {
      auto id = fields->read(tag::kOid, what);
      if (!id) return forward(id);
      if (auto v = der::decode_oid(*id, what); !v) return forward(v);
    }
    return fields->expect_end("PolicyMapping");
  };
  auto list = read_list(value, "PolicyMappings", kMaxPolicies, check);
  if (!list) return forward(list);
  out.mappings = {list->first, list->second};
  return value.expect_end("policyMappings");
}

Expected<void> parse_policy_constraints(Reader value, PolicyConstraints& out) {
  auto fields = value.enter(tag::kSequence, "PolicyConstraints");
  if (!fields) return forward(fields);
  const std::size_t start = fields->offset();
  auto require = fields->read_optional(der::context(0), "requireExplicitPolicy");
  if (!require) return forward(require);
  if (*require) {
    auto skip = der::decode_unsigned(**require, "requireExplicitPolicy");
    if (!skip) return forward(skip);
    out.require_explicit_policy = *skip;
  }
  auto inhibit = fields->read_optional(der::context(1), "inhibitPolicyMapping");
  if (!inhibit) return forward(inhibit);
  if (*inhibit) {
    auto skip = der::decode_unsigned(**inhibit, "inhibitPolicyMapping");
    if (!skip) return forward(skip);
    out.inhibit_policy_mapping = *skip;
  }
  if (auto end = fields->expect_end("PolicyConstraints"); !end) return end;
  if (!out.require_explicit_policy && !out.inhibit_policy_mapping) {
    // RFC 5280 4.2.1.11: "Conforming CAs MUST NOT issue certificates where policy
    // constraints is an empty sequence."
    return der::malformed(ErrorCode::empty_list, "PolicyConstraints",
                          "neither requireExplicitPolicy nor inhibitPolicyMapping is present",
                          start);
  }
  return value.expect_end("policyConstraints");
}

Expected<void> parse_inhibit_any_policy(Reader value, InhibitAnyPolicy& out) {
  auto skip = value.read_unsigned("SkipCerts");
  if (!skip) return forward(skip);
  out.skip_certs = *skip;
  return value.expect_end("inhibitAnyPolicy");
}

Expected<void> parse_authority_info_access(Reader value, AuthorityInfoAccess& out) {
  auto check = [](const Tlv& element, std::size_t depth) -> Expected<void> {
    if (element.tag != tag::kSequence) {
      return der::malformed(ErrorCode::invalid_value, "AccessDescription", "expected SEQUENCE",
                            element.offset);
    }
    Reader outer(ByteView{}, 0, depth);
    auto fields = outer.nested(element, "AccessDescription");
    if (!fields) return forward(fields);
    auto method = fields->read(tag::kOid, "accessMethod");
    if (!method) return forward(method);
    if (auto v = der::decode_oid(*method, "accessMethod"); !v) return forward(v);
    auto location = fields->read_any("accessLocation");
    if (!location) return forward(location);
    auto name = decode_general_name(*location, fields->depth(), GeneralNameUse::alt_name);
    if (!name) return forward(name);
    return fields->expect_end("AccessDescription");
  };
  auto list = read_list(value, "AuthorityInfoAccessSyntax", kMaxPolicies, check);
  if (!list) return forward(list);
  out.descriptions = {list->first, list->second};
  return value.expect_end("authorityInfoAccess");
}

// The extensions we process: how to parse each and where its presence is recorded.
struct KnownEntry {
  Oid id;
  std::string_view label;
  Expected<void> (*parse)(Reader, Extensions&);
  ExtensionPresence& (*presence)(Extensions&);
};

template <class T, T Extensions::*Member, Expected<void> (*Parse)(Reader, T&)>
constexpr KnownEntry entry(Oid id, std::string_view label) {
  return KnownEntry{id, label,
                    [](Reader value, Extensions& out) { return Parse(value, out.*Member); },
                    [](Extensions& out) -> ExtensionPresence& { return out.*Member; }};
}

using E = Extensions;
constexpr std::array<KnownEntry, 12> kKnown = {{
    entry<SubjectKeyIdentifier, &E::subject_key_identifier, parse_subject_key_identifier>(
        Oid(oid::kSubjectKeyIdentifier), "subjectKeyIdentifier"),
    entry<KeyUsage, &E::key_usage, parse_key_usage>(Oid(oid::kKeyUsage), "keyUsage"),
    entry<AltNames, &E::subject_alt_name, parse_subject_alt_name>(Oid(oid::kSubjectAltName),
                                                                  "subjectAltName"),
    entry<BasicConstraints, &E::basic_constraints, parse_basic_constraints>(
        Oid(oid::kBasicConstraints), "basicConstraints"),
    entry<NameConstraints, &E::name_constraints, parse_name_constraints>(Oid(oid::kNameConstraints),
                                                                         "nameConstraints"),
    entry<CertificatePolicies, &E::certificate_policies, parse_certificate_policies>(
        Oid(oid::kCertificatePolicies), "certificatePolicies"),
    entry<PolicyMappings, &E::policy_mappings, parse_policy_mappings>(Oid(oid::kPolicyMappings),
                                                                      "policyMappings"),
    entry<AuthorityKeyIdentifier, &E::authority_key_identifier, parse_authority_key_identifier>(
        Oid(oid::kAuthorityKeyIdentifier), "authorityKeyIdentifier"),
    entry<PolicyConstraints, &E::policy_constraints, parse_policy_constraints>(
        Oid(oid::kPolicyConstraints), "policyConstraints"),
    entry<ExtendedKeyUsage, &E::extended_key_usage, parse_extended_key_usage>(
        Oid(oid::kExtKeyUsage), "extKeyUsage"),
    entry<InhibitAnyPolicy, &E::inhibit_any_policy, parse_inhibit_any_policy>(
        Oid(oid::kInhibitAnyPolicy), "inhibitAnyPolicy"),
    entry<AuthorityInfoAccess, &E::authority_info_access, parse_authority_info_access>(
        Oid(oid::kAuthorityInfoAccess), "authorityInfoAccess"),
}};

const KnownEntry* find_known(const Oid& id) noexcept {
  for (const auto& entry : kKnown) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

}  // namespace

namespace detail {

der::Oid decode_oid_element(const Tlv& element) noexcept {
  return Oid(element.value);
}

PolicyInformation decode_policy(const Tlv& element) noexcept {
  PolicyInformation out;
  std::size_t pos = 0;
  Tlv field;
  if (der::next_element(element.value, pos, field)) out.policy = Oid(field.value);
  if (der::next_element(element.value, pos, field)) out.qualifiers = field.encoding;
  return out;
}

PolicyMapping decode_mapping(const Tlv& element) noexcept {
  PolicyMapping out;
  std::size_t pos = 0;
  Tlv field;
  if (der::next_element(element.value, pos, field)) out.issuer_domain = Oid(field.value);
  if (der::next_element(element.value, pos, field)) out.subject_domain = Oid(field.value);
  return out;
}

AccessDescription decode_access(const Tlv& element) noexcept {
  AccessDescription out;
  std::size_t pos = 0;
  Tlv field;
  if (der::next_element(element.value, pos, field)) out.method = Oid(field.value);
  if (der::next_element(element.value, pos, field)) {
    out.location = general_name_from_validated(field);
  }
  return out;
}

}  // namespace detail

std::string extension_name(const der::Oid& id) {
  if (const KnownEntry* entry = find_known(id)) return std::string(entry->label);
  if (id == Oid(oid::kCrlDistributionPoints)) return "cRLDistributionPoints";
  if (id == Oid(oid::kIssuerAltName)) return "issuerAltName";
  return id.to_string();
}

Expected<Extensions> read_extensions(Reader contents) {
  Extensions out;
  std::array<Oid, kMaxExtensions> seen{};
  const std::size_t start = contents.offset();
  while (!contents.empty()) {
    if (out.count == kMaxExtensions) {
      return der::malformed(ErrorCode::length_out_of_range, "extensions",
                            "more than " + std::to_string(kMaxExtensions) + " extensions",
                            contents.offset());
    }
    auto extension = contents.enter(tag::kSequence, "Extension");
    if (!extension) return forward(extension);
    auto id_element = extension->read(tag::kOid, "extnID");
    if (!id_element) return forward(id_element);
    auto id = der::decode_oid(*id_element, "extnID");
    if (!id) return forward(id);
    // critical BOOLEAN DEFAULT FALSE; an explicit FALSE is accepted as for cA.
    bool critical = false;
    if (extension->next_is(tag::kBoolean)) {
      auto flag = extension->read_boolean("critical");
      if (!flag) return forward(flag);
      critical = *flag;
    }
    auto value = extension->read(tag::kOctetString, "extnValue");
    if (!value) return forward(value);
    if (auto end = extension->expect_end("Extension"); !end) return forward(end);

    for (std::size_t i = 0; i < out.count; ++i) {
      if (seen[i] == *id) {
        return der::malformed(ErrorCode::duplicate_entry, "extensions",
                              "extension " + extension_name(*id) + " appears twice (RFC 5280 4.2)",
                              id_element->offset);
      }
    }
    seen[out.count++] = *id;

    const KnownEntry* known = find_known(*id);
    if (known == nullptr) {
      if (critical) out.unknown_critical.push_back(*id);
      continue;
    }
    ExtensionPresence& presence = known->presence(out);
    presence.present = true;
    presence.critical = critical;
    auto inner = extension->nested(*value, known->label);
    if (!inner) return forward(inner);
    if (auto ok = known->parse(*inner, out); !ok) {
      return der::in_context(std::move(ok.error()), "extension " + std::string(known->label));
    }
  }
  if (out.count == 0) {
    // RFC 5280 4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension.
    return der::malformed(ErrorCode::empty_list, "extensions", "empty list (SIZE (1..MAX))", start);
  }
  return out;
}

}  // namespace cpptls::x509
