// certificate_builder: certificates issued with real keys from the OpenSSL provider parse with
// our reader, carry exactly the fields asked for, and verify; descriptions that RFC 5280
// forbids are refused with a reason. Also the PEM writer and the PKCS#8 key export that
// `cpptls ca` writes its files with.

#include "x509/certificate_builder.hpp"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "x509/certificate.hpp"
#include "x509/der/time.hpp"
#include "x509/oids.hpp"
#include "x509/pem.hpp"
#include "x509/pem_writer.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509 {
namespace {

using ::testing::HasSubstr;

const crypto::Provider& provider() {
  return crypto::openssl::provider();
}

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kDay = 86400;

struct Issuer {
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes spki;
  Bytes key_identifier;
  Bytes name;
  ParsedCertificate certificate;
};

std::unique_ptr<crypto::PrivateKey> new_key(crypto::KeyType type) {
  auto key = provider().generate_private_key(type);
  EXPECT_TRUE(key) << key.error().reason();
  return std::move(*key);
}

Bytes spki_of(const crypto::PrivateKey& key) {
  return key.public_key_info().value();
}

Bytes name_of(std::string_view common_name) {
  const std::vector<NameAttributeSpec> attributes = {
      {der::Oid(oid::kOrganizationName), "cpptls"},
      {der::Oid(oid::kCommonName), std::string(common_name)}};
  return encode_name(attributes).value();
}

CertificateSpec root_spec(const Bytes& name, const Bytes& spki, const Bytes& key_identifier) {
  CertificateSpec spec;
  spec.serial = {0x01, 0x02, 0x03};
  spec.issuer = name;
  spec.subject = name;
  spec.not_before = kNow - 3600;
  spec.not_after = kNow + 3652 * kDay;
  spec.subject_public_key_info = spki;
  spec.basic_constraints = BasicConstraintsSpec{true, 0};
  spec.key_usage = static_cast<std::uint16_t>(KeyUsageBit::key_cert_sign) |
                   static_cast<std::uint16_t>(KeyUsageBit::crl_sign);
  spec.subject_key_identifier = key_identifier;
  return spec;
}

Issuer make_root(crypto::KeyType type, std::string_view common_name = "Builder Root") {
  auto key = new_key(type);
  Bytes spki = spki_of(*key);
  Bytes identifier = key_identifier(provider(), spki).value();
  Bytes name = name_of(common_name);
  const auto scheme = certificate_signature_scheme(type).value();
  auto der = build_certificate(root_spec(name, spki, identifier), *key, scheme);
  EXPECT_TRUE(der) << der.error().reason();
  auto certificate = ParsedCertificate::parse(std::move(*der)).value();
  return Issuer{std::move(key), std::move(spki), std::move(identifier), std::move(name),
                std::move(certificate)};
}

CertificateSpec leaf_spec(const Issuer& issuer, const crypto::PrivateKey& leaf_key) {
  CertificateSpec spec;
  spec.serial = Bytes(16, 0x42);
  spec.issuer = issuer.name;
  const std::vector<NameAttributeSpec> cn = {{der::Oid(oid::kCommonName), "localhost"}};
  spec.subject = encode_name(cn).value();
  spec.not_before = kNow - 3600;
  spec.not_after = kNow + 90 * kDay;
  spec.subject_public_key_info = spki_of(leaf_key);
  spec.basic_constraints = BasicConstraintsSpec{false, std::nullopt};
  spec.key_usage = static_cast<std::uint16_t>(KeyUsageBit::digital_signature);
  spec.extended_key_usage = {der::Oid(oid::kServerAuth)};
  spec.dns_names = {"localhost", "*.example.test"};
  spec.ip_addresses = {parse_ip("127.0.0.1").value(), parse_ip("::1").value()};
  spec.subject_key_identifier = key_identifier(provider(), spec.subject_public_key_info).value();
  spec.authority_key_identifier = issuer.key_identifier;
  return spec;
}

ParsedCertificate issue(const Issuer& issuer, const CertificateSpec& spec) {
  const auto scheme = certificate_signature_scheme(issuer.key->type()).value();
  auto der = build_certificate(spec, *issuer.key, scheme);
  EXPECT_TRUE(der) << der.error().reason();
  return ParsedCertificate::parse(std::move(*der)).value();
}

Expected<CertificateVerified> verify(const Issuer& root, const ParsedCertificate& leaf,
                                     std::string host, Purpose purpose = Purpose::server_auth) {
  TrustStore trust;
  trust.add(root.certificate);
  VerifyOptions options;
  options.time = kNow;
  options.host = std::move(host);
  options.purpose = purpose;
  return verify_certificate(provider(), trust, leaf, {}, options);
}

std::string reason_of(const Expected<Bytes>& result) {
  return result ? "success" : result.error().reason();
}

TEST(CertificateBuilder, RootHasTheFieldsAskedFor) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const Certificate& c = *root.certificate;
  EXPECT_EQ(c.version(), 3);
  EXPECT_EQ(to_hex(c.serial()), "010203");
  EXPECT_TRUE(c.serial_is_conforming());
  EXPECT_EQ(c.subject().to_string(), "CN=Builder Root,O=cpptls");
  EXPECT_EQ(c.issuer(), c.subject());
  EXPECT_EQ(c.not_before(), kNow - 3600);
  EXPECT_EQ(c.not_after(), kNow + 3652 * kDay);
  EXPECT_EQ(c.signature_algorithm().id, SignatureAlgorithmId::ecdsa_sha256);
  EXPECT_EQ(Bytes(c.public_key().spki.begin(), c.public_key().spki.end()), root.spki);
  const Extensions& e = c.extensions();
  EXPECT_TRUE(e.basic_constraints.present && e.basic_constraints.critical);
  EXPECT_TRUE(e.basic_constraints.ca);
  EXPECT_EQ(e.basic_constraints.path_length, 0u);
  EXPECT_TRUE(e.key_usage.present && e.key_usage.critical);
  EXPECT_EQ(e.key_usage.bits, static_cast<std::uint16_t>(KeyUsageBit::key_cert_sign) |
                                  static_cast<std::uint16_t>(KeyUsageBit::crl_sign));
  EXPECT_TRUE(e.subject_key_identifier.present);
  EXPECT_FALSE(e.subject_key_identifier.critical);
  EXPECT_EQ(Bytes(e.subject_key_identifier.key_identifier.begin(),
                  e.subject_key_identifier.key_identifier.end()),
            root.key_identifier);
  EXPECT_FALSE(e.authority_key_identifier.present);
  EXPECT_FALSE(e.extended_key_usage.present);
  EXPECT_FALSE(e.subject_alt_name.present);
  EXPECT_EQ(e.count, 3u);
}

TEST(CertificateBuilder, RootIsSelfSignedAndVerifiesAsItsOwnAnchor) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  auto key = provider().public_key(root.spki);
  ASSERT_TRUE(key);
  const SignatureAlgorithmInfo& algorithm = root.certificate->signature_algorithm();
  ASSERT_TRUE(algorithm.algorithm);
  EXPECT_TRUE(
      (*key)->verify(*algorithm.algorithm, root.certificate->tbs(), root.certificate->signature()));
}

TEST(CertificateBuilder, LeafHasTheFieldsAskedFor) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  const CertificateSpec spec = leaf_spec(root, *leaf_key);
  const ParsedCertificate leaf = issue(root, spec);
  const Certificate& c = *leaf;
  EXPECT_EQ(c.subject().to_string(), "CN=localhost");
  EXPECT_EQ(c.issuer().der().size(), root.name.size());
  EXPECT_EQ(c.issuer(), root.certificate->subject());
  const Extensions& e = c.extensions();
  EXPECT_TRUE(e.basic_constraints.present && e.basic_constraints.critical);
  EXPECT_FALSE(e.basic_constraints.ca);
  EXPECT_FALSE(e.basic_constraints.path_length);
  EXPECT_TRUE(e.key_usage.critical);
  EXPECT_EQ(e.key_usage.bits, static_cast<std::uint16_t>(KeyUsageBit::digital_signature));
  EXPECT_TRUE(e.extended_key_usage.present && !e.extended_key_usage.critical);
  EXPECT_TRUE(e.extended_key_usage.server_auth);
  EXPECT_FALSE(e.extended_key_usage.client_auth);
  ASSERT_TRUE(e.subject_alt_name.present);
  EXPECT_FALSE(e.subject_alt_name.critical);
  std::vector<std::string> names;
  for (const GeneralName& name : e.subject_alt_name.names) {
    names.push_back(name.kind == GeneralNameKind::ip_address ? "ip " + format_ip(name.value)
                                                             : "dns " + std::string(name.text()));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"dns localhost", "dns *.example.test", "ip 127.0.0.1",
                                             "ip ::1"}));
  ASSERT_TRUE(e.authority_key_identifier.key_identifier);
  EXPECT_EQ(Bytes(e.authority_key_identifier.key_identifier->begin(),
                  e.authority_key_identifier.key_identifier->end()),
            root.key_identifier);
  EXPECT_EQ(Bytes(e.subject_key_identifier.key_identifier.begin(),
                  e.subject_key_identifier.key_identifier.end()),
            spec.subject_key_identifier);
}

TEST(CertificateBuilder, TbsCertificateIsWhatTheIssuerSigned) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  const CertificateSpec spec = leaf_spec(root, *leaf_key);
  const ParsedCertificate leaf = issue(root, spec);
  auto tbs = encode_tbs_certificate(spec, crypto::SignatureScheme::ecdsa_secp256r1_sha256);
  ASSERT_TRUE(tbs);
  EXPECT_EQ(*tbs, Bytes(leaf->tbs().begin(), leaf->tbs().end()));
  // Deterministic: the same description gives the same bytes.
  EXPECT_EQ(encode_tbs_certificate(spec, crypto::SignatureScheme::ecdsa_secp256r1_sha256).value(),
            *tbs);
}

TEST(CertificateBuilder, LeafVerifiesForItsNamesAndAddressesOnly) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  const ParsedCertificate leaf = issue(root, leaf_spec(root, *leaf_key));
  for (const std::string host : {"localhost", "a.example.test", "127.0.0.1", "::1"}) {
    auto verified = verify(root, leaf, host);
    EXPECT_TRUE(verified) << host << ": " << verified.error().reason();
  }
  for (const std::string host : {"example.test", "other", "127.0.0.2"}) {
    auto refused = verify(root, leaf, host);
    ASSERT_FALSE(refused) << host;
    EXPECT_EQ(refused.error().code(), ErrorCode::certificate_name_mismatch) << host;
  }
  auto as_client = verify(root, leaf, "", Purpose::client_auth);
  EXPECT_FALSE(as_client);
}

// What `cpptls serve`'s local CA carries (issue 11, item 8): localhost, 127.0.0.1 and ::1.
NameConstraintsSpec localhost_only() {
  return NameConstraintsSpec{{"localhost"},
                             {{parse_ip("127.0.0.1").value(), 32}, {parse_ip("::1").value(), 128}}};
}

Issuer make_constrained_root() {
  auto key = new_key(crypto::KeyType::ec_p256);
  Bytes spki = spki_of(*key);
  Bytes identifier = key_identifier(provider(), spki).value();
  Bytes name = name_of("Constrained Root");
  CertificateSpec spec = root_spec(name, spki, identifier);
  spec.name_constraints = localhost_only();
  auto der = build_certificate(spec, *key, crypto::SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_TRUE(der) << der.error().reason();
  auto certificate = ParsedCertificate::parse(std::move(*der)).value();
  return Issuer{std::move(key), std::move(spki), std::move(identifier), std::move(name),
                std::move(certificate)};
}

TEST(CertificateBuilder, NameConstraintsAreWrittenCriticalWithTheirSubtrees) {
  const Issuer root = make_constrained_root();
  const auto& constraints = root.certificate->extensions().name_constraints;
  ASSERT_TRUE(constraints.present);
  EXPECT_TRUE(constraints.critical);
  ASSERT_EQ(constraints.permitted.size(), 3U);
  EXPECT_TRUE(constraints.excluded.empty());
}

TEST(CertificateBuilder, ConstrainedRootRefusesLeavesForOtherNames) {
  const Issuer root = make_constrained_root();
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  CertificateSpec inside = leaf_spec(root, *leaf_key);
  inside.dns_names = {"localhost"};
  const ParsedCertificate good = issue(root, inside);
  for (const std::string host : {"localhost", "127.0.0.1", "::1"}) {
    auto verified = verify(root, good, host);
    EXPECT_TRUE(verified) << host << ": " << verified.error().reason();
  }
  // The same key cannot vouch for another host, by name or by address, nor hide one among
  // permitted names.
  for (const auto& [names, ips, host] :
       {std::tuple{std::vector<std::string>{"example.com"}, std::vector<std::string>{},
                   std::string("example.com")},
        std::tuple{std::vector<std::string>{"localhost", "example.com"}, std::vector<std::string>{},
                   std::string("localhost")},
        std::tuple{std::vector<std::string>{}, std::vector<std::string>{"192.0.2.1"},
                   std::string("192.0.2.1")}}) {
    CertificateSpec outside = leaf_spec(root, *leaf_key);
    outside.dns_names = names;
    outside.ip_addresses.clear();
    for (const std::string& ip : ips)
      outside.ip_addresses.push_back(parse_ip(ip).value());
    auto refused = verify(root, issue(root, outside), host);
    ASSERT_FALSE(refused) << host;
    EXPECT_THAT(refused.error().reason(), HasSubstr("RFC 5280 4.2.1.10")) << host;
  }
}

TEST(CertificateBuilder, RefusesNameConstraintsOutsideACaOrMalformed) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  const auto scheme = crypto::SignatureScheme::ecdsa_secp256r1_sha256;
  CertificateSpec leaf = leaf_spec(root, *leaf_key);
  leaf.name_constraints = localhost_only();
  EXPECT_THAT(reason_of(build_certificate(leaf, *root.key, scheme)), HasSubstr("only for CA"));

  CertificateSpec ca = root_spec(root.name, root.spki, root.key_identifier);
  ca.name_constraints = NameConstraintsSpec{};
  EXPECT_THAT(reason_of(build_certificate(ca, *root.key, scheme)),
              HasSubstr("without a permitted"));
  ca.name_constraints = NameConstraintsSpec{{}, {{parse_ip("127.0.0.1").value(), 33}}};
  EXPECT_THAT(reason_of(build_certificate(ca, *root.key, scheme)), HasSubstr("not an address"));
  ca.name_constraints = NameConstraintsSpec{{}, {{parse_ip("127.0.0.1").value(), 8}}};
  EXPECT_THAT(reason_of(build_certificate(ca, *root.key, scheme)), HasSubstr("bits set"));
  ca.name_constraints = NameConstraintsSpec{{"*.example.com"}, {}};
  EXPECT_THAT(reason_of(build_certificate(ca, *root.key, scheme)), HasSubstr("not a host name"));
}

TEST(CertificateBuilder, RsaIssuerSignsWithPkcs1Sha256AndNullParameters) {
  const Issuer root = make_root(crypto::KeyType::rsa);
  EXPECT_EQ(root.certificate->signature_algorithm().id, SignatureAlgorithmId::rsa_pkcs1_sha256);
  // RFC 4055 5: SEQUENCE { sha256WithRSAEncryption, NULL }.
  EXPECT_EQ(to_hex(root.certificate->signature_algorithm().encoding),
            "300d06092a864886f70d01010b0500");
  const auto leaf_key = new_key(crypto::KeyType::rsa);
  CertificateSpec spec = leaf_spec(root, *leaf_key);
  spec.key_usage |= static_cast<std::uint16_t>(KeyUsageBit::key_encipherment);
  spec.extended_key_usage = {der::Oid(oid::kServerAuth), der::Oid(oid::kClientAuth)};
  const ParsedCertificate leaf = issue(root, spec);
  EXPECT_TRUE(leaf->extensions().key_usage.has(KeyUsageBit::key_encipherment));
  auto as_server = verify(root, leaf, "localhost");
  EXPECT_TRUE(as_server) << as_server.error().reason();
  auto as_client = verify(root, leaf, "", Purpose::client_auth);
  EXPECT_TRUE(as_client) << as_client.error().reason();
}

TEST(CertificateBuilder, EcdsaIssuerWritesNoParameters) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  // RFC 5758 3.2: SEQUENCE { ecdsa-with-SHA256 } and nothing else.
  EXPECT_EQ(to_hex(root.certificate->signature_algorithm().encoding), "300a06082a8648ce3d040302");
}

TEST(CertificateBuilder, Ed25519AndP384IssuersWork) {
  for (const crypto::KeyType type : {crypto::KeyType::ed25519, crypto::KeyType::ec_p384}) {
    const Issuer root = make_root(type);
    const auto leaf_key = new_key(crypto::KeyType::ec_p256);
    const ParsedCertificate leaf = issue(root, leaf_spec(root, *leaf_key));
    auto verified = verify(root, leaf, "localhost");
    EXPECT_TRUE(verified) << verified.error().reason();
  }
}

TEST(CertificateBuilder, TimesFrom2050AreGeneralizedTime) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  CertificateSpec spec = leaf_spec(root, *leaf_key);
  spec.not_after = der::to_unix_seconds(der::CivilTime{2060, 6, 1, 12, 0, 0});
  const ParsedCertificate leaf = issue(root, spec);
  EXPECT_EQ(leaf->not_after(), spec.not_after);
  const std::string hex = to_hex(leaf->tbs());
  EXPECT_THAT(hex, HasSubstr("180f" + to_hex(as_bytes("20600601120000Z"))));
}

TEST(CertificateBuilder, EmptySubjectMakesTheAltNamesCritical) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  CertificateSpec spec = leaf_spec(root, *leaf_key);
  spec.subject = encode_name({}).value();
  EXPECT_EQ(to_hex(spec.subject), "3000");
  const ParsedCertificate leaf = issue(root, spec);
  EXPECT_TRUE(leaf->subject().empty());
  EXPECT_TRUE(leaf->extensions().subject_alt_name.critical);  // RFC 5280 4.2.1.6
  auto verified = verify(root, leaf, "localhost");
  EXPECT_TRUE(verified) << verified.error().reason();

  spec.dns_names.clear();
  spec.ip_addresses.clear();
  auto unnamed =
      build_certificate(spec, *root.key, crypto::SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_THAT(reason_of(unnamed), HasSubstr("empty subject"));
}

TEST(CertificateBuilder, RefusesWhatRfc5280Forbids) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  const CertificateSpec good = leaf_spec(root, *leaf_key);
  const auto scheme = crypto::SignatureScheme::ecdsa_secp256r1_sha256;
  struct Case {
    std::string what;
    void (*mutate)(CertificateSpec&);
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"zero serial",
       [](CertificateSpec& s) {
         s.serial = {0, 0};
       },
       "positive"},
      {"empty serial", [](CertificateSpec& s) { s.serial.clear(); }, "positive"},
      {"21-octet serial", [](CertificateSpec& s) { s.serial = Bytes(21, 1); }, "20"},
      {"20 octets and a sign octet", [](CertificateSpec& s) { s.serial = Bytes(20, 0x80); },
       "21 octets"},
      {"empty issuer",
       [](CertificateSpec& s) {
         s.issuer = {0x30, 0x00};
       },
       "issuer"},
      {"garbage issuer",
       [](CertificateSpec& s) {
         s.issuer = {0x30, 0x02, 0x05, 0x00};
       },
       "issuer"},
      {"reversed validity", [](CertificateSpec& s) { std::swap(s.not_before, s.not_after); },
       "notBefore"},
      {"garbage key",
       [](CertificateSpec& s) {
         s.subject_public_key_info = {0x30, 0x00};
       },
       "certificate:"},
      {"keyCertSign in a leaf",
       [](CertificateSpec& s) {
         s.key_usage |= static_cast<std::uint16_t>(KeyUsageBit::key_cert_sign);
       },
       "keyCertSign"},
      {"pathLen in a leaf", [](CertificateSpec& s) { s.basic_constraints->path_length = 1; },
       "pathLenConstraint"},
      {"CA without SKI",
       [](CertificateSpec& s) {
         s.basic_constraints = BasicConstraintsSpec{true, std::nullopt};
         s.subject_key_identifier.clear();
       },
       "subjectKeyIdentifier"},
      {"bad host name", [](CertificateSpec& s) { s.dns_names = {"a..b"}; }, "'a..b'"},
      {"host name with a space", [](CertificateSpec& s) { s.dns_names = {"a b"}; }, "'a b'"},
      {"partial wildcard", [](CertificateSpec& s) { s.dns_names = {"f*.example"}; }, "f*"},
      {"three-octet address",
       [](CertificateSpec& s) {
         s.ip_addresses = {IpAddress{{1, 2, 3}, 3}};
       },
       "iPAddress"},
      {"unknown key usage bit", [](CertificateSpec& s) { s.key_usage = 0x200; }, "keyUsage"},
  };
  for (const Case& c : cases) {
    CertificateSpec spec = good;
    c.mutate(spec);
    auto built = build_certificate(spec, *root.key, scheme);
    ASSERT_FALSE(built) << c.what;
    EXPECT_EQ(built.error().code(), ErrorCode::invalid_argument) << c.what;
    EXPECT_THAT(built.error().reason(), HasSubstr(c.reason)) << c.what;
  }
}

TEST(CertificateBuilder, RefusesASchemeThatDoesNotSuitTheKey) {
  const Issuer root = make_root(crypto::KeyType::ec_p256);
  const auto leaf_key = new_key(crypto::KeyType::ec_p256);
  const CertificateSpec spec = leaf_spec(root, *leaf_key);
  auto rsa_with_ec_key =
      build_certificate(spec, *root.key, crypto::SignatureScheme::rsa_pkcs1_sha256);
  EXPECT_THAT(reason_of(rsa_with_ec_key), HasSubstr("does not suit"));
  auto pss = build_certificate(spec, *root.key, crypto::SignatureScheme::rsa_pss_rsae_sha256);
  EXPECT_THAT(reason_of(pss), HasSubstr("cannot sign certificates"));
  EXPECT_FALSE(certificate_signature_scheme(crypto::KeyType::rsa_pss));
}

TEST(CertificateBuilder, NamesAreUtf8ExceptTheCountry) {
  const std::vector<NameAttributeSpec> attributes = {{der::Oid(oid::kCountryName), "DE"},
                                                     {der::Oid(oid::kCommonName), "M\xc3\xbcller"}};
  auto name = encode_name(attributes);
  ASSERT_TRUE(name);
  // SEQUENCE { SET { SEQUENCE { countryName, PrintableString "DE" } },
  //            SET { SEQUENCE { commonName, UTF8String "Müller" } } }
  EXPECT_EQ(to_hex(*name),
            "301f310b3009060355040613024445311030"
            "0e06035504030c074dc3bc6c6c6572");
  const std::vector<NameAttributeSpec> long_country = {{der::Oid(oid::kCountryName), "DEU"}};
  EXPECT_FALSE(encode_name(long_country));
  const std::vector<NameAttributeSpec> too_long = {
      {der::Oid(oid::kCommonName), std::string(65, 'a')}};
  auto refused = encode_name(too_long);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().reason(), HasSubstr("1 to 64"));
  const std::vector<NameAttributeSpec> empty_value = {{der::Oid(oid::kCommonName), ""}};
  EXPECT_FALSE(encode_name(empty_value));
  const std::vector<NameAttributeSpec> bad_utf8 = {{der::Oid(oid::kCommonName), "\xff"}};
  EXPECT_FALSE(encode_name(bad_utf8));
}

TEST(CertificateBuilder, KeyIdentifierIs160BitsOfTheKeysSha256) {
  const auto a = new_key(crypto::KeyType::ec_p256);
  const auto b = new_key(crypto::KeyType::ec_p256);
  auto id_a = key_identifier(provider(), spki_of(*a));
  ASSERT_TRUE(id_a);
  EXPECT_EQ(id_a->size(), 20u);
  EXPECT_EQ(key_identifier(provider(), spki_of(*a)).value(), *id_a);
  EXPECT_NE(key_identifier(provider(), spki_of(*b)).value(), *id_a);
  EXPECT_FALSE(key_identifier(provider(), Bytes{0x30, 0x00}));
}

TEST(PemWriter, RoundTripsThroughTheReaderAtEveryLength) {
  for (std::size_t size = 0; size < 200; ++size) {
    Bytes der(size);
    for (std::size_t i = 0; i < size; ++i)
      der[i] = static_cast<std::uint8_t>(i * 7 + size);
    const std::string text = encode_pem("CERTIFICATE", der);
    auto blocks = read_pem_blocks(text);
    ASSERT_TRUE(blocks) << size << ": " << blocks.error().reason();
    ASSERT_EQ(blocks->size(), 1u);
    EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
    EXPECT_EQ(Bytes((*blocks)[0].der.begin(), (*blocks)[0].der.end()), der) << size;
    // RFC 7468 2: lines of exactly 64 characters but the last.
    std::size_t start = 0;
    std::vector<std::size_t> lengths;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
      lengths.push_back(end - start);
    ASSERT_GE(lengths.size(), 2u);
    for (std::size_t i = 1; i + 2 < lengths.size(); ++i)
      EXPECT_EQ(lengths[i], 64u) << size;
    if (lengths.size() > 2) {
      EXPECT_GT(lengths[lengths.size() - 2], 0u);
      EXPECT_LE(lengths[lengths.size() - 2], 64u);
    }
    const SecretBytes secret = encode_pem_secret("CERTIFICATE", der);
    EXPECT_EQ(std::string(secret.begin(), secret.end()), text);
  }
  EXPECT_EQ(encode_pem("X", as_bytes("abc")), "-----BEGIN X-----\nYWJj\n-----END X-----\n");
  EXPECT_EQ(encode_pem("X", as_bytes("ab")), "-----BEGIN X-----\nYWI=\n-----END X-----\n");
}

TEST(PrivateKeyExport, Pkcs8PemLoadsBackAsTheSameKey) {
  for (const crypto::KeyType type :
       {crypto::KeyType::ec_p256, crypto::KeyType::rsa, crypto::KeyType::ed25519}) {
    const auto key = new_key(type);
    auto pkcs8 = key->private_key_info();
    ASSERT_TRUE(pkcs8) << pkcs8.error().reason();
    const SecretBytes pem = encode_pem_secret("PRIVATE KEY", *pkcs8);
    auto loaded = provider().private_key_from_pem(as_chars(ByteView(pem.data(), pem.size())));
    ASSERT_TRUE(loaded) << loaded.error().reason();
    EXPECT_EQ((*loaded)->type(), type);
    EXPECT_EQ(spki_of(**loaded), spki_of(*key));
    auto from_der = provider().private_key_from_der(*pkcs8);
    ASSERT_TRUE(from_der) << from_der.error().reason();
    EXPECT_EQ(spki_of(**from_der), spki_of(*key));
  }
}

}  // namespace
}  // namespace cpptls::x509
