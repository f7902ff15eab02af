// TrustStore: anchors from PEM text, files, directories and the system store (honouring
// SSL_CERT_FILE and SSL_CERT_DIR), indexed by subject under RFC 5280 7.1 name matching.

#include "x509/trust_store.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"
#include "test_pki.hpp"

namespace cpptls::x509::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

ParsedCertificate load(std::string_view name) {
  auto parsed = ParsedCertificate::parse(pki_der(name));
  EXPECT_TRUE(parsed) << name;
  return *parsed;
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Sets an environment variable for the scope of a test, then restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(TrustStore, KeepsOneCopyOfTheSameCertificate) {
  TrustStore store;
  EXPECT_TRUE(store.empty());
  store.add(load("root-rsa"));
  store.add(load("root-rsa"));
  store.add(load("root-ec"));
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.contains(load("root-rsa")));
  EXPECT_FALSE(store.contains(load("int-rsa")));
}

TEST(TrustStore, AddsEveryCertificateOfAPemTextAndIgnoresTheTextBetween) {
  TrustStore store;
  const std::string text = "Bundle comment\n" + pki_pem("root-rsa") + "\nsubject=...\n" +
                           pki_pem("root-ec") + pki_pem("root-rsa");
  auto added = store.add_pem(text);
  ASSERT_TRUE(added) << added.error().reason();
  EXPECT_EQ(*added, 2u);
  EXPECT_EQ(*store.add_pem(pki_pem("root-ec")), 0u) << "already there";
}

TEST(TrustStore, RefusesAMalformedPemBlockNamingIt) {
  TrustStore store;
  std::string text = pki_pem("root-rsa") +
                     "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                     "-----END CERTIFICATE-----\n";
  auto added = store.add_pem(text);
  ASSERT_FALSE(added);
  EXPECT_THAT(added.error().reason(), HasSubstr("PEM block 2 (CERTIFICATE"));
}

TEST(TrustStore, FindsAnchorsByNameUnderRfc5280Matching) {
  // The subject is a PrintableString; the child's issuer a UTF8String with other case and
  // spacing: RFC 5280 7.1 calls them the same name.
  CertSpec spec = root_spec("ignored");
  spec.subject = name({{"2.5.4.6", printable("US")}, {"2.5.4.3", printable("Case Root")}});
  const Entity root = issue(spec, make_key(), nullptr);
  TrustStore store;
  store.add(root.certificate);
  CertSpec leaf = leaf_spec();
  leaf.issuer_name = name({{"2.5.4.6", printable("us")}, {"2.5.4.3", utf8("  case   ROOT ")}});
  const Entity child = issue(leaf, make_key(), &root);
  EXPECT_EQ(store.find_by_subject(child.certificate->issuer()).size(), 1u);
  auto result = verify_certificate(test_provider(), store, child.certificate, {}, options_for());
  EXPECT_TRUE(result) << reason_of(result);
  const Bytes other = name({{"2.5.4.3", utf8("Case Root")}});
  EXPECT_TRUE(store.find_by_subject(Name::from_validated(other)).empty()) << "C= missing";
}

TEST(TrustStore, LoadsAPemFileAndNamesAFileItCannotRead) {
  const fs::path file = scratch_dir() / "bundle.pem";
  write(file, pki_pem("root-rsa") + pki_pem("root-ec") + pki_pem("root-ed25519"));
  TrustStore store;
  auto loaded = store.load_file(file.string());
  ASSERT_TRUE(loaded) << loaded.error().reason();
  EXPECT_EQ(*loaded, 3u);
  auto missing = store.load_file((scratch_dir() / "missing.pem").string());
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().reason(), HasSubstr("missing.pem"));
}

TEST(TrustStore, LoadsADirectorySkippingFilesWithoutCertificates) {
  const fs::path dir = scratch_dir() / "certs";
  fs::create_directories(dir);
  write(dir / "a.pem", pki_pem("root-rsa"));
  write(dir / "0b1c2d3e.0", pki_pem("root-ec"));
  write(dir / "README", "not a certificate\n");
  write(dir / "broken.pem", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");
  fs::create_directories(dir / "subdir");
  TrustStore store;
  auto loaded = store.load_directory(dir.string());
  ASSERT_TRUE(loaded) << loaded.error().reason();
  EXPECT_EQ(*loaded, 2u);
  auto missing = store.load_directory((scratch_dir() / "no-such-dir").string());
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().reason(), HasSubstr("no-such-dir"));
}

TEST(TrustStore, SystemStoreHonoursSslCertFile) {
  const fs::path file = scratch_dir() / "env-bundle.pem";
  write(file, pki_pem("root-ec"));
  ScopedEnv cert_file("SSL_CERT_FILE", file.string());
  ScopedEnv cert_dir("SSL_CERT_DIR", std::nullopt);
  auto store = TrustStore::system();
  ASSERT_TRUE(store) << store.error().reason();
  EXPECT_EQ(store->size(), 1u);
  EXPECT_TRUE(store->contains(load("root-ec")));
}

TEST(TrustStore, SystemStoreHonoursSslCertDirAsAList) {
  const fs::path one = scratch_dir() / "dir-one";
  const fs::path two = scratch_dir() / "dir-two";
  fs::create_directories(one);
  fs::create_directories(two);
  write(one / "r.pem", pki_pem("root-rsa"));
  write(two / "e.pem", pki_pem("root-ec"));
  ScopedEnv cert_file("SSL_CERT_FILE", std::nullopt);
  ScopedEnv cert_dir("SSL_CERT_DIR", one.string() + ":" + two.string());
  auto store = TrustStore::system();
  ASSERT_TRUE(store) << store.error().reason();
  EXPECT_EQ(store->size(), 2u);
}

TEST(TrustStore, SystemStoreReportsAnUnreadableSslCertFile) {
  ScopedEnv cert_file("SSL_CERT_FILE", (scratch_dir() / "nothing.pem").string());
  ScopedEnv cert_dir("SSL_CERT_DIR", std::nullopt);
  auto store = TrustStore::system();
  ASSERT_FALSE(store);
  EXPECT_THAT(store.error().reason(), HasSubstr("nothing.pem"));
}

TEST(TrustStore, SystemStoreDefaultsToTheDebianBundle) {
  if (!fs::exists("/etc/ssl/certs/ca-certificates.crt")) GTEST_SKIP() << "no system bundle";
  ScopedEnv cert_file("SSL_CERT_FILE", std::nullopt);
  ScopedEnv cert_dir("SSL_CERT_DIR", std::nullopt);
  auto store = TrustStore::system();
  ASSERT_TRUE(store) << store.error().reason();
  EXPECT_GT(store->size(), 50u);
}

}  // namespace
}  // namespace cpptls::x509::testing
