// Known answers: the handshake messages of draft-ietf-tls-tls13-vectors (the traces that
// became RFC 8448), read from ../shared at run time, decode and re-encode byte for byte.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/messages.hpp"

namespace cpptls::wire {
namespace {

using test::hex;
using test::trace_handshake_body;

constexpr int kSimple = 3;
constexpr int kResumed = 4;
constexpr int kHelloRetry = 5;
constexpr int kClientAuth = 6;
constexpr int kCompatibility = 7;

Bytes bytes_of(ByteView view) {
  return Bytes(view.begin(), view.end());
}

const Extension& extension(const ExtensionList& list, ExtensionType type) {
  const Extension* found = find_extension(list, type);
  EXPECT_NE(found, nullptr) << to_string(type);
  static const Extension kNone{};
  return found != nullptr ? *found : kNone;
}

TEST(Trace, SimpleClientHelloDecodesAndReencodesByteForByte) {
  const Bytes body = trace_handshake_body(kSimple, "ClientHello", 1);
  const auto ch = test::expect_reencodes<ClientHello>(body);
  EXPECT_EQ(ch.legacy_version, ProtocolVersion::tls12);
  EXPECT_EQ(Bytes(ch.random.begin(), ch.random.end()),
            hex("6660261ff947cea49cce6cfad687f457cf1b14531ba14131a0e8f309a1d0b9c4"));
  EXPECT_TRUE(ch.legacy_session_id.empty());
  EXPECT_EQ(ch.cipher_suites, (std::vector{CipherSuite::TLS_AES_128_GCM_SHA256,
                                           CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
                                           CipherSuite::TLS_AES_256_GCM_SHA384}));
  EXPECT_TRUE(ch.has_only_null_compression());
  std::vector<ExtensionType> types;
  for (const Extension& e : ch.extensions)
    types.push_back(e.type);
  using enum ExtensionType;
  EXPECT_EQ(types, (std::vector{server_name, renegotiation_info, supported_groups, session_ticket,
                                key_share, supported_versions, signature_algorithms,
                                psk_key_exchange_modes, record_size_limit}));
  EXPECT_FALSE(ch.binders_offset.has_value());

  // The typed bodies.
  const auto sni = ServerNameList::decode(extension(ch.extensions, server_name).data);
  ASSERT_TRUE(sni.has_value());
  EXPECT_EQ(sni->host_name_text(), "server");
  const auto groups = NamedGroupList::decode(extension(ch.extensions, supported_groups).data);
  ASSERT_TRUE(groups.has_value());
  EXPECT_EQ(groups->groups.size(), 9U);
  EXPECT_EQ(groups->groups.front(), NamedGroup::x25519);
  const auto shares = KeyShareClientHello::decode(extension(ch.extensions, key_share).data);
  ASSERT_TRUE(shares.has_value());
  ASSERT_EQ(shares->shares.size(), 1U);
  EXPECT_EQ(shares->shares[0].group, NamedGroup::x25519);
  EXPECT_EQ(bytes_of(shares->shares[0].key_exchange),
            hex("4cfdfcd178b784bf328cae793b136f2aedce005ff183d7bb1495207236647037"));
  const auto versions =
      SupportedVersionsClientHello::decode(extension(ch.extensions, supported_versions).data);
  ASSERT_TRUE(versions.has_value());
  EXPECT_EQ(versions->versions, std::vector{ProtocolVersion::tls13});
  const auto schemes =
      SignatureSchemeList::decode(extension(ch.extensions, signature_algorithms).data);
  ASSERT_TRUE(schemes.has_value());
  EXPECT_EQ(schemes->schemes.size(), 15U);
  const auto modes =
      PskKeyExchangeModes::decode(extension(ch.extensions, psk_key_exchange_modes).data);
  ASSERT_TRUE(modes.has_value());
  EXPECT_EQ(modes->modes, std::vector{PskKeyExchangeMode::psk_dhe_ke});
  const auto limit = RecordSizeLimit::decode(extension(ch.extensions, record_size_limit).data);
  ASSERT_TRUE(limit.has_value());
  EXPECT_EQ(limit->limit, 0x4001U);
  EXPECT_TRUE(RenegotiationInfo::decode(extension(ch.extensions, renegotiation_info).data));
  EXPECT_TRUE(SessionTicketExtension::decode(extension(ch.extensions, session_ticket).data));
}

TEST(Trace, SimpleServerHelloDecodesAndReencodesByteForByte) {
  const Bytes body = trace_handshake_body(kSimple, "ServerHello", 2);
  const auto sh = test::expect_reencodes<ServerHello>(body);
  EXPECT_FALSE(sh.is_hello_retry_request());
  EXPECT_EQ(sh.extension_context(), ExtensionContext::server_hello);
  EXPECT_EQ(sh.downgrade(), DowngradeSentinel::none);
  EXPECT_EQ(Bytes(sh.random.begin(), sh.random.end()),
            hex("1274991495cf425857262dde2299342c315afba9b64a87d552515614e01b045d"));
  EXPECT_EQ(sh.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  const auto share =
      KeyShareServerHello::decode(extension(sh.extensions, ExtensionType::key_share).data);
  ASSERT_TRUE(share.has_value());
  EXPECT_EQ(share->share.group, NamedGroup::x25519);
  EXPECT_EQ(bytes_of(share->share.key_exchange),
            hex("c7bb6bdfc26350b929a08a41a76ddac210b096868d960c4845987dc3a7fa650a"));
  const auto version = SupportedVersionsServerHello::decode(
      extension(sh.extensions, ExtensionType::supported_versions).data);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->selected_version, ProtocolVersion::tls13);
}

TEST(Trace, SimpleServerFlightDecodesAndReencodes) {
  // The decoded messages are views into these bodies, which must outlive them.
  const Bytes ee_body = trace_handshake_body(kSimple, "EncryptedExtensions", 8);
  const Bytes certificate_body = trace_handshake_body(kSimple, "Certificate", 11);
  const Bytes verify_body = trace_handshake_body(kSimple, "CertificateVerify", 15);
  const auto ee = test::expect_reencodes<EncryptedExtensions>(ee_body);
  EXPECT_EQ(ee.extensions.size(), 3U);
  const auto certificate = test::expect_reencodes<Certificate13>(certificate_body);
  ASSERT_EQ(certificate.certificate_list.size(), 1U);
  EXPECT_EQ(certificate.certificate_list[0].cert_data.size(), 432U);
  EXPECT_EQ(certificate.certificate_list[0].cert_data[0], 0x30);
  const auto verify = test::expect_reencodes<CertificateVerify>(verify_body);
  EXPECT_EQ(verify.algorithm, SignatureScheme::rsa_pss_rsae_sha256);
  EXPECT_EQ(verify.signature.size(), 128U);
  const Bytes finished = trace_handshake_body(kSimple, "Finished", 20);
  const auto decoded = test::expect_reencodes<Finished>(
      finished, [](ByteView b) { return Finished::decode(b, 32); });
  EXPECT_EQ(bytes_of(decoded.verify_data),
            test::trace_value(kSimple, "calculate finished", "finished"));
}

TEST(Trace, NewSessionTicketCarriesMaxEarlyDataSize) {
  const Bytes body = trace_handshake_body(kSimple, "NewSessionTicket", 4);
  const auto ticket = test::expect_reencodes<NewSessionTicket13>(body);
  EXPECT_EQ(ticket.ticket_lifetime, 30U);
  EXPECT_EQ(ticket.ticket_nonce.size(), 2U);
  EXPECT_EQ(ticket.ticket.size(), 178U);
  const auto early =
      MaxEarlyDataSize::decode(extension(ticket.extensions, ExtensionType::early_data).data);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(early->max_early_data_size, 1024U);
}

// Section 4 prints the ClientHello up to its binders ("ClientHello prefix") and the whole
// message in the record that carries it.
TEST(Trace, ResumedClientHelloExposesWhereItsBindersStart) {
  const Bytes record_payload =
      test::trace_value(kResumed, "{client}  send handshake record", "payload");
  Reader reader(record_payload);
  const auto message = HandshakeMessage::decode(reader);
  ASSERT_TRUE(message.has_value());
  ASSERT_EQ(message->type, HandshakeType::client_hello);
  const auto ch = test::expect_reencodes<ClientHello>(message->body);
  ASSERT_TRUE(ch.binders_offset.has_value());
  const Bytes prefix = test::trace_value(kResumed, "calculate PSK binder", "ClientHello prefix");
  EXPECT_EQ(prefix.size(), 477U);
  EXPECT_EQ(kHandshakeHeaderSize + *ch.binders_offset, prefix.size());
  EXPECT_EQ(Bytes(record_payload.begin(),
                  record_payload.begin() + static_cast<std::ptrdiff_t>(prefix.size())),
            prefix);
  ASSERT_FALSE(ch.extensions.empty());
  EXPECT_EQ(ch.extensions.back().type, ExtensionType::pre_shared_key);
  const auto psks = OfferedPsks::decode(ch.extensions.back().data);
  ASSERT_TRUE(psks.has_value());
  ASSERT_EQ(psks->binders.size(), 1U);
  EXPECT_EQ(bytes_of(psks->binders[0]),
            test::trace_value(kResumed, "calculate PSK binder", "finished"));
  EXPECT_EQ(psks->identities[0].identity.size(), 178U);
  EXPECT_TRUE(
      EarlyDataIndication::decode(extension(ch.extensions, ExtensionType::early_data).data));
}

TEST(Trace, ResumedServerHelloSelectsThePsk) {
  const Bytes body = trace_handshake_body(kResumed, "ServerHello", 2);
  const auto sh = test::expect_reencodes<ServerHello>(body);
  const auto selected =
      SelectedPsk::decode(extension(sh.extensions, ExtensionType::pre_shared_key).data);
  ASSERT_TRUE(selected.has_value());
  EXPECT_EQ(selected->selected_identity, 0U);
  const Bytes end_of_early_data = trace_handshake_body(kResumed, "EndOfEarlyData", 5);
  EXPECT_TRUE(end_of_early_data.empty());
  test::expect_reencodes<EndOfEarlyData>(end_of_early_data);
}

TEST(Trace, HelloRetryRequestIsRecognisedWithItsCookieAndGroup) {
  const Bytes hrr_body = trace_handshake_body(kHelloRetry, "ServerHello", 2);
  const Bytes second_body = trace_handshake_body(kHelloRetry, "ClientHello", 1, 1);
  const auto hrr = test::expect_reencodes<ServerHello>(hrr_body);
  EXPECT_TRUE(hrr.is_hello_retry_request());
  EXPECT_EQ(hrr.extension_context(), ExtensionContext::hello_retry_request);
  const auto group =
      KeyShareHelloRetryRequest::decode(extension(hrr.extensions, ExtensionType::key_share).data);
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->selected_group, NamedGroup::secp256r1);
  const auto cookie = Cookie::decode(extension(hrr.extensions, ExtensionType::cookie).data);
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->cookie.size(), 0x72U);

  // The second ClientHello echoes the cookie and brings a P-256 share.
  const auto second = test::expect_reencodes<ClientHello>(second_body);
  const auto echoed = Cookie::decode(extension(second.extensions, ExtensionType::cookie).data);
  ASSERT_TRUE(echoed.has_value());
  EXPECT_EQ(bytes_of(echoed->cookie), bytes_of(cookie->cookie));
  const auto shares =
      KeyShareClientHello::decode(extension(second.extensions, ExtensionType::key_share).data);
  ASSERT_TRUE(shares.has_value());
  ASSERT_EQ(shares->shares.size(), 1U);
  EXPECT_EQ(shares->shares[0].group, NamedGroup::secp256r1);
  EXPECT_EQ(shares->shares[0].key_exchange.size(), 65U);
}

TEST(Trace, CertificateRequestCarriesSignatureAlgorithms) {
  const Bytes body = trace_handshake_body(kClientAuth, "CertificateRequest", 13);
  const auto request = test::expect_reencodes<CertificateRequest13>(body);
  EXPECT_TRUE(request.certificate_request_context.empty());
  const auto schemes = SignatureSchemeList::decode(
      extension(request.extensions, ExtensionType::signature_algorithms).data);
  ASSERT_TRUE(schemes.has_value());
  EXPECT_EQ(schemes->schemes.size(), 15U);
}

TEST(Trace, CompatibilityModeHellosCarryA32ByteSessionId) {
  const Bytes ch_body = trace_handshake_body(kCompatibility, "ClientHello", 1);
  const Bytes sh_body = trace_handshake_body(kCompatibility, "ServerHello", 2);
  const auto ch = test::expect_reencodes<ClientHello>(ch_body);
  const auto sh = test::expect_reencodes<ServerHello>(sh_body);
  EXPECT_EQ(ch.legacy_session_id.size(), 32U);
  EXPECT_EQ(bytes_of(sh.legacy_session_id_echo), bytes_of(ch.legacy_session_id));
}

// Every "construct a <Message> handshake message" of every section, through its decoder.
TEST(Trace, EveryWholeHandshakeMessageReencodesByteForByte) {
  std::map<std::string, int> decoded;
  for (const test::TraceItem& item : test::trace()) {
    if (item.action.find("construct a " + item.label + " handshake message") == std::string::npos)
      continue;
    Reader reader(item.bytes);
    const auto message = HandshakeMessage::decode(reader);
    if (!message && item.section == kResumed && item.label == "ClientHello") {
      continue;  // printed only up to its binders; checked by its own test above
    }
    ASSERT_TRUE(message.has_value()) << item.label << " in section " << item.section;
    EXPECT_TRUE(reader.empty()) << item.label << " in section " << item.section;
    const auto check = [&](auto&& decode) {
      auto value = decode(message->body);
      ASSERT_TRUE(value.has_value())
          << item.label << " in section " << item.section << ": " << value.error().to_string();
      EXPECT_EQ(test::encode_body(*value), Bytes(message->body.begin(), message->body.end()))
          << item.label << " in section " << item.section;
      ++decoded[item.label];
    };
    switch (message->type) {
      case HandshakeType::client_hello:
        check(ClientHello::decode);
        break;
      case HandshakeType::server_hello:
        check(ServerHello::decode);
        break;
      case HandshakeType::encrypted_extensions:
        check(EncryptedExtensions::decode);
        break;
      case HandshakeType::certificate:
        check(Certificate13::decode);
        break;
      case HandshakeType::certificate_request:
        check(CertificateRequest13::decode);
        break;
      case HandshakeType::certificate_verify:
        check(CertificateVerify::decode);
        break;
      case HandshakeType::finished:
        check([](ByteView b) { return Finished::decode(b, 32); });
        break;
      case HandshakeType::new_session_ticket:
        check(NewSessionTicket13::decode);
        break;
      case HandshakeType::end_of_early_data:
        check(EndOfEarlyData::decode);
        break;
      default:
        ADD_FAILURE() << "unexpected " << item.label;
    }
  }
  EXPECT_GE(decoded["ClientHello"], 5);
  EXPECT_GE(decoded["ServerHello"], 6);
  EXPECT_GE(decoded["EncryptedExtensions"], 5);
  EXPECT_GE(decoded["Certificate"], 5);
  EXPECT_GE(decoded["CertificateRequest"], 1);
  EXPECT_GE(decoded["CertificateVerify"], 5);
  EXPECT_GE(decoded["Finished"], 9);
  EXPECT_GE(decoded["NewSessionTicket"], 1);
  EXPECT_GE(decoded["EndOfEarlyData"], 1);
}

}  // namespace
}  // namespace cpptls::wire
