// The server's ticket keys: sealed tickets open with the current and the previous key only,
// and any alteration makes a ticket unopenable (never an error). The ticket plaintext
// round-trips and refuses truncation.
#include "handshake/common/ticket_keys.hpp"

#include <gtest/gtest.h>

#include "handshake/common/session_cache.hpp"
#include "handshake/common/session_ticket.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

std::shared_ptr<TicketKeys> make_keys() {
  auto keys = TicketKeys::create(real_provider());
  EXPECT_TRUE(keys.has_value());
  return *keys;
}

const Bytes kPlaintext = {1, 2, 3, 4, 5, 6, 7, 8, 9};

TEST(TicketKeys, OpensWhatItSealed) {
  auto keys = make_keys();
  auto ticket = keys->seal(kPlaintext);
  ASSERT_TRUE(ticket.has_value());
  EXPECT_EQ(ticket->size(), 16 + 12 + kPlaintext.size() + 16);
  auto opened = keys->open(*ticket);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(Bytes(opened->begin(), opened->end()), kPlaintext);
}

TEST(TicketKeys, SealsWithAFreshNonceEachTime) {
  auto keys = make_keys();
  EXPECT_NE(*keys->seal(kPlaintext), *keys->seal(kPlaintext));
}

TEST(TicketKeys, AnyAlteredByteMakesTheTicketUnopenable) {
  auto keys = make_keys();
  const Bytes ticket = *keys->seal(kPlaintext);
  for (std::size_t i = 0; i < ticket.size(); ++i) {
    Bytes altered = ticket;
    altered[i] ^= 0x80;
    EXPECT_FALSE(keys->open(altered).has_value()) << "byte " << i;
  }
  EXPECT_FALSE(keys->open(ByteView(ticket).first(20)).has_value());
  EXPECT_FALSE(keys->open({}).has_value());
}

TEST(TicketKeys, PreviousKeyOpensAfterOneRotationNotTwo) {
  auto keys = make_keys();
  const Bytes ticket = *keys->seal(kPlaintext);
  ASSERT_TRUE(keys->rotate().has_value());
  EXPECT_TRUE(keys->open(ticket).has_value());
  ASSERT_TRUE(keys->rotate().has_value());
  EXPECT_FALSE(keys->open(ticket).has_value());
}

TEST(TicketKeys, AnotherServersKeysDoNotOpen) {
  EXPECT_FALSE(make_keys()->open(*make_keys()->seal(kPlaintext)).has_value());
}

ServerSessionState sample_state() {
  ServerSessionState state;
  state.version = wire::ProtocolVersion::tls12;
  state.cipher_suite = crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  state.group = crypto::NamedGroup::x25519;
  state.secret = SecretBytes(48, 0x5a);
  state.created = 1700000000;
  state.lifetime = 7200;
  state.ticket_age_add = 0xdeadbeef;
  state.extended_master_secret = true;
  state.alpn = "h2";
  state.server_name = "www.example.com";
  state.client.policy = ClientAuth::request;
  state.client.verified = true;
  state.client.anchors.fill(0x33);
  state.client.verifier.fill(0x44);
  state.client.chain = {Bytes{0x30, 0x01, 0x00}};
  return state;
}

TEST(ServerSessionState, RoundTrips) {
  const ServerSessionState state = sample_state();
  auto decoded = ServerSessionState::decode(state.encode());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->version, state.version);
  EXPECT_EQ(decoded->cipher_suite, state.cipher_suite);
  EXPECT_EQ(decoded->group, crypto::NamedGroup::x25519);
  EXPECT_EQ(decoded->secret, state.secret);
  EXPECT_EQ(decoded->created, state.created);
  EXPECT_EQ(decoded->lifetime, state.lifetime);
  EXPECT_EQ(decoded->ticket_age_add, state.ticket_age_add);
  EXPECT_TRUE(decoded->extended_master_secret);
  EXPECT_EQ(decoded->alpn, "h2");
  EXPECT_EQ(decoded->server_name, "www.example.com");
  EXPECT_EQ(decoded->client.policy, ClientAuth::request);
  EXPECT_TRUE(decoded->client.verified);
  EXPECT_EQ(decoded->client.anchors, state.client.anchors);
  EXPECT_EQ(decoded->client.verifier, state.client.verifier);
  EXPECT_EQ(decoded->client.chain, state.client.chain);
  ServerSessionState unverified = sample_state();
  unverified.client.verified = false;
  auto reread = ServerSessionState::decode(unverified.encode());
  ASSERT_TRUE(reread.has_value());
  EXPECT_FALSE(reread->client.verified);
  // RSA key transport: no group.
  ServerSessionState rsa = sample_state();
  rsa.group.reset();
  auto without = ServerSessionState::decode(rsa.encode());
  ASSERT_TRUE(without.has_value());
  EXPECT_FALSE(without->group.has_value());
}

TEST(ServerSessionState, RefusesAGroupWeDoNotImplement) {
  // The group's two bytes are where an x25519 (0x001d) and a secp256r1 (0x0017) session differ.
  ServerSessionState x25519 = sample_state();
  ServerSessionState p256 = sample_state();
  p256.group = crypto::NamedGroup::secp256r1;
  SecretBytes encoded = x25519.encode();
  const SecretBytes other = p256.encode();
  ASSERT_EQ(encoded.size(), other.size());
  std::size_t differing = 0, at = 0;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != other[i]) {
      ++differing;
      at = i;
    }
  }
  ASSERT_EQ(differing, 1u);
  encoded[at] = 0x19;  // secp521r1
  EXPECT_FALSE(ServerSessionState::decode(encoded).has_value());
}

TEST(ServerSessionState, RefusesEveryTruncationAndTrailingBytes) {
  const SecretBytes encoded = sample_state().encode();
  for (std::size_t size = 0; size < encoded.size(); ++size)
    EXPECT_FALSE(ServerSessionState::decode(ByteView(encoded).first(size)).has_value()) << size;
  SecretBytes longer = encoded;
  longer.push_back(0);
  EXPECT_FALSE(ServerSessionState::decode(longer).has_value());
}

TEST(ServerSessionState, RefusesAVerifiedFlagOtherThanZeroOrOne) {
  // The flag's byte is the one where a verified and an unverified encoding differ.
  ServerSessionState verified = sample_state();
  ServerSessionState unverified = sample_state();
  unverified.client.verified = false;
  SecretBytes encoded = verified.encode();
  const SecretBytes other = unverified.encode();
  ASSERT_EQ(encoded.size(), other.size());
  std::size_t differing = 0, at = 0;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != other[i]) {
      ++differing;
      at = i;
    }
  }
  ASSERT_EQ(differing, 1u);
  encoded[at] = 2;
  EXPECT_FALSE(ServerSessionState::decode(encoded).has_value());
}

TEST(SessionCache, FindsUntilExpiryAndEvictsTheOldest) {
  SessionCache cache(2, 100);
  const Bytes a = {1}, b = {2}, c = {3};
  ServerSessionState state = sample_state();
  state.created = 1000;
  cache.store(a, state);
  cache.store(b, state);
  EXPECT_TRUE(cache.find(a, 1050).has_value());
  EXPECT_FALSE(cache.find(a, 1100).has_value());  // lifetime 100 s
  cache.store(a, state);
  cache.store(c, state);  // evicts b, the oldest
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_FALSE(cache.find(b, 1010).has_value());
  EXPECT_TRUE(cache.find(c, 1010).has_value());
}

}  // namespace
}  // namespace cpptls::handshake::testing
