// RFC 8446 4.1.2: the second ClientHello, after a HelloRetryRequest, is the first one but for
// key_share, cookie, early_data, pre_shared_key and padding. Each allowed change is accepted;
// each other change is illegal_parameter with a reason that names it.
#include <string>

#include <gtest/gtest.h>

#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using wire::ExtensionType;

// A server that allows x25519 only; the first hello carries a P-256 share, so it is asked
// for an x25519 one.
ServerSettings x25519_only() {
  ServerSettings out = server_settings13(ec_credential());
  out.groups = {NamedGroup::x25519};
  return out;
}

Hello13 first_hello() {
  Hello13 hello;
  hello.shares->push_back(share_entry(NamedGroup::secp256r1));
  return hello;
}

// `second` with its key share replaced as the rules want.
Hello13 retried(Hello13 second) {
  second.shares = std::vector{share_entry(NamedGroup::x25519)};
  return second;
}

// The first hello, then the second; the result of the second, after checking that the
// first was answered with a HelloRetryRequest.
Expected<void> second_hello(const Hello13& first, const Hello13& second) {
  ScriptedClient client(x25519_only());
  EXPECT_TRUE(client.send(encode_hello13(first)).has_value());
  EXPECT_EQ(client.server().state_name(), "ExpectSecondClientHello");
  return client.send(encode_hello13(retried(second)));
}

// The same, then the client's Finished: true when the server is connected.
bool completes(const Hello13& first, const Hello13& second) {
  ScriptedClient client(x25519_only());
  if (!client.send(encode_hello13(first))) return false;
  auto answered = client.send(encode_hello13(retried(second)));
  EXPECT_TRUE(answered.has_value()) << answered.error().to_string();
  if (!answered) return false;
  return client.send(client.finished()).has_value() && client.server().is_complete();
}

void expect_refused(const Expected<void>& result, const std::string& named) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  EXPECT_NE(result.error().reason().find(named), std::string::npos) << result.error().reason();
}

// pre_shared_key bodies: identities with their obfuscated ages, one 32-byte binder each.
Bytes offered_psks(const std::vector<std::pair<std::string, std::uint8_t>>& identities,
                   std::uint8_t binder) {
  Bytes ids;
  Bytes binders;
  for (const auto& [name, age] : identities) {
    ids.push_back(0);
    ids.push_back(static_cast<std::uint8_t>(name.size()));
    ids.insert(ids.end(), name.begin(), name.end());
    ids.insert(ids.end(), {0, 0, 0, age});
    binders.push_back(32);
    binders.insert(binders.end(), 32, binder);
  }
  Bytes body = {static_cast<std::uint8_t>(ids.size() >> 8), static_cast<std::uint8_t>(ids.size())};
  body.insert(body.end(), ids.begin(), ids.end());
  body.push_back(static_cast<std::uint8_t>(binders.size() >> 8));
  body.push_back(static_cast<std::uint8_t>(binders.size()));
  body.insert(body.end(), binders.begin(), binders.end());
  return body;
}

Hello13 with_psks(Hello13 hello, const std::vector<std::pair<std::string, std::uint8_t>>& ids,
                  std::uint8_t binder) {
  hello.psk_modes = true;
  hello.extra.emplace_back(ExtensionType::pre_shared_key, offered_psks(ids, binder));
  return hello;
}

// --- allowed changes -----------------------------------------------------------------------

TEST(Server13RetryRules, AcceptsTheSameHelloWithTheShareAskedFor) {
  EXPECT_TRUE(completes(first_hello(), first_hello()));
}

TEST(Server13RetryRules, AcceptsPaddingAddedChangedOrRemoved) {
  Hello13 padded = first_hello();
  padded.extra.emplace_back(ExtensionType::padding, Bytes(10, 0));
  Hello13 padded_more = first_hello();
  padded_more.extra.emplace_back(ExtensionType::padding, Bytes(200, 0));
  EXPECT_TRUE(completes(first_hello(), padded));
  EXPECT_TRUE(completes(padded, padded_more));
  EXPECT_TRUE(completes(padded, first_hello()));
}

TEST(Server13RetryRules, AcceptsEarlyDataRemoved) {
  Hello13 first = first_hello();
  first.early_data = true;
  EXPECT_TRUE(completes(first, first_hello()));
}

TEST(Server13RetryRules, AcceptsPreSharedKeyUpdatedOrRemoved) {
  // None of these PSKs is ours, so the full handshake is carried out either way.
  const Hello13 first = with_psks(first_hello(), {{"ticket-a", 1}, {"ticket-b", 2}}, 0x11);
  // New ages and binders.
  EXPECT_TRUE(completes(first, with_psks(first_hello(), {{"ticket-a", 7}, {"ticket-b", 8}}, 0x22)));
  // A PSK dropped (one incompatible with the suite of the HelloRetryRequest).
  EXPECT_TRUE(completes(first, with_psks(first_hello(), {{"ticket-b", 9}}, 0x33)));
  // pre_shared_key dropped; psk_key_exchange_modes stays as it was.
  Hello13 without = first_hello();
  without.psk_modes = true;
  EXPECT_TRUE(completes(first, without));
}

// --- forbidden changes ---------------------------------------------------------------------

TEST(Server13RetryRules, RefusesChangedLegacyVersion) {
  ScriptedClient client(x25519_only());
  ASSERT_TRUE(client.send(encode_hello13(first_hello())).has_value());
  Bytes second = encode_hello13(retried(first_hello()));
  second[5] = 0x01;  // legacy_version 0x0301
  expect_refused(client.send(second), "legacy_version");
}

TEST(Server13RetryRules, RefusesChangedRandomOrSessionId) {
  Hello13 second = first_hello();
  second.random = Hello13::filled_random(0x43);
  expect_refused(second_hello(first_hello(), second), "random");
  second = first_hello();
  second.session_id = Bytes(32, 1);
  expect_refused(second_hello(first_hello(), second), "legacy_session_id");
}

TEST(Server13RetryRules, RefusesSuiteAddedOrRemoved) {
  Hello13 two_suites = first_hello();
  two_suites.suites = {CipherSuite::TLS_AES_128_GCM_SHA256, CipherSuite::TLS_AES_256_GCM_SHA384};
  expect_refused(second_hello(first_hello(), two_suites), "cipher_suites");
  expect_refused(second_hello(two_suites, first_hello()), "cipher_suites");
}

TEST(Server13RetryRules, RefusesExtensionAdded) {
  Hello13 second = first_hello();
  second.alpn = std::vector<std::string>{"h2"};
  expect_refused(second_hello(first_hello(), second), "adds");
}

TEST(Server13RetryRules, RefusesExtensionRemoved) {
  Hello13 first = first_hello();
  first.server_name = "example.com";
  expect_refused(second_hello(first, first_hello()), "drops server_name");
}

TEST(Server13RetryRules, RefusesExtensionChanged) {
  Hello13 second = first_hello();
  second.schemes = std::vector{crypto::SignatureScheme::ecdsa_secp256r1_sha256};
  expect_refused(second_hello(first_hello(), second), "signature_algorithms");

  Hello13 unknown = first_hello();
  unknown.extra.emplace_back(static_cast<ExtensionType>(0x7a7a), Bytes{1, 2, 3});
  Hello13 unknown_changed = first_hello();
  unknown_changed.extra.emplace_back(static_cast<ExtensionType>(0x7a7a), Bytes{1, 2, 4});
  expect_refused(second_hello(unknown, unknown_changed), "changes the body");
}

TEST(Server13RetryRules, RefusesSupportedVersionsChanged) {
  Hello13 second = first_hello();
  second.versions = std::vector{wire::ProtocolVersion::tls13};
  expect_refused(second_hello(first_hello(), second), "supported_versions");
}

TEST(Server13RetryRules, RefusesExtensionsReordered) {
  Hello13 first = first_hello();
  first.extra = {{static_cast<ExtensionType>(0x7a7a), Bytes{1}},
                 {static_cast<ExtensionType>(0x8a8a), Bytes{2}}};
  Hello13 second = first_hello();
  second.extra = {{static_cast<ExtensionType>(0x8a8a), Bytes{2}},
                  {static_cast<ExtensionType>(0x7a7a), Bytes{1}}};
  expect_refused(second_hello(first, second), "reorders");
}

TEST(Server13RetryRules, RefusesCookieTheRetryDidNotSend) {
  // RFC 8446 4.1.2: a cookie is added only "if one was provided in the HelloRetryRequest";
  // ours never carries one.
  Hello13 second = first_hello();
  second.cookie = true;
  expect_refused(second_hello(first_hello(), second), "adds cookie");
}

TEST(Server13RetryRules, RefusesEarlyDataInSecondHello) {
  Hello13 first = first_hello();
  first.early_data = true;
  expect_refused(second_hello(first, first), "early_data");
}

TEST(Server13RetryRules, RefusesPreSharedKeyAddedOrWithNewIdentity) {
  Hello13 modes_only = first_hello();
  modes_only.psk_modes = true;
  expect_refused(second_hello(modes_only, with_psks(first_hello(), {{"ticket-a", 1}}, 0x11)),
                 "adds pre_shared_key");
  const Hello13 first = with_psks(first_hello(), {{"ticket-a", 1}}, 0x11);
  expect_refused(second_hello(first, with_psks(first_hello(), {{"ticket-z", 1}}, 0x11)),
                 "PSK identity");
}

}  // namespace
}  // namespace cpptls::handshake::testing
