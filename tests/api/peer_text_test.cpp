// A peer's strings never reach our text raw: a hostile ALPN protocol name holding a new line
// and a terminal escape is shown as \xNN in the error reason and in every trace line.

#include <string>
#include <vector>

#include "api_test_support.hpp"

namespace cpptls::api_test {
namespace {

constexpr std::string_view kHostileAlpn = "h2\nerror: forged line \x1b[31m";

[[nodiscard]] bool has_control_character(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

void expect_hostile_alpn_escaped(ProtocolVersion version) {
  ClientConfig client = client_config();
  client.alpn = {std::string(kHostileAlpn)};
  client.min_version = client.max_version = version;
  ServerConfig server = server_config();
  server.alpn = {"http/1.1"};
  std::vector<std::string> server_trace;
  server.trace = [&](const TraceEvent& event) { server_trace.emplace_back(event.line); };

  Pair pair = make_pair(client, server);
  pump(pair);
  ASSERT_TRUE(pair.server.error.has_value());
  EXPECT_EQ(pair.server.error->alert_name(), "no_application_protocol");
  const std::string reason = pair.server.error->reason();
  EXPECT_FALSE(has_control_character(reason)) << reason;
  EXPECT_NE(reason.find("\"h2\\x0aerror: forged line \\x1b[31m\""), std::string::npos) << reason;
  EXPECT_FALSE(has_control_character(pair.server.error->to_string()));

  ASSERT_FALSE(server_trace.empty());
  for (const std::string& line : server_trace)
    EXPECT_FALSE(has_control_character(line)) << line;
}

TEST(PeerText, HostileAlpnNameIsEscapedInTheReasonAndTheTraceTls12) {
  expect_hostile_alpn_escaped(ProtocolVersion::tls12);
}

TEST(PeerText, HostileAlpnNameIsEscapedInTheReasonAndTheTraceTls13) {
  expect_hostile_alpn_escaped(ProtocolVersion::tls13);
}

}  // namespace
}  // namespace cpptls::api_test
