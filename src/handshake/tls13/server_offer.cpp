#include "handshake/tls13/server_offer.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "handshake/common/client_hello_version.hpp"
#include "handshake/common/credential_choice.hpp"
#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls13/protocol.hpp"
#include "wire/enums.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_simple.hpp"

namespace cpptls::hs13::server {
namespace {

using handshake::contains;
using handshake::list_names;
using wire::ExtensionType;

template <class Body>
Expected<void> decode_into(std::optional<Body>& slot, ByteView data) {
  auto body = Body::decode(data);
  if (!body) return Unexpected<Error>(std::move(body.error()));
  slot = std::move(*body);
  return {};
}

Unexpected<Error> missing_extension(std::string reason) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::missing_extension,
              AlertDescription::missing_extension, std::move(reason));
}

Unexpected<Error> handshake_failure(std::string reason) {
  return fail(ErrorKind::peer_incompatible, ErrorCode::handshake_failure,
              AlertDescription::handshake_failure, std::move(reason));
}

// RFC 8446 4.2.8.2: an ECDHE share is the uncompressed point (4 || X || Y); an X25519 share is
// 32 bytes. Whether the point is on the curve is the provider's check when it is used.
Expected<void> check_share_form(const wire::KeyShareEntry& share) {
  const crypto::GroupInfo* group = crypto::find_group(share.group);
  if (group == nullptr) return {};  // a group we do not implement is never used
  const std::size_t size = share.key_exchange.size();
  if (size != group->public_key_size) {
    return handshake::illegal_parameter(
        "the client's " + std::string(group->name) + " key share is " + std::to_string(size) +
        " bytes; it must be " + std::to_string(group->public_key_size) + " (RFC 8446 4.2.8.2)");
  }
  if (share.group != crypto::NamedGroup::x25519 && share.key_exchange[0] != 0x04) {
    return handshake::illegal_parameter("the client's " + std::string(group->name) +
                                        " key share is not an uncompressed point (RFC 8446 "
                                        "4.2.8.2)");
  }
  return {};
}

Expected<void> check_shares(const wire::KeyShareClientHello& shares,
                            const wire::NamedGroupList& groups) {
  for (const wire::KeyShareEntry& share : shares.shares) {
    // RFC 8446 4.2.8: "Each KeyShareEntry value MUST correspond to a group offered in the
    // "supported_groups" extension".
    if (!contains<crypto::NamedGroup>(groups.groups, share.group)) {
      return handshake::illegal_parameter(
          "the client sent a key share for " + wire::to_string(share.group) +
          ", which its supported_groups (" + list_names<crypto::NamedGroup>(groups.groups) +
          ") does not list (RFC 8446 4.2.8)");
    }
    if (auto form = check_share_form(share); !form) return form;
  }
  return {};
}

Expected<const crypto::CipherSuiteInfo*> choose_suite(std::span<const crypto::CipherSuite> ours,
                                                      std::span<const crypto::CipherSuite> theirs) {
  for (const crypto::CipherSuite suite : ours) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(suite);
    if (info != nullptr && info->version == crypto::SuiteVersion::tls13 &&
        contains(theirs, suite)) {
      return info;
    }
  }
  return handshake_failure("no TLS 1.3 cipher suite in common: the client offers " +
                           list_names(theirs) + "; the server allows " + list_names(ours));
}

struct GroupChoice {
  crypto::NamedGroup group;
  std::optional<ByteView> share;
};

Expected<GroupChoice> choose_group(std::span<const crypto::NamedGroup> ours,
                                   const wire::NamedGroupList& supported,
                                   const wire::KeyShareClientHello& shares) {
  for (const crypto::NamedGroup group : ours) {
    if (crypto::find_group(group) == nullptr) continue;
    for (const wire::KeyShareEntry& share : shares.shares) {
      if (share.group == group) return GroupChoice{group, share.key_exchange};
    }
  }
  // RFC 8446 4.1.1 and 4.1.4: a group both support without a share: ask for one.
  for (const crypto::NamedGroup group : ours) {
    if (crypto::find_group(group) != nullptr &&
        contains<crypto::NamedGroup>(supported.groups, group))
      return GroupChoice{group, std::nullopt};
  }
  return handshake_failure("no key exchange group in common: the client supports " +
                           list_names<crypto::NamedGroup>(supported.groups) +
                           "; the server allows " + list_names(ours));
}

}  // namespace

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
      case ExtensionType::key_share:
        read = decode_into(offer.shares, extension.data);
        break;
      case ExtensionType::application_layer_protocol_negotiation:
        read = decode_into(offer.alpn, extension.data);
        break;
      case ExtensionType::server_name:
        read = decode_into(offer.server_name, extension.data);
        break;
      case ExtensionType::psk_key_exchange_modes: {
        std::optional<wire::PskKeyExchangeModes> modes;
        read = decode_into(modes, extension.data);
        offer.psk_modes = true;
        break;
      }
      case ExtensionType::pre_shared_key:
        // Its body, and its place at the end, were checked by the ClientHello codec.
        offer.pre_shared_key = true;
        break;
      case ExtensionType::early_data:
        read = wire::expect_empty_extension(extension.data, extension.type);
        offer.early_data = true;
        break;
      case ExtensionType::status_request: {
        // Only an ocsp request is answered; its responder ids and extensions are not used.
        std::optional<wire::CertificateStatusRequest> request;
        read = decode_into(request, extension.data);
        offer.ocsp_requested = request && request->is_ocsp();
        break;
      }
      default:
        break;
    }
    if (!read) return Unexpected<Error>(std::move(read.error()));
  }
  return offer;
}

Expected<void> check_offer(const wire::ClientHello& hello, const ClientOffer& offer) {
  if (auto version = handshake::refuse_ssl3_or_older(hello); !version) return version;
  // RFC 8446 4.2.1: with supported_versions present, legacy_version is ignored.
  if (!offer.versions ||
      !contains<wire::ProtocolVersion>(offer.versions->versions, wire::ProtocolVersion::tls13)) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
                AlertDescription::protocol_version,
                offer.versions ? "the client's supported_versions does not list TLS 1.3"
                               : "the client sent no supported_versions, so it does not offer "
                                 "TLS 1.3 (RFC 8446 4.2.1)");
  }
  // RFC 8446 4.1.2: "If a TLS 1.3 ClientHello is received with any other value in this field,
  // the server MUST abort the handshake with an "illegal_parameter" alert."
  if (!hello.has_only_null_compression()) {
    return handshake::illegal_parameter(
        "the client offers " + std::to_string(hello.legacy_compression_methods.size()) +
        " compression methods; a TLS 1.3 ClientHello must offer exactly one, null (RFC 8446 "
        "4.1.2)");
  }
  // RFC 8446 4.2.3: a server authenticating with a certificate needs signature_algorithms.
  if (!offer.schemes) {
    return missing_extension(
        "the client sent no signature_algorithms, which certificate authentication needs "
        "(RFC 8446 4.2.3, 9.2)");
  }
  // RFC 8446 9.2: without a PSK (we accept none) both are needed, and each needs the other.
  if (!offer.groups) {
    return missing_extension(
        "the client sent no supported_groups, which a handshake without a PSK needs (RFC 8446 "
        "9.2)");
  }
  if (!offer.shares) {
    return missing_extension(
        "the client sent supported_groups without key_share (RFC 8446 9.2: each needs the "
        "other)");
  }
  // RFC 8446 4.2.9: "If clients offer "pre_shared_key" without a "psk_key_exchange_modes"
  // extension, servers MUST abort the handshake."
  if (offer.pre_shared_key && !offer.psk_modes) {
    return missing_extension(
        "the client offers pre_shared_key without psk_key_exchange_modes (RFC 8446 4.2.9)");
  }
  return check_shares(*offer.shares, *offer.groups);
}

std::optional<CredentialChoice> choose_credential(
    std::span<const handshake::Credential> credentials,
    std::span<const crypto::SignatureScheme> ours, std::string_view server_name,
    std::span<const crypto::SignatureScheme> theirs) {
  // By name first (the default certificate when none matches), then by what the client can
  // verify: a name with an RSA and an ECDSA certificate serves each client the one it takes.
  std::optional<crypto::SignatureScheme> scheme;
  const handshake::Credential* chosen = handshake::choose_credential(
      credentials, server_name, [&](const handshake::Credential& credential) {
        scheme = choose_tls13_signature_scheme(ours, theirs, credential.key->type(),
                                               credential.key->bits());
        return scheme.has_value();
      });
  if (chosen == nullptr || !scheme) return std::nullopt;
  return CredentialChoice{chosen, *scheme};
}

bool offers_psk_dhe(const wire::ClientHello& hello) {
  const wire::Extension* modes =
      wire::find_extension(hello.extensions, ExtensionType::psk_key_exchange_modes);
  if (modes == nullptr) return false;
  auto decoded = wire::PskKeyExchangeModes::decode(modes->data);
  if (!decoded) return false;
  for (const wire::PskKeyExchangeMode mode : decoded->modes)
    if (mode == wire::PskKeyExchangeMode::psk_dhe_ke) return true;
  return false;
}

Expected<Negotiation> negotiate(const Preferences& server, const wire::ClientHello& hello,
                                const ClientOffer& offer) {
  Negotiation out;
  out.client_random = hello.random;
  out.psk_dhe_ke = offers_psk_dhe(hello);
  out.session_id = hello.legacy_session_id;
  out.ocsp_requested = offer.ocsp_requested;
  if (offer.server_name) out.server_name = std::string(offer.server_name->host_name_text());

  auto suite = choose_suite(server.suites, hello.cipher_suites);
  if (!suite) return Unexpected<Error>(std::move(suite.error()));
  out.suite = *suite;

  const std::span<const crypto::SignatureScheme> theirs = offer.schemes->schemes;
  auto credential = choose_credential(server.credentials, server.schemes, out.server_name, theirs);
  if (!credential) {
    std::string keys;
    for (const handshake::Credential& candidate : server.credentials) {
      if (candidate.key == nullptr) continue;
      if (!keys.empty()) keys += ", ";
      keys += std::string(handshake::describe(candidate.key->type()));
    }
    return handshake_failure(
        "no certificate of this server can sign with a scheme the client "
        "accepts: the client lists " +
        list_names(theirs) + "; the server has " +
        (keys.empty() ? std::string("no key") : keys + " keys") + " and allows " +
        list_names(server.schemes) + " (RFC 8446 4.4.3)");
  }
  out.credential = *credential;

  auto group = choose_group(server.groups, *offer.groups, *offer.shares);
  if (!group) return Unexpected<Error>(std::move(group.error()));
  out.group = group->group;
  out.client_share = group->share;

  if (offer.alpn) {
    auto alpn = handshake::choose_alpn(server.alpn, offer.alpn->protocols);
    if (!alpn) return Unexpected<Error>(std::move(alpn.error()));
    out.alpn = std::move(*alpn);
  }
  return out;
}

}  // namespace cpptls::hs13::server
