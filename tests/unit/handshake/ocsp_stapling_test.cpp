// OCSP stapling (RFC 6066 8, RFC 8446 4.4.2.1) between the real client and server state
// machines: TLS 1.2's status_request echo and CertificateStatus message, TLS 1.3's
// status_request in the leaf's CertificateEntry, each refusal of a response the client did
// not ask for or cannot read, and the response reported again on resumption.

#include <algorithm>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "handshake/common/session.hpp"
#include "handshake/common/session_cache.hpp"
#include "handshake/common/ticket_keys.hpp"
#include "unit/handshake/clock_provider.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake::testing {
namespace {

using T = wire::HandshakeType;
using wire::ExtensionType;

const Bytes kResponse = {0x30, 0x03, 0x0a, 0x01, 0x00};  // an OCSPResponse-shaped DER value

Credential stapling(const Credential& base, Bytes response = kResponse) {
  Credential credential = base;
  credential.ocsp_response = std::make_shared<const Bytes>(std::move(response));
  return credential;
}

// The handshake types `side` sent, in order (change_cipher_spec left out).
std::vector<T> sent_types(const Pump& pump, Side side) {
  std::vector<T> out;
  for (const auto& [sender, event] : pump.log()) {
    if (sender == side && !event.is_change_cipher_spec())
      out.push_back(static_cast<T>(event.message[0]));
  }
  return out;
}

const Bytes* first_sent(const Pump& pump, Side side, T type) {
  for (const auto& [sender, event] : pump.log()) {
    if (sender == side && event.is(type)) return &event.message;
  }
  return nullptr;
}

bool has(const std::vector<T>& types, T type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

ClientSettings client12(bool request) {
  ClientSettings settings = client_settings();
  settings.versions.tls13 = false;
  settings.request_ocsp_stapling = request;
  return settings;
}

ServerSettings server12(const Credential& credential) {
  ServerSettings settings = server_settings(credential);
  settings.versions.tls13 = false;
  return settings;
}

ClientSettings client13(bool request) {
  ClientSettings settings = client_settings13();
  settings.request_ocsp_stapling = request;
  return settings;
}

bool server_hello_has_status_request(const Pump& pump) {
  const Bytes* message = first_sent(pump, Side::server, T::server_hello);
  if (message == nullptr) return false;
  auto hello = wire::ServerHello::decode(ByteView(*message).subspan(kBody));
  return hello && wire::find_extension(hello->extensions, ExtensionType::status_request) != nullptr;
}

// A tamper hook that adds status_request with `body` to the ClientHello.
Tamper add_status_request_to_client_hello() {
  return alter_message(Side::client, T::client_hello, [](Bytes& message) {
    auto hello = wire::ClientHello::decode(ByteView(message).subspan(kBody));
    ASSERT_TRUE(hello.has_value());
    static const Bytes kRequest = {0x01, 0x00, 0x00, 0x00, 0x00};
    hello->extensions.push_back({ExtensionType::status_request, kRequest});
    Bytes out;
    ASSERT_TRUE(wire::encode_handshake(*hello, out).has_value());
    message = std::move(out);
  });
}

// A tamper hook that adds status_request with `body` to entry `index` of `sender`'s TLS 1.3
// Certificate.
Tamper add_entry_extension(Side sender, std::size_t index, Bytes body) {
  return alter_message(sender, T::certificate, [index, body](Bytes& message) {
    auto certificate = wire::Certificate13::decode(ByteView(message).subspan(kBody));
    ASSERT_TRUE(certificate.has_value());
    ASSERT_LT(index, certificate->certificate_list.size());
    certificate->certificate_list[index].extensions.push_back(
        {ExtensionType::status_request, body});
    Bytes out;
    ASSERT_TRUE(wire::encode_handshake(*certificate, out).has_value());
    message = std::move(out);
  });
}

// What the application's OCSP check (ClientSettings::ocsp_check) saw, and its answer.
struct CheckRecord {
  int calls = 0;
  Bytes response;
  std::size_t chain_length = 0;
};

ClientSettings with_check(ClientSettings settings, std::shared_ptr<CheckRecord> record,
                          bool accept) {
  settings.ocsp_check = [record, accept](ByteView response,
                                         const std::vector<x509::ParsedCertificate>& chain) {
    ++record->calls;
    record->response.assign(response.begin(), response.end());
    record->chain_length = chain.size();
    return accept;
  };
  return settings;
}

// --- TLS 1.2 (RFC 6066 8) ---

TEST(OcspStapling12, ServerStaplesACertificateStatusAfterCertificateWhenAsked) {
  auto pair = run12(client12(true), server12(stapling(ec_credential())));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->client.summary().ocsp_response, kResponse);
  EXPECT_TRUE(server_hello_has_status_request(pair->pump));
  const std::vector<T> flight = sent_types(pair->pump, Side::server);
  ASSERT_GE(flight.size(), 4U);
  EXPECT_EQ(flight[1], T::certificate);
  EXPECT_EQ(flight[2], T::certificate_status);
  const Bytes* status = first_sent(pair->pump, Side::server, T::certificate_status);
  ASSERT_NE(status, nullptr);
  auto decoded = wire::CertificateStatus::decode(ByteView(*status).subspan(kBody));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(Bytes(decoded->ocsp_response.begin(), decoded->ocsp_response.end()), kResponse);
}

TEST(OcspStapling12, NothingIsStapledToAClientThatDidNotAsk) {
  auto pair = run12(client12(false), server12(stapling(ec_credential())));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_FALSE(server_hello_has_status_request(pair->pump));
  EXPECT_FALSE(has(sent_types(pair->pump, Side::server), T::certificate_status));
  EXPECT_TRUE(pair->client.summary().ocsp_response.empty());
}

TEST(OcspStapling12, AServerWithoutAResponseNeitherEchoesNorSendsCertificateStatus) {
  auto pair = run12(client12(true), server12(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_FALSE(server_hello_has_status_request(pair->pump));
  EXPECT_FALSE(has(sent_types(pair->pump, Side::server), T::certificate_status));
  EXPECT_TRUE(pair->client.summary().ocsp_response.empty());
}

TEST(OcspStapling12, ClientAcceptsAPromisedCertificateStatusThatNeverComes) {
  // RFC 6066 8: the server "MAY also choose not to send" it after echoing status_request.
  // (The server's own transcript still holds it, so only the client's side is checked.)
  auto pair =
      run12(client12(true), server12(stapling(ec_credential())),
            [](Side sender, std::vector<Event>& flight) {
              if (sender != Side::server) return;
              std::erase_if(flight, [](const Event& e) { return e.is(T::certificate_status); });
            });
  EXPECT_TRUE(has(sent_types(pair->pump, Side::client), T::client_key_exchange))
      << pair->pump.describe();
  EXPECT_TRUE(pair->client.summary().ocsp_response.empty());
}

TEST(OcspStapling12, CertificateStatusWithoutTheServerHelloEchoIsUnexpectedMessage) {
  auto pair = run12(client12(false), server12(ec_credential()),
                    [](Side sender, std::vector<Event>& flight) {
                      if (sender != Side::server) return;
                      for (auto it = flight.begin(); it != flight.end(); ++it) {
                        if (!it->is(T::certificate)) continue;
                        Event status;
                        status.message = {22, 0, 0, 5, 1, 0, 0, 1, 0xab};
                        flight.insert(it + 1, status);
                        return;
                      }
                    });
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::unexpected_message)
      << pair->pump.describe();
}

TEST(OcspStapling12, AStatusRequestEchoTheClientDidNotAskForIsUnsupportedExtension) {
  auto pair = run12(client12(false), server12(stapling(ec_credential())),
                    add_status_request_to_client_hello());
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::unsupported_extension)
      << pair->pump.describe();
}

TEST(OcspStapling12, AnEmptyResponseInCertificateStatusIsDecodeError) {
  auto pair = run12(client12(true), server12(stapling(ec_credential())),
                    alter_message(Side::server, T::certificate_status,
                                  [](Bytes& message) { message = {22, 0, 0, 4, 1, 0, 0, 0}; }));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::decode_error)
      << pair->pump.describe();
}

TEST(OcspStapling12, AResumedSessionReportsTheResponseStapledWhenItWasMade) {
  auto store = std::make_shared<InMemorySessionStore>();
  auto cache = std::make_shared<SessionCache>();
  const auto connect = [&] {
    ClientSettings client = client12(true);
    auto trust = std::make_shared<x509::TrustStore>();
    trust->add(pki_certificate("root-ec"));
    verify_server(client, trust);
    client.session_store = store;
    ServerSettings server = server12(stapling(ec_credential()));
    server.session_cache = cache;
    return run12(client, server);
  };
  auto first = connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  auto second = connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_TRUE(second->client.summary().resumed);
  EXPECT_FALSE(has(sent_types(second->pump, Side::server), T::certificate_status));
  EXPECT_EQ(second->client.summary().ocsp_response, kResponse);
}

TEST(OcspStapling12, TheApplicationsCheckSeesTheResponseAndTheChainAndMayRefuse) {
  auto accepted = std::make_shared<CheckRecord>();
  auto pair =
      run12(with_check(client12(true), accepted, true), server12(stapling(ec_credential())));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(accepted->calls, 1);
  EXPECT_EQ(accepted->response, kResponse);
  EXPECT_EQ(accepted->chain_length, 2U);

  auto refused = std::make_shared<CheckRecord>();
  auto failed =
      run12(with_check(client12(true), refused, false), server12(stapling(ec_credential())));
  EXPECT_EQ(alert_of(failed->pump, Side::client), AlertDescription::bad_certificate_status_response)
      << failed->pump.describe();
  // Refused before the client's second flight.
  EXPECT_FALSE(has(sent_types(failed->pump, Side::client), T::client_key_exchange));
}

TEST(OcspStapling12, TheCheckAlsoDecidesWhenNothingWasStapled) {
  // A server that promised nothing, and one that promised but skipped CertificateStatus.
  for (const bool promised : {false, true}) {
    auto record = std::make_shared<CheckRecord>();
    auto pair =
        run12(with_check(client12(true), record, false),
              server12(promised ? stapling(ec_credential()) : ec_credential()),
              [](Side sender, std::vector<Event>& flight) {
                if (sender != Side::server) return;
                std::erase_if(flight, [](const Event& e) { return e.is(T::certificate_status); });
              });
    EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::bad_certificate_status_response)
        << pair->pump.describe();
    EXPECT_EQ(record->calls, 1);
    EXPECT_TRUE(record->response.empty());
  }
}

TEST(OcspStapling12, TheCheckIsNotMadeWithoutARequestOrOnResumption) {
  auto record = std::make_shared<CheckRecord>();
  auto unasked =
      run12(with_check(client12(false), record, false), server12(stapling(ec_credential())));
  ASSERT_TRUE(unasked->pump.succeeded()) << unasked->pump.describe();
  EXPECT_EQ(record->calls, 0);

  auto store = std::make_shared<InMemorySessionStore>();
  auto cache = std::make_shared<SessionCache>();
  const auto connect = [&] {
    ClientSettings client = with_check(client12(true), record, true);
    auto trust = std::make_shared<x509::TrustStore>();
    trust->add(pki_certificate("root-ec"));
    verify_server(client, trust);
    client.session_store = store;
    ServerSettings server = server12(stapling(ec_credential()));
    server.session_cache = cache;
    return run12(client, server);
  };
  auto first = connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  EXPECT_EQ(record->calls, 1);
  auto second = connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_TRUE(second->client.summary().resumed);
  EXPECT_EQ(record->calls, 1);
}

// --- TLS 1.3 (RFC 8446 4.4.2.1) ---

TEST(OcspStapling13, TheApplicationsCheckSeesTheResponseAndTheChainAndMayRefuse) {
  auto accepted = std::make_shared<CheckRecord>();
  auto pair = run13(with_check(client13(true), accepted, true),
                    server_settings13(stapling(ec_credential())));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(accepted->calls, 1);
  EXPECT_EQ(accepted->response, kResponse);
  EXPECT_EQ(accepted->chain_length, 2U);

  auto refused = std::make_shared<CheckRecord>();
  auto failed =
      run13(with_check(client13(true), refused, false), server_settings13(ec_credential()));
  EXPECT_EQ(alert_of(failed->pump, Side::client), AlertDescription::bad_certificate_status_response)
      << failed->pump.describe();
  EXPECT_EQ(refused->calls, 1);
  EXPECT_TRUE(refused->response.empty());
}

TEST(OcspStapling13, ServerStaplesInTheLeafEntryOnlyWhenAsked) {
  auto pair = run13(client13(true), server_settings13(stapling(ec_credential())));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->client.summary().ocsp_response, kResponse);
  const Bytes* message = first_sent(pair->pump, Side::server, T::certificate);
  ASSERT_NE(message, nullptr);
  auto certificate = wire::Certificate13::decode(ByteView(*message).subspan(kBody));
  ASSERT_TRUE(certificate.has_value());
  ASSERT_EQ(certificate->certificate_list.size(), 2U);
  const auto& leaf = certificate->certificate_list[0].extensions;
  ASSERT_EQ(leaf.size(), 1U);
  EXPECT_EQ(leaf[0].type, ExtensionType::status_request);
  auto status = wire::CertificateStatus::decode(leaf[0].data);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(Bytes(status->ocsp_response.begin(), status->ocsp_response.end()), kResponse);
  EXPECT_TRUE(certificate->certificate_list[1].extensions.empty());
}

TEST(OcspStapling13, NothingIsStapledToAClientThatDidNotAsk) {
  auto pair = run13(client13(false), server_settings13(stapling(ec_credential())));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  const Bytes* message = first_sent(pair->pump, Side::server, T::certificate);
  ASSERT_NE(message, nullptr);
  auto certificate = wire::Certificate13::decode(ByteView(*message).subspan(kBody));
  ASSERT_TRUE(certificate.has_value());
  for (const auto& entry : certificate->certificate_list)
    EXPECT_TRUE(entry.extensions.empty());
  EXPECT_TRUE(pair->client.summary().ocsp_response.empty());
}

TEST(OcspStapling13, AStatusTheClientDidNotAskForIsUnsupportedExtension) {
  auto pair = run13(client13(false), server_settings13(ec_credential()),
                    add_entry_extension(Side::server, 0, {1, 0, 0, 1, 0xab}));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::unsupported_extension)
      << pair->pump.describe();
}

TEST(OcspStapling13, AnEmptyResponseInTheLeafEntryIsDecodeError) {
  auto pair = run13(client13(true), server_settings13(ec_credential()),
                    add_entry_extension(Side::server, 0, {1, 0, 0, 0}));
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::decode_error)
      << pair->pump.describe();
}

TEST(OcspStapling13, AnExtensionOnAClientCertificateEntryIsUnsupportedExtension) {
  // Our CertificateRequest asks for no status of the client (RFC 8446 4.4.2).
  ClientSettings client = client13(false);
  client.certificate = client_rsa_credential();
  ServerSettings server = server_settings13(ec_credential());
  server.client_auth = ClientAuth::require;
  server.client_trust = client_trust();
  auto pair = run13(client, server, add_entry_extension(Side::client, 0, {1, 0, 0, 1, 0xab}));
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::unsupported_extension)
      << pair->pump.describe();
}

TEST(OcspStapling13, AResumedSessionReportsTheResponseStapledWhenItWasMade) {
  ClockProvider clock;
  auto store = std::make_shared<InMemorySessionStore>();
  auto keys = TicketKeys::create(clock);
  ASSERT_TRUE(keys.has_value());
  const auto connect = [&] {
    ClientSettings client = client13(true);
    client.provider = &clock;
    auto trust = std::make_shared<x509::TrustStore>();
    trust->add(pki_certificate("root-ec"));
    verify_server(client, trust);
    client.session_store = store;
    ServerSettings server = server_settings13(stapling(ec_credential()));
    server.provider = &clock;
    server.ticket_keys = *keys;
    return run13(client, server);
  };
  auto first = connect();
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  auto second = connect();
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_TRUE(second->client.summary().resumed);
  EXPECT_EQ(first_sent(second->pump, Side::server, T::certificate), nullptr);
  EXPECT_EQ(second->client.summary().ocsp_response, kResponse);
}

}  // namespace
}  // namespace cpptls::handshake::testing
