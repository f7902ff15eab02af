// The version dispatch: a client offering TLS 1.3 and 1.2 carries on in TLS 1.2 with a server
// that only speaks 1.2, and refuses a TLS 1.2 ServerHello whose random carries the downgrade
// sentinel of a TLS 1.3-capable server (RFC 8446 4.1.3).

#include <string>

#include <gtest/gtest.h>

#include "handshake/dispatch/client_dispatch.hpp"
#include "handshake/tls12/server.hpp"
#include "unit/handshake/pump.hpp"
#include "unit/handshake/test_pki.hpp"

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

}  // namespace
}  // namespace cpptls::handshake::testing
