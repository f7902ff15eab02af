// The client's first flight and its reading of the server's answer (RFC 5246 7.4.1.2-3), the
// handshake steps 1 and 2.
#include "wire/messages/client_hello.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "base/printable.hpp"
#include "handshake/common/extension_builder.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls12/client.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_server_name.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"
#include "x509/ip_address.hpp"

namespace cpptls::hs12 {
namespace {

using wire::ExtensionType;

constexpr std::uint8_t kNullCompression[] = {0};
constexpr std::size_t kMaxAlpnNameSize = 255;  // RFC 7301 3.1: ProtocolName<1..2^8-1>

}  // namespace

Expected<void> ClientHandshake::start(handshake::Output& out) {
  if (auto ready = prepare(); !ready) return ready;
  client::ExpectServerHello next;
  const auto refuse = [this](Unexpected<Error> error) -> Expected<void> {
    state_ = client::Failed{error.value()};
    return error;
  };
  if (auto random = provider().random(next.client_random); !random)
    return refuse(Unexpected<Error>(random.error()));
  keep_messages_if_needed(next.transcript);
  auto offer = choose_session_to_offer();
  if (!offer) return refuse(Unexpected<Error>(offer.error()));
  next.offer = std::move(*offer);
  auto hello = build_client_hello(next.client_random, next.offer);
  if (!hello) return refuse(Unexpected<Error>(hello.error()));
  next.transcript.add(*hello);
  out.send(std::move(*hello));
  state_ = std::move(next);
  return {};
}

Expected<void> ClientHandshake::adopt_client_hello(ByteView sent_hello,
                                                   const wire::Random& client_random) {
  if (auto ready = prepare(); !ready) return ready;
  client::ExpectServerHello next;
  next.client_random = client_random;
  auto recognised = recognise_offered_session(sent_hello);
  if (!recognised) {
    state_ = client::Failed{recognised.error()};
    return Unexpected<Error>(std::move(recognised.error()));
  }
  next.offer = std::move(*recognised);
  keep_messages_if_needed(next.transcript);
  next.transcript.add(sent_hello);
  state_ = std::move(next);
  return {};
}

Expected<void> ClientHandshake::prepare() {
  if (auto* failed = std::get_if<client::Failed>(&state_)) return Unexpected<Error>(failed->error);
  if (!std::holds_alternative<client::Start>(state_))
    return misuse(ErrorCode::invalid_state, "start() was called twice");

  const auto refuse = [this](Unexpected<Error> error) -> Expected<void> {
    state_ = client::Failed{error.value()};
    return error;
  };
  if (settings_.provider == nullptr)
    return refuse(misuse(ErrorCode::invalid_argument, "no provider"));
  if (suites_.empty()) {
    return refuse(misuse(ErrorCode::invalid_argument,
                         "none of the configured cipher suites is a TLS 1.2 suite we implement"));
  }
  if (!settings_.server_auth.is_set()) {
    return refuse(misuse(ErrorCode::invalid_argument,
                         "no policy to authenticate the server by (ClientSettings::server_auth)"));
  }
  if (settings_.certificate &&
      (settings_.certificate->chain.empty() || settings_.certificate->key == nullptr)) {
    return refuse(misuse(ErrorCode::invalid_argument,
                         "the client certificate needs a chain (leaf first) and its key"));
  }
  for (const std::string& protocol : settings_.alpn) {
    if (protocol.empty() || protocol.size() > kMaxAlpnNameSize) {
      return refuse(misuse(ErrorCode::invalid_argument,
                           "an ALPN protocol name has " + std::to_string(protocol.size()) +
                               " bytes; RFC 7301 3.1 allows 1 to 255"));
    }
  }
  // RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in HostName", and the name
  // goes "without a trailing dot"; an address is still checked against the certificate.
  std::string_view name = settings_.server_name;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (!name.empty() && !x509::parse_ip(name).has_value()) {
    if (auto valid = wire::check_host_name(as_bytes(name)); !valid) {
      return refuse(misuse(ErrorCode::invalid_argument,
                           "cannot send the server name: " + valid.error().reason()));
    }
    sni_ = std::string(name);
  }
  summary_.server_name = settings_.server_name;
  return {};
}

void ClientHandshake::keep_messages_if_needed(Transcript& transcript) const {
  if (settings_.certificate) transcript.keep_messages();
}

Expected<Bytes> ClientHandshake::build_client_hello(const wire::Random& random,
                                                    const client::Offer& offer) const {
  wire::ClientHello hello;
  hello.legacy_version = wire::ProtocolVersion::tls12;
  hello.random = random;
  hello.legacy_session_id = offer.session_id;
  hello.cipher_suites = suites_;
  hello.legacy_compression_methods = kNullCompression;

  handshake::ExtensionBuilder extensions;
  if (!sni_.empty())
    extensions.add(ExtensionType::server_name, wire::ServerNameList{as_bytes(sni_)});
  // RFC 6066 8: an OCSP request naming no responders and no extensions.
  if (settings_.request_ocsp_stapling)
    extensions.add(ExtensionType::status_request, wire::CertificateStatusRequest{});
  if (offer_ecdhe_) {
    // RFC 8422 5.1: the curves we accept and, for compatibility, the one point format.
    extensions.add(ExtensionType::supported_groups, wire::NamedGroupList{groups_});
    extensions.add(ExtensionType::ec_point_formats,
                   wire::EcPointFormatList{{wire::EcPointFormat::uncompressed}});
  }
  extensions.add(ExtensionType::signature_algorithms, wire::SignatureSchemeList{verify_schemes_});
  if (!settings_.alpn.empty()) {
    wire::ProtocolNameList protocols;
    for (const std::string& protocol : settings_.alpn)
      protocols.protocols.push_back(as_bytes(protocol));
    extensions.add(ExtensionType::application_layer_protocol_negotiation, protocols);
  }
  extensions.add(ExtensionType::extended_master_secret, wire::ExtendedMasterSecret{});
  // RFC 5746 3.4: an initial handshake sends an empty renegotiated_connection.
  extensions.add(ExtensionType::renegotiation_info, wire::RenegotiationInfo{});
  // RFC 5077 3.2: with somewhere to keep sessions, ask for a ticket (an empty extension) or
  // offer the stored one.
  if (offer.ticket_extension) {
    extensions.add(ExtensionType::session_ticket,
                   wire::SessionTicketExtension{
                       offer.session ? ByteView(offer.session->session.ticket) : ByteView()});
  }
  if (!extensions.ok()) return internal_failure("a ClientHello extension outgrew its length");
  hello.extensions = extensions.list();

  Bytes message;
  if (auto encoded = wire::encode_handshake(hello, message); !encoded)
    return Unexpected<Error>(std::move(encoded.error()));
  return message;
}

ClientHandshake::Step ClientHandshake::accept_server_hello(client::ExpectServerHello& s,
                                                           ByteView body, ByteView encoded) {
  auto hello = wire::ServerHello::decode(body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));

  // RFC 5246 7.4.1.3 and E.1: we offered TLS 1.2 only.
  if (hello->legacy_version != wire::ProtocolVersion::tls12) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
                AlertDescription::protocol_version,
                "the server chose version " + wire::to_string(hello->legacy_version) +
                    "; the client offered TLS 1.2 (0x0303) only");
  }
  // RFC 5246 7.4.1.3: "a single cipher suite selected by the server from the list in
  // ClientHello.cipher_suites".
  if (std::find(suites_.begin(), suites_.end(), hello->cipher_suite) == suites_.end()) {
    return handshake::illegal_parameter("the server chose cipher suite " +
                                        wire::to_string(hello->cipher_suite) +
                                        ", which the client did not offer");
  }
  const crypto::CipherSuiteInfo& suite = *crypto::find_suite(hello->cipher_suite);
  // RFC 5246 7.4.1.3: likewise for the compression method; we offered null only.
  if (hello->legacy_compression_method != 0) {
    return handshake::illegal_parameter("the server chose compression method " +
                                        std::to_string(hello->legacy_compression_method) +
                                        "; the client offered null (0) only");
  }
  auto promised = check_server_extensions(*hello, suite, s.offer);
  if (!promised) return Unexpected<Error>(std::move(promised.error()));

  Negotiated negotiated;
  negotiated.client_random = s.client_random;
  negotiated.server_random = hello->random;
  negotiated.suite = &suite;
  negotiated.extended_master_secret = summary_.extended_master_secret;
  summary_.version = wire::ProtocolVersion::tls12;
  summary_.cipher_suite = suite.id;
  client::SessionPromise promise;
  promise.session_id.assign(hello->legacy_session_id_echo.begin(),
                            hello->legacy_session_id_echo.end());
  promise.ticket_expected = promised->ticket;
  // RFC 5246 7.4.1.3: the server echoes the session id we offered to resume that session;
  // with a ticket it echoes the id sent alongside (RFC 5077 3.4).
  const bool echoed = !s.offer.session_id.empty() && promise.session_id == s.offer.session_id;
  if (echoed && s.offer.session) return resume(s, negotiated, std::move(promise), encoded);
  // An echo of an id that stands for no session (the TLS 1.3 hello's compatibility id, RFC
  // 8446 D.4) claims a resumption we cannot have offered. RFC 5246 names no alert;
  // illegal_parameter, as BoringSSL (SERVER_ECHOED_INVALID_SESSION_ID).
  if (echoed) {
    return handshake::illegal_parameter(
        "the TLS 1.2 ServerHello echoes the client's session id, which names no session the "
        "client offered, so it claims a resumption that cannot be (RFC 5246 7.4.1.3)");
  }
  s.transcript.add(encoded);
  if (auto started = s.transcript.start(provider(), suite.hash); !started)
    return Unexpected<Error>(std::move(started.error()));
  return client::ExpectCertificate{std::move(s.transcript), negotiated, std::move(promise),
                                   promised->certificate_status};
}

Expected<client::ServerHelloPromises> ClientHandshake::check_server_extensions(
    const wire::ServerHello& hello, const crypto::CipherSuiteInfo& suite,
    const client::Offer& offer) {
  client::ServerHelloPromises promised;
  bool extended_master_secret = false;
  bool renegotiation_info = false;
  for (const wire::Extension& extension : hello.extensions) {
    switch (extension.type) {
      case ExtensionType::server_name:
        // RFC 6066 3: the server acknowledges our name with an empty body.
        if (sni_.empty()) break;
        if (auto ack = wire::ServerNameAcknowledgement::decode(extension.data); !ack)
          return Unexpected<Error>(std::move(ack.error()));
        continue;
      case ExtensionType::ec_point_formats: {
        if (!offer_ecdhe_) break;
        auto formats = wire::EcPointFormatList::decode(extension.data);
        if (!formats) return Unexpected<Error>(std::move(formats.error()));
        // RFC 8422 5.1.2: we can read uncompressed points only. The RFC names an alert only
        // for the server reading the client's list; decode_error, as BoringSSL sends.
        if (suite.key_exchange != crypto::KeyExchange::rsa && !formats->has_uncompressed()) {
          return fail(ErrorKind::peer_misbehaved, ErrorCode::invalid_value,
                      AlertDescription::decode_error,
                      "the server's ec_point_formats lacks uncompressed (RFC 8422 5.1.2)");
        }
        continue;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        if (settings_.alpn.empty()) break;
        auto selected = wire::SelectedProtocol::decode(extension.data);
        if (!selected) return Unexpected<Error>(std::move(selected.error()));
        const std::string_view protocol = as_chars(selected->protocol);
        if (std::find(settings_.alpn.begin(), settings_.alpn.end(), protocol) ==
            settings_.alpn.end()) {
          return handshake::illegal_parameter("the server selected application protocol \"" +
                                              printable(protocol) +
                                              "\", which the client did not offer (RFC 7301 3.2)");
        }
        summary_.alpn = std::string(protocol);
        continue;
      }
      case ExtensionType::session_ticket:
        // RFC 5077 3.2: empty, and a NewSessionTicket will follow.
        if (!offer.ticket_extension) break;
        if (auto empty = wire::expect_empty_extension(extension.data, extension.type); !empty)
          return Unexpected<Error>(std::move(empty.error()));
        promised.ticket = true;
        continue;
      case ExtensionType::status_request:
        // RFC 6066 8: the server will staple (an empty body). On resumption it is ignored.
        if (!settings_.request_ocsp_stapling) break;
        if (auto ack = wire::StatusRequestAcknowledgement::decode(extension.data); !ack)
          return Unexpected<Error>(std::move(ack.error()));
        promised.certificate_status = true;
        continue;
      case ExtensionType::extended_master_secret:
        if (auto empty = wire::ExtendedMasterSecret::decode(extension.data); !empty)
          return Unexpected<Error>(std::move(empty.error()));
        extended_master_secret = true;
        continue;
      case ExtensionType::renegotiation_info: {
        auto info = wire::RenegotiationInfo::decode(extension.data);
        if (!info) return Unexpected<Error>(std::move(info.error()));
        // RFC 5746 3.4: on an initial handshake renegotiated_connection must be empty.
        if (!info->renegotiated_connection.empty()) {
          return fail(ErrorKind::peer_misbehaved, ErrorCode::handshake_failure,
                      AlertDescription::handshake_failure,
                      "the server's renegotiation_info holds " +
                          std::to_string(info->renegotiated_connection.size()) +
                          " bytes on an initial handshake (RFC 5746 3.4: it must be empty)");
        }
        renegotiation_info = true;
        continue;
      }
      default:
        break;
    }
    // RFC 5246 7.4.1.4: an extension type that did not appear in the ClientHello.
    return fail(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
                AlertDescription::unsupported_extension,
                "the server sent the " + wire::to_string(extension.type) +
                    " extension, which the client did not offer (RFC 5246 7.4.1.4)");
  }

  // RFC 5746 3.4: we sent renegotiation_info, so a server that knows RFC 5746 answers it.
  if (!renegotiation_info) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::handshake_failure,
                AlertDescription::handshake_failure,
                "the server does not indicate secure renegotiation (RFC 5746: no "
                "renegotiation_info in its ServerHello)");
  }
  // RFC 7627 5.3: a client that requires the extended master secret aborts without it.
  if (settings_.require_extended_master_secret && !extended_master_secret) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::handshake_failure,
                AlertDescription::handshake_failure,
                "the server does not support the extended master secret (RFC 7627), which the "
                "client requires");
  }
  summary_.extended_master_secret = extended_master_secret;
  summary_.secure_renegotiation = true;
  return promised;
}

}  // namespace cpptls::hs12
