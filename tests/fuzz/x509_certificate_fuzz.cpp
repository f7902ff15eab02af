// Parses arbitrary bytes as a certificate; when that succeeds, reads every field and asks
// for host matches, so that a malformed certificate the parser wrongly accepts shows up as an
// out-of-bounds view or an inconsistency.
//
// Invariants: a parse failure is a decode error with alert bad_certificate and a reason; a
// parsed certificate spans the whole input, its tbsCertificate, signature, key and every
// name and extension value lie inside it; the version is 1..3 and only v3 has extensions;
// names match themselves and re-counting a validated name gives the same counts; the owning
// ParsedCertificate agrees with the view; host matching returns a match, a mismatch with a
// reason, or (for a bad host) an API misuse, never anything else.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/hostname.hpp"
#include "x509/ip_address.hpp"

namespace {

using namespace cpptls;        // NOLINT(google-build-using-namespace)
using namespace cpptls::x509;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

bool inside(ByteView part, ByteView whole) {
  if (part.empty()) return true;
  return std::less_equal<>{}(whole.data(), part.data()) &&
         std::less_equal<>{}(part.data() + part.size(), whole.data() + whole.size());
}

void check_name(const Name& name, ByteView der) {
  FUZZ_CHECK(inside(name.der(), der));
  FUZZ_CHECK(names_match(name, name));
  FUZZ_CHECK(name_key(name) == name_key(name));
  const Name again = Name::from_validated(name.der());
  FUZZ_CHECK(again.rdn_count() == name.rdn_count());
  FUZZ_CHECK(again.attribute_count() == name.attribute_count());
  std::size_t attributes = 0;
  for (const Attribute& a : name) {
    ++attributes;
    FUZZ_CHECK(inside(a.value_encoding, der));
    FUZZ_CHECK(inside(a.type.bytes(), der));
    FUZZ_CHECK(a.rdn_index < name.rdn_count());
  }
  FUZZ_CHECK(attributes == name.attribute_count());
  (void)name.to_string();
}

void check_names(const GeneralNameList& list, ByteView der, bool constraints) {
  std::size_t count = 0;
  for (const GeneralName& name : list) {
    ++count;
    FUZZ_CHECK(inside(name.encoding, der));
    FUZZ_CHECK(inside(name.value, der));
    if (name.kind == GeneralNameKind::ip_address) {
      const std::size_t n = name.value.size();
      FUZZ_CHECK(constraints ? (n == 8 || n == 32) : (n == 4 || n == 16));
      (void)format_ip(name.value);
    }
    if (name.kind == GeneralNameKind::directory_name) check_name(name.directory_name(), der);
    if (name.kind == GeneralNameKind::other_name) (void)name.other_name_type().to_string();
  }
  FUZZ_CHECK(count == list.size());
}

void check_host(const Certificate& cert, std::string_view host) {
  auto result = match_host(cert, host);
  if (result) return;
  FUZZ_CHECK(result.error().kind() == ErrorKind::certificate ||
             result.error().kind() == ErrorKind::api_misuse);
  FUZZ_CHECK(!result.error().reason().empty());
}

void check(const Certificate& cert, ByteView input) {
  FUZZ_CHECK(cert.der().data() == input.data() && cert.der().size() == input.size());
  FUZZ_CHECK(inside(cert.tbs(), input));
  FUZZ_CHECK(inside(cert.signature(), input));
  FUZZ_CHECK(inside(cert.serial(), input) && !cert.serial().empty());
  FUZZ_CHECK(cert.version() >= 1 && cert.version() <= 3);
  FUZZ_CHECK(inside(cert.public_key().spki, input));
  FUZZ_CHECK(inside(cert.public_key().key, cert.public_key().spki));
  FUZZ_CHECK(inside(cert.signature_algorithm().encoding, input));
  FUZZ_CHECK(cert.signature_algorithm().algorithm.has_value() ==
             (cert.signature_algorithm().id <= SignatureAlgorithmId::ed25519));
  FUZZ_CHECK(cert.public_key().key_type.has_value() ==
             (cert.public_key().algorithm <= KeyAlgorithm::ed25519));
  (void)cert.signature_algorithm().describe();
  (void)cert.public_key().describe();
  (void)cert.describe();
  (void)cert.serial_is_conforming();
  (void)cert.is_self_issued();
  check_name(cert.issuer(), input);
  check_name(cert.subject(), input);

  const Extensions& ext = cert.extensions();
  if (cert.version() < 3) FUZZ_CHECK(ext.count == 0);
  FUZZ_CHECK(ext.count <= kMaxExtensions);
  FUZZ_CHECK(ext.unknown_critical.size() <= ext.count);
  check_names(ext.subject_alt_name.names, input, false);
  check_names(ext.name_constraints.permitted, input, true);
  check_names(ext.name_constraints.excluded, input, true);
  if (ext.name_constraints.present) {
    FUZZ_CHECK(!ext.name_constraints.permitted.empty() || !ext.name_constraints.excluded.empty());
  }
  if (ext.authority_key_identifier.issuer) {
    check_names(*ext.authority_key_identifier.issuer, input, false);
  }
  for (const der::Oid& purpose : ext.extended_key_usage.purposes) {
    FUZZ_CHECK(inside(purpose.bytes(), input));
  }
  for (const PolicyInformation& policy : ext.certificate_policies.policies) {
    FUZZ_CHECK(inside(policy.policy.bytes(), input) && inside(policy.qualifiers, input));
  }
  for (const PolicyMapping& mapping : ext.policy_mappings.mappings) {
    FUZZ_CHECK(inside(mapping.issuer_domain.bytes(), input));
    FUZZ_CHECK(inside(mapping.subject_domain.bytes(), input));
  }
  for (const AccessDescription& access : ext.authority_info_access.descriptions) {
    FUZZ_CHECK(inside(access.location.value, input));
  }
  for (const der::Oid& id : ext.unknown_critical)
    (void)extension_name(id);
  if (ext.policy_constraints.present) {
    FUZZ_CHECK(ext.policy_constraints.require_explicit_policy ||
               ext.policy_constraints.inhibit_policy_mapping);
  }

  check_host(cert, "www.example.com");
  check_host(cert, "example.com.");
  check_host(cert, "192.0.2.1");
  check_host(cert, "[2001:db8::1]");
  for (const GeneralName& name : ext.subject_alt_name.names) {
    if (name.kind == GeneralNameKind::dns_name) check_host(cert, name.text());
    if (name.kind == GeneralNameKind::ip_address) {
      FUZZ_CHECK(match_ip(cert, name.value));
      FUZZ_CHECK(match_host(cert, format_ip(name.value)));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto cert = Certificate::parse(input);
  auto owned = ParsedCertificate::copy_of(input);
  FUZZ_CHECK(cert.has_value() == owned.has_value());
  if (!cert) {
    FUZZ_CHECK(cert.error().kind() == ErrorKind::decode);
    FUZZ_CHECK(cert.error().alert() == AlertDescription::bad_certificate);
    FUZZ_CHECK(!cert.error().reason().empty());
    FUZZ_CHECK(cert.error().reason() == owned.error().reason());
    return 0;
  }
  check(*cert, input);
  FUZZ_CHECK(owned->der().size() == size);
  FUZZ_CHECK(owned->certificate().subject().to_string() == cert->subject().to_string());
  return 0;
}
