// The version dispatch: a client offering TLS 1.3 and 1.2 carries on in TLS 1.2 with a server
// that only speaks 1.2, and refuses a TLS 1.2 ServerHello whose random carries the downgrade
// sentinel of a TLS 1.3-capable server (RFC 8446 4.1.3).

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "handshake/dispatch/client_dispatch.hpp"
#include "handshake/tls12/server.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/pump.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake::testing {
namespace {

ClientSettings both_versions() {
  ClientSettings settings = client_settings();
  settings.versions = {true, true};
  return settings;
}

TEST(VersionDispatch, FallsBackToTls12WithAServerThatHasNoTls13) {
  ServerSettings server_settings_12 = server_settings(ec_credential());
  server_settings_12.versions = {true, false};  // no TLS 1.3, so no sentinel
  VersionedClient client(both_versions());
  hs12::ServerHandshake server(server_settings_12);
  Pump pump(client, server);
  pump.run();
  ASSERT_TRUE(pump.succeeded()) << pump.describe();
  EXPECT_EQ(client.summary().version, wire::ProtocolVersion::tls12);
}

TEST(VersionDispatch, RefusesATls12ServerHelloWithTheDowngradeSentinel) {
  ServerSettings marked = server_settings(ec_credential());
  marked.versions = {true, true};  // a 1.3-capable server answering in 1.2 marks its random
  VersionedClient client(both_versions());
  hs12::ServerHandshake server(marked);
  Pump pump(client, server);
  pump.run();
  ASSERT_TRUE(pump.client().error.has_value()) << "the downgrade went unnoticed";
  EXPECT_EQ(pump.client().error->alert(), AlertDescription::illegal_parameter);
  EXPECT_NE(pump.client().error->reason().find("DOWNGRD"), std::string::npos)
      << pump.client().error->reason();
  EXPECT_FALSE(client.is_complete());
}

// RFC 5246 7.4.1.3: echoing the client's session id means resuming it. The TLS 1.3 hello's
// id is a random compatibility id (RFC 8446 D.4) that names no session, so a TLS 1.2 server
// that echoes it claims a resumption the client never offered (BoGo
// EchoTLS13CompatibilitySessionID).
TEST(VersionDispatch, RefusesATls12ServerHelloEchoingTheCompatibilitySessionId) {
  ServerSettings server_settings_12 = server_settings(ec_credential());
  server_settings_12.versions = {true, false};
  auto client_id = std::make_shared<Bytes>();
  Tamper echo = [client_id](Side sender, std::vector<Event>& flight) {
    for (Event& event : flight) {
      if (sender == Side::client && event.is(wire::HandshakeType::client_hello)) {
        auto hello = wire::ClientHello::decode(ByteView(event.message).subspan(kBody));
        ASSERT_TRUE(hello) << hello.error().to_string();
        client_id->assign(hello->legacy_session_id.begin(), hello->legacy_session_id.end());
      }
      if (sender == Side::server && event.is(wire::HandshakeType::server_hello)) {
        const Bytes original = event.message;
        auto hello = wire::ServerHello::decode(ByteView(original).subspan(kBody));
        ASSERT_TRUE(hello) << hello.error().to_string();
        hello->legacy_session_id_echo = *client_id;
        event.message.clear();
        ASSERT_TRUE(wire::encode_handshake(*hello, event.message));
      }
    }
  };
  VersionedClient client(both_versions());
  hs12::ServerHandshake server(server_settings_12);
  Pump pump(client, server, echo);
  pump.run();
  ASSERT_EQ(client_id->size(), 32U);
  ASSERT_TRUE(pump.client().error.has_value()) << "the echoed id went unnoticed";
  EXPECT_EQ(pump.client().error->alert(), AlertDescription::illegal_parameter)
      << pump.client().error->to_string();
  EXPECT_NE(pump.client().error->reason().find("echoes the client's session id"), std::string::npos)
      << pump.client().error->reason();
}

}  // namespace
}  // namespace cpptls::handshake::testing
