// Every root of the system store (Debian's /etc/ssl/certs/ca-certificates.crt) is usable as a
// trust anchor under the default VerifyOptions, the ones TLS connections and `cpptls verify`
// use: an anchor is trusted as the administrator configured it (verify.hpp,
// strict_anchor_profile). Skipped where the bundle is missing.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.hpp"
#include "x509/pem.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509::testing {
namespace {

constexpr const char* kDebianBundle = "/etc/ssl/certs/ca-certificates.crt";

struct Bundle {
  std::vector<ParsedCertificate> roots;
  TrustStore store;
};

Bundle load_bundle() {
  Bundle bundle;
  auto loaded = bundle.store.load_file(kDebianBundle);
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().reason());
  std::ostringstream text;
  text << std::ifstream(kDebianBundle, std::ios::binary).rdbuf();
  auto parsed = parse_pem_certificates(text.str());
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().reason());
  if (parsed) bundle.roots = std::move(*parsed);
  return bundle;
}

VerifyOptions options_now(bool strict) {
  VerifyOptions options;
  options.time = crypto::openssl::provider().now();
  options.purpose = Purpose::server_auth;
  options.strict_anchor_profile = strict;
  return options;
}

// The roots that check_trust_anchor refuses, each with the reason.
std::vector<std::string> refused_anchors(const Bundle& bundle, const VerifyOptions& options) {
  std::vector<std::string> refused;
  for (const ParsedCertificate& root : bundle.roots) {
    if (options.time > root->not_after()) continue;  // an expired root is refused rightly
    if (auto ok = check_trust_anchor(*root, options); !ok) {
      refused.push_back(ok.error().reason());
    }
  }
  return refused;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines)
    text += "  " + line + "\n";
  return text;
}

class SystemStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kDebianBundle)) {
      GTEST_SKIP() << kDebianBundle << " is missing (install ca-certificates)";
    }
  }
};

TEST_F(SystemStore, EveryRootCanIssueUnderTheDefaultOptions) {
  const Bundle bundle = load_bundle();
  ASSERT_GT(bundle.roots.size(), 50U);
  const auto refused = refused_anchors(bundle, options_now(false));
  EXPECT_TRUE(refused.empty()) << refused.size() << " of " << bundle.roots.size()
                               << " roots refused as trust anchors:\n"
                               << join(refused);
}

TEST_F(SystemStore, EveryRootVerifiesAsItsOwnPinnedChain) {
  const Bundle bundle = load_bundle();
  ASSERT_GT(bundle.roots.size(), 50U);
  const VerifyOptions options = options_now(false);
  std::vector<std::string> refused;
  for (const ParsedCertificate& root : bundle.roots) {
    if (options.time > root->not_after()) continue;
    auto verified =
        verify_certificate(crypto::openssl::provider(), bundle.store, root, {}, options);
    if (!verified) refused.push_back(verified.error().reason());
  }
  EXPECT_TRUE(refused.empty()) << refused.size() << " of " << bundle.roots.size()
                               << " roots refused as their own chain:\n"
                               << join(refused);
}

// The strict profile (x509-limbo's) still refuses roots that break the web PKI's rules for
// certificates; this pins that the option is what makes the difference above. Debian's
// bundle has several (basicConstraints not critical, no subjectKeyIdentifier, an
// authorityKeyIdentifier with issuer and serial); the names are printed for the record.
TEST_F(SystemStore, TheStrictAnchorProfileRefusesSomeRoots) {
  const Bundle bundle = load_bundle();
  const auto refused = refused_anchors(bundle, options_now(true));
  EXPECT_FALSE(refused.empty());
  std::printf("strict_anchor_profile refuses %zu of %zu roots:\n%s", refused.size(),
              bundle.roots.size(), join(refused).c_str());
}

}  // namespace
}  // namespace cpptls::x509::testing
