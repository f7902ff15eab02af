// Ticket keys rotating on the caller's clock (ServerSessions::rotate_if_due, issue 11 item 7):
// explicit times, never the test's own clock, drive the rotation; real TLS 1.3 handshakes in
// memory show which tickets still resume.

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

constexpr std::int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z, any time will do
constexpr std::int64_t kHour = 3600;

std::shared_ptr<ServerSessions> hourly_sessions() {
  ServerSessionsOptions options;
  options.rotation_interval_seconds = kHour;
  auto sessions = ServerSessions::create(openssl_provider(), options);
  EXPECT_TRUE(sessions) << sessions.error().reason();
  return *sessions;
}

class TicketRotation : public ::testing::Test {
 protected:
  void SetUp() override {
    sessions_ = hourly_sessions();
    server_ = server_config(true);
    server_.min_version = ProtocolVersion::tls13;
    server_.sessions = sessions_;
  }

  // A client with its own ticket cache, filled by one full handshake now.
  [[nodiscard]] ClientConfig client_with_tickets() const {
    ClientConfig client = client_config();
    client.session_cache = std::make_shared<SessionCache>();
    EXPECT_FALSE(handshake_resumes(client));
    EXPECT_GT(client.session_cache->size(), 0U);
    return client;
  }

  // Whether a handshake of `client` resumed (a full handshake must still succeed).
  [[nodiscard]] bool handshake_resumes(const ClientConfig& client) const {
    Pair pair = connected(client, server_);
    if (!pair.client.connection || !pair.server.connection) return false;
    pump(pair);  // the NewSessionTickets that follow the handshake
    const SessionInfo* session = pair.server.connection->session();
    EXPECT_NE(session, nullptr);
    return session != nullptr && session->resumed;
  }

  [[nodiscard]] bool rotate_at(std::int64_t now) const {
    auto rotated = sessions_->rotate_if_due(now);
    EXPECT_TRUE(rotated) << rotated.error().reason();
    return rotated && *rotated;
  }

  std::shared_ptr<ServerSessions> sessions_;
  ServerConfig server_;
};

TEST_F(TicketRotation, NoRotationBeforeTheInterval) {
  EXPECT_FALSE(rotate_at(kStart));  // starts the clock
  const ClientConfig client = client_with_tickets();
  EXPECT_FALSE(rotate_at(kStart + kHour - 1));
  EXPECT_TRUE(handshake_resumes(client));
}

TEST_F(TicketRotation, TicketFromBeforeARotationStillResumesUntilTheNext) {
  EXPECT_FALSE(rotate_at(kStart));
  const ClientConfig early = client_with_tickets();
  const ClientConfig late = client_with_tickets();
  EXPECT_TRUE(rotate_at(kStart + kHour));
  EXPECT_TRUE(handshake_resumes(early));  // the previous key still opens
  EXPECT_FALSE(rotate_at(kStart + 2 * kHour - 1));
  EXPECT_TRUE(rotate_at(kStart + 2 * kHour));
  // Two rotations later its key is gone: a full handshake, which still succeeds.
  EXPECT_FALSE(handshake_resumes(late));
}

TEST_F(TicketRotation, AfterTwoIntervalsIdleBothKeysAreGone) {
  // One late call must not keep a key that is already two intervals old as the previous one.
  EXPECT_FALSE(rotate_at(kStart));
  const ClientConfig client = client_with_tickets();
  EXPECT_TRUE(rotate_at(kStart + 2 * kHour));
  EXPECT_FALSE(handshake_resumes(client));
}

TEST_F(TicketRotation, ClockSetBackRestartsTheInterval) {
  EXPECT_FALSE(rotate_at(kStart));
  EXPECT_FALSE(rotate_at(kStart - 10 * kHour));
  EXPECT_FALSE(rotate_at(kStart - 9 * kHour - 1));
  EXPECT_TRUE(rotate_at(kStart - 9 * kHour));
}

TEST(TicketRotationOptions, LifetimeIsClampedToTwoIntervals) {
  auto defaults = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(defaults);
  EXPECT_EQ((*defaults)->ticket_lifetime_seconds(), 7200U);
  ServerSessionsOptions options;
  options.rotation_interval_seconds = 600;
  auto short_interval = ServerSessions::create(openssl_provider(), options);
  ASSERT_TRUE(short_interval);
  EXPECT_EQ((*short_interval)->ticket_lifetime_seconds(), 1200U);
  options.rotation_interval_seconds = 7 * 86400;
  options.ticket_lifetime_seconds = 30 * 86400;
  auto week = ServerSessions::create(openssl_provider(), options);
  ASSERT_TRUE(week);
  EXPECT_EQ((*week)->ticket_lifetime_seconds(), 604800U);  // RFC 8446 4.6.1
}

TEST(TicketRotationOptions, RefusesIntervalsOutOfRange) {
  ServerSessionsOptions options;
  for (const std::int64_t interval :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{7 * 86400 + 1}}) {
    options.rotation_interval_seconds = interval;
    EXPECT_FALSE(ServerSessions::create(openssl_provider(), options)) << interval;
  }
}

TEST(TicketRotationOptions, ConcurrentCallersRotateOnce) {
  auto sessions = hourly_sessions();
  ASSERT_TRUE(sessions->rotate_if_due(kStart));
  std::atomic<int> rotations{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto rotated = sessions->rotate_if_due(kStart + kHour);
      if (rotated && *rotated) ++rotations;
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(rotations.load(), 1);
}

}  // namespace
}  // namespace cpptls::api_test
