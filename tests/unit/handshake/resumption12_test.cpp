// TLS 1.2 resumption with our client and server (RFC 5246 7.3, RFC 5077, RFC 7627 5.3): a
// full handshake leaves a session the client stores, the next one resumes it by session id or
// by ticket in an abbreviated handshake without certificates, also through the version
// dispatch; every reason a session is not resumed gives a full handshake; a wrong Finished in
// the abbreviated handshake is decrypt_error; its states refuse every other message.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "handshake/common/session.hpp"
#include "handshake/common/session_cache.hpp"
#include "handshake/common/ticket_keys.hpp"
#include "handshake/dispatch/client_dispatch.hpp"
#include "unit/handshake/clock_provider.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/handshake_header.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake::testing {
namespace {

using T = wire::HandshakeType;

enum class By : std::uint8_t { session_id, ticket };

struct Peers {
  ClockProvider clock;
  std::shared_ptr<InMemorySessionStore> store = std::make_shared<InMemorySessionStore>();
  std::shared_ptr<SessionCache> cache = std::make_shared<SessionCache>();
  std::shared_ptr<TicketKeys> keys;
  By by;

  explicit Peers(By resume_by) : by(resume_by) {
    auto made = TicketKeys::create(clock);
    EXPECT_TRUE(made.has_value());
    keys = *made;
  }
  ClientSettings client() {
    ClientSettings settings = client_settings();
    settings.provider = &clock;
    settings.versions.tls13 = false;
    auto trust = std::make_shared<x509::TrustStore>();
    trust->add(pki_certificate("root-ec"));
    verify_server(settings, trust);
    settings.session_store = store;
    return settings;
  }
  ServerSettings server() {
    ServerSettings settings = server_settings(ec_credential());
    settings.provider = &clock;
    settings.versions.tls13 = false;
    if (by == By::session_id) settings.session_cache = cache;
    if (by == By::ticket) settings.ticket_keys = keys;
    return settings;
  }
  std::unique_ptr<Pair12> connect(Tamper tamper = {}) {
    return run12(client(), server(), std::move(tamper));
  }
};

bool sent(const Pump& pump, Side side, T type) {
  for (const auto& [sender, event] : pump.log())
    if (sender == side && event.is(type)) return true;
  return false;
}

constexpr int kCcs = -1;

// What `side` sent, in order: handshake types, and kCcs for a ChangeCipherSpec.
std::vector<int> flow(const Pump& pump, Side side) {
  std::vector<int> out;
  for (const auto& [sender, event] : pump.log()) {
    if (sender != side) continue;
    out.push_back(event.is_change_cipher_spec() ? kCcs : int{event.message[0]});
  }
  return out;
}

void expect_resumed(const Pair12& first, const Pair12& second) {
  ASSERT_TRUE(second.pump.succeeded()) << second.pump.describe();
  EXPECT_TRUE(second.client.summary().resumed);
  EXPECT_TRUE(second.server.summary().resumed);
  EXPECT_TRUE(second.client.summary().extended_master_secret);
  EXPECT_EQ(second.client.summary().cipher_suite, first.client.summary().cipher_suite);
  // RFC 5246 7.3: ServerHello, ChangeCipherSpec, Finished; then the client's CCS, Finished.
  EXPECT_EQ(flow(second.pump, Side::server), (std::vector<int>{2, kCcs, 20}));
  EXPECT_EQ(flow(second.pump, Side::client), (std::vector<int>{1, kCcs, 20}));
  EXPECT_FALSE(sent(second.pump, Side::server, T::certificate));
  // The summary still shows the server the session was made with.
  EXPECT_TRUE(second.client.summary().peer_verified);
  EXPECT_EQ(second.client.summary().peer_certificates.size(),
            first.client.summary().peer_certificates.size());
}

TEST(Resumption12, FullHandshakeStoresTheSessionAndTheCacheKeepsIt) {
  Peers setup(By::session_id);
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  EXPECT_FALSE(first->client.summary().resumed);
  EXPECT_EQ(setup.store->size(), 1U);
  EXPECT_EQ(setup.cache->size(), 1U);
  EXPECT_FALSE(sent(first->pump, Side::server, T::new_session_ticket));
}

TEST(Resumption12, SecondHandshakeResumesBySessionId) {
  Peers setup(By::session_id);
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  auto second = setup.connect();
  expect_resumed(*first, *second);
  // A TLS 1.2 session may be resumed again.
  auto third = setup.connect();
  expect_resumed(*first, *third);
}

TEST(Resumption12, AResumptionReportsTheGroupOfTheHandshakeThatMadeTheSession) {
  // BoringSSL's SSL_get_group_id does the same: the master secret came from that key exchange.
  for (By by : {By::session_id, By::ticket}) {
    Peers setup(by);
    auto first = setup.connect();
    ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
    ASSERT_TRUE(first->client.summary().group.has_value());
    auto second = setup.connect();
    expect_resumed(*first, *second);
    EXPECT_EQ(second->client.summary().group, first->client.summary().group);
    EXPECT_EQ(second->server.summary().group, first->server.summary().group);
  }
}

TEST(Resumption12, ServerWithTicketKeysSendsNewSessionTicketBeforeItsChangeCipherSpec) {
  Peers setup(By::ticket);
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  const std::vector<int> server_flow = flow(first->pump, Side::server);
  ASSERT_GE(server_flow.size(), 3U);
  EXPECT_EQ(server_flow[server_flow.size() - 3],
            int{static_cast<std::uint8_t>(T::new_session_ticket)});
  EXPECT_EQ(server_flow[server_flow.size() - 2], kCcs);
  EXPECT_EQ(setup.store->size(), 1U);
}

TEST(Resumption12, SecondHandshakeResumesByTicket) {
  Peers setup(By::ticket);
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  auto second = setup.connect();
  expect_resumed(*first, *second);
}

TEST(Resumption12, ResumesThroughTheVersionDispatch) {
  for (const By by : {By::session_id, By::ticket}) {
    Peers setup(by);
    ClientSettings client = setup.client();
    client.versions.tls13 = true;
    const auto connect = [&] {
      auto versioned = std::make_unique<VersionedClient>(client);
      auto server = std::make_unique<hs12::ServerHandshake>(setup.server());
      Pump pump(*versioned, *server);
      pump.run();
      EXPECT_TRUE(pump.succeeded()) << pump.describe();
      return std::pair{versioned->summary().resumed, server->summary().resumed};
    };
    EXPECT_EQ(connect(), (std::pair{false, false}));
    EXPECT_EQ(connect(), (std::pair{true, true})) << (by == By::ticket ? "ticket" : "id");
  }
}

TEST(Resumption12, ExpiredSessionGivesAFullHandshake) {
  for (const By by : {By::session_id, By::ticket}) {
    Peers setup(by);
    ASSERT_TRUE(setup.connect()->pump.succeeded());
    setup.clock.advance(kMaxSession12Age + 1);
    auto second = setup.connect();
    ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
    EXPECT_FALSE(second->client.summary().resumed);
    EXPECT_TRUE(sent(second->pump, Side::server, T::certificate));
  }
}

TEST(Resumption12, ServerWhoseCertificateExpiredSinceIsNotResumed) {
  // A session outlives the certificate it was verified on only as long as a full handshake
  // would still accept it; then the client offers it no more (and the handshake, now full,
  // fails on the expired certificate).
  const std::int64_t expiry = pki_certificate("leaf-ec")->not_after();
  for (const By by : {By::session_id, By::ticket}) {
    Peers setup(by);
    setup.clock.move_to(std::min({expiry, pki_certificate("int-ec")->not_after(),
                                  pki_certificate("root-ec")->not_after()}) -
                        60);
    ASSERT_TRUE(setup.connect()->pump.succeeded());
    setup.clock.move_to(expiry + 1);
    auto second = setup.connect();
    EXPECT_FALSE(second->client.summary().resumed);
    EXPECT_TRUE(sent(second->pump, Side::server, T::certificate));
    ASSERT_TRUE(second->pump.client().error.has_value());
    EXPECT_EQ(second->pump.client().error->alert(), AlertDescription::certificate_expired);
  }
}

TEST(Resumption12, ServerFallsBackWhenItsCacheForgotTheSession) {
  Peers setup(By::session_id);
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  setup.cache = std::make_shared<SessionCache>();
  auto second = setup.connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_FALSE(second->client.summary().resumed);
  EXPECT_FALSE(second->server.summary().resumed);
}

TEST(Resumption12, ServerAskingForClientCertificatesDoesNotResume) {
  Peers setup(By::session_id);
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  ServerSettings server = setup.server();
  server.client_auth = ClientAuth::request;
  auto trust = std::make_shared<x509::TrustStore>();
  trust->add(pki_certificate("root-ec"));
  server.client_trust = trust;
  auto second = run12(setup.client(), server);
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_FALSE(second->server.summary().resumed);
  EXPECT_TRUE(sent(second->pump, Side::server, T::certificate_request));
}

TEST(Resumption12, WithoutExtendedMasterSecretNothingIsStoredOrResumed) {
  for (const By by : {By::session_id, By::ticket}) {
    Peers setup(by);
    ServerSettings server = setup.server();
    server.extended_master_secret = false;
    auto first = run12(setup.client(), server);
    ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
    EXPECT_FALSE(first->client.summary().extended_master_secret);
    EXPECT_EQ(setup.store->size(), 0U);
    EXPECT_EQ(setup.cache->size(), 0U);
    EXPECT_FALSE(sent(first->pump, Side::server, T::new_session_ticket));
    auto second = run12(setup.client(), server);
    ASSERT_TRUE(second->pump.succeeded());
    EXPECT_FALSE(second->client.summary().resumed);
  }
}

TEST(Resumption12, WrongServerFinishedInTheAbbreviatedHandshakeIsDecryptError) {
  Peers setup(By::session_id);
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  auto second = setup.connect(
      alter_message(Side::server, T::finished, [](Bytes& message) { message.back() ^= 0x01; }));
  ASSERT_TRUE(second->pump.client().error.has_value()) << second->pump.describe();
  EXPECT_EQ(second->pump.client().error->alert(), AlertDescription::decrypt_error);
  EXPECT_FALSE(sent(second->pump, Side::server, T::certificate));  // abbreviated
}

TEST(Resumption12, WrongClientFinishedInTheAbbreviatedHandshakeIsDecryptError) {
  Peers setup(By::ticket);
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  auto second = setup.connect(
      alter_message(Side::client, T::finished, [](Bytes& message) { message.back() ^= 0x01; }));
  ASSERT_TRUE(second->pump.server().error.has_value()) << second->pump.describe();
  EXPECT_EQ(second->pump.server().error->alert(), AlertDescription::decrypt_error);
  EXPECT_TRUE(second->server.summary().resumed);
}

// Every registered type, and a few that are not.
const std::vector<std::uint8_t>& all_types() {
  static const std::vector<std::uint8_t> types = {0,  1,  2,  3,  4,  5,  8,  11,  12, 13,
                                                  14, 15, 16, 20, 22, 24, 99, 254, 255};
  return types;
}

struct StateRow {
  Side side;
  std::string_view state;
  std::set<T> legal;
  By by;
};

// RFC 5246 7.3 and RFC 5077 3.3-3.4: the resumption states and what each accepts. The
// client's ExpectResumedChangeCipherSpec takes a NewSessionTicket only after the server's
// session_ticket extension, which ours sends in full handshakes only.
const std::vector<StateRow> kTable = {
    {Side::client, "ExpectNewSessionTicket", {T::new_session_ticket, T::hello_request}, By::ticket},
    {Side::client, "ExpectResumedChangeCipherSpec", {T::hello_request}, By::session_id},
    {Side::client, "ExpectResumedFinished", {T::finished, T::hello_request}, By::session_id},
    {Side::server, "ExpectResumedChangeCipherSpec", {}, By::session_id},
    {Side::server, "ExpectResumedFinished", {T::finished}, By::ticket},
};

// A pair whose `row.side` is in `row.state`: after a first full handshake when resumed.
std::unique_ptr<Pair12> pair_in(Peers& setup, const StateRow& row) {
  if (row.state != "ExpectNewSessionTicket") {
    auto first = setup.connect();
    EXPECT_TRUE(first->pump.succeeded());
  }
  auto pair = std::make_unique<Pair12>(setup.client(), setup.server());
  pair->pump.start();
  EXPECT_TRUE(pair->pump.run_until(row.side, row.state))
      << row.state << ": " << pair->pump.describe();
  return pair;
}

Handshake& handshake_of(Pair12& pair, Side side) {
  if (side == Side::client) return pair.client;
  return pair.server;
}

TEST(Resumption12, ResumptionStatesRefuseEveryOtherMessageType) {
  for (const StateRow& row : kTable) {
    for (const std::uint8_t type : all_types()) {
      if (row.legal.contains(static_cast<T>(type))) continue;
      Peers setup(row.by);
      auto pair = pair_in(setup, row);
      Handshake& handshake = handshake_of(*pair, row.side);
      ASSERT_EQ(handshake.state_name(), row.state);
      const Bytes encoded = {type, 0, 0, 2, 0x03, 0x03};
      wire::Reader reader(encoded);
      auto message = wire::HandshakeMessage::decode(reader);
      ASSERT_TRUE(message);
      Output out;
      auto refused = handshake.on_message(*message, encoded, out);
      ASSERT_FALSE(refused) << row.state << " accepted type " << int{type};
      EXPECT_EQ(refused.error().alert(), AlertDescription::unexpected_message)
          << row.state << ", type " << int{type} << ": " << refused.error().to_string();
      EXPECT_TRUE(out.empty());
      EXPECT_EQ(handshake.state_name(), "Failed");
    }
  }
}

TEST(Resumption12, OnlyTheResumedChangeCipherSpecStatesAcceptChangeCipherSpec) {
  for (const StateRow& row : kTable) {
    if (row.state == "ExpectResumedChangeCipherSpec") continue;
    Peers setup(row.by);
    auto pair = pair_in(setup, row);
    Handshake& handshake = handshake_of(*pair, row.side);
    ASSERT_EQ(handshake.state_name(), row.state);
    Output out;
    auto refused = handshake.on_change_cipher_spec(out);
    ASSERT_FALSE(refused) << row.state << " accepted change_cipher_spec";
    EXPECT_EQ(refused.error().alert(), AlertDescription::unexpected_message) << row.state;
    EXPECT_TRUE(out.empty());
  }
}

}  // namespace
}  // namespace cpptls::handshake::testing
