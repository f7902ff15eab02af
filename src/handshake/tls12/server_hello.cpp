// The server's reading of the ClientHello and its first flight (RFC 5246 7.4.1-7.4.5), the
// handshake steps 1 and 2 from the server's side.
#include "wire/messages/server_hello.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "handshake/common/client_hello_version.hpp"
#include "handshake/common/credential_choice.hpp"
#include "handshake/common/extension_builder.hpp"
#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls12/server.hpp"
#include "handshake/tls12/server_params.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/empty_messages.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_server_name.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_key_exchange.hpp"

namespace cpptls::hs12 {
namespace {

using wire::ExtensionType;

constexpr std::size_t kSessionIdSize = 32;  // RFC 5246 7.4.1.2: SessionID<0..32>

// The ClientHello extensions a TLS 1.2 server reads. Others are ignored (RFC 5246 7.4.1.4).
struct ClientOffer {
  std::optional<wire::SupportedVersionsClientHello> versions;
  std::optional<wire::NamedGroupList> groups;
  std::optional<wire::SignatureSchemeList> schemes;
  std::optional<wire::EcPointFormatList> point_formats;
  std::optional<wire::ProtocolNameList> alpn;
  std::optional<wire::ServerNameList> server_name;
  std::optional<ByteView> session_ticket;  // RFC 5077 3.2: empty asks for a ticket
  bool extended_master_secret = false;
  bool renegotiation_info = false;
  bool ocsp_requested = false;  // status_request of type ocsp (RFC 6066 8)
};

template <class Body>
Expected<void> decode_into(std::optional<Body>& slot, ByteView data) {
  auto body = Body::decode(data);
  if (!body) return Unexpected<Error>(std::move(body.error()));
  slot = std::move(*body);
  return {};
}

Expected<ClientOffer> read_offer(const wire::ClientHello& hello) {
  ClientOffer offer;
  for (const wire::Extension& extension : hello.extensions) {
    Expected<void> read;
    switch (extension.type) {
      case ExtensionType::supported_versions:
        read = decode_into(offer.versions, extension.data);
        break;
      case ExtensionType::supported_groups:
        read = decode_into(offer.groups, extension.data);
        break;
      case ExtensionType::signature_algorithms:
        read = decode_into(offer.schemes, extension.data);
        break;
      case ExtensionType::ec_point_formats:
        read = decode_into(offer.point_formats, extension.data);
        break;
      case ExtensionType::application_layer_protocol_negotiation:
        read = decode_into(offer.alpn, extension.data);
        break;
      case ExtensionType::server_name:
        read = decode_into(offer.server_name, extension.data);
        break;
      case ExtensionType::session_ticket:
        offer.session_ticket = extension.data;
        break;
      case ExtensionType::status_request: {
        // RFC 6066 8: only an ocsp request is answered; its responder ids and extensions
        // are not used (the response is the one configured).
        auto request = wire::CertificateStatusRequest::decode(extension.data);
        if (!request) return Unexpected<Error>(std::move(request.error()));
        offer.ocsp_requested = request->is_ocsp();
        break;
      }
      case ExtensionType::extended_master_secret:
        read = wire::expect_empty_extension(extension.data, extension.type);
        offer.extended_master_secret = true;
        break;
      case ExtensionType::renegotiation_info: {
        auto info = wire::RenegotiationInfo::decode(extension.data);
        if (!info) return Unexpected<Error>(std::move(info.error()));
        // RFC 5746 3.6: on an initial handshake it must be empty, else handshake_failure.
        if (!info->renegotiated_connection.empty()) {
          return fail(ErrorKind::peer_misbehaved, ErrorCode::handshake_failure,
                      AlertDescription::handshake_failure,
                      "the client's renegotiation_info holds " +
                          std::to_string(info->renegotiated_connection.size()) +
                          " bytes on an initial handshake (RFC 5746 3.6: it must be empty)");
        }
        offer.renegotiation_info = true;
        break;
      }
      default:
        break;
    }
    if (!read) return Unexpected<Error>(std::move(read.error()));
  }
  return offer;
}

std::string list_versions(const std::vector<wire::ProtocolVersion>& versions) {
  std::string out;
  for (std::size_t i = 0; i < versions.size() && i < 8; ++i) {
    if (i > 0) out += ", ";
    out += wire::to_string(versions[i]);
  }
  return out;
}

// RFC 5246 E.1 and RFC 8446 4.2.1: the version the server may negotiate is TLS 1.2.
Expected<void> check_version(const wire::ClientHello& hello, const ClientOffer& offer) {
  if (auto ancient = handshake::refuse_ssl3_or_older(hello); !ancient) return ancient;
  if (offer.versions) {
    const auto& versions = offer.versions->versions;
    if (std::find(versions.begin(), versions.end(), wire::ProtocolVersion::tls12) !=
        versions.end()) {
      return {};
    }
    return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
                AlertDescription::protocol_version,
                "the client's supported_versions lists " + list_versions(versions) +
                    "; this server speaks TLS 1.2 only");
  }
  if (static_cast<std::uint16_t>(hello.legacy_version) >=
      static_cast<std::uint16_t>(wire::ProtocolVersion::tls12)) {
    return {};
  }
  return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
              AlertDescription::protocol_version,
              "the client offers at most " + wire::to_string(hello.legacy_version) +
                  "; this server requires TLS 1.2");
}

// What the ServerHello says, besides the randoms.
struct ServerHelloContent {
  const crypto::CipherSuiteInfo* suite = nullptr;
  bool extended_master_secret = false;
  bool renegotiation_info = false;
  bool point_formats = false;
  std::optional<std::string> alpn;
  ByteView session_id;          // a new one, the resumed one echoed, or empty
  bool session_ticket = false;  // RFC 5077 3.2: a NewSessionTicket will follow
  // RFC 6066 8: the OCSP response stapled in a CertificateStatus; empty: none (and no
  // status_request in the ServerHello).
  ByteView ocsp_response;
};

Expected<void> append_server_hello(const ServerHelloContent& content, const wire::Random& random,
                                   Bytes& out) {
  handshake::ExtensionBuilder extensions;
  // RFC 5746 3.6: the answer to the client's indication, empty on an initial handshake.
  if (content.renegotiation_info)
    extensions.add(ExtensionType::renegotiation_info, wire::RenegotiationInfo{});
  if (content.extended_master_secret)
    extensions.add(ExtensionType::extended_master_secret, wire::ExtendedMasterSecret{});
  // RFC 8422 5.2: sent when an ECC suite is chosen and the client sent the extension.
  if (content.point_formats) {
    extensions.add(ExtensionType::ec_point_formats,
                   wire::EcPointFormatList{{wire::EcPointFormat::uncompressed}});
  }
  if (content.alpn) {
    extensions.add(ExtensionType::application_layer_protocol_negotiation,
                   wire::SelectedProtocol{as_bytes(*content.alpn)});
  }
  if (content.session_ticket)
    extensions.add(ExtensionType::session_ticket, wire::SessionTicketExtension{});
  // RFC 6066 8: an empty status_request says a CertificateStatus follows Certificate.
  if (!content.ocsp_response.empty())
    extensions.add(ExtensionType::status_request, wire::StatusRequestAcknowledgement{});
  if (!extensions.ok()) return internal_failure("a ServerHello extension outgrew its length");

  wire::ServerHello hello;
  hello.legacy_version = wire::ProtocolVersion::tls12;
  hello.random = random;
  hello.legacy_session_id_echo = content.session_id;
  hello.cipher_suite = content.suite->id;
  hello.legacy_compression_method = 0;
  hello.extensions_present = !extensions.empty();
  hello.extensions = extensions.list();
  return wire::encode_handshake(hello, out);
}

Expected<void> append_certificate(const handshake::Credential& credential, Bytes& out) {
  wire::Certificate12 message;
  message.certificate_list.reserve(credential.chain.size());
  for (const x509::ParsedCertificate& certificate : credential.chain)
    message.certificate_list.push_back(certificate.der());
  return wire::encode_handshake(message, out);
}

// RFC 8422 5.4: our ephemeral public value, signed with the credential's key.
Expected<void> append_server_key_exchange(const crypto::PrivateKey& key,
                                          crypto::SignatureScheme scheme,
                                          const crypto::KeyShare& share,
                                          const Negotiated& negotiated, Bytes& out) {
  wire::ServerKeyExchangeEcdhe message;
  message.group = share.group();
  message.public_point = share.public_value();
  message.scheme = scheme;
  Bytes params;
  {
    wire::Writer writer(params);
    message.encode_params(writer);
  }
  auto signature =
      sign_server_params(key, scheme, negotiated.client_random, negotiated.server_random, params);
  if (!signature) return Unexpected<Error>(std::move(signature.error()));
  message.signature = *signature;
  return wire::encode_handshake(message, out);
}

// The certificate and the suite together: the candidates for the client's server_name in
// order (handshake/common/credential_choice.hpp), the first with which a suite can be
// negotiated (choose_tls12 depends on the key: RSA or ECDSA suites, and the
// ServerKeyExchange signature). `preferences.key` is set to each candidate's key in turn.
// When none can, the first candidate's refusal says why.
struct CredentialAndSuite {
  const handshake::Credential* credential = nullptr;
  handshake::Tls12Choice suite;
};

Expected<CredentialAndSuite> choose_credential_and_suite(
    std::span<const handshake::Credential> credentials, std::string_view server_name,
    handshake::Tls12Preferences preferences, const handshake::Tls12Offer& client) {
  const std::vector<const handshake::Credential*> candidates =
      handshake::credential_candidates(credentials, server_name);
  std::optional<Error> first_refusal;
  for (const handshake::Credential* candidate : candidates) {
    preferences.key = candidate->key->type();
    preferences.key_bits = candidate->key->bits();
    auto choice = handshake::choose_tls12(preferences, client);
    if (choice) return CredentialAndSuite{candidate, *choice};
    if (!first_refusal) first_refusal = choice.error();
  }
  if (!first_refusal) return internal_failure("the server has no usable credential");
  if (candidates.size() == 1) return Unexpected<Error>(std::move(*first_refusal));
  return fail(first_refusal->kind(), first_refusal->code(), first_refusal->alert(),
              first_refusal->reason() + " (and likewise with each of the " +
                  std::to_string(candidates.size()) + " certificates for " +
                  std::string(server_name) + ")");
}

}  // namespace

Expected<void> ServerHandshake::check_settings() const {
  if (settings_.provider == nullptr) return misuse(ErrorCode::invalid_argument, "no provider");
  if (settings_.credentials.empty()) {
    return misuse(ErrorCode::invalid_argument,
                  "the server has no credential (a certificate chain and its key)");
  }
  for (std::size_t i = 0; i < settings_.credentials.size(); ++i) {
    const handshake::Credential& credential = settings_.credentials[i];
    if (credential.key == nullptr || credential.chain.empty()) {
      return misuse(ErrorCode::invalid_argument, "server credential " + std::to_string(i + 1) +
                                                     " lacks a certificate chain or its key");
    }
  }
  if (requests_certificate() && settings_.client_trust == nullptr &&
      !(settings_.client_verifier && settings_.client_verifier->replaces_ours)) {
    return misuse(ErrorCode::invalid_argument,
                  "the server asks for client certificates but has no anchors to verify them "
                  "(client_trust)");
  }
  return {};
}

ServerHandshake::Step ServerHandshake::accept_client_hello(ByteView body, ByteView encoded,
                                                           handshake::Output& out) {
  if (auto ready = check_settings(); !ready) return Unexpected<Error>(std::move(ready.error()));
  auto hello = wire::ClientHello::decode(body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  auto offer = read_offer(*hello);
  if (!offer) return Unexpected<Error>(std::move(offer.error()));
  if (auto version = check_version(*hello, *offer); !version)
    return Unexpected<Error>(std::move(version.error()));

  ServerHelloContent content;
  // RFC 5746 3.6: either signal says the client knows secure renegotiation; a client with
  // neither is accepted (RFC 5746 4.4), and the summary records it.
  content.renegotiation_info = offer->renegotiation_info ||
                               std::find(hello->cipher_suites.begin(), hello->cipher_suites.end(),
                                         crypto::CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV) !=
                                   hello->cipher_suites.end();
  // RFC 7627 5.2 and 5.3.
  content.extended_master_secret =
      offer->extended_master_secret && settings_.extended_master_secret;
  if (settings_.require_extended_master_secret && !content.extended_master_secret) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::handshake_failure,
                AlertDescription::handshake_failure,
                "the client does not offer the extended master secret (RFC 7627), which the "
                "server requires");
  }

  if (offer->alpn) {
    auto alpn = handshake::choose_alpn(settings_.alpn, offer->alpn->protocols);
    if (!alpn) return Unexpected<Error>(std::move(alpn.error()));
    content.alpn = std::move(*alpn);
  }
  const std::string server_name =
      offer->server_name ? std::string(offer->server_name->host_name_text()) : std::string();
  Negotiated negotiated;
  negotiated.client_random = hello->random;
  if (auto random = provider().random(negotiated.server_random); !random)
    return Unexpected<Error>(std::move(random.error()));
  // RFC 8446 4.1.3: a server that could have negotiated TLS 1.3 marks a TLS 1.2 ServerHello,
  // so that a TLS 1.3 client detects a downgrade by an attacker.
  if (settings_.versions.tls13)
    wire::set_downgrade_sentinel(negotiated.server_random, wire::DowngradeSentinel::tls12);
  negotiated.extended_master_secret = content.extended_master_secret;
  summary_.server_name = server_name;
  summary_.secure_renegotiation = content.renegotiation_info;
  summary_.alpn = content.alpn.value_or(std::string());

  // RFC 5246 7.3 and RFC 5077 3.4: a resumable session gets the abbreviated handshake, its
  // ServerHello echoing the client's session id (also for a ticket, so that the client knows).
  bool by_ticket = false;
  if (auto resumable = find_resumable(*hello, offer->session_ticket, content.extended_master_secret,
                                      server_name, by_ticket)) {
    summary_.resumed_by_ticket = by_ticket;
    const handshake::ServerSessionState& session = resumable->first;
    content.suite = crypto::find_suite(session.cipher_suite);
    content.session_id = hello->legacy_session_id;
    content.point_formats =
        content.suite->key_exchange != crypto::KeyExchange::rsa && offer->point_formats.has_value();
    negotiated.suite = content.suite;
    Bytes server_hello;
    if (auto done = append_server_hello(content, negotiated.server_random, server_hello); !done)
      return Unexpected<Error>(std::move(done.error()));
    return resume(session, std::move(resumable->second), negotiated, std::move(server_hello),
                  encoded, out);
  }

  handshake::Tls12Offer client;
  client.suites = hello->cipher_suites;
  if (offer->groups) client.groups = offer->groups->groups;
  if (offer->schemes) client.schemes = offer->schemes->schemes;
  auto chosen = choose_credential_and_suite(
      settings_.credentials, server_name,
      {suites_, groups_, signing_schemes_, crypto::KeyType::rsa}, client);
  if (!chosen) return Unexpected<Error>(std::move(chosen.error()));
  const handshake::Credential& credential = *chosen->credential;
  const handshake::Tls12Choice& choice = chosen->suite;
  content.suite = choice.suite;
  const bool ecdhe = choice.group.has_value();
  // RFC 8422 5.1.2: a client that lists point formats must list uncompressed.
  if (ecdhe && offer->point_formats && !offer->point_formats->has_uncompressed()) {
    return handshake::illegal_parameter(
        "the client's ec_point_formats lacks uncompressed (RFC 8422 5.1.2)");
  }
  content.point_formats = ecdhe && offer->point_formats.has_value();
  // RFC 6066 8: staple only when asked and a response is configured for this certificate.
  if (offer->ocsp_requested) content.ocsp_response = credential.stapled_ocsp_response();

  Transcript transcript;
  // A CertificateVerify will sign every message from this ClientHello on (RFC 5246 7.4.8).
  if (requests_certificate()) transcript.keep_messages();
  server::PendingKeyExchange key_exchange;
  key_exchange.client_version = static_cast<std::uint16_t>(hello->legacy_version);
  negotiated.suite = choice.suite;

  // RFC 5246 7.4.1.3 and RFC 5077 3.2: what this session may be resumed by. Only sessions
  // with the extended master secret (RFC 7627 5.3) are resumable; they keep the client's
  // authentication, which a later server checks against its own policy.
  const bool resumable = content.extended_master_secret;
  server::SessionPromise promise;
  if (resumable && settings_.session_cache) {
    promise.session_id.assign(kSessionIdSize, 0);
    if (auto random = provider().random(promise.session_id); !random)
      return Unexpected<Error>(std::move(random.error()));
    content.session_id = promise.session_id;
  }
  promise.ticket = resumable && settings_.ticket_keys && offer->session_ticket.has_value();
  content.session_ticket = promise.ticket;
  transcript.add(encoded);
  if (auto started = transcript.start(provider(), choice.suite->hash); !started)
    return Unexpected<Error>(std::move(started.error()));

  // Handshake step 2: ServerHello, Certificate, [ServerKeyExchange], [CertificateRequest],
  // ServerHelloDone.
  Bytes flight;
  if (auto done = append_server_hello(content, negotiated.server_random, flight); !done)
    return Unexpected<Error>(std::move(done.error()));
  if (auto done = append_certificate(credential, flight); !done)
    return Unexpected<Error>(std::move(done.error()));
  if (!content.ocsp_response.empty()) {
    if (auto done = wire::encode_handshake(wire::CertificateStatus{content.ocsp_response}, flight);
        !done) {
      return Unexpected<Error>(std::move(done.error()));
    }
  }
  if (ecdhe) {
    auto share = provider().generate_key_share(*choice.group);
    if (!share) return Unexpected<Error>(std::move(share.error()));
    if (auto done = append_server_key_exchange(*credential.key, *choice.scheme, **share, negotiated,
                                               flight);
        !done) {
      return Unexpected<Error>(std::move(done.error()));
    }
    key_exchange.share = std::move(*share);
  } else {
    key_exchange.decryption_key = credential.key;
  }
  if (requests_certificate()) {
    if (auto done = append_certificate_request(flight); !done)
      return Unexpected<Error>(std::move(done.error()));
  }
  if (auto done = wire::encode_handshake(wire::ServerHelloDone{}, flight); !done)
    return Unexpected<Error>(std::move(done.error()));
  transcript.add(flight);

  summary_.version = wire::ProtocolVersion::tls12;
  summary_.cipher_suite = choice.suite->id;
  summary_.group = choice.group;
  summary_.extended_master_secret = content.extended_master_secret;
  out.send(std::move(flight));
  if (requests_certificate()) {
    return server::ExpectClientCertificate{std::move(transcript), negotiated, std::move(promise),
                                           std::move(key_exchange)};
  }
  auto anonymous = handshake::AuthenticatedClient::without_certificate(
      settings_.client_auth, AlertDescription::handshake_failure, "RFC 5246 7.4.6");
  if (!anonymous) return Unexpected<Error>(std::move(anonymous.error()));
  return server::ExpectClientKeyExchange{std::move(transcript), negotiated, std::move(promise),
                                         std::move(key_exchange), std::move(*anonymous)};
}

}  // namespace cpptls::hs12
