// Session options: tickets turned off on either side (TLS 1.2 then resumes by session id), the
// number of TLS 1.3 tickets, and how SessionInfo says a session was resumed.

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

struct Sides {
  std::shared_ptr<ServerSessions> server_sessions;
  std::shared_ptr<SessionCache> cache = std::make_shared<SessionCache>();
  ClientConfig client = client_config();
  ServerConfig server = server_config();

  explicit Sides(ProtocolVersion version) {
    auto made = ServerSessions::create(openssl_provider());
    EXPECT_TRUE(made.has_value());
    server_sessions = *made;
    server.sessions = server_sessions;
    client.session_cache = cache;
    client.min_version = client.max_version = version;
  }
};

void expect_resumed(const Pair& pair, bool by_ticket) {
  for (const Peer* peer : {&pair.client, &pair.server}) {
    ASSERT_TRUE(peer->connection->session()->resumed);
    EXPECT_EQ(peer->connection->session()->resumed_by_ticket, by_ticket);
  }
}

TEST(SessionOptions, Tls12ResumesByTicketAndDoesNotAlsoCacheTheSession) {
  Sides sides(ProtocolVersion::tls12);
  Pair first = connected(sides.client, sides.server);
  EXPECT_FALSE(first.client.connection->session()->resumed_by_ticket);
  EXPECT_EQ(sides.server_sessions->cached_sessions(), 0u);
  Pair second = connected(sides.client, sides.server);
  expect_resumed(second, true);
}

TEST(SessionOptions, Tls12ServerWithoutTicketsResumesBySessionId) {
  Sides sides(ProtocolVersion::tls12);
  sides.server.session_tickets = false;
  Pair first = connected(sides.client, sides.server);
  EXPECT_EQ(sides.server_sessions->cached_sessions(), 1u);
  Pair second = connected(sides.client, sides.server);
  expect_resumed(second, false);
}

TEST(SessionOptions, Tls12ClientWithoutTicketsResumesBySessionId) {
  Sides sides(ProtocolVersion::tls12);
  sides.client.session_tickets = false;
  Pair first = connected(sides.client, sides.server);
  EXPECT_EQ(sides.server_sessions->cached_sessions(), 1u);
  Pair second = connected(sides.client, sides.server);
  expect_resumed(second, false);
  // A session kept from a ticket is not offered by a client that has tickets off.
  Sides ticketed(ProtocolVersion::tls12);
  Pair with_ticket = connected(ticketed.client, ticketed.server);
  ClientConfig no_tickets = ticketed.client;
  no_tickets.session_tickets = false;
  Pair full = connected(no_tickets, ticketed.server);
  EXPECT_FALSE(full.client.connection->session()->resumed);
}

TEST(SessionOptions, Tls13ResumptionIsByTicket) {
  Sides sides(ProtocolVersion::tls13);
  Pair first = connected(sides.client, sides.server);
  ASSERT_GE(sides.cache->size(), 1u);
  Pair second = connected(sides.client, sides.server);
  expect_resumed(second, true);
}

TEST(SessionOptions, Tls13ServerWithoutTicketsSendsNone) {
  Sides sides(ProtocolVersion::tls13);
  sides.server.session_tickets = false;
  Pair first = connected(sides.client, sides.server);
  EXPECT_EQ(sides.cache->size(), 0u);
  Pair second = connected(sides.client, sides.server);
  EXPECT_FALSE(second.client.connection->session()->resumed);
}

TEST(SessionOptions, Tls13TicketCountIsAServerSetting) {
  Sides none(ProtocolVersion::tls13);
  none.server.tls13_tickets = 0;
  Pair first = connected(none.client, none.server);
  EXPECT_EQ(none.cache->size(), 0u);

  Sides one(ProtocolVersion::tls13);
  one.server.tls13_tickets = 1;
  Pair with_one = connected(one.client, one.server);
  EXPECT_EQ(one.cache->size(), 1u);

  ServerConfig too_many = server_config();
  too_many.tls13_tickets = 17;
  auto made = ServerConnection::create(too_many);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().kind(), TlsErrorKind::api_misuse);
}

}  // namespace
}  // namespace cpptls::api_test
