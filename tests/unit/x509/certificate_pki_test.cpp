// Certificates made by tests/pki/make-test-pki.sh, parsed and checked field by field, with
// the openssl command line as an independent oracle where it can be one.

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "test_pki.hpp"
#include "x509/certificate.hpp"
#include "x509/der/time.hpp"
#include "x509/ip_address.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509 {
namespace {

using testing::pki_der;
using testing::run_command;
using testing::test_pki_dir;

const std::vector<std::string>& all_names() {
  static const std::vector<std::string> names = {
      "root-rsa",       "root-ec",      "root-ed25519", "int-rsa",        "int-ec",
      "int-nc",         "int-policy",   "int-not-ca",   "leaf-rsa",       "leaf-ec",
      "leaf-ed25519",   "leaf-expired", "leaf-2050",    "leaf-pss",       "leaf-sha1",
      "leaf-v1",        "leaf-nc-ok",   "leaf-nc-bad",  "leaf-of-not-ca", "leaf-unknown-critical",
      "leaf-many-sans", "leaf-names"};
  return names;
}

ParsedCertificate load(const std::string& name) {
  auto parsed = ParsedCertificate::parse(pki_der(name));
  EXPECT_TRUE(parsed) << name << ": " << (parsed ? "" : parsed.error().reason());
  if (!parsed) std::abort();
  return *parsed;
}

std::map<std::string, std::string> openssl_fields(const std::string& name) {
  const std::string pem = (test_pki_dir() / (name + ".pem")).string();
  const std::string text =
      run_command("openssl x509 -in '" + pem +
                  "' -noout -serial -subject -issuer -startdate -enddate -nameopt RFC2253 "
                  "-dateopt iso_8601");
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

std::string upper_hex_magnitude(ByteView serial) {
  if (serial.size() > 1 && serial[0] == 0) serial = serial.subspan(1);
  std::string hex = to_hex(serial);
  for (char& c : hex)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

std::string openssl_time(std::int64_t t) {
  std::string text = der::format_time(t);  // 2024-03-01T00:00:00Z
  text[10] = ' ';
  return text;
}

TEST(CertificatePki, EveryCertificateMatchesOpensslsReading) {
  for (const std::string& name : all_names()) {
    SCOPED_TRACE(name);
    const ParsedCertificate cert = load(name);
    const auto fields = openssl_fields(name);
    EXPECT_EQ(upper_hex_magnitude(cert->serial()), fields.at("serial"));
    EXPECT_EQ(openssl_time(cert->not_before()), fields.at("notBefore"));
    EXPECT_EQ(openssl_time(cert->not_after()), fields.at("notAfter"));
    EXPECT_EQ(cert->issuer().to_string(), fields.at("issuer"));
    if (name != "leaf-names") {  // openssl reverses the inside of multi-valued RDNs too
      EXPECT_EQ(cert->subject().to_string(), fields.at("subject"));
    }
    EXPECT_TRUE(cert->serial_is_conforming());
  }
}

TEST(CertificatePki, PublicKeyInfoIsTheWholeSpki) {
  for (const std::string name : {"leaf-rsa", "leaf-ec", "root-ec", "leaf-ed25519"}) {
    SCOPED_TRACE(name);
    const ParsedCertificate cert = load(name);
    const auto& dir = test_pki_dir();
    const std::string out = (testing::scratch_dir() / (name + ".spki.der")).string();
    EXPECT_EQ(run_command("openssl x509 -in '" + (dir / (name + ".pem")).string() +
                          "' -noout -pubkey | openssl pkey -pubin -outform DER -out '" + out + "'"),
              "");
    const Bytes expected = testing::read_binary(out);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(Bytes(cert->public_key().spki.begin(), cert->public_key().spki.end()), expected);
  }
}

TEST(CertificatePki, TbsAndSignatureVerifyWithOpenssl) {
  // The views must be exactly the signed bytes and the signature.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"leaf-rsa", "int-rsa"}, {"leaf-ec", "int-ec"}, {"int-rsa", "root-rsa"}};
  for (const auto& [leaf, issuer] : pairs) {
    SCOPED_TRACE(leaf);
    const ParsedCertificate cert = load(leaf);
    const auto& dir = test_pki_dir();
    const auto tbs_path = testing::scratch_dir() / (leaf + ".tbs");
    const auto sig_path = testing::scratch_dir() / (leaf + ".sig");
    std::ofstream(tbs_path, std::ios::binary)
        .write(reinterpret_cast<const char*>(cert->tbs().data()),
               static_cast<std::streamsize>(cert->tbs().size()));
    std::ofstream(sig_path, std::ios::binary)
        .write(reinterpret_cast<const char*>(cert->signature().data()),
               static_cast<std::streamsize>(cert->signature().size()));
    const std::string pub = (testing::scratch_dir() / (issuer + ".pub")).string();
    EXPECT_EQ(run_command("openssl x509 -in '" + (dir / (issuer + ".pem")).string() +
                          "' -noout -pubkey > '" + pub + "'"),
              "");
    const std::string result =
        run_command("openssl dgst -sha256 -verify '" + pub + "' -signature '" + sig_path.string() +
                    "' '" + tbs_path.string() + "' 2>&1");
    EXPECT_EQ(result, "Verified OK\n");
  }
}

TEST(CertificatePki, LeafRsaCarriesEveryExtension) {
  const ParsedCertificate cert = load("leaf-rsa");
  const ParsedCertificate issuer = load("int-rsa");
  const ParsedCertificate root = load("root-rsa");
  EXPECT_EQ(cert->version(), 3);
  EXPECT_EQ(cert->signature_algorithm().id, SignatureAlgorithmId::rsa_pkcs1_sha256);
  ASSERT_TRUE(cert->signature_algorithm().algorithm);
  EXPECT_EQ(cert->signature_algorithm().algorithm->kind, crypto::SignatureKind::rsa_pkcs1);
  EXPECT_EQ(cert->signature_algorithm().algorithm->hash, crypto::HashAlgorithm::sha256);
  EXPECT_EQ(cert->signature_algorithm().describe(), "sha256WithRSAEncryption");
  EXPECT_EQ(cert->public_key().algorithm, KeyAlgorithm::rsa);
  EXPECT_EQ(cert->public_key().key_type, crypto::KeyType::rsa);
  EXPECT_EQ(cert->signature().size(), 256U);
  EXPECT_TRUE(names_match(cert->issuer(), issuer->subject()));
  EXPECT_FALSE(cert->is_self_issued());

  const Extensions& ext = cert->extensions();
  EXPECT_EQ(ext.count, 9U);
  EXPECT_TRUE(ext.unknown_critical.empty());
  EXPECT_TRUE(ext.basic_constraints.present);
  EXPECT_TRUE(ext.basic_constraints.critical);
  EXPECT_FALSE(ext.basic_constraints.ca);
  EXPECT_FALSE(ext.basic_constraints.path_length);
  EXPECT_TRUE(ext.key_usage.critical);
  EXPECT_EQ(ext.key_usage.bits, static_cast<std::uint16_t>(KeyUsageBit::digital_signature) |
                                    static_cast<std::uint16_t>(KeyUsageBit::key_encipherment));
  EXPECT_TRUE(ext.extended_key_usage.present);
  EXPECT_FALSE(ext.extended_key_usage.critical);
  EXPECT_TRUE(ext.extended_key_usage.server_auth);
  EXPECT_TRUE(ext.extended_key_usage.client_auth);
  EXPECT_FALSE(ext.extended_key_usage.any);
  EXPECT_EQ(ext.extended_key_usage.purposes.size(), 2U);
  EXPECT_EQ(ext.extended_key_usage.purposes.begin()->to_string(), "1.3.6.1.5.5.7.3.1");

  EXPECT_EQ(ext.subject_key_identifier.key_identifier.size(), 20U);
  ASSERT_TRUE(ext.authority_key_identifier.key_identifier);
  EXPECT_TRUE(std::ranges::equal(*ext.authority_key_identifier.key_identifier,
                                 issuer->extensions().subject_key_identifier.key_identifier));
  ASSERT_TRUE(ext.authority_key_identifier.issuer);
  ASSERT_EQ(ext.authority_key_identifier.issuer->size(), 1U);
  EXPECT_TRUE(
      names_match(ext.authority_key_identifier.issuer->begin()->directory_name(), root->subject()));
  ASSERT_TRUE(ext.authority_key_identifier.serial);
  EXPECT_TRUE(std::ranges::equal(*ext.authority_key_identifier.serial, issuer->serial()));

  std::vector<std::string> sans;
  for (const GeneralName& name : ext.subject_alt_name.names) {
    std::string text(x509::name(name.kind));
    text += ':';
    switch (name.kind) {
      case GeneralNameKind::ip_address:
        text += format_ip(name.value);
        break;
      case GeneralNameKind::directory_name:
        text += name.directory_name().to_string();
        break;
      case GeneralNameKind::other_name:
        text += name.other_name_type().to_string();
        break;
      case GeneralNameKind::registered_id:
        text += der::Oid(name.value).to_string();
        break;
      default:
        text += name.text();
    }
    sans.push_back(text);
  }
  EXPECT_EQ(sans, (std::vector<std::string>{
                      "dNSName:www.example.org", "dNSName:example.org", "iPAddress:192.0.2.1",
                      "iPAddress:2001:db8::1", "rfc822Name:admin@example.org",
                      "uniformResourceIdentifier:https://www.example.org/",
                      "directoryName:CN=directory name,O=Directory Example,C=US",
                      "otherName:1.3.6.1.4.1.311.20.2.3", "registeredID:1.2.3.4"}));

  ASSERT_EQ(ext.certificate_policies.policies.size(), 1U);
  const PolicyInformation policy = *ext.certificate_policies.policies.begin();
  EXPECT_EQ(policy.policy.to_string(), "2.23.140.1.2.1");
  EXPECT_FALSE(policy.qualifiers.empty());
  EXPECT_FALSE(ext.certificate_policies.any_policy);
  EXPECT_EQ(ext.authority_info_access.descriptions.size(), 2U);
  EXPECT_EQ(std::string(ext.authority_info_access.descriptions.begin()->location.text()),
            "http://ca.example.org/int.der");
  EXPECT_FALSE(ext.name_constraints.present);
  EXPECT_FALSE(ext.policy_constraints.present);
}

TEST(CertificatePki, RootsAreSelfIssuedWithTheirKeyTypes) {
  const ParsedCertificate rsa = load("root-rsa");
  const ParsedCertificate ec = load("root-ec");
  const ParsedCertificate ed = load("root-ed25519");
  for (const ParsedCertificate* root : {&rsa, &ec, &ed}) {
    EXPECT_TRUE((*root)->is_self_issued());
    EXPECT_TRUE((*root)->extensions().basic_constraints.ca);
    EXPECT_TRUE((*root)->extensions().key_usage.has(KeyUsageBit::key_cert_sign));
    EXPECT_TRUE((*root)->extensions().key_usage.has(KeyUsageBit::crl_sign));
    EXPECT_FALSE((*root)->extensions().key_usage.has(KeyUsageBit::digital_signature));
    EXPECT_FALSE((*root)->extensions().authority_key_identifier.present);
  }
  EXPECT_EQ(ec->public_key().algorithm, KeyAlgorithm::ec_p384);
  EXPECT_EQ(ec->public_key().describe(), "ECDSA P-384");
  EXPECT_EQ(ec->signature_algorithm().id, SignatureAlgorithmId::ecdsa_sha256);  // default_md sha256
  EXPECT_EQ(ed->public_key().key_type, crypto::KeyType::ed25519);
  EXPECT_EQ(ed->public_key().key.size(), 32U);
  EXPECT_EQ(ed->signature_algorithm().id, SignatureAlgorithmId::ed25519);
  EXPECT_EQ(ed->signature().size(), 64U);
}

TEST(CertificatePki, IntermediatesExposeConstraintsAndPolicies) {
  const ParsedCertificate rsa = load("int-rsa");
  EXPECT_TRUE(rsa->extensions().basic_constraints.ca);
  EXPECT_EQ(rsa->extensions().basic_constraints.path_length, 0U);
  EXPECT_EQ(rsa->extensions().certificate_policies.policies.size(), 2U);
  EXPECT_TRUE(rsa->extensions().certificate_policies.any_policy);

  const ParsedCertificate ec = load("int-ec");
  EXPECT_FALSE(ec->extensions().basic_constraints.path_length);
  EXPECT_TRUE(ec->extensions().extended_key_usage.server_auth);
  EXPECT_EQ(ec->public_key().algorithm, KeyAlgorithm::ec_p256);

  const ParsedCertificate policy = load("int-policy");
  const Extensions& ext = policy->extensions();
  EXPECT_TRUE(ext.policy_constraints.critical);
  EXPECT_EQ(ext.policy_constraints.require_explicit_policy, 0U);
  EXPECT_EQ(ext.policy_constraints.inhibit_policy_mapping, 1U);
  EXPECT_TRUE(ext.inhibit_any_policy.present);
  EXPECT_TRUE(ext.inhibit_any_policy.critical);
  EXPECT_EQ(ext.inhibit_any_policy.skip_certs, 2U);
  ASSERT_EQ(ext.policy_mappings.mappings.size(), 1U);
  EXPECT_TRUE(ext.policy_mappings.critical);
  EXPECT_EQ(ext.policy_mappings.mappings.begin()->issuer_domain.to_string(), "1.3.6.1.4.1.99999.1");
  EXPECT_EQ(ext.policy_mappings.mappings.begin()->subject_domain.to_string(),
            "1.3.6.1.4.1.99999.3");

  const ParsedCertificate not_ca = load("int-not-ca");
  EXPECT_TRUE(not_ca->extensions().basic_constraints.present);
  EXPECT_FALSE(not_ca->extensions().basic_constraints.ca);
  EXPECT_TRUE(not_ca->extensions().key_usage.has(KeyUsageBit::key_cert_sign));
}

TEST(CertificatePki, NameConstraintsListBothSubtrees) {
  const ParsedCertificate cert = load("int-nc");
  const NameConstraints& nc = cert->extensions().name_constraints;
  EXPECT_TRUE(nc.present);
  EXPECT_TRUE(nc.critical);
  std::vector<std::string> permitted;
  for (const GeneralName& name : nc.permitted) {
    if (name.kind == GeneralNameKind::ip_address) {
      permitted.push_back("IP:" + format_ip(name.value));
    } else if (name.kind == GeneralNameKind::directory_name) {
      permitted.push_back("DN:" + name.directory_name().to_string());
    } else {
      permitted.push_back(std::string(x509::name(name.kind)) + ":" + std::string(name.text()));
    }
  }
  EXPECT_EQ(permitted, (std::vector<std::string>{
                           "dNSName:example.com", "IP:192.0.2.0/24", "rfc822Name:example.com",
                           "uniformResourceIdentifier:.example.com", "DN:O=cpptls tests"}));
  std::vector<std::string> excluded;
  for (const GeneralName& name : nc.excluded) {
    excluded.push_back(name.kind == GeneralNameKind::ip_address ? format_ip(name.value)
                                                                : std::string(name.text()));
  }
  EXPECT_EQ(excluded, (std::vector<std::string>{"bad.example.com", "2001:db8::/32"}));
}

TEST(CertificatePki, ValidityInBothTimeEncodings) {
  const ParsedCertificate expired = load("leaf-expired");
  EXPECT_EQ(expired->not_before(), 946684800);  // 2000-01-01 (UTCTime)
  EXPECT_EQ(expired->not_after(), 978307200);   // 2001-01-01
  const ParsedCertificate late = load("leaf-2050");
  EXPECT_EQ(late->not_before(), 1893456000);  // 2030-01-01, UTCTime
  EXPECT_EQ(late->not_after(), 2556144000);   // 2051-01-01, GeneralizedTime
}

TEST(CertificatePki, SignatureAlgorithmsAreRecognised) {
  const ParsedCertificate pss = load("leaf-pss");
  EXPECT_EQ(pss->signature_algorithm().id, SignatureAlgorithmId::rsa_pss);
  ASSERT_TRUE(pss->signature_algorithm().algorithm);
  EXPECT_EQ(pss->signature_algorithm().algorithm->kind, crypto::SignatureKind::rsa_pss);
  EXPECT_EQ(pss->signature_algorithm().algorithm->hash, crypto::HashAlgorithm::sha256);
  EXPECT_EQ(pss->signature_algorithm().algorithm->pss_salt_length, 32);
  EXPECT_EQ(pss->signature_algorithm().describe(), "RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)");

  const ParsedCertificate sha1 = load("leaf-sha1");
  EXPECT_EQ(sha1->signature_algorithm().id, SignatureAlgorithmId::rsa_pkcs1_sha1);
  EXPECT_TRUE(sha1->signature_algorithm().uses_weak_hash());
  EXPECT_FALSE(sha1->signature_algorithm().algorithm);
  EXPECT_EQ(sha1->signature_algorithm().describe(), "sha1WithRSAEncryption");

  const ParsedCertificate ed = load("leaf-ed25519");
  EXPECT_EQ(ed->signature_algorithm().algorithm->kind, crypto::SignatureKind::ed25519);
}

TEST(CertificatePki, VersionOneHasNoExtensions) {
  const ParsedCertificate cert = load("leaf-v1");
  EXPECT_EQ(cert->version(), 1);
  EXPECT_EQ(cert->extensions().count, 0U);
  EXPECT_FALSE(cert->extensions().basic_constraints.present);
  EXPECT_TRUE(cert->extensions().subject_alt_name.names.empty());
}

TEST(CertificatePki, UnknownCriticalExtensionIsListed) {
  const ParsedCertificate cert = load("leaf-unknown-critical");
  ASSERT_EQ(cert->extensions().unknown_critical.size(), 1U);
  EXPECT_EQ(cert->extensions().unknown_critical[0].to_string(), "1.3.6.1.4.1.55738.666.1");
  // Non-critical unknown extensions (cRLDistributionPoints here) are not listed.
  EXPECT_TRUE(load("leaf-rsa")->extensions().unknown_critical.empty());
}

TEST(CertificatePki, ThousandsOfSubjectAltNamesParse) {
  const ParsedCertificate cert = load("leaf-many-sans");
  EXPECT_EQ(cert->extensions().subject_alt_name.names.size(), 3000U);
  std::size_t count = 0;
  for (const GeneralName& name : cert->extensions().subject_alt_name.names) {
    ++count;
    if (count == 3000) {
      EXPECT_EQ(name.text(), "host3000.example.com");
    }
  }
  EXPECT_EQ(count, 3000U);
}

TEST(CertificatePki, OddNamesParseAndMatchThemselves) {
  const ParsedCertificate cert = load("leaf-names");
  const Name& subject = cert->subject();
  EXPECT_EQ(subject.rdn_count(), 6U);
  EXPECT_EQ(subject.attribute_count(), 7U);
  EXPECT_TRUE(names_match(subject, subject));
  EXPECT_EQ(attribute_text(subject, der::Oid(oid::kCommonName)), "Names  Test");
}

TEST(CertificatePki, ChainsLinkIssuerToSubject) {
  const std::vector<std::pair<std::string, std::string>> links = {
      {"leaf-rsa", "int-rsa"},         {"int-rsa", "root-rsa"},   {"leaf-ec", "int-ec"},
      {"int-ec", "root-ec"},           {"leaf-nc-bad", "int-nc"}, {"leaf-of-not-ca", "int-not-ca"},
      {"leaf-ed25519", "root-ed25519"}};
  for (const auto& [child, parent] : links) {
    EXPECT_TRUE(names_match(load(child)->issuer(), load(parent)->subject())) << child;
    EXPECT_FALSE(names_match(load(child)->issuer(), load(child)->subject())) << child;
  }
}

TEST(ParsedCertificate, OwnsItsBytesAndSharesThemOnCopy) {
  std::optional<ParsedCertificate> copy;
  {
    Bytes der = pki_der("leaf-ec");
    auto parsed = ParsedCertificate::copy_of(der);
    ASSERT_TRUE(parsed);
    std::fill(der.begin(), der.end(), 0);  // the parsed copy must not care
    copy = *parsed;
  }
  EXPECT_EQ(copy->certificate().subject().to_string(), "CN=*.example.com,O=Example");
  const ParsedCertificate again = *copy;
  EXPECT_EQ(again.der().data(), copy->der().data());
  EXPECT_TRUE(again == *copy);
  EXPECT_FALSE(again == load("leaf-rsa"));
}

TEST(ParsedCertificate, ParseTakesTheBytesWithoutCopying) {
  Bytes der = pki_der("leaf-ec");
  const std::uint8_t* data = der.data();
  auto parsed = ParsedCertificate::parse(std::move(der));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->der().data(), data);
}

}  // namespace
}  // namespace cpptls::x509
