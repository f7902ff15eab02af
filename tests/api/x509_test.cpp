// The public X.509 API (include/cpptls/x509.hpp): reading certificates, verifying chains and
// issuing certificates, on the PKI of make-tls-pki.sh (the one the CLI tests use) and on
// certificates issued by the builder itself.

#include "cpptls/x509.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

constexpr std::int64_t kDay = 86400;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Certificate load(std::string_view file) {
  auto certificate = Certificate::from_pem(read_text(pki(file)));
  EXPECT_TRUE(certificate.has_value()) << certificate.error().to_string();
  return std::move(*certificate);
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::int64_t now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

// ---- reading ----

TEST(ApiX509Certificate, ReadsTheFieldsOfALeaf) {
  const Certificate leaf = load("leaf-rsa.pem");
  const Certificate intermediate = load("int-rsa.pem");
  EXPECT_EQ(leaf.subject(), "CN=localhost");
  EXPECT_EQ(leaf.issuer(), intermediate.subject());
  EXPECT_EQ(leaf.dns_names(), std::vector<std::string>{"localhost"});
  EXPECT_EQ(leaf.ip_addresses(), std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(leaf.key_type(), KeyType::rsa);
  EXPECT_EQ(leaf.key_bits(), 2048u);
  EXPECT_EQ(leaf.key_description(), "RSA-2048");
  EXPECT_FALSE(leaf.is_ca());
  EXPECT_TRUE(intermediate.is_ca());
  EXPECT_LT(leaf.not_before(), leaf.not_after());
  EXPECT_FALSE(leaf.serial_hex().empty());
  EXPECT_TRUE(leaf.matches_name("localhost"));
  EXPECT_TRUE(leaf.matches_name("127.0.0.1"));
  EXPECT_FALSE(leaf.matches_name("example.com"));
  EXPECT_EQ(load("leaf-ec.pem").key_description(), "ECDSA P-256");
  EXPECT_EQ(load("leaf-ec.pem").key_type(), KeyType::ec_p256);
}

TEST(ApiX509Certificate, DerAndPemRoundTrip) {
  const Certificate leaf = load("leaf-rsa.pem");
  auto from_der = Certificate::from_der(leaf.der());
  ASSERT_TRUE(from_der.has_value());
  EXPECT_EQ(*from_der, leaf);
  auto from_pem = Certificate::from_pem(leaf.to_pem());
  ASSERT_TRUE(from_pem.has_value());
  EXPECT_EQ(*from_pem, leaf);
  EXPECT_FALSE(leaf == load("leaf-ec.pem"));
}

TEST(ApiX509Certificate, ReadsEveryCertificateOfAChain) {
  auto chain = Certificate::all_from_pem(read_text(pki("chain-rsa.pem")));
  ASSERT_TRUE(chain.has_value());
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0], load("leaf-rsa.pem"));
  EXPECT_EQ((*chain)[1], load("int-rsa.pem"));
  auto none = Certificate::all_from_pem("no PEM here");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST(ApiX509Certificate, FingerprintIsOpensslsSha256) {
  const std::string path = pki("leaf-rsa.pem");
  FILE* pipe = ::popen(("openssl x509 -noout -fingerprint -sha256 -in " + path).c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, pipe), nullptr);
  ::pclose(pipe);
  // "sha256 Fingerprint=AB:CD:..."
  std::string expected(line);
  expected = expected.substr(expected.find('=') + 1);
  expected.erase(expected.find_last_not_of("\r\n") + 1);
  auto fingerprint = load("leaf-rsa.pem").sha256_fingerprint(openssl_provider());
  ASSERT_TRUE(fingerprint.has_value());
  std::string text;
  for (const std::uint8_t byte : *fingerprint) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02X", byte);
    if (!text.empty()) text += ":";
    text += hex;
  }
  EXPECT_EQ(text, expected);
}

TEST(ApiX509Certificate, GarbagePemIsRefusedWithTheBlockNamed) {
  auto bad =
      Certificate::from_pem("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), TlsErrorKind::decode);
  EXPECT_TRUE(contains(bad.error().reason(), "CERTIFICATE")) << bad.error().reason();
}

TEST(ApiX509Certificate, TextWithoutCertificateSaysWhatItHolds) {
  auto none = Certificate::from_pem("hello");
  ASSERT_FALSE(none.has_value());
  EXPECT_TRUE(contains(none.error().reason(), "no CERTIFICATE")) << none.error().reason();
  auto key = Certificate::from_pem(read_text(pki("leaf-rsa.key")));
  ASSERT_FALSE(key.has_value());
  EXPECT_TRUE(contains(key.error().reason(), "found PRIVATE KEY")) << key.error().reason();
  EXPECT_EQ(pem_labels(read_text(pki("leaf-rsa.key"))), std::vector<std::string>{"PRIVATE KEY"});
}

TEST(ApiX509Certificate, GarbageDerIsRefused) {
  const std::vector<std::uint8_t> garbage = {0x30, 0x03, 0x02, 0x01};
  auto bad = Certificate::from_der(garbage);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), TlsErrorKind::decode);
  EXPECT_FALSE(bad.error().reason().empty());
}

TEST(ApiX509Names, CanonicalAddressesAndHostNames) {
  EXPECT_EQ(canonical_ip_address("2001:0db8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(canonical_ip_address("127.0.0.1"), "127.0.0.1");
  EXPECT_FALSE(canonical_ip_address("127.0.0"));
  EXPECT_FALSE(canonical_ip_address("localhost"));
  EXPECT_TRUE(is_valid_dns_name("www.example.com", false));
  EXPECT_TRUE(is_valid_dns_name("*.example.com", true));
  EXPECT_FALSE(is_valid_dns_name("*.example.com", false));
  EXPECT_FALSE(is_valid_dns_name("exa mple.com", true));
}

// ---- anchors ----

TEST(ApiX509Anchors, FromCertificatesKeepsEachOnce) {
  const Certificate root = load("root-rsa.pem");
  const std::vector<Certificate> twice = {root, root, load("root-ec.pem")};
  auto anchors = trust_anchors_from(twice);
  ASSERT_TRUE(anchors.has_value());
  EXPECT_EQ(anchors->size(), 2u);
  auto none = trust_anchors_from({});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST(ApiX509Anchors, DirectorySkipsFilesWithoutCertificates) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpptls-x509-dir-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(pki("root-rsa.pem"), dir / "root.pem",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / "notes.txt") << "not a certificate\n";
  auto found = certificates_from_directory(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front(), load("root-rsa.pem"));

  auto missing = certificates_from_directory("/nonexistent/cpptls-ca-dir");
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(contains(missing.error().reason(), "/nonexistent/cpptls-ca-dir"));
}

// ---- verification ----

struct Chain {
  Certificate leaf;
  std::vector<Certificate> intermediates;
};

Chain chain(std::string_view file) {
  auto all = Certificate::all_from_pem(read_text(pki(file)));
  EXPECT_TRUE(all.has_value() && !all->empty());
  return {all->front(), std::vector<Certificate>(all->begin() + 1, all->end())};
}

Result<std::vector<Certificate>> verify(const Chain& chain, const ChainVerifyOptions& options,
                                        std::string_view root = "rsa") {
  return verify_chain(openssl_provider(), anchors(root), chain.leaf, chain.intermediates, options);
}

ChainVerifyOptions for_host(std::string host) {
  ChainVerifyOptions options;
  options.host = std::move(host);
  return options;
}

TEST(ApiX509Verify, ReturnsThePathFromLeafToAnchor) {
  auto path = verify(chain("chain-rsa.pem"), for_host("localhost"));
  ASSERT_TRUE(path.has_value()) << path.error().to_string();
  ASSERT_EQ(path->size(), 3u);
  EXPECT_EQ((*path)[0], load("leaf-rsa.pem"));
  EXPECT_EQ((*path)[1], load("int-rsa.pem"));
  EXPECT_EQ((*path)[2], load("root-rsa.pem"));
  EXPECT_TRUE(verify(chain("chain-rsa.pem"), for_host("127.0.0.1")).has_value());
}

TEST(ApiX509Verify, WrongNameIsANameMismatch) {
  auto path = verify(chain("chain-rsa.pem"), for_host("example.com"));
  ASSERT_FALSE(path.has_value());
  EXPECT_EQ(path.error().kind(), TlsErrorKind::certificate);
  EXPECT_EQ(certificate_failure(path.error()), CertificateFailure::name_mismatch);
  EXPECT_TRUE(contains(path.error().reason(), "example.com")) << path.error().reason();
  EXPECT_EQ(certificate_failure(verify(chain("chain-rsa.pem"), for_host("127.0.0.2")).error()),
            CertificateFailure::name_mismatch);
}

TEST(ApiX509Verify, ExpiredLeafIsExpired) {
  auto path = verify(chain("chain-expired.pem"), for_host("localhost"));
  ASSERT_FALSE(path.has_value());
  EXPECT_EQ(certificate_failure(path.error()), CertificateFailure::expired);
  EXPECT_EQ(path.error().alert_name(), "certificate_expired");
}

TEST(ApiX509Verify, TimeOptionIsTheVerificationTime) {
  ChainVerifyOptions options = for_host("localhost");
  options.time = now() + 20 * 366 * kDay;  // after the 10-year test PKI
  auto path = verify(chain("chain-rsa.pem"), options);
  ASSERT_FALSE(path.has_value());
  EXPECT_EQ(certificate_failure(path.error()), CertificateFailure::expired);
}

TEST(ApiX509Verify, WrongPurposeIsRefused) {
  ChainVerifyOptions client = for_host("");
  client.purpose = CertificatePurpose::client_auth;
  auto server_only = verify(chain("chain-wrong.pem"), client);
  ASSERT_FALSE(server_only.has_value());
  EXPECT_EQ(server_only.error().kind(), TlsErrorKind::certificate);
  EXPECT_TRUE(contains(server_only.error().reason(), "clientAuth")) << server_only.error().reason();
  EXPECT_TRUE(verify(chain("chain-client.pem"), client).has_value());
  auto client_only = verify(chain("chain-client.pem"), for_host(""));
  ASSERT_FALSE(client_only.has_value());
  EXPECT_TRUE(contains(client_only.error().reason(), "serverAuth")) << client_only.error().reason();
}

TEST(ApiX509Verify, UnknownRootAndMissingIntermediateAreUntrusted) {
  auto other = verify(chain("chain-other.pem"), for_host("localhost"));
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(certificate_failure(other.error()), CertificateFailure::untrusted);
  EXPECT_EQ(other.error().alert_name(), "unknown_ca");
  Chain alone = chain("chain-rsa.pem");
  alone.intermediates.clear();
  auto missing = verify(alone, for_host("localhost"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(certificate_failure(missing.error()), CertificateFailure::untrusted);
  EXPECT_TRUE(contains(missing.error().reason(), "intermediate")) << missing.error().reason();
}

TEST(ApiX509Verify, FailureOfOtherErrorsIsNothing) {
  EXPECT_FALSE(
      certificate_failure(TlsError(TlsErrorKind::decode, TlsErrorCode::invalid_value, 50, "x")));
}

// ---- issuing ----

CertificateRequest ca_request(std::string name) {
  CertificateRequest request;
  request.organization = "cpptls";
  request.common_name = std::move(name);
  request.not_before = now() - 3600;
  request.not_after = now() + 30 * kDay;
  request.ca = true;
  return request;
}

CertificateRequest leaf_request(std::vector<std::string> names, std::vector<std::string> ips = {}) {
  CertificateRequest request;
  if (!names.empty() || !ips.empty())
    request.common_name = names.empty() ? ips.front() : names.front();
  request.dns_names = std::move(names);
  request.ip_addresses = std::move(ips);
  request.not_before = now() - 3600;
  request.not_after = now() + 7 * kDay;
  request.server_auth = true;
  return request;
}

PrivateKey new_key(KeyType type = KeyType::ec_p256) {
  auto key = PrivateKey::generate(openssl_provider(), type);
  EXPECT_TRUE(key.has_value()) << key.error().to_string();
  return std::move(*key);
}

CertificateAuthority new_root(std::string name = "test root") {
  auto root = CertificateAuthority::create_root(new_key(), ca_request(std::move(name)));
  EXPECT_TRUE(root.has_value()) << root.error().to_string();
  return std::move(*root);
}

Result<std::vector<Certificate>> verify_issued(const CertificateAuthority& root,
                                               const Certificate& leaf,
                                               const std::vector<Certificate>& intermediates,
                                               const ChainVerifyOptions& options) {
  const std::vector<Certificate> roots = {root.certificate()};
  auto trust = trust_anchors_from(roots);
  EXPECT_TRUE(trust.has_value());
  return verify_chain(openssl_provider(), *trust, leaf, intermediates, options);
}

TEST(ApiX509Builder, SelfSignedRoot) {
  const CertificateAuthority root = new_root("my root");
  EXPECT_EQ(root.certificate().subject(), "CN=my root,O=cpptls");
  EXPECT_EQ(root.certificate().issuer(), root.certificate().subject());
  EXPECT_TRUE(root.certificate().is_ca());
  EXPECT_TRUE(root.key().matches(root.certificate()));
  EXPECT_EQ(root.certificate().serial_hex().size(), 32u);  // 16 random octets
  EXPECT_FALSE(root.certificate().has_name_constraints());
  EXPECT_EQ(root.certificate().subject_key_identifier().size(), 20u);
  auto leaf = root.issue(leaf_request({"localhost"}), new_key());
  ASSERT_TRUE(leaf.has_value());
  EXPECT_EQ(leaf->authority_key_identifier(), root.certificate().subject_key_identifier());
  EXPECT_EQ(leaf->issuer(), root.certificate().subject());
}

TEST(ApiX509Builder, LeafForNamesAndAddressesVerifies) {
  const CertificateAuthority root = new_root();
  const PrivateKey key = new_key(KeyType::rsa);
  auto leaf =
      root.issue(leaf_request({"www.example.com", "*.example.org"}, {"192.0.2.1", "::1"}), key);
  ASSERT_TRUE(leaf.has_value()) << leaf.error().to_string();
  EXPECT_EQ(leaf->dns_names(), (std::vector<std::string>{"www.example.com", "*.example.org"}));
  EXPECT_EQ(leaf->ip_addresses(), (std::vector<std::string>{"192.0.2.1", "::1"}));
  EXPECT_EQ(leaf->key_description(), "RSA-2048");
  EXPECT_TRUE(key.matches(*leaf));
  for (const char* host : {"www.example.com", "a.example.org", "192.0.2.1", "::1"}) {
    auto path = verify_issued(root, *leaf, {}, for_host(host));
    ASSERT_TRUE(path.has_value()) << host << ": " << path.error().to_string();
    EXPECT_EQ(path->size(), 2u);
  }
  EXPECT_FALSE(verify_issued(root, *leaf, {}, for_host("example.net")).has_value());
}

TEST(ApiX509Builder, ConstrainedIntermediateRefusesOtherNames) {
  const CertificateAuthority root = new_root();
  CertificateRequest request = ca_request("constrained");
  request.path_length = 0;
  request.permitted_dns_names = {"example.com"};
  request.permitted_ip_ranges = {"192.0.2.0/24"};
  const PrivateKey key = new_key();
  auto intermediate_certificate = root.issue(request, key);
  ASSERT_TRUE(intermediate_certificate.has_value()) << intermediate_certificate.error().to_string();
  EXPECT_TRUE(intermediate_certificate->has_name_constraints());
  auto intermediate = CertificateAuthority::from(*intermediate_certificate, key);
  ASSERT_TRUE(intermediate.has_value()) << intermediate.error().to_string();
  const std::vector<Certificate> chain = {*intermediate_certificate};

  auto inside = intermediate->issue(leaf_request({"www.example.com"}, {"192.0.2.7"}), new_key());
  ASSERT_TRUE(inside.has_value()) << inside.error().to_string();
  auto ok = verify_issued(root, *inside, chain, for_host("www.example.com"));
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  EXPECT_EQ(ok->size(), 3u);

  auto outside = intermediate->issue(leaf_request({"evil.example"}), new_key());
  ASSERT_TRUE(outside.has_value()) << outside.error().to_string();
  auto refused = verify_issued(root, *outside, chain, for_host("evil.example"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(certificate_failure(refused.error()), CertificateFailure::invalid);
  EXPECT_TRUE(contains(refused.error().reason(), "evil.example")) << refused.error().reason();
}

TEST(ApiX509Builder, ClientCertificateIsForClientAuthOnly) {
  const CertificateAuthority root = new_root();
  CertificateRequest request = leaf_request({}, {});
  request.common_name = "alice";
  request.server_auth = false;
  request.client_auth = true;
  request.dns_names.clear();
  auto client = root.issue(request, new_key());
  ASSERT_TRUE(client.has_value()) << client.error().to_string();
  EXPECT_EQ(client->subject(), "CN=alice");
  ChainVerifyOptions as_client;
  as_client.purpose = CertificatePurpose::client_auth;
  EXPECT_TRUE(verify_issued(root, *client, {}, as_client).has_value());
  EXPECT_FALSE(verify_issued(root, *client, {}, ChainVerifyOptions{}).has_value());
}

TEST(ApiX509Builder, ExpiredLeafForTests) {
  const CertificateAuthority root = new_root();
  CertificateRequest request = leaf_request({"localhost"});
  request.not_before = now() - 10 * kDay;
  request.not_after = now() - kDay;
  auto leaf = root.issue(request, new_key());
  ASSERT_TRUE(leaf.has_value()) << leaf.error().to_string();
  auto refused = verify_issued(root, *leaf, {}, for_host("localhost"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(certificate_failure(refused.error()), CertificateFailure::expired);
}

TEST(ApiX509Builder, IssuedCertificateServesTls) {
  const CertificateAuthority root = new_root();
  const PrivateKey key = new_key();
  auto leaf = root.issue(leaf_request({"localhost"}), key);
  ASSERT_TRUE(leaf.has_value());
  auto key_pem = key.to_pem();
  ASSERT_TRUE(key_pem.has_value());
  auto credential = Credential::from_pem(openssl_provider(), leaf->to_pem(), *key_pem);
  ASSERT_TRUE(credential.has_value()) << credential.error().to_string();
  ServerConfig server = server_config();
  server.credentials = {*credential};
  ClientConfig client = client_config();
  const std::vector<Certificate> roots = {root.certificate()};
  client.trust = *trust_anchors_from(roots);
  Pair pair = connected(client, server);
  EXPECT_FALSE(pair.client.error.has_value());
}

TEST(ApiX509Builder, BadRequestsAreRefusedWithTheField) {
  const CertificateAuthority root = new_root();
  auto bad_ip = root.issue(leaf_request({"localhost"}, {"300.1.1.1"}), new_key());
  ASSERT_FALSE(bad_ip.has_value());
  EXPECT_TRUE(contains(bad_ip.error().reason(), "300.1.1.1")) << bad_ip.error().reason();
  auto bad_name = root.issue(leaf_request({"exa mple.com"}), new_key());
  ASSERT_FALSE(bad_name.has_value());
  EXPECT_TRUE(contains(bad_name.error().reason(), "exa mple.com")) << bad_name.error().reason();
  CertificateRequest too_long = leaf_request({"localhost"});
  too_long.not_after = root.certificate().not_after() + kDay;
  auto outlives = root.issue(too_long, new_key());
  ASSERT_FALSE(outlives.has_value());
  EXPECT_TRUE(contains(outlives.error().reason(), "after its CA")) << outlives.error().reason();
  CertificateRequest range = ca_request("bad range");
  range.permitted_ip_ranges = {"10.0.0.0"};
  auto bad_range = root.issue(range, new_key());
  ASSERT_FALSE(bad_range.has_value());
  EXPECT_TRUE(contains(bad_range.error().reason(), "10.0.0.0")) << bad_range.error().reason();
  auto not_ca = CertificateAuthority::create_root(new_key(), leaf_request({"localhost"}));
  ASSERT_FALSE(not_ca.has_value());
  EXPECT_EQ(not_ca.error().kind(), TlsErrorKind::api_misuse);
}

TEST(ApiX509Builder, FromRefusesALeafAndAForeignKey) {
  const CertificateAuthority root = new_root();
  const PrivateKey key = new_key();
  auto leaf = root.issue(leaf_request({"localhost"}), key);
  ASSERT_TRUE(leaf.has_value());
  auto leaf_as_ca = CertificateAuthority::from(*leaf, key);
  ASSERT_FALSE(leaf_as_ca.has_value());
  EXPECT_TRUE(contains(leaf_as_ca.error().reason(), "not a CA")) << leaf_as_ca.error().reason();
  auto foreign = CertificateAuthority::from(root.certificate(), key);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_TRUE(contains(foreign.error().reason(), "not the key")) << foreign.error().reason();
}

TEST(ApiX509Builder, PrivateKeyPemRoundTripAndGarbage) {
  const PrivateKey key = new_key(KeyType::ec_p384);
  EXPECT_EQ(key.description(), "ECDSA P-384");
  auto pem = key.to_pem();
  ASSERT_TRUE(pem.has_value());
  EXPECT_TRUE(contains(*pem, "-----BEGIN PRIVATE KEY-----"));
  auto again = PrivateKey::from_pem(openssl_provider(), *pem);
  ASSERT_TRUE(again.has_value()) << again.error().to_string();
  EXPECT_EQ(again->public_key_info(), key.public_key_info());
  auto garbage = PrivateKey::from_pem(openssl_provider(), "not a key");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_FALSE(garbage.error().reason().empty());
  auto small = PrivateKey::generate(openssl_provider(), KeyType::rsa, 1024);
  ASSERT_FALSE(small.has_value());
  EXPECT_TRUE(contains(small.error().reason(), "1024"));
}

}  // namespace
}  // namespace cpptls::api_test
