// RFC 8446 D.5: a ClientHello whose legacy_version is SSL 3.0 (0x0300) or less is refused with
// protocol_version by the server of either version, whatever supported_versions says.
#include <cstdint>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "handshake/dispatch/server_dispatch.hpp"
#include "handshake/tls12/server.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using wire::ProtocolVersion;
using Offer = std::optional<std::vector<ProtocolVersion>>;

Bytes hello_with_legacy_version(std::uint16_t version, const Offer& versions) {
  Hello13 hello;
  hello.shares->push_back(share_entry(crypto::NamedGroup::x25519));
  hello.versions = versions;
  Bytes encoded = encode_hello13(hello);
  // After the 4-byte handshake header.
  encoded[4] = static_cast<std::uint8_t>(version >> 8);
  encoded[5] = static_cast<std::uint8_t>(version);
  return encoded;
}

// The alert the server answers with; close_notify when it goes on.
AlertDescription answer(Handshake& server, ByteView hello) {
  Output out;
  auto result = feed(server, hello, out);
  return result ? AlertDescription::close_notify : result.error().alert();
}

ServerSettings both_versions() {
  ServerSettings settings = server_settings(ec_credential());
  settings.versions = {true, true};
  return settings;
}

constexpr std::uint16_t kSsl3OrOlder[] = {0x0300, 0x0200, 0x0100, 0x0002, 0x0000};

TEST(ClientHelloLegacyVersion, VersionedServerRefusesSsl3OrOlderWhateverSupportedVersionsSays) {
  const Offer offers[] = {std::vector{ProtocolVersion::tls13, ProtocolVersion::tls12},
                          std::vector{ProtocolVersion::tls13}, std::vector{ProtocolVersion::tls12},
                          std::nullopt};
  for (const std::uint16_t version : kSsl3OrOlder) {
    for (const Offer& offer : offers) {
      VersionedServer server(both_versions());
      EXPECT_EQ(answer(server, hello_with_legacy_version(version, offer)),
                AlertDescription::protocol_version)
          << "legacy_version " << version;
    }
  }
}

TEST(ClientHelloLegacyVersion, EachVersionsServerRefusesSsl3OrOlder) {
  for (const std::uint16_t version : kSsl3OrOlder) {
    hs13::ServerHandshake server13(server_settings13(ec_credential()));
    EXPECT_EQ(
        answer(server13, hello_with_legacy_version(version, std::vector{ProtocolVersion::tls13})),
        AlertDescription::protocol_version);
    ServerSettings settings12 = server_settings(ec_credential());
    settings12.versions = {true, false};
    hs12::ServerHandshake server12(settings12);
    EXPECT_EQ(
        answer(server12, hello_with_legacy_version(version, std::vector{ProtocolVersion::tls12})),
        AlertDescription::protocol_version);
  }
}

TEST(ClientHelloLegacyVersion, AcceptsTls10LegacyVersionWithSupportedVersions) {
  // RFC 8446 4.2.1: above SSL 3.0, legacy_version is ignored when supported_versions is sent.
  VersionedServer server(both_versions());
  EXPECT_EQ(answer(server, hello_with_legacy_version(0x0301, std::vector{ProtocolVersion::tls13,
                                                                         ProtocolVersion::tls12})),
            AlertDescription::close_notify);
}

}  // namespace
}  // namespace cpptls::handshake::testing
