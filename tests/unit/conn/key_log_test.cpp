#include "conn/key_log.hpp"

#include <gtest/gtest.h>

#include "conn/trace.hpp"
#include "engine_pair.hpp"

namespace cpptls::conn::test {
namespace {

TEST(KeyLog, FormatsNssClientRandomLine) {
  Bytes random(32);
  for (std::size_t i = 0; i < random.size(); ++i)
    random[i] = static_cast<std::uint8_t>(i);
  const Bytes secret(48, 0xab);
  const auto line = key_log_line("CLIENT_RANDOM", random, secret);
  std::string want_secret;
  for (int i = 0; i < 48; ++i)
    want_secret += "ab";
  EXPECT_EQ(std::string(line.begin(), line.end()),
            "CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f " +
                want_secret);
}

TEST(SeedStep, NumbersTheSeedsMessagesBySender) {
  using wire::ContentType;
  using wire::HandshakeType;
  EXPECT_EQ(handshake_step(Side::client, ContentType::handshake, HandshakeType::client_hello), 1);
  EXPECT_EQ(handshake_step(Side::server, ContentType::handshake, HandshakeType::server_hello), 2);
  EXPECT_EQ(handshake_step(Side::server, ContentType::handshake, HandshakeType::certificate), 2);
  EXPECT_EQ(handshake_step(Side::client, ContentType::handshake, HandshakeType::certificate), 0);
  EXPECT_EQ(
      handshake_step(Side::client, ContentType::handshake, HandshakeType::client_key_exchange), 4);
  EXPECT_EQ(handshake_step(Side::client, ContentType::change_cipher_spec, HandshakeType::finished),
            7);
  EXPECT_EQ(handshake_step(Side::client, ContentType::handshake, HandshakeType::finished), 8);
  EXPECT_EQ(handshake_step(Side::server, ContentType::change_cipher_spec, HandshakeType::finished),
            9);
  EXPECT_EQ(handshake_step(Side::server, ContentType::handshake, HandshakeType::finished), 10);
  EXPECT_EQ(handshake_step(Side::server, ContentType::alert, HandshakeType::finished), 0);
}

}  // namespace
}  // namespace cpptls::conn::test
