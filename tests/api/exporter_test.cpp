// Connection::export_keying_material (RFC 5705, RFC 8446 7.5): both peers derive the same
// bytes, only after the handshake, and misuse leaves the connection usable.

#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

class Exporters : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  static ClientConfig client() {
    ClientConfig config = client_config();
    config.min_version = config.max_version = GetParam();
    return config;
  }
  static ServerConfig server() {
    ServerConfig config = server_config();
    config.min_version = config.max_version = GetParam();
    return config;
  }
  static bool tls13() { return GetParam() == ProtocolVersion::tls13; }
};

INSTANTIATE_TEST_SUITE_P(Versions, Exporters,
                         ::testing::Values(ProtocolVersion::tls12, ProtocolVersion::tls13),
                         [](const ::testing::TestParamInfo<ProtocolVersion>& param) {
                           return param.param == ProtocolVersion::tls12 ? "Tls12" : "Tls13";
                         });

const Bytes kContext = {'c', 't', 'x'};

Bytes exported(const Connection& connection, std::string_view label,
               std::optional<std::span<const std::uint8_t>> context, std::size_t size = 32) {
  Bytes out(size);
  auto done = connection.export_keying_material(out, label, context);
  EXPECT_TRUE(done.has_value()) << done.error().to_string();
  return out;
}

TEST_P(Exporters, BothPeersExportTheSameBytes) {
  Pair pair = connected(client(), server());
  const Bytes client_bytes = exported(*pair.client.connection, "EXPORTER-test", kContext, 100);
  EXPECT_EQ(client_bytes, exported(*pair.server.connection, "EXPORTER-test", kContext, 100));
  EXPECT_NE(client_bytes, Bytes(100, 0));
  // Another label, another context, another connection: other bytes.
  EXPECT_NE(client_bytes, exported(*pair.client.connection, "EXPORTER-other", kContext, 100));
  EXPECT_NE(client_bytes, exported(*pair.client.connection, "EXPORTER-test", Bytes{1}, 100));
  Pair other = connected(client(), server());
  EXPECT_NE(client_bytes, exported(*other.client.connection, "EXPORTER-test", kContext, 100));
  // A shorter export is not a prefix in TLS 1.3 (the length is in HkdfLabel) but is in TLS 1.2.
  const Bytes short_bytes = exported(*pair.server.connection, "EXPORTER-test", kContext, 16);
  EXPECT_EQ(short_bytes == Bytes(client_bytes.begin(), client_bytes.begin() + 16), !tls13());
}

TEST_P(Exporters, AbsentAndEmptyContextsDifferOnlyInTls12) {
  Pair pair = connected(client(), server());
  const Bytes absent = exported(*pair.client.connection, "EXPORTER-test", std::nullopt);
  const Bytes empty = exported(*pair.client.connection, "EXPORTER-test", Bytes{});
  EXPECT_EQ(absent == empty, tls13());
  EXPECT_EQ(absent, exported(*pair.server.connection, "EXPORTER-test", std::nullopt));
  EXPECT_EQ(empty, exported(*pair.server.connection, "EXPORTER-test", Bytes{}));
}

TEST_P(Exporters, RefusedBeforeTheHandshakeCompletesWithoutEndingIt) {
  Pair pair = make_pair(client(), server());
  Bytes out(16);
  for (const Peer* peer : {&pair.client, &pair.server}) {
    auto early = peer->connection->export_keying_material(out, "EXPORTER-test", std::nullopt);
    ASSERT_FALSE(early.has_value());
    EXPECT_EQ(early.error().kind(), TlsErrorKind::api_misuse);
    EXPECT_NE(early.error().reason().find("handshake has completed"), std::string::npos);
  }
  // Half-way (the server has answered, the client has not finished) is still too early.
  deliver(take_output(pair.client), pair.server);
  auto half_way = pair.server.connection->export_keying_material(out, "x", std::nullopt);
  EXPECT_FALSE(half_way.has_value());
  pump(pair);
  ASSERT_TRUE(pair.client.connection->is_handshake_complete());
  ASSERT_TRUE(pair.server.connection->is_handshake_complete());
  EXPECT_FALSE(pair.client.connection->io_state().failed);
  EXPECT_EQ(exported(*pair.client.connection, "EXPORTER-test", kContext),
            exported(*pair.server.connection, "EXPORTER-test", kContext));
}

TEST_P(Exporters, ReservedLabelsAndOversizedRequestsAreRefused) {
  Pair pair = connected(client(), server());
  Bytes out(16);
  for (const char* label : {"client finished", "server finished", "master secret", "key expansion",
                            "extended master secret"}) {
    auto refused = pair.client.connection->export_keying_material(out, label, std::nullopt);
    ASSERT_FALSE(refused.has_value()) << label;
    EXPECT_EQ(refused.error().kind(), TlsErrorKind::api_misuse);
  }
  Bytes huge(255 * 32 + 1);
  EXPECT_FALSE(pair.client.connection->export_keying_material(huge, "x", std::nullopt).has_value());
  // The connection goes on.
  EXPECT_FALSE(pair.client.connection->io_state().failed);
  ASSERT_TRUE(pair.client.connection->write("still here").has_value());
}

TEST_P(Exporters, ResumedConnectionsExportTheirOwnBytes) {
  auto made = ServerSessions::create(openssl_provider());
  ASSERT_TRUE(made.has_value());
  ServerConfig config = server();
  config.sessions = *made;
  ClientConfig resuming = client();
  resuming.session_cache = std::make_shared<SessionCache>();
  Pair first = connected(resuming, config);
  Pair second = connected(resuming, config);
  ASSERT_TRUE(second.client.connection->session()->resumed);
  const Bytes resumed = exported(*second.client.connection, "EXPORTER-test", kContext);
  EXPECT_EQ(resumed, exported(*second.server.connection, "EXPORTER-test", kContext));
  EXPECT_NE(resumed, exported(*first.client.connection, "EXPORTER-test", kContext));
}

}  // namespace
}  // namespace cpptls::api_test
