// The server's choice of certificate (handshake/common/credential_choice.hpp): by the client's
// server_name first (RFC 9525 on the leaf's subjectAltName), the default when no certificate
// has the name, then the first candidate the caller's predicate accepts.

#include "handshake/common/credential_choice.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "unit/handshake/mutual12.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

bool is_ec(const Credential& credential) {
  return credential.key->type() == crypto::KeyType::ec_p256;
}
bool is_rsa(const Credential& credential) {
  return credential.key->type() == crypto::KeyType::rsa;
}
bool anything(const Credential& /*credential*/) {
  return true;
}

// [0] leaf-ec: *.example.com, example.com (ECDSA), the default
// [1] leaf-rsa: www.example.org, example.org, 192.0.2.1 ... (RSA)
// [2] leaf-ec-org: www.example.org, example.org (ECDSA)
const std::vector<Credential>& credentials() {
  static const std::vector<Credential> list = {ec_credential(), rsa_credential(),
                                               ec_org_credential()};
  return list;
}

// Indexes into credentials() of the candidates for `name`.
std::vector<std::size_t> candidates_for(std::string_view name) {
  std::vector<std::size_t> out;
  for (const Credential* candidate : credential_candidates(credentials(), name))
    out.push_back(static_cast<std::size_t>(candidate - credentials().data()));
  return out;
}

const Credential* chosen(std::string_view name, const CredentialPredicate& can_serve) {
  return choose_credential(credentials(), name, can_serve);
}

TEST(CredentialChoice, TheCredentialsForTheNameInConfigurationOrder) {
  EXPECT_EQ(candidates_for("www.example.org"), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(candidates_for("example.org"), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(candidates_for("a.example.com"), (std::vector<std::size_t>{0}));
}

TEST(CredentialChoice, NoNameMeansEveryCertificateTheDefaultFirst) {
  EXPECT_EQ(candidates_for(""), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(chosen("", anything), &credentials()[0]);
}

TEST(CredentialChoice, ANameNoCertificateHasMeansEveryCertificateTheDefaultFirst) {
  EXPECT_EQ(candidates_for("www.example.net"), (std::vector<std::size_t>{0, 1, 2}));
  // The wildcard covers one label only (RFC 9525 6.3).
  EXPECT_EQ(candidates_for("a.b.example.org"), (std::vector<std::size_t>{0, 1, 2}));
  // Not a host name at all.
  EXPECT_EQ(candidates_for("not a name"), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(CredentialChoice, NamesMatchWithoutRegardToCaseOrATrailingDot) {
  EXPECT_EQ(candidates_for("WWW.Example.ORG."), (std::vector<std::size_t>{1, 2}));
}

TEST(CredentialChoice, WildcardNamesMatchOneLabel) {
  EXPECT_EQ(chosen("mail.example.com", anything), &credentials()[0]);
}

TEST(CredentialChoice, AmongTheNamesCertificatesThePredicateDecides) {
  EXPECT_EQ(chosen("www.example.org", is_rsa), &credentials()[1]);
  EXPECT_EQ(chosen("www.example.org", is_ec), &credentials()[2]);
  EXPECT_EQ(chosen("www.example.org", anything), &credentials()[1]);
}

TEST(CredentialChoice, NeverFallsBackToAnotherNamesCertificate) {
  // The default (ECDSA) could serve an ECDSA-only client, but it is for another name; only
  // the name's own certificates are candidates.
  const auto neither = [](const Credential&) { return false; };
  EXPECT_EQ(chosen("www.example.org", neither), nullptr);
  EXPECT_EQ(chosen("a.example.com", is_rsa), nullptr);
}

TEST(CredentialChoice, WithoutANameMatchAClientThatRefusesTheDefaultGetsAnotherKey) {
  EXPECT_EQ(chosen("", is_rsa), &credentials()[1]);
  EXPECT_EQ(chosen("www.example.net", is_rsa), &credentials()[1]);
}

TEST(CredentialChoice, SkipsCredentialsWithoutAChainOrAKey) {
  std::vector<Credential> list = {ec_credential(), rsa_credential(), ec_org_credential()};
  list[1].key = nullptr;
  list[2].chain.clear();
  EXPECT_EQ(credential_candidates(list, "www.example.org"),
            (std::vector<const Credential*>{&list[0]}));
  EXPECT_EQ(credential_candidates(list, ""), (std::vector<const Credential*>{&list[0]}));
  list[0].key = nullptr;
  EXPECT_TRUE(credential_candidates(list, "").empty());
  EXPECT_EQ(choose_credential(list, "", anything), nullptr);
}

TEST(CredentialChoice, NoCredentialsNoCandidates) {
  EXPECT_TRUE(credential_candidates({}, "www.example.org").empty());
  EXPECT_EQ(choose_credential({}, "", anything), nullptr);
}

}  // namespace
}  // namespace cpptls::handshake::testing
