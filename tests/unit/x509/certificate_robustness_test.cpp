// Hostile input: every truncation of a valid certificate fails, every single-byte corruption
// either fails cleanly or yields a certificate whose every field can be read; real-world
// certificates (the system store) parse.

#include <filesystem>

#include <gtest/gtest.h>

#include "test_pki.hpp"
#include "x509/certificate.hpp"
#include "x509/hostname.hpp"
#include "x509/pem.hpp"

namespace cpptls::x509 {
namespace {

// Reads every field, so that a corrupted certificate that still parses is shown to be
// internally consistent (and the sanitizers see any bad view). Returns a checksum so the
// work cannot be optimised away.
std::size_t touch(const Certificate& cert) {
  std::size_t sum = cert.der().size() + cert.tbs().size() + cert.serial().size() +
                    cert.signature().size() + static_cast<std::size_t>(cert.version());
  sum += cert.issuer().to_string().size() + cert.subject().to_string().size();
  sum += name_key(cert.issuer()).size() + (cert.is_self_issued() ? 1 : 0);
  sum += cert.signature_algorithm().describe().size() + cert.public_key().describe().size();
  sum += cert.public_key().spki.size() + cert.public_key().key.size();
  sum += static_cast<std::size_t>(cert.not_after() - cert.not_before()) & 0xff;
  sum += cert.describe().size();
  const Extensions& ext = cert.extensions();
  for (const GeneralName& name : ext.subject_alt_name.names) {
    sum += name.value.size() + name.directory_name().to_string().size() +
           name.other_name_type().to_string().size();
  }
  for (const GeneralNameList* list :
       {&ext.name_constraints.permitted, &ext.name_constraints.excluded}) {
    for (const GeneralName& name : *list)
      sum += name.value.size() + name.directory_name().attribute_count();
  }
  for (const der::Oid& purpose : ext.extended_key_usage.purposes)
    sum += purpose.to_string().size();
  for (const PolicyInformation& policy : ext.certificate_policies.policies) {
    sum += policy.policy.to_string().size() + policy.qualifiers.size();
  }
  for (const PolicyMapping& mapping : ext.policy_mappings.mappings) {
    sum += mapping.issuer_domain.bytes().size() + mapping.subject_domain.bytes().size();
  }
  for (const AccessDescription& access : ext.authority_info_access.descriptions) {
    sum += access.method.bytes().size() + access.location.value.size();
  }
  if (ext.authority_key_identifier.issuer) {
    for (const GeneralName& name : *ext.authority_key_identifier.issuer)
      sum += name.value.size();
  }
  for (const der::Oid& id : ext.unknown_critical)
    sum += extension_name(id).size();
  sum += match_host(cert, "www.example.org") ? 1 : 0;
  sum += match_host(cert, "192.0.2.1") ? 1 : 0;
  return sum;
}

std::vector<std::string> samples() {
  return {"leaf-rsa", "leaf-ec", "int-nc", "int-policy", "leaf-ed25519", "leaf-pss", "leaf-names"};
}

TEST(CertificateRobustness, EveryTruncationFails) {
  for (const std::string& name : samples()) {
    const Bytes der = testing::pki_der(name);
    ASSERT_TRUE(Certificate::parse(der)) << name;
    for (std::size_t cut = 0; cut < der.size(); ++cut) {
      const Bytes prefix(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(cut));
      auto result = Certificate::parse(prefix);
      ASSERT_FALSE(result) << name << " cut at " << cut;
      EXPECT_FALSE(result.error().reason().empty());
    }
  }
}

TEST(CertificateRobustness, EverySingleByteCorruptionIsHandled) {
  std::size_t parsed = 0;
  std::size_t refused = 0;
  for (const std::string& name : samples()) {
    const Bytes original = testing::pki_der(name);
    Bytes der = original;
    for (std::size_t at = 0; at < der.size(); ++at) {
      for (const auto change : {0x01, 0x80, 0xff}) {
        der[at] = static_cast<std::uint8_t>(original[at] ^ change);
        auto result = Certificate::parse(der);
        if (result) {
          ++parsed;
          EXPECT_GT(touch(*result), 0U);
        } else {
          ++refused;
          EXPECT_EQ(result.error().kind(), ErrorKind::decode);
        }
      }
      der[at] = original[at];
    }
  }
  // Both outcomes occur: corruption in a key or signature still parses, in structure not.
  EXPECT_GT(parsed, 0U);
  EXPECT_GT(refused, 0U);
}

TEST(CertificateRobustness, AppendedBytesAreRefused) {
  Bytes der = testing::pki_der("leaf-ec");
  der.push_back(0x00);
  auto result = Certificate::parse(der);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::trailing_data);
}

TEST(CertificateRobustness, EveryPkiCertificateCanBeTouched) {
  for (const auto& entry : std::filesystem::directory_iterator(testing::test_pki_dir())) {
    if (entry.path().extension() != ".der") continue;
    const Bytes der = testing::read_binary(entry.path());
    auto cert = Certificate::parse(der);
    ASSERT_TRUE(cert) << entry.path() << ": " << cert.error().reason();
    EXPECT_GT(touch(*cert), 0U);
  }
}

TEST(CertificateRobustness, SystemTrustStoreParses) {
  const std::filesystem::path bundle = "/etc/ssl/certs/ca-certificates.crt";
  if (!std::filesystem::exists(bundle)) GTEST_SKIP() << "no " << bundle;
  auto certs = parse_pem_certificates(testing::read_text(bundle));
  ASSERT_TRUE(certs) << certs.error().reason();
  EXPECT_GT(certs->size(), 50U);
  for (const ParsedCertificate& cert : *certs) {
    EXPECT_TRUE(cert->extensions().unknown_critical.empty()) << cert->describe();
    EXPECT_GT(touch(*cert), 0U);
  }
}

}  // namespace
}  // namespace cpptls::x509
