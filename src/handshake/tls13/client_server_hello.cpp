// The server's first answer: a ServerHello (RFC 8446 4.1.3), which gives the handshake keys, or
// a HelloRetryRequest (4.1.4), which makes us send a second ClientHello.
#include <algorithm>
#include <string>
#include <utility>

#include "crypto/descriptors.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls12/server_params.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/client_downgrade.hpp"
#include "handshake/tls13/protocol.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_simple.hpp"

namespace cpptls::hs13 {
namespace {

using wire::ExtensionType;

template <class T>
bool contains(const std::vector<T>& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Unexpected<Error> missing_extension(std::string reason) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::missing_extension,
              AlertDescription::missing_extension, std::move(reason));
}

// RFC 8446 4.2: "Implementations MUST NOT send extension responses if the remote endpoint did
// not send the corresponding extension requests, with the exception of the "cookie" extension
// in the HelloRetryRequest. Upon receiving such an extension, an endpoint MUST abort the
// handshake with an "unsupported_extension" alert."
Unexpected<Error> unsolicited_extension(ExtensionType type, std::string_view message) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
              AlertDescription::unsupported_extension,
              "the server sent the " + wire::to_string(type) + " extension in its " +
                  std::string(message) + ", which the client did not ask for (RFC 8446 4.2)");
}

// What the ServerHello and the HelloRetryRequest share (RFC 8446 4.1.3-4.1.4): the versions,
// the session id echo and the cipher suite. Gives the suite.
Expected<const crypto::CipherSuiteInfo*> check_hello_basics(const client::Offer& offer,
                                                            const wire::ServerHello& hello) {
  const bool retry = hello.is_hello_retry_request();
  const std::string what = retry ? "HelloRetryRequest" : "ServerHello";
  const wire::Extension* versions =
      wire::find_extension(hello.extensions, ExtensionType::supported_versions);
  if (versions == nullptr) {
    if (retry) {
      return missing_extension(
          "the HelloRetryRequest has no supported_versions extension (RFC 8446 4.1.4: it MUST)");
    }
    // A TLS 1.2 (or older) ServerHello. The connection hands those to the TLS 1.2 client, so
    // one that reaches us is refused, after the downgrade check RFC 8446 4.1.3 requires.
    if (auto checked = check_no_downgrade(hello); !checked)
      return Unexpected<Error>(std::move(checked.error()));
    return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
                AlertDescription::protocol_version,
                "the server answered with a " + wire::to_string(hello.legacy_version) +
                    " ServerHello (no supported_versions); this handshake completes TLS 1.3 "
                    "only");
  }
  auto selected = wire::SupportedVersionsServerHello::decode(versions->data);
  if (!selected) return Unexpected<Error>(std::move(selected.error()));
  // RFC 8446 4.2.1: a version not offered, or one prior to TLS 1.3, is illegal_parameter.
  if (selected->selected_version != wire::ProtocolVersion::tls13) {
    return handshake::illegal_parameter(
        "the " + what + " selects " + wire::to_string(selected->selected_version) +
        " in supported_versions; only TLS 1.3 (0x0304) may be selected there (RFC 8446 4.2.1)");
  }
  // RFC 8446 4.1.3: legacy_version "MUST be set to 0x0303", with no alert named. As BoringSSL,
  // another value is read as the version the server chose, which we do not support
  // (protocol_version, RFC 5246 E.1). After a retry, decode_error: see
  // accept_server_hello_after_retry.
  if (hello.legacy_version != wire::ProtocolVersion::tls12) {
    return fail(ErrorKind::peer_incompatible, ErrorCode::protocol_version,
                AlertDescription::protocol_version,
                "the " + what + " legacy_version is " + wire::to_string(hello.legacy_version) +
                    "; RFC 8446 4.1.3 requires 0x0303");
  }
  // RFC 8446 4.1.3: an echo that differs from what we sent is illegal_parameter.
  if (!std::equal(hello.legacy_session_id_echo.begin(), hello.legacy_session_id_echo.end(),
                  offer.session_id.begin(), offer.session_id.end())) {
    return handshake::illegal_parameter("the " + what + " legacy_session_id_echo (" +
                                        std::to_string(hello.legacy_session_id_echo.size()) +
                                        " bytes) differs from the client's legacy_session_id (" +
                                        std::to_string(offer.session_id.size()) +
                                        " bytes) (RFC 8446 4.1.3)");
  }
  if (!contains(offer.suites, hello.cipher_suite)) {
    return handshake::illegal_parameter("the " + what + " chooses cipher suite " +
                                        wire::to_string(hello.cipher_suite) +
                                        ", which is not among the TLS 1.3 suites the client "
                                        "offered (RFC 8446 4.1.3, 4.1.4)");
  }
  return crypto::find_suite(hello.cipher_suite);
}

// A ServerHello (not a retry) may carry only what answers our offer: supported_versions,
// key_share and, when we offered a PSK, pre_shared_key.
Expected<void> check_server_hello_extensions(const wire::ServerHello& hello, bool offered_psk) {
  for (const wire::Extension& extension : hello.extensions) {
    if (extension.type == ExtensionType::supported_versions ||
        extension.type == ExtensionType::key_share ||
        (offered_psk && extension.type == ExtensionType::pre_shared_key))
      continue;
    return unsolicited_extension(extension.type, "ServerHello");
  }
  return {};
}

}  // namespace

ClientHandshake::Step ClientHandshake::accept_server_hello(client::ExpectServerHello& s,
                                                           ByteView body, ByteView encoded,
                                                           handshake::Output& out) {
  auto hello = wire::ServerHello::decode(body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  if (hello->is_hello_retry_request()) return accept_retry_request(s, *hello, encoded, out);
  return enter_handshake_keys(s.transcript, s.offer, s.shares, s.offered, s.ccs, *hello, encoded,
                              out);
}

ClientHandshake::Step ClientHandshake::accept_server_hello_after_retry(
    client::ExpectServerHelloAfterRetry& s, ByteView body, ByteView encoded,
    handshake::Output& out) {
  auto hello = wire::ServerHello::decode(body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  // RFC 8446 4.1.4: "If a client receives a second HelloRetryRequest in the same connection
  // ..., it MUST abort the handshake with an "unexpected_message" alert."
  if (hello->is_hello_retry_request()) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
                AlertDescription::unexpected_message,
                "received a second HelloRetryRequest in state " + std::string(s.kName) +
                    " (RFC 8446 4.1.4 allows one)");
  }
  // RFC 8446 4.1.3 names no alert for a legacy_version other than 0x0303; after a retry that
  // already settled TLS 1.3 it is a malformed message: decode_error, as BoringSSL sends.
  if (hello->legacy_version != wire::ProtocolVersion::tls12) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::invalid_value,
                AlertDescription::decode_error,
                "the ServerHello after the HelloRetryRequest has legacy_version " +
                    wire::to_string(hello->legacy_version) + "; RFC 8446 4.1.3 requires 0x0303");
  }
  // RFC 8446 4.1.4: the ServerHello's suite "is the same as that in the HelloRetryRequest".
  if (hello->cipher_suite != s.suite && contains(s.offer.suites, hello->cipher_suite)) {
    return handshake::illegal_parameter(
        "the ServerHello chooses " + wire::to_string(hello->cipher_suite) +
        " but the HelloRetryRequest chose " + wire::to_string(s.suite) + " (RFC 8446 4.1.4)");
  }
  return enter_handshake_keys(s.transcript, s.offer, s.shares, s.offered, s.ccs, *hello, encoded,
                              out);
}

ClientHandshake::Step ClientHandshake::enter_handshake_keys(
    handshake::TranscriptHash& transcript, client::Offer& offer, const client::KeyShares& shares,
    client::OfferedSessions& offered, client::CompatibilityCcs ccs, const wire::ServerHello& hello,
    ByteView encoded, handshake::Output& out) {
  auto suite = check_hello_basics(offer, hello);
  if (!suite) return Unexpected<Error>(std::move(suite.error()));
  if (auto checked = check_server_hello_extensions(hello, offered.psk.has_value()); !checked)
    return Unexpected<Error>(std::move(checked.error()));
  auto resumed = accept_selected_psk(offered.psk, hello, **suite);
  if (!resumed) return Unexpected<Error>(std::move(resumed.error()));
  // The offer ends here: the session's server becomes the server's authentication when its
  // PSK is accepted (the PSK itself gives the early secret below), and is forgotten otherwise.
  std::optional<handshake::ResumedServer> resumption;
  if (*resumed) resumption = std::move(offered.psk->server);

  // RFC 8446 4.2.8: the server answers with one share, in a group we sent one for. A PSK does
  // not make it optional: we offer psk_dhe_ke only, and "The server MUST NOT select a key
  // exchange mode that is not listed by the client" (4.2.9). RFC 6.2 missing_extension: "a
  // handshake message not containing an extension that is mandatory to send for the offered
  // TLS version or other negotiated parameters".
  const wire::Extension* key_share =
      wire::find_extension(hello.extensions, ExtensionType::key_share);
  // RFC 8446 4.2.11: with a PSK accepted, the missing share is an inconsistency the RFC names:
  // "If these values are not consistent, the client MUST abort the handshake with an
  // "illegal_parameter" alert."
  if (key_share == nullptr && *resumed) {
    return handshake::illegal_parameter(
        "the ServerHello accepts a PSK without key_share, but the client allows psk_dhe_ke "
        "only (RFC 8446 4.2.9, 4.2.11)");
  }
  if (key_share == nullptr) {
    return missing_extension(
        "the ServerHello has no key_share; the client offers (EC)DHE with or without a PSK "
        "(psk_dhe_ke only), so it needs one (RFC 8446 4.2.8, 4.2.9)");
  }
  auto server_share = wire::KeyShareServerHello::decode(key_share->data);
  if (!server_share) return Unexpected<Error>(std::move(server_share.error()));
  const wire::KeyShareEntry& entry = server_share->share;
  const auto ours = std::find_if(shares.begin(), shares.end(),
                                 [&](const auto& share) { return share->group() == entry.group; });
  if (ours == shares.end()) {
    return handshake::illegal_parameter("the ServerHello key_share is for group " +
                                        wire::to_string(entry.group) +
                                        ", for which the client sent no share (RFC 8446 4.2.8)");
  }
  if (auto checked =
          hs12::check_ecdhe_public_value(entry.group, entry.key_exchange, "ServerHello key_share");
      !checked)
    return Unexpected<Error>(std::move(checked.error()));
  auto shared = (*ours)->derive(entry.key_exchange);
  if (!shared) return Unexpected<Error>(std::move(shared.error()));

  // RFC 8446 7.1: the handshake secret, then the traffic secrets over ClientHello..ServerHello.
  transcript.add(encoded);
  if (!transcript.started()) {
    if (auto started = transcript.start(provider(), (*suite)->hash); !started)
      return Unexpected<Error>(std::move(started.error()));
  }
  auto hello_hash = transcript.digest();
  if (!hello_hash) return Unexpected<Error>(std::move(hello_hash.error()));
  const ScheduleContext context{&provider(), (*suite)->hash};
  // RFC 8446 7.1: the early secret comes from the PSK when the server accepted it.
  auto early = resumption ? EarlySecret::from_psk(context, offered.psk->session.secret)
                          : EarlySecret::without_psk(context);
  if (!early) return Unexpected<Error>(std::move(early.error()));
  auto secret = std::move(*early).into_handshake_secret(*shared);
  if (!secret) return Unexpected<Error>(std::move(secret.error()));
  auto traffic = secret->traffic_secrets(hello_hash->view());
  if (!traffic) return Unexpected<Error>(std::move(traffic.error()));
  auto server_keys = traffic->server.traffic_keys((*suite)->aead);
  if (!server_keys) return Unexpected<Error>(std::move(server_keys.error()));

  log_secret(kLogClientHandshake, traffic->client.bytes());
  log_secret(kLogServerHandshake, traffic->server.bytes());
  summary_.version = wire::ProtocolVersion::tls13;
  summary_.cipher_suite = (*suite)->id;
  summary_.group = entry.group;
  summary_.resumed = resumption.has_value();
  summary_.resumed_by_ticket = summary_.resumed;
  // No Certificate comes on resumption: the response stapled when the session was made.
  if (resumption) summary_.ocsp_response = offered.psk->session.ocsp_response;
  auto client_keys = traffic->client.traffic_keys((*suite)->aead);
  if (!client_keys) return Unexpected<Error>(std::move(client_keys.error()));
  // Both directions are protected from here on. Our write key changes now, not just before our
  // second flight, so that an alert we send about the server's flight (a certificate we
  // refuse) is protected as the server expects; the compatibility change_cipher_spec goes in
  // the clear just before (RFC 8446 D.4), unless it went before a second ClientHello.
  out.install(handshake::Direction::read, crypto::SuiteVersion::tls13, std::move(*server_keys));
  if (!offer.session_id.empty() && !ccs.sent) {
    out.send_change_cipher_spec();
    ccs.sent = true;
  }
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls13, std::move(*client_keys));
  return client::ExpectEncryptedExtensions{
      std::move(transcript), std::move(offer),
      client::HandshakeKeys{*suite, std::move(*secret), std::move(traffic->client),
                            std::move(traffic->server)},
      std::move(resumption), ccs};
}

ClientHandshake::Step ClientHandshake::accept_retry_request(client::ExpectServerHello& s,
                                                            const wire::ServerHello& retry,
                                                            ByteView encoded,
                                                            handshake::Output& out) {
  auto suite = check_hello_basics(s.offer, retry);
  if (!suite) return Unexpected<Error>(std::move(suite.error()));

  std::optional<crypto::NamedGroup> selected_group;
  std::optional<ByteView> cookie;
  for (const wire::Extension& extension : retry.extensions) {
    switch (extension.type) {
      case ExtensionType::supported_versions:
        continue;
      case ExtensionType::key_share: {
        auto requested = wire::KeyShareHelloRetryRequest::decode(extension.data);
        if (!requested) return Unexpected<Error>(std::move(requested.error()));
        selected_group = requested->selected_group;
        continue;
      }
      case ExtensionType::cookie: {
        auto value = wire::Cookie::decode(extension.data);
        if (!value) return Unexpected<Error>(std::move(value.error()));
        cookie = value->cookie;
        continue;
      }
      default:
        return unsolicited_extension(extension.type, "HelloRetryRequest");
    }
  }

  client::KeyShares shares = std::move(s.shares);
  if (selected_group) {
    // RFC 8446 4.2.8: the group "MUST be in the "supported_groups" extension in the original
    // ClientHello" and "MUST NOT correspond to a group which was provided in the "key_share"
    // extension in the original ClientHello"; else illegal_parameter.
    const crypto::NamedGroup group = *selected_group;
    if (!contains(s.offer.groups, group) || crypto::find_group(group) == nullptr) {
      return handshake::illegal_parameter("the HelloRetryRequest asks for group " +
                                          wire::to_string(group) +
                                          ", which the client did not offer (RFC 8446 4.2.8)");
    }
    if (std::any_of(shares.begin(), shares.end(),
                    [&](const auto& share) { return share->group() == group; })) {
      return handshake::illegal_parameter(
          "the HelloRetryRequest asks for a " + wire::to_string(group) +
          " share, which the ClientHello already carried (RFC 8446 4.2.8)");
    }
    auto share = provider().generate_key_share(group);
    if (!share) return Unexpected<Error>(std::move(share.error()));
    shares.clear();
    shares.push_back(std::move(*share));
  } else if (!cookie) {
    // RFC 8446 4.1.4: "Clients MUST abort the handshake with an "illegal_parameter" alert if
    // the HelloRetryRequest would not result in any change in the ClientHello."
    return handshake::illegal_parameter(
        "the HelloRetryRequest asks for neither a key share nor a cookie, so the second "
        "ClientHello would not change (RFC 8446 4.1.4)");
  }

  // RFC 8446 4.4.1: the transcript restarts as message_hash(Hash(ClientHello1)), then the
  // HelloRetryRequest and the second ClientHello, hashed with the suite the retry names.
  if (auto started = s.transcript.start(provider(), (*suite)->hash); !started)
    return Unexpected<Error>(std::move(started.error()));
  auto first_hash = s.transcript.digest();
  if (!first_hash) return Unexpected<Error>(std::move(first_hash.error()));
  handshake::TranscriptHash transcript;
  Bytes binder_prefix = message_hash_message(first_hash->view());
  binder_prefix.insert(binder_prefix.end(), encoded.begin(), encoded.end());
  transcript.add(binder_prefix);
  if (auto started = transcript.start(provider(), (*suite)->hash); !started)
    return Unexpected<Error>(std::move(started.error()));

  // RFC 8446 4.1.4: a PSK whose hash differs from the retry's suite's cannot be used; it is
  // removed from the second hello.
  client::OfferedSessions offered = std::move(s.offered);
  bool psk_dropped = false;
  if (offered.psk) {
    const crypto::CipherSuiteInfo* psk_suite =
        crypto::find_suite(offered.psk->session.cipher_suite);
    if (psk_suite == nullptr || psk_suite->hash != (*suite)->hash) {
      offered.psk.reset();
      psk_dropped = true;
    }
  }
  auto hello = build_retry_hello(sent_client_hello_, shares, cookie, binder_prefix, offered.psk,
                                 psk_dropped);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  auto offer = finish_hello(*hello, 1, shares);
  if (!offer) return Unexpected<Error>(std::move(offer.error()));
  transcript.add(*hello);

  // RFC 8446 D.4: in compatibility mode (the second hello's legacy_session_id is not empty),
  // the change_cipher_spec goes before the second ClientHello.
  client::CompatibilityCcs ccs = s.ccs;
  if (!offer->session_id.empty() && !ccs.sent) {
    out.send_change_cipher_spec();
    ccs.sent = true;
  }
  out.send(std::move(*hello));
  summary_.hello_retry_request = true;
  return client::ExpectServerHelloAfterRetry{std::move(transcript), std::move(*offer),
                                             std::move(shares),     (*suite)->id,
                                             std::move(offered),    ccs};
}

}  // namespace cpptls::hs13
