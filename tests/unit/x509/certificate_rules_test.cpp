// One rule per test, on certificates built field by field (tests/unit/x509/der_builder.hpp).

#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "x509/certificate.hpp"

namespace cpptls::x509 {
namespace {

using testing::bits;
using testing::CertificateTemplate;
using testing::ctx;
using testing::ctx_cons;
using testing::dns;
using testing::extension;
using testing::integer;
using testing::ip;
using testing::null;
using testing::oid;
using testing::san;
using testing::seq;
using testing::text_bytes;

constexpr const char* kBasicConstraints = "2.5.29.19";
constexpr const char* kKeyUsage = "2.5.29.15";
constexpr const char* kExtKeyUsage = "2.5.29.37";
constexpr const char* kSubjectAltName = "2.5.29.17";
constexpr const char* kNameConstraints = "2.5.29.30";
constexpr const char* kCertificatePolicies = "2.5.29.32";
constexpr const char* kPolicyConstraints = "2.5.29.36";
constexpr const char* kInhibitAnyPolicy = "2.5.29.54";
constexpr const char* kAuthorityKeyIdentifier = "2.5.29.35";
constexpr const char* kAuthorityInfoAccess = "1.3.6.1.5.5.7.1.1";

Expected<ParsedCertificate> parse(const CertificateTemplate& t) {
  return ParsedCertificate::copy_of(t.build());
}

ParsedCertificate parse_ok(const CertificateTemplate& t) {
  auto cert = parse(t);
  EXPECT_TRUE(cert) << cert.error().reason();
  if (!cert) std::abort();
  return *cert;
}

void expect_refused(const CertificateTemplate& t, ErrorCode code, std::string_view text) {
  auto cert = parse(t);
  ASSERT_FALSE(cert) << "parsed, but should have failed with: " << text;
  EXPECT_EQ(cert.error().code(), code) << cert.error().reason();
  EXPECT_EQ(cert.error().kind(), ErrorKind::decode);
  EXPECT_EQ(cert.error().alert(), AlertDescription::bad_certificate);
  EXPECT_NE(cert.error().reason().find(text), std::string::npos) << cert.error().reason();
}

CertificateTemplate with_extensions(std::vector<Bytes> extensions) {
  CertificateTemplate t;
  t.extensions = std::move(extensions);
  return t;
}

CertificateTemplate with_extension(Bytes ext) {
  CertificateTemplate t;
  t.extensions.push_back(std::move(ext));
  return t;
}

TEST(CertificateRules, MinimalTemplateParses) {
  const ParsedCertificate cert = parse_ok(CertificateTemplate{});
  EXPECT_EQ(cert->version(), 3);
  EXPECT_EQ(cert->subject().to_string(), "CN=leaf");
  EXPECT_EQ(cert->not_before(), 1704067200);  // 2024-01-01
  EXPECT_EQ(cert->signature_algorithm().id, SignatureAlgorithmId::ecdsa_sha256);
  EXPECT_EQ(cert->public_key().algorithm, KeyAlgorithm::ec_p256);
  EXPECT_EQ(cert->public_key().key.size(), 65U);
  EXPECT_EQ(cert->extensions().count, 1U);
  EXPECT_TRUE(cert->extensions().basic_constraints.present);
  EXPECT_TRUE(cert->extensions().basic_constraints.critical);
}

TEST(CertificateRules, RejectsDuplicateExtension) {
  CertificateTemplate t;
  t.extensions.push_back(extension(kSubjectAltName, false, san({dns("a.example")})));
  t.extensions.push_back(extension(kSubjectAltName, false, san({dns("b.example")})));
  expect_refused(t, ErrorCode::duplicate_entry,
                 "extension subjectAltName appears twice (RFC 5280 4.2)");
}

TEST(CertificateRules, RejectsDuplicateUnknownExtension) {
  CertificateTemplate t;
  t.extensions.push_back(extension("1.2.3.4", false, null()));
  t.extensions.push_back(extension("1.2.3.4", false, null()));
  expect_refused(t, ErrorCode::duplicate_entry, "extension 1.2.3.4 appears twice");
}

TEST(CertificateRules, ListsUnknownCriticalAndIgnoresUnknownNonCritical) {
  CertificateTemplate t;
  t.extensions.push_back(extension("1.3.6.1.4.1.55738.666.1", true, text_bytes("not even DER")));
  t.extensions.push_back(extension("1.3.6.1.4.1.55738.666.2", false, text_bytes("junk")));
  const ParsedCertificate cert = parse_ok(t);
  ASSERT_EQ(cert->extensions().unknown_critical.size(), 1U);
  EXPECT_EQ(cert->extensions().unknown_critical[0].to_string(), "1.3.6.1.4.1.55738.666.1");
  EXPECT_EQ(cert->extensions().count, 3U);
}

TEST(CertificateRules, AcceptsExplicitFalseCriticalFlag) {
  CertificateTemplate t;
  t.extensions = {seq({oid(kBasicConstraints), testing::boolean(false), testing::octets(seq({}))})};
  const ParsedCertificate cert = parse_ok(t);
  EXPECT_FALSE(cert->extensions().basic_constraints.critical);
}

TEST(CertificateRules, RejectsSignatureAlgorithmMismatch) {
  CertificateTemplate t;
  t.outer_signature = seq({oid("1.2.840.10045.4.3.3")});
  expect_refused(t, ErrorCode::invalid_value,
                 "signatureAlgorithm: differs from tbsCertificate.signature (RFC 5280 4.1.1.2)");
}

TEST(CertificateRules, RejectsSignatureAlgorithmDifferingOnlyInParameters) {
  CertificateTemplate t;
  t.signature = testing::sha256_rsa();                      // with NULL
  t.outer_signature = seq({oid("1.2.840.113549.1.1.11")});  // without
  expect_refused(t, ErrorCode::invalid_value, "differs from tbsCertificate.signature");
}

TEST(CertificateRules, RefusesExtensionsOutsideV3AndExplicitV1) {
  {
    CertificateTemplate t;
    t.version.reset();
    t.extensions_field = false;
    EXPECT_EQ(parse_ok(t)->version(), 1);
  }
  {
    CertificateTemplate t;
    t.version.reset();
    expect_refused(t, ErrorCode::invalid_value, "present in a version 1 certificate");
  }
  {
    CertificateTemplate t;
    t.version = 1;
    expect_refused(t, ErrorCode::invalid_value, "present in a version 2 certificate");
  }
  {
    CertificateTemplate t;
    t.version = 0;
    t.extensions_field = false;
    expect_refused(t, ErrorCode::invalid_value, "v1 is written explicitly");
  }
  {
    CertificateTemplate t;
    t.version = 3;
    expect_refused(t, ErrorCode::invalid_value, "unknown version 4");
  }
}

TEST(CertificateRules, AcceptsUniqueIdentifiersOnlyFromVersion2) {
  CertificateTemplate t;
  t.version = 1;
  t.extensions_field = false;
  t.tbs_extra = testing::concat({ctx(1, {0x00, 0xaa}), ctx(2, {0x00, 0xbb})});
  const ParsedCertificate cert = parse_ok(t);
  EXPECT_EQ(cert->version(), 2);
  ASSERT_TRUE(cert->issuer_unique_id());
  EXPECT_EQ(cert->issuer_unique_id()->size(), 2U);
  ASSERT_TRUE(cert->subject_unique_id());

  t.version.reset();
  expect_refused(t, ErrorCode::invalid_value, "unique identifiers need version 2 or 3");
}

TEST(CertificateRules, RejectsEmptyExtensionsList) {
  CertificateTemplate t;
  t.extensions.clear();
  expect_refused(t, ErrorCode::empty_list, "extensions: empty list");
}

TEST(CertificateRules, RejectsTrailingDataAtEveryLevel) {
  CertificateTemplate outer;
  outer.trailing = {0x00};
  expect_refused(outer, ErrorCode::trailing_data, "Certificate: 1 unexpected bytes");

  // Inside tbsCertificate, after the extensions.
  CertificateTemplate inner;
  inner.tbs_extra = testing::null();
  inner.extensions_field = true;
  auto cert = parse(inner);
  EXPECT_FALSE(cert);

  // Inside an extension value.
  expect_refused(
      with_extension(extension(kKeyUsage, true, testing::concat({bits({0x80}, 7), null()}))),
      ErrorCode::trailing_data, "extension keyUsage: keyUsage: 2 unexpected bytes");
}

TEST(CertificateRules, SignatureMustBeWholeOctets) {
  CertificateTemplate t;
  t.signature_value = bits({0xa0}, 4);
  expect_refused(t, ErrorCode::invalid_value, "signatureValue: BIT STRING has 4 unused bits");
}

TEST(CertificateRules, RefusesOversizedCertificate) {
  CertificateTemplate t;
  t.extensions.push_back(
      extension("1.2.3.4", false, testing::octets(Bytes(kMaxCertificateSize, 1))));
  expect_refused(t, ErrorCode::length_out_of_range, "allowed");
}

TEST(CertificateRules, KeepsNonConformingSerialsButFlagsThem) {
  const std::vector<std::pair<Bytes, bool>> cases = {
      {{0x01}, true},
      {{0x00}, false},                                     // zero
      {{0xff}, false},                                     // negative
      {Bytes(20, 0x7f), true},                             // 20 octets
      {testing::concat({{0x00}, Bytes(20, 0x80)}), true},  // 20 value octets, sign octet
      {Bytes(21, 0x7f), false},                            // 21 value octets
  };
  for (const auto& [contents, conforming] : cases) {
    CertificateTemplate t;
    t.serial = testing::integer_bytes(contents);
    const ParsedCertificate cert = parse_ok(t);
    EXPECT_EQ(Bytes(cert->serial().begin(), cert->serial().end()), contents);
    EXPECT_EQ(cert->serial_is_conforming(), conforming) << contents.size();
  }
  CertificateTemplate too_long;
  too_long.serial = testing::integer_bytes(Bytes(kMaxSerialSize + 1, 0x11));
  expect_refused(too_long, ErrorCode::length_out_of_range, "serialNumber: 65 octets");
  CertificateTemplate non_minimal;
  non_minimal.serial = testing::integer_bytes({0x00, 0x01});
  expect_refused(non_minimal, ErrorCode::invalid_value, "serialNumber: INTEGER is not minimally");
}

TEST(CertificateRules, ParsesEmptyIssuerAndSubject) {
  CertificateTemplate t;
  t.issuer = seq({});
  t.subject = seq({});
  t.extensions.push_back(extension(kSubjectAltName, true, san({dns("empty.example")})));
  const ParsedCertificate cert = parse_ok(t);
  EXPECT_TRUE(cert->issuer().empty());
  EXPECT_TRUE(cert->subject().empty());
  EXPECT_TRUE(cert->is_self_issued());
  EXPECT_EQ(cert->describe(), "(empty subject, subjectAltName empty.example)");
}

TEST(CertificateRules, ValidityErrorsSayWhichField) {
  CertificateTemplate t;
  t.validity =
      seq({testing::utc_time("240101000000Z"), testing::generalized_time("20240230000000Z")});
  expect_refused(t, ErrorCode::invalid_value,
                 "validity notAfter: GeneralizedTime '20240230000000Z' has day 30");
}

TEST(CertificateRules, ChecksSignatureAlgorithmParametersPerAlgorithm) {
  struct Case {
    Bytes algorithm;
    std::optional<SignatureAlgorithmId> id;  // nullopt: refused
  };
  const std::vector<Case> cases = {
      {seq({oid("1.2.840.113549.1.1.11"), null()}), SignatureAlgorithmId::rsa_pkcs1_sha256},
      {seq({oid("1.2.840.113549.1.1.11")}), SignatureAlgorithmId::rsa_pkcs1_sha256},
      {seq({oid("1.2.840.113549.1.1.11"), integer(0)}), std::nullopt},
      {seq({oid("1.2.840.10045.4.3.2"), null()}), std::nullopt},  // RFC 5758: absent
      {seq({oid("1.3.101.112"), null()}), std::nullopt},          // RFC 8410: absent
      {seq({oid("1.2.840.113549.1.1.4"), null()}), SignatureAlgorithmId::rsa_pkcs1_md5},
      {seq({oid("1.2.840.10045.4.1")}), SignatureAlgorithmId::ecdsa_sha1},
      {seq({oid("1.2.3.4"), seq({integer(1)})}), SignatureAlgorithmId::unknown},
      {seq({oid("1.2.840.113549.1.1.10")}), std::nullopt},  // PSS without parameters
  };
  for (const Case& c : cases) {
    CertificateTemplate t;
    t.signature = c.algorithm;
    auto cert = parse(t);
    if (!c.id) {
      EXPECT_FALSE(cert);
      continue;
    }
    ASSERT_TRUE(cert) << cert.error().reason();
    EXPECT_EQ((*cert)->signature_algorithm().id, *c.id);
  }
}

Bytes hash_id(const char* dotted) {
  return seq({oid(dotted), null()});
}
Bytes pss(std::initializer_list<Bytes> fields) {
  return seq({oid("1.2.840.113549.1.1.10"), seq(fields)});
}

TEST(CertificateRules, MapsRsaPssParametersAndRefusesBadOnes) {
  const char* kSha384 = "2.16.840.1.101.3.4.2.2";
  const char* kSha256 = "2.16.840.1.101.3.4.2.1";
  const Bytes mgf384 = seq({oid("1.2.840.113549.1.1.8"), hash_id(kSha384)});
  {
    CertificateTemplate t;
    t.signature =
        pss({ctx_cons(0, hash_id(kSha384)), ctx_cons(1, mgf384), ctx_cons(2, integer(48))});
    const ParsedCertificate cert = parse_ok(t);
    EXPECT_EQ(cert->signature_algorithm().id, SignatureAlgorithmId::rsa_pss);
    EXPECT_EQ(cert->signature_algorithm().algorithm->hash, crypto::HashAlgorithm::sha384);
    EXPECT_EQ(cert->signature_algorithm().algorithm->pss_salt_length, 48);
  }
  {  // MGF1 hash differs from the message hash: recognised, not verifiable.
    CertificateTemplate t;
    t.signature =
        pss({ctx_cons(0, hash_id(kSha256)), ctx_cons(1, mgf384), ctx_cons(2, integer(32))});
    const ParsedCertificate cert = parse_ok(t);
    EXPECT_EQ(cert->signature_algorithm().id, SignatureAlgorithmId::rsa_pss_other);
    EXPECT_FALSE(cert->signature_algorithm().algorithm);
  }
  {  // All defaults: SHA-1.
    CertificateTemplate t;
    t.signature = pss({});
    EXPECT_EQ(parse_ok(t)->signature_algorithm().id, SignatureAlgorithmId::rsa_pss_other);
  }
  {  // Trailer field other than 1.
    CertificateTemplate t;
    t.signature =
        pss({ctx_cons(0, hash_id(kSha384)), ctx_cons(1, mgf384), ctx_cons(3, integer(2))});
    expect_refused(t, ErrorCode::invalid_value, "trailer field 2 is not 1");
  }
  {  // A mask generation function that is not MGF1.
    CertificateTemplate t;
    t.signature =
        pss({ctx_cons(0, hash_id(kSha384)), ctx_cons(1, seq({oid("1.2.3.4"), hash_id(kSha384)}))});
    expect_refused(t, ErrorCode::invalid_value, "is not MGF1");
  }
  {  // Negative salt.
    CertificateTemplate t;
    t.signature =
        pss({ctx_cons(0, hash_id(kSha384)), ctx_cons(1, mgf384), ctx_cons(2, integer(-1))});
    expect_refused(t, ErrorCode::invalid_value, "negative");
  }
}

Bytes spki(Bytes algorithm, Bytes key = Bytes(32, 0x22)) {
  return seq({std::move(algorithm), bits(key)});
}

TEST(CertificateRules, RecognisesKeyAlgorithmsAndRefusesBadParameters) {
  struct Case {
    Bytes spki;
    std::optional<KeyAlgorithm> algorithm;
  };
  const std::vector<Case> cases = {
      {spki(seq({oid("1.2.840.113549.1.1.1"), null()})), KeyAlgorithm::rsa},
      {spki(seq({oid("1.2.840.113549.1.1.1")})), std::nullopt},  // RFC 3279: NULL required
      {spki(seq({oid("1.2.840.113549.1.1.10")})), KeyAlgorithm::rsa_pss},
      {spki(seq({oid("1.2.840.10045.2.1"), oid("1.3.132.0.34")})), KeyAlgorithm::ec_p384},
      {spki(seq({oid("1.2.840.10045.2.1"), oid("1.3.132.0.35")})), KeyAlgorithm::ec_p521},
      {spki(seq({oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.1")})),
       KeyAlgorithm::ec_other_curve},  // P-192
      {spki(seq({oid("1.2.840.10045.2.1"), seq({integer(1)})})), KeyAlgorithm::ec_explicit},
      {spki(seq({oid("1.2.840.10045.2.1")})), std::nullopt},  // RFC 5480: curve required
      {spki(seq({oid("1.3.101.112")})), KeyAlgorithm::ed25519},
      {spki(seq({oid("1.3.101.112"), null()})), std::nullopt},
      {spki(seq({oid("1.2.840.10040.4.1"), seq({integer(1), integer(2), integer(3)})})),
       KeyAlgorithm::dsa},
      {spki(seq({oid("1.2.3.4")})), KeyAlgorithm::unknown},
      {seq({seq({oid("1.3.101.112")}), bits({0xf0}, 4)}), std::nullopt},  // partial octet
  };
  for (const Case& c : cases) {
    CertificateTemplate t;
    t.spki = c.spki;
    auto cert = parse(t);
    if (!c.algorithm) {
      EXPECT_FALSE(cert);
      continue;
    }
    ASSERT_TRUE(cert) << cert.error().reason();
    EXPECT_EQ((*cert)->public_key().algorithm, *c.algorithm);
    EXPECT_EQ((*cert)->public_key().key_type.has_value(), *c.algorithm <= KeyAlgorithm::ed25519);
  }
}

TEST(CertificateRules, ReadsBasicConstraintsAndRefusesNegativePathLength) {
  const ParsedCertificate ca = parse_ok(with_extensions(
      {extension(kBasicConstraints, true, seq({testing::boolean(true), integer(3)}))}));
  EXPECT_TRUE(ca->extensions().basic_constraints.ca);
  EXPECT_EQ(ca->extensions().basic_constraints.path_length, 3U);

  expect_refused(with_extensions({extension(kBasicConstraints, true,
                                            seq({testing::boolean(true), integer(-1)}))}),
                 ErrorCode::invalid_value,
                 "extension basicConstraints: pathLenConstraint: INTEGER is negative");
  expect_refused(with_extensions({extension(kBasicConstraints, true,
                                            seq({integer(0), testing::boolean(true)}))}),
                 ErrorCode::trailing_data, "extension basicConstraints");
}

TEST(CertificateRules, ReadsKeyUsageBitsInX680Order) {
  // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, two unused bits.
  const ParsedCertificate cert =
      parse_ok(with_extension(extension(kKeyUsage, true, bits({0x84}, 2))));
  EXPECT_TRUE(cert->extensions().key_usage.has(KeyUsageBit::digital_signature));
  EXPECT_TRUE(cert->extensions().key_usage.has(KeyUsageBit::key_cert_sign));
  EXPECT_FALSE(cert->extensions().key_usage.has(KeyUsageBit::crl_sign));
  // decipherOnly is bit 8, in the second octet.
  const ParsedCertificate decipher =
      parse_ok(with_extension(extension(kKeyUsage, true, bits({0x00, 0x80}, 7))));
  EXPECT_EQ(decipher->extensions().key_usage.bits,
            static_cast<std::uint16_t>(KeyUsageBit::decipher_only));
  expect_refused(with_extension(extension(kKeyUsage, true, bits({0x85}, 2))),
                 ErrorCode::invalid_value, "non-zero padding bits");
}

TEST(CertificateRules, ExtendedKeyUsageMustNotBeEmpty) {
  expect_refused(with_extension(extension(kExtKeyUsage, false, seq({}))), ErrorCode::empty_list,
                 "extension extKeyUsage: ExtKeyUsageSyntax: empty list");
  const ParsedCertificate cert = parse_ok(
      with_extension(extension(kExtKeyUsage, false, seq({oid("2.5.29.37.0"), oid("1.2.3.4")}))));
  EXPECT_TRUE(cert->extensions().extended_key_usage.any);
  EXPECT_FALSE(cert->extensions().extended_key_usage.server_auth);
  EXPECT_EQ(cert->extensions().extended_key_usage.purposes.size(), 2U);
}

TEST(CertificateRules, RefusesMalformedSubjectAltNames) {
  expect_refused(with_extension(extension(kSubjectAltName, false, seq({}))), ErrorCode::empty_list,
                 "GeneralNames: empty list");
  // An IPv4 address with 5 octets.
  expect_refused(with_extension(extension(kSubjectAltName, false, san({ip({1, 2, 3, 4, 5})}))),
                 ErrorCode::invalid_value, "iPAddress: address of 5 octets");
  // A CIDR range instead of an address.
  expect_refused(with_extension(extension(kSubjectAltName, false,
                                          san({ip({192, 0, 2, 0, 255, 255, 255, 0})}))),
                 ErrorCode::invalid_value, "address of 8 octets");
  // Not DER at all (x509-limbo rfc5280::san::malformed).
  expect_refused(with_extension(extension(kSubjectAltName, false, text_bytes("example.com"))),
                 ErrorCode::invalid_value, "extension subjectAltName");
  // An unknown GeneralName alternative.
  expect_refused(with_extension(extension(kSubjectAltName, false, san({ctx(9, {0x01})}))),
                 ErrorCode::invalid_value, "unknown alternative [9]");
  // dNSName in constructed form.
  expect_refused(with_extension(extension(kSubjectAltName, false, san({ctx_cons(2, {})}))),
                 ErrorCode::invalid_value, "dNSName: must be primitive");
}

TEST(CertificateRules, NonAsciiDnsNameErrorSaysWhatAndWhere) {
  CertificateTemplate t;
  t.extensions.push_back(extension(kSubjectAltName, false, san({dns("caf\xc3\xa9.example")})));
  const Bytes der = t.build();
  auto cert = ParsedCertificate::copy_of(der);
  ASSERT_FALSE(cert);
  // The offset of the 0xc3 byte in the certificate.
  const auto at = std::find(der.begin(), der.end(), 0xc3) - der.begin();
  EXPECT_EQ(
      cert.error().reason(),
      "extension subjectAltName: dNSName: IA5String contains a non-ASCII byte 0xc3 at offset " +
          std::to_string(at));
}

TEST(CertificateRules, RefusesMoreSubjectAltNamesThanTheLimit) {
  std::vector<Bytes> names;
  for (std::size_t i = 0; i < kMaxGeneralNames; ++i)
    names.push_back(dns("h" + std::to_string(i) + ".example"));
  const ParsedCertificate at_limit =
      parse_ok(with_extension(extension(kSubjectAltName, false, testing::seq_of(names))));
  EXPECT_EQ(at_limit->extensions().subject_alt_name.names.size(), kMaxGeneralNames);
  names.push_back(dns("one-more.example"));
  expect_refused(with_extension(extension(kSubjectAltName, false, testing::seq_of(names))),
                 ErrorCode::length_out_of_range, "more than 4096 names");
}

TEST(CertificateRules, HugeNameRefusedByTheAttributeLimit) {
  std::vector<Bytes> rdns;
  for (int i = 0; i < 1000; ++i)
    rdns.push_back(testing::set({seq({oid("2.5.4.11"), testing::utf8("unit")})}));
  CertificateTemplate t;
  t.subject = testing::seq_of(rdns);
  expect_refused(t, ErrorCode::length_out_of_range, "subject: more than 64 attributes");
}

Bytes subtree(const Bytes& base, const Bytes& extra = {}) {
  return seq({base, extra});
}

TEST(CertificateRules, EnforcesNameConstraintSubtreeRules) {
  const Bytes permitted = ctx_cons(
      0, testing::concat({subtree(dns("example.com")), subtree(ip({10, 0, 0, 0, 255, 0, 0, 0}))}));
  const ParsedCertificate cert =
      parse_ok(with_extension(extension(kNameConstraints, true, seq({permitted}))));
  EXPECT_EQ(cert->extensions().name_constraints.permitted.size(), 2U);
  EXPECT_TRUE(cert->extensions().name_constraints.excluded.empty());

  // minimum written as an explicit 0 is the default; accepted.
  EXPECT_TRUE(parse(with_extension(extension(
      kNameConstraints, true, seq({ctx_cons(0, subtree(dns("a.com"), ctx(0, {0x00})))})))));
  expect_refused(
      with_extension(extension(kNameConstraints, true,
                               seq({ctx_cons(0, subtree(dns("a.com"), ctx(0, {0x01})))}))),
      ErrorCode::invalid_value, "minimum is 1, but RFC 5280 4.2.1.10 requires 0");
  expect_refused(
      with_extension(extension(kNameConstraints, true,
                               seq({ctx_cons(1, subtree(dns("a.com"), ctx(1, {0x02})))}))),
      ErrorCode::invalid_value, "maximum is present");
  expect_refused(with_extension(extension(kNameConstraints, true, seq({}))), ErrorCode::empty_list,
                 "neither permittedSubtrees nor excludedSubtrees");
  expect_refused(with_extension(extension(kNameConstraints, true, seq({ctx_cons(0, {})}))),
                 ErrorCode::empty_list, "permittedSubtrees: GeneralSubtrees: empty list");
  // x509-limbo webpki::nc::intermediate-permitted-excluded-subtrees-both-null.
  expect_refused(with_extension(extension(kNameConstraints, true, seq({null(), null()}))),
                 ErrorCode::trailing_data, "NameConstraints");
  // An IP constraint whose mask is not a prefix, and one of the wrong size.
  expect_refused(
      with_extension(extension(kNameConstraints, true,
                               seq({ctx_cons(0, subtree(ip({10, 0, 0, 0, 255, 0, 255, 0})))}))),
      ErrorCode::invalid_value, "mask is not a CIDR prefix");
  expect_refused(with_extension(extension(kNameConstraints, true,
                                          seq({ctx_cons(0, subtree(ip({10, 0, 0, 0})))}))),
                 ErrorCode::invalid_value, "constraint of 4 octets");
}

TEST(CertificateRules, CertificatePoliciesRefuseRepeatsAndKeepQualifiers) {
  const Bytes cps = seq({seq({oid("1.3.6.1.5.5.7.2.1"), testing::ia5("https://example.com/cps")})});
  const ParsedCertificate cert = parse_ok(with_extension(
      extension(kCertificatePolicies, false,
                seq({seq({oid("2.23.140.1.2.1"), cps}), seq({oid("2.5.29.32.0")})}))));
  EXPECT_TRUE(cert->extensions().certificate_policies.any_policy);
  EXPECT_EQ(cert->extensions().certificate_policies.policies.size(), 2U);
  EXPECT_EQ(Bytes(cert->extensions().certificate_policies.policies.begin()->qualifiers.begin(),
                  cert->extensions().certificate_policies.policies.begin()->qualifiers.end()),
            cps);

  expect_refused(with_extension(extension(kCertificatePolicies, false,
                                          seq({seq({oid("1.2.3")}), seq({oid("1.2.3")})}))),
                 ErrorCode::duplicate_entry, "policy 1.2.3 is listed twice");
  expect_refused(with_extension(extension(kCertificatePolicies, false, seq({}))),
                 ErrorCode::empty_list, "certificatePolicies: empty list");
  expect_refused(
      with_extension(extension(kCertificatePolicies, false, seq({seq({oid("1.2.3"), seq({})})}))),
      ErrorCode::empty_list, "policyQualifiers: empty list");
}

TEST(CertificateRules, ReadsPolicyConstraintsAndRefusesEmptyOnes) {
  const ParsedCertificate cert =
      parse_ok(with_extensions({extension(kPolicyConstraints, true, seq({ctx(1, {0x02})})),
                                extension(kInhibitAnyPolicy, true, integer(0))}));
  EXPECT_FALSE(cert->extensions().policy_constraints.require_explicit_policy);
  EXPECT_EQ(cert->extensions().policy_constraints.inhibit_policy_mapping, 2U);
  EXPECT_TRUE(cert->extensions().inhibit_any_policy.present);
  EXPECT_EQ(cert->extensions().inhibit_any_policy.skip_certs, 0U);

  expect_refused(with_extension(extension(kPolicyConstraints, true, seq({}))),
                 ErrorCode::empty_list, "neither requireExplicitPolicy nor inhibitPolicyMapping");
  expect_refused(with_extension(extension(kInhibitAnyPolicy, true, integer(-3))),
                 ErrorCode::invalid_value, "negative");
}

TEST(CertificateRules, ReadsAllAuthorityKeyIdentifierFields) {
  const ParsedCertificate cert = parse_ok(with_extension(extension(
      kAuthorityKeyIdentifier, false,
      seq({ctx(0, {1, 2, 3}), ctx_cons(1, ctx_cons(4, testing::cn("Root"))), ctx(2, {0x05})}))));
  const auto& aki = cert->extensions().authority_key_identifier;
  ASSERT_TRUE(aki.key_identifier);
  EXPECT_EQ(aki.key_identifier->size(), 3U);
  ASSERT_TRUE(aki.issuer);
  EXPECT_EQ(aki.issuer->begin()->directory_name().to_string(), "CN=Root");
  ASSERT_TRUE(aki.serial);
  EXPECT_EQ((*aki.serial)[0], 5);

  const ParsedCertificate only_issuer = parse_ok(with_extension(extension(
      kAuthorityKeyIdentifier, false, seq({ctx_cons(1, ctx_cons(4, testing::cn("Root")))}))));
  EXPECT_FALSE(only_issuer->extensions().authority_key_identifier.key_identifier);
}

TEST(CertificateRules, MalformedAuthorityInfoAccessIsRefused) {
  expect_refused(
      with_extension(extension(kAuthorityInfoAccess, false, seq({oid("1.3.6.1.5.5.7.48.2")}))),
      ErrorCode::invalid_value, "extension authorityInfoAccess");
  const ParsedCertificate cert = parse_ok(with_extension(extension(
      kAuthorityInfoAccess, false,
      seq({seq({oid("1.3.6.1.5.5.7.48.2"), ctx(6, text_bytes("http://example.com/ca.der"))})}))));
  EXPECT_EQ(cert->extensions().authority_info_access.descriptions.begin()->location.text(),
            "http://example.com/ca.der");
}

TEST(CertificateRules, OtherNameAndDirectoryNameAreValidated) {
  const Bytes other = ctx_cons(0, testing::concat({oid("1.3.6.1.4.1.311.20.2.3"),
                                                   ctx_cons(0, testing::utf8("user@example"))}));
  const ParsedCertificate cert =
      parse_ok(with_extension(extension(kSubjectAltName, false, san({other}))));
  EXPECT_EQ(cert->extensions().subject_alt_name.names.begin()->other_name_type().to_string(),
            "1.3.6.1.4.1.311.20.2.3");
  // otherName value without its [0] wrapper.
  expect_refused(with_extension(extension(
                     kSubjectAltName, false,
                     san({ctx_cons(0, testing::concat({oid("1.2.3"), testing::utf8("x")}))}))),
                 ErrorCode::invalid_value, "otherName value");
  // directoryName whose name has an empty RDN.
  expect_refused(with_extension(extension(kSubjectAltName, false,
                                          san({ctx_cons(4, seq({testing::set({})}))}))),
                 ErrorCode::empty_list, "directoryName");
}

}  // namespace
}  // namespace cpptls::x509
