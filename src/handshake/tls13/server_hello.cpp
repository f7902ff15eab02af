// The server's reading of the ClientHello (RFC 8446 4.1.2), the HelloRetryRequest and the
// second ClientHello (4.1.4), the ServerHello (4.1.3) and the handshake secrets (7.1).
#include "wire/messages/server_hello.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "handshake/common/extension_builder.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls13/early_data.hpp"
#include "handshake/tls13/protocol.hpp"
#include "handshake/tls13/server.hpp"
#include "handshake/tls13/server_retry_rules.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs13 {
namespace {

using handshake::Output;
using handshake::SkipEarlyData;
using wire::ExtensionType;

// A ServerHello or a HelloRetryRequest: key_share (the server's share, or the group asked
// for), then supported_versions, in the order of the draft-ietf-tls-tls13-vectors traces.
// A resumed handshake adds pre_shared_key, selecting the client's first identity (4.2.11).
template <class KeyShareBody>
Expected<Bytes> encode_server_hello(const wire::Random& random, ByteView session_id,
                                    crypto::CipherSuite suite, const KeyShareBody& key_share,
                                    bool psk_selected = false) {
  handshake::ExtensionBuilder extensions;
  extensions.add(ExtensionType::key_share, key_share);
  extensions.add(ExtensionType::supported_versions,
                 wire::SupportedVersionsServerHello{wire::ProtocolVersion::tls13});
  if (psk_selected) extensions.add(ExtensionType::pre_shared_key, wire::SelectedPsk{0});
  if (!extensions.ok()) return internal_failure("a ServerHello extension outgrew its length");

  wire::ServerHello hello;
  hello.legacy_version = wire::ProtocolVersion::tls12;  // RFC 8446 4.1.3
  hello.random = random;
  hello.legacy_session_id_echo = session_id;
  hello.cipher_suite = suite;
  hello.legacy_compression_method = 0;
  hello.extensions = extensions.list();
  Bytes out;
  if (auto done = wire::encode_handshake(hello, out); !done)
    return Unexpected<Error>(std::move(done.error()));
  return out;
}

struct ReadHello {
  wire::ClientHello hello;
  server::ClientOffer offer;
};

Expected<ReadHello> read_hello(ByteView body) {
  auto hello = wire::ClientHello::decode(body);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  auto offer = server::read_offer(*hello);
  if (!offer) return Unexpected<Error>(std::move(offer.error()));
  if (auto checked = server::check_offer(*hello, *offer); !checked)
    return Unexpected<Error>(std::move(checked.error()));
  return ReadHello{std::move(*hello), std::move(*offer)};
}

// The identities of the client's pre_shared_key offer, none without one. The codec checked
// the extension already.
std::vector<wire::PskIdentity> offered_identities(const wire::ClientHello& hello) {
  const wire::Extension* psk =
      wire::find_extension(hello.extensions, ExtensionType::pre_shared_key);
  if (psk == nullptr) return {};
  auto offered = wire::OfferedPsks::decode(psk->data);
  if (!offered) return {};
  return std::move(offered->identities);
}

// RFC 8446 4.1.2: the second hello updates pre_shared_key, "(optionally) removing any PSKs
// which are incompatible with the server's indicated cipher suite"; a ticket we would have
// taken with that suite is compatible, so dropping it changes the hello.
Expected<void> check_psk_kept(const server::ExpectSecondClientHello& s,
                              const wire::ClientHello& second) {
  if (!s.compatible_psk) return {};
  for (const wire::PskIdentity& identity : offered_identities(second)) {
    if (std::equal(identity.identity.begin(), identity.identity.end(), s.compatible_psk->begin(),
                   s.compatible_psk->end()))
      return {};
  }
  return handshake::illegal_parameter(
      "the second ClientHello drops from pre_shared_key the ticket the server would resume with "
      "the suite of the HelloRetryRequest; only PSKs incompatible with that suite may be removed "
      "(RFC 8446 4.1.2)");
}

// RFC 8446 4.1.2: after a HelloRetryRequest the client "MUST send the same ClientHello
// without modification, except as follows" (server_retry_rules.hpp), and its key_share holds
// the one share asked for.
Expected<void> check_second_hello(const server::ExpectSecondClientHello& s, const ReadHello& read) {
  auto first = wire::ClientHello::decode(s.first_hello);
  if (!first) return internal_failure("the first ClientHello no longer decodes");
  std::optional<ByteView> cookie;
  if (s.retry_cookie) cookie = ByteView(*s.retry_cookie);
  if (auto same = server::check_retried_hello(*first, read.hello, cookie); !same) return same;
  // RFC 8446 4.2.8: the client "MUST replace the original "key_share" extension with one
  // containing only a new KeyShareEntry for the group indicated in the selected_group field".
  const auto& shares = read.offer.shares->shares;
  if (shares.size() != 1 || shares.front().group != s.group) {
    std::string sent;
    for (const wire::KeyShareEntry& share : shares)
      sent += (sent.empty() ? "" : ", ") + wire::to_string(share.group);
    return handshake::illegal_parameter(
        "the second ClientHello must carry exactly one key share, for " + wire::to_string(s.group) +
        " as the HelloRetryRequest asked; it carries " +
        (sent.empty() ? std::string("none") : sent) + " (RFC 8446 4.1.4, 4.2.8)");
  }
  return check_psk_kept(s, read.hello);
}

// The cookie extension body of the HelloRetryRequest as sent (after the test hook).
std::optional<Bytes> retry_cookie(ByteView sent) {
  auto retry = wire::ServerHello::decode(sent.subspan(wire::kHandshakeHeaderSize));
  if (!retry) return std::nullopt;
  const wire::Extension* cookie = wire::find_extension(retry->extensions, ExtensionType::cookie);
  if (cookie == nullptr) return std::nullopt;
  return Bytes(cookie->data.begin(), cookie->data.end());
}

// RFC 8446 4.2.10: we never accept 0-RTT data (no ticket of ours allows it), so an
// early_data offer is not answered, and the records the client sent after its hello are
// skipped: after our read key is installed, or until its second hello.
void refuse_early_data(const server::ClientOffer& offer, SkipEarlyData::Until until, Output& out) {
  if (offer.early_data) out.skip_early_data(until, kMaxSkippedEarlyData);
}

}  // namespace

Expected<void> ServerHandshake::check_settings() const {
  if (settings_.provider == nullptr) return misuse(ErrorCode::invalid_argument, "no provider");
  if (!settings_.versions.tls13)
    return misuse(ErrorCode::invalid_argument, "TLS 1.3 is turned off in the server settings");
  if (settings_.credentials.empty() || settings_.credentials.front().key == nullptr ||
      settings_.credentials.front().chain.empty()) {
    return misuse(ErrorCode::invalid_argument,
                  "the server has no credential (a certificate chain and its key)");
  }
  if (settings_.client_auth != handshake::ClientAuth::none && settings_.client_trust == nullptr &&
      !(settings_.client_verifier && settings_.client_verifier->replaces_ours)) {
    return misuse(ErrorCode::invalid_argument,
                  "the server asks for client certificates but has no anchors to verify them "
                  "(client_trust)");
  }
  return {};
}

ServerHandshake::Step ServerHandshake::accept_client_hello(ByteView body, ByteView encoded,
                                                           Output& out) {
  if (auto ready = check_settings(); !ready) return Unexpected<Error>(std::move(ready.error()));
  auto read = read_hello(body);
  if (!read) return Unexpected<Error>(std::move(read.error()));
  auto negotiation = server::negotiate(preferences(), read->hello, read->offer);
  if (!negotiation) return Unexpected<Error>(std::move(negotiation.error()));
  client_random_ = read->hello.random;

  if (!negotiation->client_share) {
    // Whether we would resume the first hello's ticket with the retry's suite (its binder is
    // checked too): if so the second hello must offer it again.
    auto psk = accept_psk(read->hello, encoded, *negotiation, {});
    if (!psk) return Unexpected<Error>(std::move(psk.error()));
    std::optional<Bytes> compatible_psk;
    if (*psk) {
      const ByteView identity = offered_identities(read->hello).front().identity;
      compatible_psk.emplace(identity.begin(), identity.end());
    }
    auto retried = retry_request(*negotiation, encoded, std::move(compatible_psk), out);
    if (retried) refuse_early_data(read->offer, SkipEarlyData::Until::second_client_hello, out);
    return retried;
  }
  auto psk = accept_psk(read->hello, encoded, *negotiation, {});
  if (!psk) return Unexpected<Error>(std::move(psk.error()));
  handshake::TranscriptHash transcript;
  transcript.add(encoded);
  if (auto started = transcript.start(provider(), negotiation->suite->hash); !started)
    return Unexpected<Error>(std::move(started.error()));
  auto answered = server_hello(*negotiation, std::move(transcript), std::move(*psk),
                               server::CompatibilityCcs{}, out);
  if (answered) refuse_early_data(read->offer, SkipEarlyData::Until::a_record_decrypts, out);
  return answered;
}

ServerHandshake::Step ServerHandshake::retry_request(const server::Negotiation& negotiation,
                                                     ByteView encoded,
                                                     std::optional<Bytes> compatible_psk,
                                                     Output& out) {
  // RFC 8446 4.4.1: the transcript goes on from message_hash(Hash(ClientHello1)).
  handshake::TranscriptHash first;
  first.add(encoded);
  if (auto started = first.start(provider(), negotiation.suite->hash); !started)
    return Unexpected<Error>(std::move(started.error()));
  auto first_hash = first.digest();
  if (!first_hash) return Unexpected<Error>(std::move(first_hash.error()));
  server::ExpectSecondClientHello next;
  next.transcript.add(message_hash_message(first_hash->view()));
  if (auto started = next.transcript.start(provider(), negotiation.suite->hash); !started)
    return Unexpected<Error>(std::move(started.error()));

  // RFC 8446 4.1.4: the HelloRetryRequest names the suite and the group; we need no cookie,
  // since this object keeps the state.
  auto retry = encode_server_hello(wire::kHelloRetryRequestRandom, negotiation.session_id,
                                   negotiation.suite->id,
                                   wire::KeyShareHelloRetryRequest{negotiation.group});
  if (!retry) return Unexpected<Error>(std::move(retry.error()));
  Bytes flight;
  add_message(wire::HandshakeType::server_hello, std::move(*retry), next.transcript, flight);
  next.retry_cookie = retry_cookie(flight);
  next.binder_prefix = message_hash_message(first_hash->view());
  next.binder_prefix.insert(next.binder_prefix.end(), flight.begin(), flight.end());
  out.send(std::move(flight));
  send_compat_change_cipher_spec(negotiation.session_id, next.ccs, out);
  summary_.hello_retry_request = true;

  next.suite = negotiation.suite;
  next.group = negotiation.group;
  next.compatible_psk = std::move(compatible_psk);
  const ByteView first_body = encoded.subspan(wire::kHandshakeHeaderSize);
  next.first_hello.assign(first_body.begin(), first_body.end());
  return next;
}

ServerHandshake::Step ServerHandshake::accept_second_client_hello(
    server::ExpectSecondClientHello& s, ByteView body, ByteView encoded, Output& out) {
  auto read = read_hello(body);
  if (!read) return Unexpected<Error>(std::move(read.error()));
  if (auto same = check_second_hello(s, *read); !same)
    return Unexpected<Error>(std::move(same.error()));
  auto negotiation = server::negotiate(preferences(), read->hello, read->offer);
  if (!negotiation) return Unexpected<Error>(std::move(negotiation.error()));
  // RFC 8446 4.1.4: the suite of the HelloRetryRequest is the suite of the handshake. With one
  // share, for a group of ours, the group cannot change, nor can a second retry be needed.
  if (negotiation->suite != s.suite) {
    return handshake::illegal_parameter("the second ClientHello no longer lets the server choose " +
                                        wire::to_string(s.suite->id) +
                                        ", the suite of the HelloRetryRequest (RFC 8446 4.1.4)");
  }
  if (negotiation->group != s.group || !negotiation->client_share) {
    return handshake::illegal_parameter("the second ClientHello's key share for " +
                                        wire::to_string(s.group) + " cannot be used");
  }
  auto psk = accept_psk(read->hello, encoded, *negotiation, s.binder_prefix);
  if (!psk) return Unexpected<Error>(std::move(psk.error()));
  s.transcript.add(encoded);
  return server_hello(*negotiation, std::move(s.transcript), std::move(*psk), s.ccs, out);
}

ServerHandshake::Step ServerHandshake::server_hello(const server::Negotiation& negotiation,
                                                    handshake::TranscriptHash transcript,
                                                    std::optional<server::AcceptedPsk> psk,
                                                    server::CompatibilityCcs ccs, Output& out) {
  const bool resumed = psk.has_value();
  auto share = provider().generate_key_share(negotiation.group);
  if (!share) return Unexpected<Error>(std::move(share.error()));
  // The provider refuses a value that is not a point of the group, or an all-zero X25519
  // result, with illegal_parameter.
  auto shared_secret = (*share)->derive(*negotiation.client_share);
  if (!shared_secret) return Unexpected<Error>(std::move(shared_secret.error()));

  wire::Random random{};
  if (auto drawn = provider().random(random); !drawn)
    return Unexpected<Error>(std::move(drawn.error()));
  auto hello = encode_server_hello(
      random, negotiation.session_id, negotiation.suite->id,
      wire::KeyShareServerHello{wire::KeyShareEntry{negotiation.group, (*share)->public_value()}},
      resumed);
  if (!hello) return Unexpected<Error>(std::move(hello.error()));
  Bytes sent;
  add_message(wire::HandshakeType::server_hello, std::move(*hello), transcript, sent);

  // RFC 8446 7.1: the early secret is from the PSK when resuming, else from zeros; the
  // handshake secrets cover ClientHello..ServerHello.
  auto hello_hash = transcript.digest();
  if (!hello_hash) return Unexpected<Error>(std::move(hello_hash.error()));
  const ScheduleContext context{&provider(), negotiation.suite->hash};
  auto early =
      resumed ? EarlySecret::from_psk(context, psk->psk) : EarlySecret::without_psk(context);
  if (!early) return Unexpected<Error>(std::move(early.error()));
  auto handshake_secret = std::move(*early).into_handshake_secret(*shared_secret);
  if (!handshake_secret) return Unexpected<Error>(std::move(handshake_secret.error()));
  auto traffic = handshake_secret->traffic_secrets(hello_hash->view());
  if (!traffic) return Unexpected<Error>(std::move(traffic.error()));
  log_secret(kLogClientHandshake, traffic->client.bytes());
  log_secret(kLogServerHandshake, traffic->server.bytes());

  summary_.version = wire::ProtocolVersion::tls13;
  summary_.cipher_suite = negotiation.suite->id;
  summary_.group = negotiation.group;
  summary_.alpn = negotiation.alpn.value_or(std::string());
  summary_.server_name = negotiation.server_name;
  summary_.resumed = resumed;
  summary_.resumed_by_ticket = resumed;

  // The ServerHello goes in the clear, then (D.4) the compatibility change_cipher_spec; what
  // follows is under the handshake keys.
  out.send(std::move(sent));
  send_compat_change_cipher_spec(negotiation.session_id, ccs, out);
  std::optional<handshake::ResumedClient> resumption;
  if (psk) resumption = std::move(psk->client);
  return server_flight(negotiation, std::move(transcript), std::move(*handshake_secret),
                       std::move(*traffic), std::move(resumption), ccs, out);
}

}  // namespace cpptls::hs13
