// TLS 1.3 resumption with our client and server (RFC 8446 2.2, 4.2.11, 4.6.1): tickets issued
// after the handshake and stored by the client, a resumed handshake without certificates, and
// every reason a ticket falls back to a full handshake; a bad binder is decrypt_error.
#include <algorithm>

#include <gtest/gtest.h>

#include "handshake/common/session.hpp"
#include "handshake/common/ticket_keys.hpp"
#include "handshake/tls13/server_offer.hpp"
#include "unit/handshake/clock_provider.hpp"
#include "unit/handshake/mutual12.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake::testing {
namespace {

struct Peers {
  ClockProvider clock;
  std::shared_ptr<InMemorySessionStore> store = std::make_shared<InMemorySessionStore>();
  std::shared_ptr<TicketKeys> keys;

  Peers() {
    auto made = TicketKeys::create(clock);
    EXPECT_TRUE(made.has_value());
    keys = *made;
  }
  ClientSettings client() {
    ClientSettings settings = client_settings13();
    settings.provider = &clock;
    auto trust = std::make_shared<x509::TrustStore>();
    trust->add(pki_certificate("root-ec"));
    verify_server(settings, trust);
    settings.session_store = store;
    return settings;
  }
  ServerSettings server() {
    ServerSettings settings = server_settings13(ec_credential());
    settings.provider = &clock;
    settings.ticket_keys = keys;
    return settings;
  }
  // A handshake, then the tickets the server sent after it delivered to the client.
  std::unique_ptr<Pair13> connect(Tamper tamper = {}) {
    return run13(client(), server(), std::move(tamper));
  }
};

bool sent(const Pump& pump, Side side, wire::HandshakeType type) {
  for (const auto& [sender, event] : pump.log())
    if (sender == side && event.is(type)) return true;
  return false;
}

TEST(Resumption13, ServerIssuesTicketsThatTheClientStores) {
  Peers setup;
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  EXPECT_FALSE(first->client.summary().resumed);
  EXPECT_EQ(setup.store->size(), 2U);  // tickets_to_send = 2
}

// RFC 8446 4.2.9: a client that keeps sessions advertises psk_dhe_ke on its very first
// hello, offering no PSK yet, or servers that follow the SHOULD send it no ticket.
TEST(Resumption13, ClientThatKeepsSessionsAdvertisesPskDheKeBeforeItHasOne) {
  Peers setup;
  bool advertised = false;
  auto first = setup.connect([&](Side sender, std::vector<Event>& flight) {
    for (const Event& event : flight) {
      if (sender != Side::client || !event.is(wire::HandshakeType::client_hello)) continue;
      auto hello = wire::ClientHello::decode(ByteView(event.message).subspan(4));
      ASSERT_TRUE(hello.has_value());
      advertised = hs13::server::offers_psk_dhe(*hello);
      EXPECT_EQ(wire::find_extension(hello->extensions, wire::ExtensionType::pre_shared_key),
                nullptr);
    }
  });
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  EXPECT_TRUE(advertised);
}

// RFC 8446 4.2.9: "Servers SHOULD NOT send NewSessionTicket with tickets that are not
// compatible with the advertised modes": a client without psk_dhe_ke gets none.
TEST(Resumption13, ServerSendsNoTicketToAClientWithoutPskDheKe) {
  Peers setup;
  ClientSettings client = setup.client();
  client.session_store = nullptr;  // keeps nothing, so advertises no PSK mode
  auto pair = run13(client, setup.server());
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_FALSE(sent(pair->pump, Side::server, wire::HandshakeType::new_session_ticket));
  auto keeping = setup.connect();
  ASSERT_TRUE(keeping->pump.succeeded());
  EXPECT_TRUE(sent(keeping->pump, Side::server, wire::HandshakeType::new_session_ticket));
}

TEST(Resumption13, SecondHandshakeResumesWithoutCertificates) {
  Peers setup;
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  auto second = setup.connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_TRUE(second->client.summary().resumed);
  EXPECT_TRUE(second->server.summary().resumed);
  EXPECT_FALSE(sent(second->pump, Side::server, wire::HandshakeType::certificate));
  EXPECT_FALSE(sent(second->pump, Side::server, wire::HandshakeType::certificate_verify));
  // The summary still shows the server the session was made with.
  EXPECT_TRUE(second->client.summary().peer_verified);
  EXPECT_EQ(second->client.summary().peer_certificates.size(),
            first->client.summary().peer_certificates.size());
  // One ticket used, one left, one new one (a resumed handshake replaces the ticket it used).
  EXPECT_EQ(setup.store->size(), 2U);
}

std::size_t tickets_sent(const Pump& pump) {
  std::size_t count = 0;
  for (const auto& [sender, event] : pump.log())
    if (sender == Side::server && event.is(wire::HandshakeType::new_session_ticket)) ++count;
  return count;
}

// Issue 13: a full handshake is followed by tickets_to_send tickets, a resumed one by a single
// ticket, replacing the one the client used (as OpenSSL's server does); a client that keeps
// resuming so keeps as many tickets as it had, at the cost of one seal per handshake.
TEST(Resumption13, AResumedHandshakeIsFollowedByOneTicket) {
  Peers setup;
  auto first = setup.connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  EXPECT_EQ(tickets_sent(first->pump), 2U);
  auto second = setup.connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  ASSERT_TRUE(second->server.summary().resumed);
  EXPECT_EQ(tickets_sent(second->pump), 1U);
  // No tickets asked for: none after a resumption either.
  ServerSettings none = setup.server();
  none.tickets_to_send = 0;
  auto third = run13(setup.client(), none);
  ASSERT_TRUE(third->pump.succeeded());
  ASSERT_TRUE(third->server.summary().resumed);
  EXPECT_EQ(tickets_sent(third->pump), 0U);
}

TEST(Resumption13, TicketsAreSingleUse) {
  Peers setup;
  ServerSettings server = setup.server();
  server.tickets_to_send = 1;
  auto first = run13(setup.client(), server);
  ASSERT_TRUE(first->pump.succeeded());
  EXPECT_EQ(setup.store->size(), 1U);
  server.tickets_to_send = 0;
  auto second = run13(setup.client(), server);
  ASSERT_TRUE(second->pump.succeeded());
  EXPECT_TRUE(second->client.summary().resumed);
  EXPECT_EQ(setup.store->size(), 0U);
  auto third = run13(setup.client(), server);
  ASSERT_TRUE(third->pump.succeeded());
  EXPECT_FALSE(third->client.summary().resumed);
}

TEST(Resumption13, TamperedBinderIsDecryptError) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  auto second = setup.connect([](Side sender, std::vector<Event>& flight) {
    for (Event& event : flight)
      if (sender == Side::client && event.is(wire::HandshakeType::client_hello))
        event.message.back() ^= 0x01;  // the last byte of the binder
  });
  ASSERT_TRUE(second->pump.server().error.has_value());
  EXPECT_EQ(second->pump.server().error->alert(), AlertDescription::decrypt_error);
}

TEST(Resumption13, ExpiredTicketGivesAFullHandshake) {
  Peers setup;
  ServerSettings server = setup.server();
  server.ticket_lifetime = 60;
  ASSERT_TRUE(run13(setup.client(), server)->pump.succeeded());
  setup.clock.advance(61);
  auto second = run13(setup.client(), server);
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_FALSE(second->client.summary().resumed);
}

TEST(Resumption13, ServerWhoseCertificateExpiredSinceIsNotResumed) {
  // See Resumption12's test of the same name: the ticket is still good, its server is not.
  Peers setup;
  const std::int64_t expiry = pki_certificate("leaf-ec")->not_after();
  setup.clock.move_to(std::min({expiry, pki_certificate("int-ec")->not_after(),
                                pki_certificate("root-ec")->not_after()}) -
                      60);
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  setup.clock.move_to(expiry + 1);
  auto second = setup.connect();
  EXPECT_FALSE(second->client.summary().resumed);
  EXPECT_TRUE(sent(second->pump, Side::server, wire::HandshakeType::certificate));
  ASSERT_TRUE(second->pump.client().error.has_value());
  EXPECT_EQ(second->pump.client().error->alert(), AlertDescription::certificate_expired);
}

TEST(Resumption13, ClientWhoseCertificateExpiredSinceIsAskedForOneAgain) {
  // The server side of the same rule: a ticket whose client was verified on a certificate that
  // has expired since resumes nothing; the full handshake asks for a certificate again and
  // refuses the expired one.
  Peers setup;
  const std::int64_t expiry = pki_certificate("leaf-client-ec")->not_after();
  ClientSettings client = client_presenting(client_ec_credential());
  client.provider = &setup.clock;
  client.session_store = setup.store;
  ServerSettings server = server_asking(ClientAuth::require, {"root-ec"});
  server.provider = &setup.clock;
  server.ticket_keys = setup.keys;
  setup.clock.move_to(std::min({expiry, pki_certificate("int-ec")->not_after(),
                                pki_certificate("root-ec")->not_after()}) -
                      60);
  ASSERT_TRUE(run13(client, server)->pump.succeeded());
  setup.clock.move_to(expiry + 1);
  auto second = run13(client, server);
  EXPECT_FALSE(second->server.summary().resumed);
  EXPECT_TRUE(sent(second->pump, Side::server, wire::HandshakeType::certificate_request));
  ASSERT_TRUE(second->pump.server().error.has_value());
  EXPECT_EQ(second->pump.server().error->alert(), AlertDescription::certificate_expired);
}

TEST(Resumption13, TicketFromARotatedOutKeyGivesAFullHandshake) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  ASSERT_TRUE(setup.keys->rotate().has_value());
  ASSERT_TRUE(setup.keys->rotate().has_value());
  auto second = setup.connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_FALSE(second->client.summary().resumed);
}

TEST(Resumption13, PreviousKeyStillOpensTickets) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  ASSERT_TRUE(setup.keys->rotate().has_value());
  auto second = setup.connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_TRUE(second->client.summary().resumed);
}

TEST(Resumption13, ServerWithoutTicketKeysIssuesNoneAndDoesFullHandshakes) {
  Peers setup;
  ServerSettings server = setup.server();
  server.ticket_keys = nullptr;
  auto first = run13(setup.client(), server);
  ASSERT_TRUE(first->pump.succeeded());
  EXPECT_FALSE(sent(first->pump, Side::server, wire::HandshakeType::new_session_ticket));
  EXPECT_EQ(setup.store->size(), 0U);
}

TEST(Resumption13, AnotherServersTicketsAreNotAccepted) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  auto other = TicketKeys::create(setup.clock);
  ASSERT_TRUE(other.has_value());
  ServerSettings server = setup.server();
  server.ticket_keys = *other;
  auto second = run13(setup.client(), server);
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_FALSE(second->client.summary().resumed);
}

TEST(Resumption13, ResumesAfterAHelloRetryRequest) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  ServerSettings server = setup.server();
  server.groups = {crypto::NamedGroup::secp256r1};  // the client's first share is X25519
  auto second = run13(setup.client(), server);
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_TRUE(second->client.summary().resumed);
  EXPECT_EQ(second->client.summary().group, crypto::NamedGroup::secp256r1);
}

// RFC 8446 4.1.2: the second ClientHello may drop only the PSKs "which are incompatible with
// the server's indicated cipher suite". One that drops a ticket the server would take with the
// retry's suite is refused (BoGo Resume-Server-OmitPSKsOnSecondClientHello).
TEST(Resumption13, ASecondHelloThatDropsACompatiblePskIsRefused) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  ServerSettings server = setup.server();
  server.groups = {crypto::NamedGroup::secp256r1};  // the client's first share is X25519
  auto hellos = std::make_shared<int>(0);
  auto second = run13(setup.client(), server, [hellos](Side sender, std::vector<Event>& flight) {
    if (sender != Side::client) return;
    for (Event& event : flight) {
      if (!event.is(wire::HandshakeType::client_hello) || ++*hellos != 2) continue;
      const Bytes original = event.message;
      auto hello = wire::ClientHello::decode(ByteView(original).subspan(4));
      ASSERT_TRUE(hello) << hello.error().to_string();
      std::erase_if(hello->extensions, [](const wire::Extension& e) {
        return e.type == wire::ExtensionType::pre_shared_key;
      });
      event.message.clear();
      ASSERT_TRUE(wire::encode_handshake(*hello, event.message));
    }
  });
  ASSERT_EQ(*hellos, 2);
  ASSERT_TRUE(second->pump.server().error.has_value()) << second->pump.describe();
  EXPECT_EQ(second->pump.server().error->alert(), AlertDescription::illegal_parameter)
      << second->pump.server().error->to_string();
  EXPECT_NE(second->pump.server().error->reason().find("pre_shared_key"), std::string::npos)
      << second->pump.server().error->reason();
}

// RFC 8446 4.2.11: "Clients MUST verify that ... a server "key_share" extension is present if
// required by the ClientHello "psk_key_exchange_modes" extension. If these values are not
// consistent, the client MUST abort the handshake with an "illegal_parameter" alert." We offer
// psk_dhe_ke only (BoGo NegotiatePSKResumption-TLS13).
TEST(Resumption13, APskAcceptedWithoutKeyShareIsIllegalParameter) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  auto second = setup.connect([](Side sender, std::vector<Event>& flight) {
    if (sender != Side::server) return;
    for (Event& event : flight) {
      if (!event.is(wire::HandshakeType::server_hello)) continue;
      const Bytes original = event.message;
      auto hello = wire::ServerHello::decode(ByteView(original).subspan(4));
      ASSERT_TRUE(hello) << hello.error().to_string();
      ASSERT_NE(wire::find_extension(hello->extensions, wire::ExtensionType::pre_shared_key),
                nullptr);
      std::erase_if(hello->extensions, [](const wire::Extension& e) {
        return e.type == wire::ExtensionType::key_share;
      });
      event.message.clear();
      ASSERT_TRUE(wire::encode_handshake(*hello, event.message));
    }
  });
  ASSERT_TRUE(second->pump.client().error.has_value()) << second->pump.describe();
  EXPECT_EQ(second->pump.client().error->alert(), AlertDescription::illegal_parameter)
      << second->pump.client().error->to_string();
}

TEST(Resumption13, TicketForAnotherServerNameGivesAFullHandshake) {
  Peers setup;
  ASSERT_TRUE(setup.connect()->pump.succeeded());
  // The store is keyed by policy and name, so a client for another name finds nothing; the
  // server also refuses a ticket offered under another name.
  ClientSettings client = setup.client();
  auto first_key = client.server_auth.session_key(setup.clock, client.server_name);
  ASSERT_TRUE(first_key.has_value());
  auto taken = setup.store->take(*first_key);
  ASSERT_TRUE(taken.has_value());
  client.server_auth = handshake::ServerAuthPolicy::no_verification();
  client.server_name = "other.example.com";
  auto other_key = client.server_auth.session_key(setup.clock, client.server_name);
  ASSERT_TRUE(other_key.has_value());
  setup.store->store(*other_key, std::move(*taken));
  auto second = run13(client, setup.server());
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_FALSE(second->client.summary().resumed);
}

TEST(SessionStore, EvictsTheLeastRecentlyUsedSession) {
  InMemorySessionStore store(2);
  const auto session = [](std::uint8_t tag) {
    StoredSession s;
    s.version = wire::ProtocolVersion::tls12;
    s.session_id = {tag};
    return s;
  };
  store.store("a", session(1));
  store.store("b", session(2));
  ASSERT_TRUE(store.take("a").has_value());  // a is now the most recent
  store.store("c", session(3));
  EXPECT_EQ(store.size(), 2U);
  EXPECT_FALSE(store.take("b").has_value());
  EXPECT_TRUE(store.take("a").has_value());
  EXPECT_TRUE(store.take("c").has_value());
}

TEST(SessionStore, TakesTls13SessionsOnceAndTls12SessionsAgain) {
  InMemorySessionStore store;
  StoredSession s13;
  s13.version = wire::ProtocolVersion::tls13;
  store.store("a", s13);
  EXPECT_TRUE(store.take("a").has_value());
  EXPECT_FALSE(store.take("a").has_value());
  StoredSession s12;
  s12.version = wire::ProtocolVersion::tls12;
  store.store("b", s12);
  EXPECT_TRUE(store.take("b").has_value());
  EXPECT_TRUE(store.take("b").has_value());
}

}  // namespace
}  // namespace cpptls::handshake::testing
