// How cpptls::asio::stream refuses things and reports errors: host names, handshake types,
// reads before the handshake, and error codes whose message is the connection's reason.

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/system/system_error.hpp>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "asio_test_support.hpp"

namespace cpptls::asio_test {
namespace {

using boost::system::error_code;

TEST(AsioErrors, HostNameMismatchIsRefusedWithAMessageNamingIt) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "www.example.org");  // the certificate is for localhost
  std::optional<error_code> client;
  std::optional<error_code> server;
  pair.client.async_handshake(cpptls::asio::stream_base::client,
                              [&](error_code ec) { client = ec; });
  pair.server.async_handshake(cpptls::asio::stream_base::server,
                              [&](error_code ec) { server = ec; });
  ASSERT_TRUE(run_until(io, [&] { return client && server; }));

  ASSERT_TRUE(*client);
  EXPECT_EQ(std::error_code(*client).category(), cpptls::tls_error_category());
  EXPECT_EQ(*client, cpptls::TlsErrorKind::certificate);
  EXPECT_EQ(*client, cpptls::TlsErrorCode::certificate_name_mismatch);
  EXPECT_EQ(client->message(), "certificate error: certificate_name_mismatch");
  const auto error = pair.client.connection().error();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->reason().find("does not match host www.example.org"), std::string::npos)
      << error->reason();
  // The client's alert reached the server before the client's handshake completed: the
  // server fails on it (TLS 1.2: alert_received), not on a truncated transport.
  ASSERT_TRUE(*server);
  EXPECT_EQ(std::error_code(*server).category(), cpptls::tls_error_category()) << server->message();
}

TEST(AsioErrors, Tls12ClientAlertReachesTheServerBeforeTheHandshakeFails) {
  boost::asio::io_context io;
  ClientConfig config = client_config();
  config.max_version = ProtocolVersion::tls12;
  StreamPair pair = make_streams(io, "www.example.org", config);
  std::optional<error_code> client;
  std::optional<error_code> server;
  pair.client.async_handshake(cpptls::asio::stream_base::client,
                              [&](error_code ec) { client = ec; });
  pair.server.async_handshake(cpptls::asio::stream_base::server,
                              [&](error_code ec) { server = ec; });
  ASSERT_TRUE(run_until(io, [&] { return client && server; }));
  EXPECT_EQ(*client, cpptls::TlsErrorKind::certificate) << client->message();
  EXPECT_EQ(*server, cpptls::TlsErrorKind::alert_received) << server->message();
  const auto error = pair.server.connection().error();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->alert_name(), "bad_certificate");
}

TEST(AsioErrors, UntrustedServerIsRefused) {
  boost::asio::io_context io;
  ServerConfig untrusted = server_config();
  untrusted.credentials = {api_test::credential("other")};
  StreamPair pair = make_streams(io, "localhost", client_config(), untrusted);
  std::optional<error_code> client;
  pair.client.async_handshake(cpptls::asio::stream_base::client,
                              [&](error_code ec) { client = ec; });
  pair.server.async_handshake(cpptls::asio::stream_base::server, [](error_code) {});
  ASSERT_TRUE(run_until(io, [&] { return client.has_value(); }));
  EXPECT_EQ(*client, cpptls::TlsErrorKind::certificate) << client->message();
}

TEST(AsioErrors, ClientWithoutHostNameIsRefusedUnlessVerificationIsOffOnPurpose) {
  boost::asio::io_context io;
  try {
    tls_stream stream(io, "", client_config());
    ADD_FAILURE() << "a client stream without a host name was made";
  } catch (const boost::system::system_error& refused) {
    EXPECT_EQ(refused.code(), cpptls::asio::error::host_name_required);
    EXPECT_NE(refused.code().message().find("host name"), std::string::npos);
  }

  ClientConfig insecure = client_config();
  insecure.insecure_skip_verification = true;
  EXPECT_NO_THROW(tls_stream(io, "", insecure));
}

TEST(AsioErrors, InvalidConfigurationThrowsWithTheReason) {
  boost::asio::io_context io;
  ClientConfig no_provider = client_config();
  no_provider.provider = nullptr;
  try {
    tls_stream stream(io, "localhost", no_provider);
    ADD_FAILURE() << "a client stream without a provider was made";
  } catch (const boost::system::system_error& refused) {
    EXPECT_EQ(refused.code(), cpptls::TlsErrorKind::api_misuse) << refused.what();
  }
}

TEST(AsioErrors, HandshakeTypeMustMatchTheStream) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  std::optional<error_code> client;
  pair.client.async_handshake(cpptls::asio::stream_base::server,
                              [&](error_code ec) { client = ec; });
  ASSERT_TRUE(run_until(io, [&] { return client.has_value(); }));
  EXPECT_EQ(*client, cpptls::asio::error::wrong_handshake_type);

  error_code server;
  pair.server.handshake(cpptls::asio::stream_base::client, server);
  EXPECT_EQ(server, cpptls::asio::error::wrong_handshake_type);
}

TEST(AsioErrors, ReadAndWriteBeforeTheHandshakeAreRefused) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  std::array<char, 8> buffer{};
  std::optional<error_code> read;
  std::optional<error_code> wrote;
  bool completed_inline = true;
  pair.client.async_read_some(boost::asio::buffer(buffer),
                              [&](error_code ec, std::size_t) { read = ec; });
  pair.client.async_write_some(boost::asio::buffer(buffer),
                               [&](error_code ec, std::size_t) { wrote = ec; });
  // asio's rule: a handler never runs inside the call that starts the operation.
  completed_inline = read.has_value() || wrote.has_value();
  ASSERT_TRUE(run_until(io, [&] { return read && wrote; }));
  EXPECT_FALSE(completed_inline);
  EXPECT_EQ(*read, cpptls::asio::error::handshake_required);
  EXPECT_EQ(*wrote, cpptls::asio::error::handshake_required);
}

TEST(AsioErrors, ClosedTransportDuringTheHandshakeIsStreamTruncated) {
  boost::asio::io_context io;
  StreamPair pair = make_streams(io, "localhost");
  pair.server.next_layer().close();
  std::optional<error_code> client;
  pair.client.async_handshake(cpptls::asio::stream_base::client,
                              [&](error_code ec) { client = ec; });
  ASSERT_TRUE(run_until(io, [&] { return client.has_value(); }));
  // Either the FIN arrives before the ClientHello is sent, or the write meets a reset.
  EXPECT_TRUE(*client == cpptls::asio::error::stream_truncated ||
              *client == boost::asio::error::connection_reset ||
              *client == boost::asio::error::broken_pipe)
      << client->message();
}

TEST(AsioErrors, TlsErrorCodeNamesKindAndCodeAndComparesWithBoth) {
  const TlsError error(TlsErrorKind::peer_misbehaved, TlsErrorCode::unexpected_message, 10,
                       "received finished in state ExpectServerHello");
  const error_code first = cpptls::asio::make_error_code(error);
  EXPECT_EQ(first.message(), "peer misbehaved: unexpected_message");
  EXPECT_EQ(first, cpptls::asio::make_error_code(error));
  EXPECT_EQ(first, TlsErrorKind::peer_misbehaved);
  EXPECT_NE(first, TlsErrorKind::certificate);
  EXPECT_EQ(first, TlsErrorCode::unexpected_message);
  EXPECT_NE(first, TlsErrorCode::bad_record_mac);
  // Boost keeps the std::error_code it was made from (its own category() is a wrapper).
  EXPECT_EQ(std::error_code(first).category(), cpptls::tls_error_category());

  const TlsError other(TlsErrorKind::certificate, TlsErrorCode::certificate_invalid, 42,
                       "another reason");
  EXPECT_NE(cpptls::asio::make_error_code(other), first);
}

}  // namespace
}  // namespace cpptls::asio_test
