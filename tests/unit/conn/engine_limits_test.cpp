// What a peer may repeat without sending application data (issue 11, item 4): 32 empty
// records, 32 warning alerts and 32 renegotiation requests pass, the 33rd of a kind ends the
// connection with unexpected_message and a reason naming the limit, and application data
// starts every count again. (TLS 1.3 KeyUpdates: tests/api/limits_test.cpp.)

#include <string>

#include <gtest/gtest.h>

#include "engine_pair.hpp"

namespace cpptls::conn::test {
namespace {

using wire::ContentType;

constexpr std::size_t kLimit = 32;

// Records from one side, sealed in order after the handshake's Finished (record 0).
class PeerRecords {
 public:
  explicit PeerRecords(Side writer) : writer_(writer) {}

  void add(ContentType type, ByteView content, std::size_t times = 1) {
    for (std::size_t i = 0; i < times; ++i) {
      const Bytes record = sealed_record(writer_, next_++, type, content);
      stream_.insert(stream_.end(), record.begin(), record.end());
    }
  }
  [[nodiscard]] Bytes take() { return std::exchange(stream_, Bytes()); }

 private:
  Side writer_;
  std::uint64_t next_ = 1;
  Bytes stream_;
};

const std::uint8_t kWarning[] = {1, 42};                 // warning bad_certificate
const std::uint8_t kHelloRequest[] = {0, 0, 0, 0};       // to a client
const std::uint8_t kClientHello[] = {1, 0, 0, 2, 3, 3};  // to a server (the fake reads no body)
const std::uint8_t kData[] = {'d', 'a', 't', 'a'};

void expect_refused(const Expected<void>& delivered, const std::string& what) {
  ASSERT_FALSE(delivered.has_value());
  EXPECT_EQ(delivered.error().code(), ErrorCode::unexpected_message);
  EXPECT_EQ(delivered.error().alert(), AlertDescription::unexpected_message);
  EXPECT_NE(delivered.error().reason().find("too many " + what), std::string::npos)
      << delivered.error().reason();
  EXPECT_NE(delivered.error().reason().find("more than 32"), std::string::npos);
}

TEST(EngineLimits, Accepts32EmptyRecordsAndRefusesThe33rd) {
  auto pair = make_pair();
  run_handshake(*pair);
  PeerRecords peer(Side::client);
  peer.add(ContentType::application_data, {}, kLimit);
  ASSERT_TRUE(deliver(peer.take(), pair->server).has_value());
  peer.add(ContentType::application_data, {});
  expect_refused(deliver(peer.take(), pair->server), "empty application data records");
}

TEST(EngineLimits, Accepts32WarningAlertsAndRefusesThe33rd) {
  auto pair = make_pair();
  run_handshake(*pair);
  PeerRecords peer(Side::server);
  peer.add(ContentType::alert, kWarning, kLimit);
  ASSERT_TRUE(deliver(peer.take(), pair->client).has_value());
  peer.add(ContentType::alert, kWarning);
  expect_refused(deliver(peer.take(), pair->client), "warning alerts");
}

TEST(EngineLimits, ClientAccepts32HelloRequestsAndRefusesThe33rd) {
  auto pair = make_pair();
  run_handshake(*pair);
  PeerRecords peer(Side::server);
  peer.add(ContentType::handshake, kHelloRequest, kLimit);
  ASSERT_TRUE(deliver(peer.take(), pair->client).has_value());
  peer.add(ContentType::handshake, kHelloRequest);
  expect_refused(deliver(peer.take(), pair->client), "renegotiation requests");
}

TEST(EngineLimits, ServerAccepts32ClientHellosAfterTheHandshakeAndRefusesThe33rd) {
  auto pair = make_pair();
  run_handshake(*pair);
  PeerRecords peer(Side::client);
  peer.add(ContentType::handshake, kClientHello, kLimit);
  ASSERT_TRUE(deliver(peer.take(), pair->server).has_value());
  peer.add(ContentType::handshake, kClientHello);
  expect_refused(deliver(peer.take(), pair->server), "renegotiation requests");
}

TEST(EngineLimits, RenegotiationRequestsDoNotStartTheOtherCountsAgain) {
  // Each renegotiation request makes us send a warning; in turn with warning alerts from the
  // peer they must not go on forever.
  auto pair = make_pair();
  run_handshake(*pair);
  PeerRecords peer(Side::server);
  for (std::size_t i = 0; i < kLimit; ++i) {
    peer.add(ContentType::alert, kWarning);
    peer.add(ContentType::handshake, kHelloRequest);
  }
  ASSERT_TRUE(deliver(peer.take(), pair->client).has_value());
  peer.add(ContentType::alert, kWarning);
  expect_refused(deliver(peer.take(), pair->client), "warning alerts");
}

TEST(EngineLimits, ApplicationDataStartsEveryCountAgain) {
  auto pair = make_pair();
  run_handshake(*pair);
  PeerRecords peer(Side::server);
  for (int round = 0; round < 3; ++round) {
    peer.add(ContentType::application_data, {}, kLimit);
    peer.add(ContentType::alert, kWarning, kLimit);
    peer.add(ContentType::handshake, kHelloRequest, kLimit);
    peer.add(ContentType::application_data, kData);
  }
  ASSERT_TRUE(deliver(peer.take(), pair->client).has_value());
  EXPECT_FALSE(pair->client.engine->io_state().failed);
  EXPECT_EQ(pair->client.received.size(), 3 * sizeof(kData));
}

}  // namespace
}  // namespace cpptls::conn::test
