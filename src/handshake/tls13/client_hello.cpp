// The client's ClientHello (RFC 8446 4.1.2): the first one, the second one after a
// HelloRetryRequest, and the offer read back from what was sent.
#include "wire/messages/client_hello.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "crypto/descriptors.hpp"
#include "handshake/common/extension_builder.hpp"
#include "handshake/tls13/client.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"
#include "wire/messages/ext_server_name.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/reader.hpp"
#include "x509/ip_address.hpp"

namespace cpptls::hs13 {
namespace {

using wire::ExtensionType;

constexpr std::uint8_t kNullCompression[] = {0};
constexpr std::size_t kMaxAlpnNameSize = 255;  // RFC 7301 3.1: ProtocolName<1..2^8-1>
// RFC 8446 D.4: in compatibility mode the client sends a fresh 32-byte session id.
constexpr std::size_t kCompatSessionIdSize = 32;

wire::KeyShareClientHello key_share_entries(const client::KeyShares& shares) {
  wire::KeyShareClientHello entries;
  for (const auto& share : shares)
    entries.shares.push_back(wire::KeyShareEntry{share->group(), share->public_value()});
  return entries;
}

Expected<wire::ClientHello> decode_hello(ByteView encoded) {
  wire::Reader reader(encoded);
  auto message = wire::HandshakeMessage::decode(reader);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  if (message->type != wire::HandshakeType::client_hello || !reader.empty())
    return internal_failure("the ClientHello to send is not one whole client_hello message");
  return wire::ClientHello::decode(message->body);
}

// The key_share of the hello must carry exactly our shares, in order: the test seam may
// replace the bytes but not the keys.
Expected<void> check_key_shares(const wire::ClientHello& hello, const client::KeyShares& shares) {
  const wire::Extension* extension =
      wire::find_extension(hello.extensions, ExtensionType::key_share);
  if (extension == nullptr) return internal_failure("the ClientHello to send has no key_share");
  auto entries = wire::KeyShareClientHello::decode(extension->data);
  if (!entries) return Unexpected<Error>(std::move(entries.error()));
  if (*entries != key_share_entries(shares))
    return internal_failure("the ClientHello's key_share does not hold the client's key shares");
  return {};
}

// What `hello` offers, as the server's answers are checked against it.
Expected<client::Offer> read_offer(const wire::ClientHello& hello) {
  client::Offer offer;
  offer.random = hello.random;
  offer.session_id.assign(hello.legacy_session_id.begin(), hello.legacy_session_id.end());
  for (const crypto::CipherSuite id : hello.cipher_suites) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(id);
    if (info != nullptr && info->version == crypto::SuiteVersion::tls13) offer.suites.push_back(id);
  }
  for (const wire::Extension& extension : hello.extensions) {
    offer.extensions.push_back(extension.type);
    switch (extension.type) {
      case ExtensionType::supported_groups: {
        auto groups = wire::NamedGroupList::decode(extension.data);
        if (!groups) return Unexpected<Error>(std::move(groups.error()));
        offer.groups = std::move(groups->groups);
        break;
      }
      case ExtensionType::signature_algorithms: {
        auto schemes = wire::SignatureSchemeList::decode(extension.data);
        if (!schemes) return Unexpected<Error>(std::move(schemes.error()));
        offer.schemes = std::move(schemes->schemes);
        break;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        auto protocols = wire::ProtocolNameList::decode(extension.data);
        if (!protocols) return Unexpected<Error>(std::move(protocols.error()));
        for (const ByteView protocol : protocols->protocols)
          offer.alpn.emplace_back(as_chars(protocol));
        break;
      }
      default:
        break;
    }
  }
  offer.server_name = offer.sent(ExtensionType::server_name);
  return offer;
}

}  // namespace

Expected<void> ClientHandshake::start(handshake::Output& out) {
  if (auto* failed = std::get_if<client::Failed>(&state_)) return Unexpected<Error>(failed->error);
  if (!std::holds_alternative<client::Start>(state_))
    return misuse(ErrorCode::invalid_state, "start() was called twice");

  const auto refuse = [this](Unexpected<Error> error) -> Expected<void> {
    state_ = client::Failed{error.value()};
    return error;
  };
  if (auto checked = check_settings(); !checked) return refuse(Unexpected<Error>(checked.error()));

  wire::Random random{};
  if (auto drawn = provider().random(random); !drawn)
    return refuse(Unexpected<Error>(drawn.error()));
  Bytes session_id(kCompatSessionIdSize);
  if (auto drawn = provider().random(session_id); !drawn)
    return refuse(Unexpected<Error>(drawn.error()));
  auto shares = make_key_shares();
  if (!shares) return refuse(Unexpected<Error>(shares.error()));
  client::OfferedSessions offered = choose_session_to_offer();
  // RFC 5246 7.4.1.2: a TLS 1.2 session resumed by id is offered in legacy_session_id, which
  // also serves TLS 1.3 compatibility mode (32 bytes, echoed). With a ticket the random id
  // stays (RFC 5077 3.4).
  if (offered.tls12 && offered.tls12->ticket.empty()) session_id = offered.tls12->session_id;
  auto hello = build_client_hello(random, session_id, *shares, offered);
  if (!hello) return refuse(Unexpected<Error>(hello.error()));
  if (auto bound = write_binder(*hello, {}, offered.psk); !bound)
    return refuse(Unexpected<Error>(bound.error()));
  auto offer = finish_hello(*hello, 0, *shares);
  if (!offer) return refuse(Unexpected<Error>(offer.error()));

  // RFC 8446 D.4: a non-empty legacy_session_id in the offer (always, unless the test seam sent
  // a hello without one) is compatibility mode; our change_cipher_spec has not gone yet.
  client::ExpectServerHello next{
      {}, std::move(*offer), std::move(*shares), std::move(offered), client::CompatibilityCcs{}};
  next.transcript.add(*hello);
  client_random_ = next.offer.random;
  sent_client_hello_ = *hello;
  summary_.server_name = settings_.server_name;
  out.send(std::move(*hello));
  state_ = std::move(next);
  return {};
}

Expected<void> ClientHandshake::check_settings() {
  if (settings_.provider == nullptr) return misuse(ErrorCode::invalid_argument, "no provider");
  if (suites13_.empty()) {
    return misuse(ErrorCode::invalid_argument,
                  "TLS 1.3 is off: none of the configured cipher suites is a TLS 1.3 suite we "
                  "implement, or the version is disabled");
  }
  if (!settings_.server_auth.is_set()) {
    return misuse(ErrorCode::invalid_argument,
                  "no policy to authenticate the server by (ClientSettings::server_auth)");
  }
  for (const std::string& protocol : settings_.alpn) {
    if (protocol.empty() || protocol.size() > kMaxAlpnNameSize) {
      return misuse(ErrorCode::invalid_argument, "an ALPN protocol name has " +
                                                     std::to_string(protocol.size()) +
                                                     " bytes; RFC 7301 3.1 allows 1 to 255");
    }
  }
  // RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in HostName", and the name
  // goes "without a trailing dot"; an address is still checked against the certificate.
  std::string_view name = settings_.server_name;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (!name.empty() && !x509::parse_ip(name).has_value()) {
    if (auto valid = wire::check_host_name(as_bytes(name)); !valid) {
      return misuse(ErrorCode::invalid_argument,
                    "cannot send the server name: " + valid.error().reason());
    }
    sni_ = std::string(name);
  }
  return {};
}

Expected<client::KeyShares> ClientHandshake::make_key_shares() const {
  // RFC 8446 4.2.8: one share, for our most preferred group; a server that prefers another of
  // our supported_groups asks for it with a HelloRetryRequest.
  for (const crypto::NamedGroup group : groups_) {
    if (crypto::find_group(group) == nullptr) continue;
    auto share = provider().generate_key_share(group);
    if (!share) return Unexpected<Error>(std::move(share.error()));
    client::KeyShares shares;
    shares.push_back(std::move(*share));
    return shares;
  }
  return misuse(ErrorCode::invalid_argument, "none of the configured groups is one we implement");
}

Expected<Bytes> ClientHandshake::build_client_hello(const wire::Random& random, ByteView session_id,
                                                    const client::KeyShares& shares,
                                                    const client::OfferedSessions& offered) const {
  wire::ClientHello hello;
  hello.legacy_version = wire::ProtocolVersion::tls12;  // RFC 8446 4.1.2
  hello.random = random;
  hello.legacy_session_id = session_id;
  hello.cipher_suites = suites13_;
  hello.cipher_suites.insert(hello.cipher_suites.end(), suites12_.begin(), suites12_.end());
  hello.legacy_compression_methods = kNullCompression;

  // The TLS 1.2 client's extensions come in its order (hs12 client_hello.cpp), so that a TLS
  // 1.2 server sees what hs12::ClientHandshake would have sent; the TLS 1.3 ones follow.
  handshake::ExtensionBuilder extensions;
  if (!sni_.empty())
    extensions.add(ExtensionType::server_name, wire::ServerNameList{as_bytes(sni_)});
  // RFC 6066 8 (RFC 8446 4.4.2.1): an OCSP request naming no responders and no extensions.
  if (settings_.request_ocsp_stapling)
    extensions.add(ExtensionType::status_request, wire::CertificateStatusRequest{});
  extensions.add(ExtensionType::supported_groups, wire::NamedGroupList{groups_});
  if (offer_ecdhe12_) {
    // RFC 8422 5.1: the one point format, for TLS 1.2 ECDHE.
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
  if (!suites12_.empty()) {
    extensions.add(ExtensionType::extended_master_secret, wire::ExtendedMasterSecret{});
    // RFC 5746 3.4: an initial handshake sends an empty renegotiated_connection.
    extensions.add(ExtensionType::renegotiation_info, wire::RenegotiationInfo{});
    // RFC 5077 3.2: for a TLS 1.2 server, as hs12 sends it: ask for a ticket or offer ours.
    if (settings_.session_store && settings_.session_tickets) {
      extensions.add(ExtensionType::session_ticket,
                     wire::SessionTicketExtension{offered.tls12 ? ByteView(offered.tls12->ticket)
                                                                : ByteView()});
    }
  }
  wire::SupportedVersionsClientHello versions{{wire::ProtocolVersion::tls13}};
  if (!suites12_.empty()) versions.versions.push_back(wire::ProtocolVersion::tls12);
  extensions.add(ExtensionType::supported_versions, versions);
  extensions.add(ExtensionType::key_share, key_share_entries(shares));
  // RFC 8446 4.2.9: a client that keeps sessions says which PSK modes it can resume with
  // (psk_dhe_ke only) whether or not it offers one now: servers issue tickets only for the
  // modes advertised ("Servers SHOULD NOT send NewSessionTicket with tickets that are not
  // compatible with the advertised modes").
  if (settings_.session_store) {
    extensions.add(ExtensionType::psk_key_exchange_modes,
                   wire::PskKeyExchangeModes{{wire::PskKeyExchangeMode::psk_dhe_ke}});
  }
  // Resuming (RFC 8446 4.2.11): pre_shared_key last, its binder zeros until write_binder()
  // computes it over the encoded hello.
  Bytes placeholder_binder;
  if (offered.psk) {
    const handshake::StoredSession& session = offered.psk->session;
    const crypto::CipherSuiteInfo* suite = crypto::find_suite(session.cipher_suite);
    placeholder_binder.assign(crypto::digest_size(suite->hash), 0);
    // RFC 8446 4.2.11.1: the age in milliseconds plus ticket_age_add, modulo 2^32.
    const std::int64_t age_ms = (provider().now() - session.received_at) * 1000;
    const auto obfuscated_age =
        static_cast<std::uint32_t>(static_cast<std::uint64_t>(age_ms) + session.ticket_age_add);
    wire::OfferedPsks psks;
    psks.identities.push_back(wire::PskIdentity{session.ticket, obfuscated_age});
    psks.binders.push_back(placeholder_binder);
    extensions.add(ExtensionType::pre_shared_key, psks);
  }
  if (!extensions.ok()) return internal_failure("a ClientHello extension outgrew its length");
  hello.extensions = extensions.list();

  Bytes message;
  if (auto encoded = wire::encode_handshake(hello, message); !encoded)
    return Unexpected<Error>(std::move(encoded.error()));
  return message;
}

Expected<Bytes> ClientHandshake::build_retry_hello(
    ByteView first_hello, const client::KeyShares& shares, std::optional<ByteView> cookie,
    ByteView binder_prefix, const std::optional<client::OfferedPsk>& psk, bool psk_dropped) const {
  // RFC 8446 4.1.2: "the client MUST send the same ClientHello without modification, except":
  // the key_share replaced, the cookie added, early_data removed (we never send it), the
  // pre_shared_key updated (none yet).
  auto hello = decode_hello(first_hello);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));

  Bytes key_share_body;
  wire::Writer key_share_writer(key_share_body);
  key_share_entries(shares).encode(key_share_writer);
  Bytes cookie_body;
  wire::Writer cookie_writer(cookie_body);
  if (cookie) wire::Cookie{*cookie}.encode(cookie_writer);
  if (!key_share_writer.ok() || !cookie_writer.ok())
    return internal_failure("a second ClientHello extension outgrew its length");

  wire::ExtensionList extensions;
  for (const wire::Extension& extension : hello->extensions) {
    if (extension.type == ExtensionType::early_data || extension.type == ExtensionType::cookie)
      continue;
    // RFC 8446 4.1.4: a PSK whose hash is not the retry's suite's is removed (accept_retry_
    // request forgot the session then); psk_key_exchange_modes stays, since 4.1.2 lets only
    // pre_shared_key change.
    if (psk_dropped && extension.type == ExtensionType::pre_shared_key) continue;
    // RFC 8446 4.2.11: pre_shared_key stays last.
    if (cookie && extension.type == ExtensionType::pre_shared_key)
      extensions.push_back(wire::Extension{ExtensionType::cookie, cookie_body});
    if (extension.type == ExtensionType::key_share) {
      extensions.push_back(wire::Extension{ExtensionType::key_share, key_share_body});
      continue;
    }
    extensions.push_back(extension);
  }
  if (cookie && wire::find_extension(extensions, ExtensionType::cookie) == nullptr)
    extensions.push_back(wire::Extension{ExtensionType::cookie, cookie_body});
  hello->extensions = std::move(extensions);

  Bytes message;
  if (auto encoded = wire::encode_handshake(*hello, message); !encoded)
    return Unexpected<Error>(std::move(encoded.error()));
  // RFC 8446 4.1.2: the pre_shared_key is "updated": its binder covers the new transcript.
  if (auto bound = write_binder(message, binder_prefix, psk); !bound)
    return Unexpected<Error>(std::move(bound.error()));
  return message;
}

Expected<client::Offer> ClientHandshake::finish_hello(Bytes& hello, int index,
                                                      const client::KeyShares& shares) {
  if (hello_replacer_) hello = hello_replacer_(hello, index);
  auto decoded = decode_hello(hello);
  if (!decoded) {
    return internal_failure("the ClientHello to send does not decode: " + decoded.error().reason());
  }
  if (auto checked = check_key_shares(*decoded, shares); !checked)
    return Unexpected<Error>(std::move(checked.error()));
  return read_offer(*decoded);
}

}  // namespace cpptls::hs13
