// The TLS 1.3 client against a server that breaks the rules: the trace's server messages,
// altered one at a time, each refused with the alert RFC 8446 names and a reason that says
// what was wrong.
#include <gtest/gtest.h>

#include "handshake/tls13/client_downgrade.hpp"
#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/encrypted_extensions.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/writer.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::hs13::client_test {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using wire::ExtensionType;
using wire::HandshakeType;

template <class Body>
Bytes body_of(const Body& body) {
  Bytes out;
  wire::Writer writer(out);
  body.encode(writer);
  return out;
}

// Feeds the trace's flight up to `before` (excluded) and then `message`; gives the result.
Expected<void> refuse_at(TraceClient& trace, int section, std::string_view before, ByteView message,
                         Output& out) {
  {
    // The message before `before` in the flight.
    static const std::vector<std::string> order{"HelloRetryRequest",
                                                "ServerHello",
                                                "EncryptedExtensions",
                                                "CertificateRequest",
                                                "Certificate",
                                                "CertificateVerify",
                                                "Finished"};
    std::string previous;
    for (const std::string& name : order) {
      if (name == before) break;
      if (name == "CertificateRequest" && section != kClientAuth) continue;
      if (name == "HelloRetryRequest" && section != kRetry) continue;
      previous = name;
    }
    if (!previous.empty()) {
      auto fed = feed_server_flight(trace, section, previous, out);
      EXPECT_TRUE(fed) << fed.error().to_string();
    }
  }
  out.clear();
  return deliver(*trace.client, message, out);
}

void expect_refused(const Expected<void>& result, AlertDescription alert, std::string_view says) {
  ASSERT_FALSE(result) << "accepted; expected " << name(alert);
  EXPECT_EQ(result.error().alert(), alert) << result.error().to_string();
  EXPECT_NE(result.error().reason().find(says), std::string::npos) << result.error().reason();
}

// Section 3's ServerHello with `change` applied, delivered to a fresh section 3 client.
Expected<void> server_hello_refusal(const std::function<void(wire::ServerHello&)>& change) {
  auto trace = start_trace_client(kSimple);
  Output out;
  auto result = deliver(*trace->client,
                        edit_server_hello(trace_message(kSimple, "ServerHello"), change), out);
  EXPECT_TRUE(out.empty()) << "a refused ServerHello still installed keys";
  return result;
}

// --- ServerHello (RFC 8446 4.1.3) ---

TEST(Client13Tamper, RefusesASessionIdEchoThatIsNotOurs) {
  const Bytes echo{0x42};
  expect_refused(
      server_hello_refusal([&](wire::ServerHello& h) { h.legacy_session_id_echo = echo; }),
      AlertDescription::illegal_parameter, "legacy_session_id_echo");
}

TEST(Client13Tamper, RefusesASuiteItDidNotOffer) {
  expect_refused(server_hello_refusal([](wire::ServerHello& h) {
                   h.cipher_suite = static_cast<CipherSuite>(0x1304);  // TLS_AES_128_CCM_SHA256
                 }),
                 AlertDescription::illegal_parameter, "not among the TLS 1.3 suites");
  expect_refused(server_hello_refusal([](wire::ServerHello& h) {
                   h.cipher_suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
                 }),
                 AlertDescription::illegal_parameter, "not among the TLS 1.3 suites");
}

TEST(Client13Tamper, RefusesAKeyShareForAGroupItSentNoShareFor) {
  const Bytes point(65, 0x04);
  const Bytes share =
      body_of(wire::KeyShareServerHello{wire::KeyShareEntry{NamedGroup::secp256r1, point}});
  expect_refused(server_hello_refusal([&](wire::ServerHello& h) {
                   for (auto& e : h.extensions)
                     if (e.type == ExtensionType::key_share) e.data = share;
                 }),
                 AlertDescription::illegal_parameter, "sent no share");
}

TEST(Client13Tamper, RefusesAMalformedOrDegenerateX25519Share) {
  const Bytes short_share =
      body_of(wire::KeyShareServerHello{wire::KeyShareEntry{NamedGroup::x25519, Bytes(31, 9)}});
  expect_refused(server_hello_refusal([&](wire::ServerHello& h) {
                   for (auto& e : h.extensions)
                     if (e.type == ExtensionType::key_share) e.data = short_share;
                 }),
                 AlertDescription::illegal_parameter, "31 bytes");
  // An all-zero point gives an all-zero shared secret (RFC 8446 7.4.2, RFC 7748 6.1).
  const Bytes zero_share =
      body_of(wire::KeyShareServerHello{wire::KeyShareEntry{NamedGroup::x25519, Bytes(32, 0)}});
  auto result = server_hello_refusal([&](wire::ServerHello& h) {
    for (auto& e : h.extensions)
      if (e.type == ExtensionType::key_share) e.data = zero_share;
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter)
      << result.error().to_string();
}

TEST(Client13Tamper, RefusesAServerHelloWithoutKeyShare) {
  expect_refused(server_hello_refusal([](wire::ServerHello& h) {
                   std::erase_if(h.extensions,
                                 [](const auto& e) { return e.type == ExtensionType::key_share; });
                 }),
                 AlertDescription::missing_extension, "no key_share");
}

TEST(Client13Tamper, RefusesAnyVersionButTls13InSupportedVersions) {
  const Bytes tls12 = body_of(wire::SupportedVersionsServerHello{wire::ProtocolVersion::tls12});
  expect_refused(server_hello_refusal([&](wire::ServerHello& h) {
                   for (auto& e : h.extensions)
                     if (e.type == ExtensionType::supported_versions) e.data = tls12;
                 }),
                 AlertDescription::illegal_parameter, "supported_versions");
}

// RFC 8446 4.1.3: legacy_version "MUST be set to 0x0303", with no alert named. As BoringSSL:
// in the first ServerHello another value is read as the version the server chose, which we do
// not support (protocol_version, as RFC 5246 E.1 has it); in the ServerHello after a
// HelloRetryRequest it is decode_error.
TEST(Client13Tamper, RefusesALegacyVersionOtherThanTls12) {
  expect_refused(server_hello_refusal(
                     [](wire::ServerHello& h) { h.legacy_version = wire::ProtocolVersion::tls10; }),
                 AlertDescription::protocol_version, "legacy_version");
  auto trace = start_trace_client(kRetry);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kRetry, "HelloRetryRequest", out));
  const Bytes hello = edit_server_hello(
      trace_message(kRetry, "ServerHello", 1),
      [](wire::ServerHello& h) { h.legacy_version = static_cast<wire::ProtocolVersion>(0x0305); });
  out.clear();
  expect_refused(deliver(*trace->client, hello, out), AlertDescription::decode_error,
                 "legacy_version");
}

TEST(Client13Tamper, RefusesATls12ServerHelloAndChecksTheDowngradeSentinel) {
  const auto tls12_hello = [](wire::DowngradeSentinel sentinel) {
    return [sentinel](wire::ServerHello& h) {
      h.extensions.clear();
      wire::set_downgrade_sentinel(h.random, sentinel);
    };
  };
  expect_refused(server_hello_refusal(tls12_hello(wire::DowngradeSentinel::none)),
                 AlertDescription::protocol_version, "TLS 1.3 only");
  expect_refused(server_hello_refusal(tls12_hello(wire::DowngradeSentinel::tls12)),
                 AlertDescription::illegal_parameter, "DOWNGRD 01");
  expect_refused(server_hello_refusal(tls12_hello(wire::DowngradeSentinel::tls11_or_below)),
                 AlertDescription::illegal_parameter, "DOWNGRD 00");
}

TEST(Client13Tamper, DowngradeCheckForTheDispatcher) {
  wire::ServerHello hello;
  hello.random.fill(7);
  EXPECT_TRUE(check_no_downgrade(hello));
  wire::set_downgrade_sentinel(hello.random, wire::DowngradeSentinel::tls12);
  auto refused = check_no_downgrade(hello);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().alert(), AlertDescription::illegal_parameter);
  wire::set_downgrade_sentinel(hello.random, wire::DowngradeSentinel::tls11_or_below);
  EXPECT_FALSE(check_no_downgrade(hello));
}

TEST(Client13Tamper, RefusesServerHelloExtensionsItDidNotAskFor) {
  const Bytes selected{0, 0};
  expect_refused(server_hello_refusal([&](wire::ServerHello& h) {
                   h.extensions.push_back({ExtensionType::pre_shared_key, selected});
                 }),
                 AlertDescription::unsupported_extension, "pre_shared_key");
  expect_refused(server_hello_refusal([&](wire::ServerHello& h) {
                   h.extensions.push_back({static_cast<ExtensionType>(0x7777), {}});
                 }),
                 AlertDescription::unsupported_extension, "did not ask for");
}

// --- HelloRetryRequest (RFC 8446 4.1.4) ---

Expected<void> retry_refusal(ByteView retry) {
  auto trace = start_trace_client(kRetry);
  Output out;
  auto result = deliver(*trace->client, retry, out);
  EXPECT_TRUE(out.empty());
  return result;
}

TEST(Client13Tamper, RefusesARetryForAGroupItAlreadySharedOrNeverOffered) {
  expect_refused(retry_refusal(hello_retry_request(CipherSuite::TLS_AES_128_GCM_SHA256, {},
                                                   NamedGroup::x25519, std::nullopt)),
                 AlertDescription::illegal_parameter, "already carried");
  // The trace's client offers x25519, P-256 and P-384 only.
  expect_refused(retry_refusal(hello_retry_request(CipherSuite::TLS_AES_128_GCM_SHA256, {},
                                                   static_cast<NamedGroup>(0x0019), std::nullopt)),
                 AlertDescription::illegal_parameter, "did not offer");
}

// RFC 8446 4.1.3: the echo is checked in the HelloRetryRequest and again in the ServerHello
// that follows it.
TEST(Client13Tamper, RefusesASessionIdEchoThatIsNotOursInOrAfterARetry) {
  expect_refused(retry_refusal(hello_retry_request(CipherSuite::TLS_AES_128_GCM_SHA256, Bytes{0x42},
                                                   NamedGroup::secp256r1, std::nullopt)),
                 AlertDescription::illegal_parameter, "legacy_session_id_echo");
  auto trace = start_trace_client(kRetry);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kRetry, "HelloRetryRequest", out));
  const Bytes echo{0x42};
  const Bytes hello =
      edit_server_hello(trace_message(kRetry, "ServerHello", 1),
                        [&](wire::ServerHello& h) { h.legacy_session_id_echo = echo; });
  out.clear();
  expect_refused(deliver(*trace->client, hello, out), AlertDescription::illegal_parameter,
                 "legacy_session_id_echo");
}

TEST(Client13Tamper, RefusesARetryThatChangesNothing) {
  expect_refused(retry_refusal(hello_retry_request(CipherSuite::TLS_AES_128_GCM_SHA256, {},
                                                   std::nullopt, std::nullopt)),
                 AlertDescription::illegal_parameter, "would not change");
}

TEST(Client13Tamper, RefusesARetryWithAnUnofferedSuiteOrWithoutSupportedVersions) {
  expect_refused(retry_refusal(hello_retry_request(static_cast<CipherSuite>(0x1304), {},
                                                   NamedGroup::secp256r1, std::nullopt)),
                 AlertDescription::illegal_parameter, "not among");
  const Bytes retry = edit_server_hello(hello_retry_request(CipherSuite::TLS_AES_128_GCM_SHA256, {},
                                                            NamedGroup::secp256r1, std::nullopt),
                                        [](wire::ServerHello& h) {
                                          std::erase_if(h.extensions, [](const auto& e) {
                                            return e.type == ExtensionType::supported_versions;
                                          });
                                        });
  expect_refused(retry_refusal(retry), AlertDescription::missing_extension, "supported_versions");
}

TEST(Client13Tamper, RefusesAServerHelloThatChangesTheRetrysSuite) {
  auto trace = start_trace_client(kRetry);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kRetry, "HelloRetryRequest", out));
  const Bytes hello = edit_server_hello(
      trace_message(kRetry, "ServerHello", 1),
      [](wire::ServerHello& h) { h.cipher_suite = CipherSuite::TLS_AES_256_GCM_SHA384; });
  out.clear();
  expect_refused(deliver(*trace->client, hello, out), AlertDescription::illegal_parameter,
                 "HelloRetryRequest chose");
}

TEST(Client13Tamper, RefusesAP256ShareThatIsNotOnTheCurve) {
  auto trace = start_trace_client(kRetry);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kRetry, "HelloRetryRequest", out));
  Bytes share;
  const Bytes hello =
      edit_server_hello(trace_message(kRetry, "ServerHello", 1), [&](wire::ServerHello& h) {
        for (auto& e : h.extensions) {
          if (e.type != ExtensionType::key_share) continue;
          share.assign(e.data.begin(), e.data.end());
          share.back() ^= 0x01;  // y no longer matches x
          e.data = share;
        }
      });
  out.clear();
  auto result = deliver(*trace->client, hello, out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter)
      << result.error().to_string();
  EXPECT_TRUE(out.empty());
}

TEST(Client13Tamper, CookieOnlyRetryKeepsTheShareAddsTheCookieAndSendsTheCompatCcs) {
  ClientHandshake client(handshake::testing::client_settings());
  Output out;
  ASSERT_TRUE(client.start(out));
  const Bytes first(client.sent_client_hello().begin(), client.sent_client_hello().end());
  auto ch1 = wire::ClientHello::decode(ByteView(first).subspan(4));
  ASSERT_TRUE(ch1);
  out.clear();
  const Bytes cookie{1, 2, 3, 4, 5};
  auto retried = deliver(client,
                         hello_retry_request(CipherSuite::TLS_AES_256_GCM_SHA384,
                                             ch1->legacy_session_id, std::nullopt, cookie),
                         out);
  ASSERT_TRUE(retried) << retried.error().to_string();
  EXPECT_EQ(action_names(out), (std::vector<std::string>{"ccs", "send(client_hello)"}));
  const Bytes second = sent_messages(out).at(0);
  auto ch2 = wire::ClientHello::decode(ByteView(second).subspan(4));
  ASSERT_TRUE(ch2);
  EXPECT_EQ(ch2->random, ch1->random);
  ASSERT_EQ(ch2->extensions.size(), ch1->extensions.size() + 1);
  for (std::size_t i = 0; i < ch1->extensions.size(); ++i)
    EXPECT_TRUE(ch2->extensions[i] == ch1->extensions[i]) << i;  // the same share too
  EXPECT_EQ(ch2->extensions.back().type, ExtensionType::cookie);
  auto echoed = wire::Cookie::decode(ch2->extensions.back().data);
  ASSERT_TRUE(echoed);
  EXPECT_EQ(Bytes(echoed->cookie.begin(), echoed->cookie.end()), cookie);
  EXPECT_EQ(client.state_name(), "ExpectServerHelloAfterRetry");
}

// --- EncryptedExtensions (RFC 8446 4.3.1) ---

Bytes encrypted_extensions(wire::ExtensionList extensions) {
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(wire::EncryptedExtensions{std::move(extensions)}, out));
  return out;
}

TEST(Client13Tamper, RefusesAnAlpnAnswerItDidNotAskFor) {
  const Bytes h2 = body_of(wire::SelectedProtocol{as_bytes("h2")});
  auto trace = start_trace_client(kSimple);
  Output out;
  expect_refused(
      refuse_at(*trace, kSimple, "EncryptedExtensions",
                encrypted_extensions({{ExtensionType::application_layer_protocol_negotiation, h2}}),
                out),
      AlertDescription::unsupported_extension, "application_layer_protocol_negotiation");
}

TEST(Client13Tamper, TakesAnOfferedProtocolAndRefusesAnyOther) {
  const Bytes offer = body_of(wire::ProtocolNameList{{as_bytes("h2"), as_bytes("http/1.1")}});
  const auto with_alpn = [&](wire::ClientHello& hello) {
    hello.extensions.push_back({ExtensionType::application_layer_protocol_negotiation, offer});
  };
  const Bytes h2 = body_of(wire::SelectedProtocol{as_bytes("http/1.1")});
  auto trace = start_trace_client(kSimple, {}, with_alpn);
  Output out;
  auto taken = refuse_at(
      *trace, kSimple, "EncryptedExtensions",
      encrypted_extensions({{ExtensionType::application_layer_protocol_negotiation, h2}}), out);
  ASSERT_TRUE(taken) << taken.error().to_string();
  EXPECT_EQ(trace->client->summary().alpn, "http/1.1");

  const Bytes h3 = body_of(wire::SelectedProtocol{as_bytes("h3")});
  trace = start_trace_client(kSimple, {}, with_alpn);
  expect_refused(
      refuse_at(*trace, kSimple, "EncryptedExtensions",
                encrypted_extensions({{ExtensionType::application_layer_protocol_negotiation, h3}}),
                out),
      AlertDescription::illegal_parameter, "\"h3\"");
}

TEST(Client13Tamper, RefusesUnknownOrMisplacedEncryptedExtensions) {
  auto trace = start_trace_client(kSimple);
  Output out;
  expect_refused(refuse_at(*trace, kSimple, "EncryptedExtensions",
                           encrypted_extensions({{static_cast<ExtensionType>(0x7777), {}}}), out),
                 AlertDescription::unsupported_extension, "did not ask for");
  const Bytes versions = body_of(wire::SupportedVersionsServerHello{});
  trace = start_trace_client(kSimple);
  auto misplaced =
      refuse_at(*trace, kSimple, "EncryptedExtensions",
                encrypted_extensions({{ExtensionType::supported_versions, versions}}), out);
  ASSERT_FALSE(misplaced);
  EXPECT_EQ(misplaced.error().alert(), AlertDescription::illegal_parameter);
  const Bytes not_empty{0, 1};
  trace = start_trace_client(kSimple);
  auto ack = refuse_at(*trace, kSimple, "EncryptedExtensions",
                       encrypted_extensions({{ExtensionType::server_name, not_empty}}), out);
  ASSERT_FALSE(ack);
  EXPECT_EQ(ack.error().alert(), AlertDescription::decode_error);
}

// --- CertificateRequest, Certificate (RFC 8446 4.3.2, 4.4.2) ---

// RFC 8446 4.3.2: the context "SHALL be zero length" in the handshake; no alert is named, so
// decode_error, as BoringSSL sends.
TEST(Client13Tamper, RefusesACertificateRequestWithAContextOrWithoutSchemes) {
  const Bytes context{7};
  const Bytes request = trace_message(kClientAuth, "CertificateRequest");
  auto decoded = wire::CertificateRequest13::decode(ByteView(request).subspan(4));
  ASSERT_TRUE(decoded);
  decoded->certificate_request_context = context;
  Bytes with_context;
  ASSERT_TRUE(wire::encode_handshake(*decoded, with_context));
  auto trace = start_trace_client(kClientAuth);
  Output out;
  expect_refused(refuse_at(*trace, kClientAuth, "CertificateRequest", with_context, out),
                 AlertDescription::decode_error, "certificate_request_context");

  // One unknown extension: signature_algorithms is missing.
  const Bytes without_schemes =
      handshake_message(HandshakeType::certificate_request, Bytes{0, 0, 4, 0x77, 0x77, 0, 0});
  trace = start_trace_client(kClientAuth);
  auto missing = refuse_at(*trace, kClientAuth, "CertificateRequest", without_schemes, out);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().alert(), AlertDescription::missing_extension)
      << missing.error().to_string();
}

TEST(Client13Tamper, RefusesAnEmptyCertificateWithDecodeError) {
  auto trace = start_trace_client(kSimple);
  Output out;
  expect_refused(refuse_at(*trace, kSimple, "Certificate",
                           handshake_message(HandshakeType::certificate, Bytes{0, 0, 0, 0}), out),
                 AlertDescription::decode_error, "no certificate");
}

TEST(Client13Tamper, RefusesACertificateWithARequestContext) {
  const Bytes original = trace_message(kSimple, "Certificate");
  auto certificate = wire::Certificate13::decode(ByteView(original).subspan(4));
  ASSERT_TRUE(certificate);
  const Bytes context{1};
  certificate->certificate_request_context = context;
  Bytes altered;
  ASSERT_TRUE(wire::encode_handshake(*certificate, altered));
  auto trace = start_trace_client(kSimple);
  Output out;
  expect_refused(refuse_at(*trace, kSimple, "Certificate", altered, out),
                 AlertDescription::illegal_parameter, "certificate_request_context");
}

TEST(Client13Tamper, VerifiesTheServersChainWhenAskedTo) {
  // The trace's certificate is self-signed (RSA-1024, CN=rsa): not under our anchors.
  auto trust = std::make_shared<x509::TrustStore>();
  trust->add(handshake::testing::pki_certificate("root-ec"));
  auto trace = start_trace_client(kSimple, [&](handshake::ClientSettings& settings) {
    handshake::testing::verify_server(settings, trust);
  });
  Output out;
  auto result =
      refuse_at(*trace, kSimple, "Certificate", trace_message(kSimple, "Certificate"), out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::certificate) << result.error().to_string();
  EXPECT_NE(result.error().alert(), AlertDescription::internal_error);
  EXPECT_TRUE(out.empty());
}

// --- CertificateVerify (RFC 8446 4.4.3) ---

Bytes edited_verify(std::uint16_t scheme, bool flip_signature) {
  Bytes message = trace_message(kSimple, "CertificateVerify");
  message[4] = static_cast<std::uint8_t>(scheme >> 8);
  message[5] = static_cast<std::uint8_t>(scheme);
  if (flip_signature) message.back() ^= 0x01;
  return message;
}

TEST(Client13Tamper, RefusesABadServerSignatureWithDecryptError) {
  auto trace = start_trace_client(kSimple);
  Output out;
  auto result = refuse_at(*trace, kSimple, "CertificateVerify", edited_verify(0x0804, true), out);
  expect_refused(result, AlertDescription::decrypt_error, "does not verify");
  EXPECT_EQ(result.error().code(), ErrorCode::bad_signature);
}

TEST(Client13Tamper, RefusesASchemeItDidNotOfferOrThatDoesNotFitTheKey) {
  Output out;
  auto trace = start_trace_client(kSimple);
  expect_refused(refuse_at(*trace, kSimple, "CertificateVerify", edited_verify(0x0807, false), out),
                 AlertDescription::illegal_parameter, "did not offer");
  trace = start_trace_client(kSimple);
  expect_refused(refuse_at(*trace, kSimple, "CertificateVerify", edited_verify(0x0403, false), out),
                 AlertDescription::illegal_parameter, "cannot make");
  // rsa_pkcs1_sha256 is offered (for certificates) but never valid in CertificateVerify.
  trace = start_trace_client(kSimple);
  expect_refused(refuse_at(*trace, kSimple, "CertificateVerify", edited_verify(0x0401, false), out),
                 AlertDescription::illegal_parameter, "cannot make");
}

// --- Finished (RFC 8446 4.4.4) ---

TEST(Client13Tamper, RefusesAWrongFinishedWithDecryptErrorAndSendsNothing) {
  Bytes finished = trace_message(kSimple, "Finished");
  finished[10] ^= 0x80;
  auto trace = start_trace_client(kSimple);
  Output out;
  auto result = refuse_at(*trace, kSimple, "Finished", finished, out);
  expect_refused(result, AlertDescription::decrypt_error, "verify_data");
  EXPECT_EQ(result.error().code(), ErrorCode::bad_finished);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(trace->key_log.size() == 2U) << "application secrets were logged";
}

TEST(Client13Tamper, RefusesAFinishedOfTheWrongLength) {
  Bytes finished = trace_message(kSimple, "Finished");
  finished.pop_back();
  finished[3] = static_cast<std::uint8_t>(finished.size() - 4);
  auto trace = start_trace_client(kSimple);
  Output out;
  auto result = refuse_at(*trace, kSimple, "Finished", finished, out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().alert(), AlertDescription::decode_error);
}

}  // namespace
}  // namespace cpptls::hs13::client_test
