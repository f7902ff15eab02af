#include "handshake/tls12/client.hpp"

#include <string>
#include <utility>

#include "handshake/common/defaults.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/common/stapled_ocsp.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/empty_messages.hpp"
#include "wire/messages/server_key_exchange.hpp"

namespace cpptls::hs12 {
namespace {

using handshake::Output;
using wire::HandshakeType;

// RFC 5246 7.4.1.1: a HelloRequest "will be ignored by the client if the client is currently
// negotiating a session". It is not part of the transcript (RFC 5246 7.4.9).
template <class State>
Expected<client::State> ignore_hello_request(State& state, ByteView body) {
  if (auto empty = wire::HelloRequest::decode(body); !empty)
    return Unexpected<Error>(std::move(empty.error()));
  return client::State(std::move(state));
}

std::vector<crypto::CipherSuite> tls12_suites(const std::vector<crypto::CipherSuite>& configured) {
  std::vector<crypto::CipherSuite> out;
  for (const crypto::CipherSuite id :
       handshake::or_default(configured, handshake::default_tls12_cipher_suites())) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(id);
    if (info != nullptr && info->version == crypto::SuiteVersion::tls12) out.push_back(id);
  }
  return out;
}

}  // namespace

ClientHandshake::ClientHandshake(handshake::ClientSettings settings)
    : settings_(std::move(settings)),
      suites_(tls12_suites(settings_.cipher_suites)),
      groups_(handshake::or_default(settings_.groups, handshake::default_groups())),
      verify_schemes_(
          handshake::or_default(settings_.verify_schemes, handshake::default_signature_schemes())),
      signing_schemes_(handshake::or_default(settings_.signing_schemes,
                                             handshake::default_signature_schemes())) {
  for (const crypto::CipherSuite id : suites_) {
    if (crypto::find_suite(id)->key_exchange != crypto::KeyExchange::rsa) offer_ecdhe_ = true;
  }
}

Expected<void> ClientHandshake::on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                           Output& out) {
  Step next = std::visit([&](auto& state) { return on(state, message, encoded, out); }, state_);
  if (!next) {
    state_ = client::Failed{next.error()};
    return Unexpected<Error>(std::move(next.error()));
  }
  state_ = std::move(*next);
  return {};
}

Expected<void> ClientHandshake::on_change_cipher_spec(Output& out) {
  if (auto* failed = std::get_if<client::Failed>(&state_)) return Unexpected<Error>(failed->error);
  if (auto* resumed = std::get_if<client::ExpectResumedChangeCipherSpec>(&state_)) {
    // RFC 5246 7.3: in the abbreviated handshake the server changes keys first.
    out.install(handshake::Direction::read, crypto::SuiteVersion::tls12,
                std::move(resumed->keys.server_write));
    state_ = client::ExpectResumedFinished{
        std::move(resumed->transcript),        resumed->negotiated,
        std::move(resumed->promise),           std::move(resumed->master),
        std::move(resumed->keys.client_write), std::move(resumed->server)};
    return {};
  }
  auto* expecting = std::get_if<client::ExpectChangeCipherSpec>(&state_);
  if (expecting == nullptr) {
    auto refused = handshake::unexpected_change_cipher_spec(state_name());
    state_ = client::Failed{refused.value()};
    return refused;
  }
  // RFC 5246 7.1: from here on the server's records are protected with the new keys.
  out.install(handshake::Direction::read, crypto::SuiteVersion::tls12,
              std::move(expecting->server_write));
  state_ = client::ExpectFinished{std::move(expecting->transcript),
                                  std::move(expecting->negotiated), std::move(expecting->promise),
                                  std::move(expecting->master), std::move(expecting->server)};
  return {};
}

bool ClientHandshake::is_complete() const noexcept {
  return std::holds_alternative<client::Connected>(state_);
}

std::string_view ClientHandshake::state_name() const noexcept {
  return std::visit([](const auto& state) { return std::decay_t<decltype(state)>::kName; }, state_);
}

ClientHandshake::Step ClientHandshake::on(client::Start& s, const wire::HandshakeMessage& m,
                                          ByteView /*encoded*/, Output& /*out*/) {
  return misuse(ErrorCode::invalid_state, "a " + wire::to_string(m.type) +
                                              " message arrived before start() in state " +
                                              std::string(s.kName));
}

ClientHandshake::Step ClientHandshake::on(client::ExpectServerHello& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  switch (m.type) {
    case HandshakeType::server_hello:
      return accept_server_hello(s, m.body, encoded);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      return handshake::unexpected_message(s.kName, m.type, "server_hello");
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectCertificate& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  switch (m.type) {
    case HandshakeType::certificate:
      return accept_certificate(s, m.body, encoded);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      return handshake::unexpected_message(s.kName, m.type, "certificate");
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectCertificateStatus& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  switch (m.type) {
    case HandshakeType::certificate_status:
      return accept_certificate_status(s, m.body, encoded);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default: {
      // RFC 6066 8: "a server MAY also choose not to send a "CertificateStatus" message, even
      // if has received a "status_request" extension in the client hello message and has
      // sent a "status_request" extension in the server hello message". The message is
      // then the next state's.
      Step next = after_certificate(std::move(s.transcript), s.negotiated, std::move(s.promise),
                                    std::move(s.server));
      if (!next) return next;
      return std::visit([&](auto& state) { return on(state, m, encoded, out); }, *next);
    }
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectServerKeyExchange& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  switch (m.type) {
    case HandshakeType::server_key_exchange:
      return accept_server_key_exchange(s, m.body, encoded);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      // RFC 4492/8422: the ECDHE suites always send ServerKeyExchange.
      return handshake::unexpected_message(s.kName, m.type, "server_key_exchange");
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectServerHelloDone& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  switch (m.type) {
    case HandshakeType::server_hello_done:
      return accept_server_hello_done(s, m.body, encoded, out);
    case HandshakeType::certificate_request:
      // RFC 5246 7.3: at most one, before ServerHelloDone.
      if (s.certificate_requested) break;
      return accept_certificate_request(s, m.body, encoded);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      break;
  }
  return handshake::unexpected_message(
      s.kName, m.type,
      s.certificate_requested ? "server_hello_done" : "certificate_request or server_hello_done");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectNewSessionTicket& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  switch (m.type) {
    case HandshakeType::new_session_ticket:
      if (auto read = read_new_session_ticket(m.body, s.promise); !read)
        return Unexpected<Error>(std::move(read.error()));
      s.transcript.add(encoded);
      return client::ExpectChangeCipherSpec{std::move(s.transcript),   s.negotiated,
                                            std::move(s.promise),      std::move(s.master),
                                            std::move(s.server_write), std::move(s.server)};
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      // RFC 5077 3.3: a server that sent the session_ticket extension sends the message.
      return handshake::unexpected_message(s.kName, m.type, "new_session_ticket");
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectResumedChangeCipherSpec& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  switch (m.type) {
    case HandshakeType::new_session_ticket:
      // RFC 5077 3.1: a server renewing the ticket sends one, at most, before its
      // ChangeCipherSpec.
      if (!s.promise.ticket_expected || !s.promise.ticket.empty()) break;
      if (auto read = read_new_session_ticket(m.body, s.promise); !read)
        return Unexpected<Error>(std::move(read.error()));
      s.transcript.add(encoded);
      return client::State(std::move(s));
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      break;
  }
  return handshake::unexpected_message(s.kName, m.type, "only change_cipher_spec");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectResumedFinished& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  switch (m.type) {
    case HandshakeType::finished:
      return accept_resumed_finished(s, m.body, encoded, out);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      return handshake::unexpected_message(s.kName, m.type, "finished");
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectChangeCipherSpec& s,
                                          const wire::HandshakeMessage& m, ByteView /*encoded*/,
                                          Output& /*out*/) {
  if (m.type == HandshakeType::hello_request) return ignore_hello_request(s, m.body);
  // RFC 5246 7.4.9: a Finished before ChangeCipherSpec is unexpected_message.
  return handshake::unexpected_message(s.kName, m.type, "only change_cipher_spec");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectFinished& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  switch (m.type) {
    case HandshakeType::finished:
      return accept_finished(s, m.body, encoded, out);
    case HandshakeType::hello_request:
      return ignore_hello_request(s, m.body);
    default:
      return handshake::unexpected_message(s.kName, m.type, "finished");
  }
}

ClientHandshake::Step ClientHandshake::on(client::Connected& s, const wire::HandshakeMessage& m,
                                          ByteView /*encoded*/, Output& /*out*/) {
  if (m.type == HandshakeType::hello_request) {
    if (auto empty = wire::HelloRequest::decode(m.body); !empty)
      return Unexpected<Error>(std::move(empty.error()));
    return handshake::renegotiation_refused(
        "the server asked to renegotiate (HelloRequest); renegotiation is not supported");
  }
  return handshake::unexpected_message(s.kName, m.type, "no handshake message");
}

ClientHandshake::Step ClientHandshake::on(client::Failed& s, const wire::HandshakeMessage& /*m*/,
                                          ByteView /*encoded*/, Output& /*out*/) {
  return Unexpected<Error>(s.error);
}

ClientHandshake::Step ClientHandshake::accept_certificate(client::ExpectCertificate& s,
                                                          ByteView body, ByteView encoded) {
  auto message = wire::Certificate12::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  // Handshake step 3: the chain is verified here, before anything is sent to the server.
  auto server = ServerIdentity::authenticate(settings_, *s.negotiated.suite, *message);
  if (!server) return Unexpected<Error>(std::move(server.error()));
  s.transcript.add(encoded);
  if (s.certificate_status_promised) {
    return client::ExpectCertificateStatus{std::move(s.transcript), s.negotiated,
                                           std::move(s.promise), std::move(*server)};
  }
  return after_certificate(std::move(s.transcript), s.negotiated, std::move(s.promise),
                           std::move(*server));
}

ClientHandshake::Step ClientHandshake::after_certificate(Transcript transcript,
                                                         const Negotiated& negotiated,
                                                         client::SessionPromise promise,
                                                         ServerIdentity server) {
  if (auto checked =
          handshake::check_stapled_ocsp(settings_, summary_.ocsp_response, server.chain());
      !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  if (negotiated.suite->key_exchange == crypto::KeyExchange::rsa) {
    return client::ExpectServerHelloDone{.transcript = std::move(transcript),
                                         .negotiated = negotiated,
                                         .promise = std::move(promise),
                                         .server = std::move(server),
                                         .params = std::nullopt,
                                         .certificate_requested = false,
                                         .client_signature = std::nullopt};
  }
  return client::ExpectServerKeyExchange{std::move(transcript), negotiated, std::move(promise),
                                         std::move(server)};
}

ClientHandshake::Step ClientHandshake::accept_certificate_status(client::ExpectCertificateStatus& s,
                                                                 ByteView body, ByteView encoded) {
  // RFC 6066 8: an ocsp status with a non-empty response; reported, not validated.
  auto status = wire::CertificateStatus::decode(body);
  if (!status) return Unexpected<Error>(std::move(status.error()));
  s.transcript.add(encoded);
  summary_.ocsp_response.assign(status->ocsp_response.begin(), status->ocsp_response.end());
  return after_certificate(std::move(s.transcript), s.negotiated, std::move(s.promise),
                           std::move(s.server));
}

ClientHandshake::Step ClientHandshake::accept_server_key_exchange(
    client::ExpectServerKeyExchange& s, ByteView body, ByteView encoded) {
  auto message = wire::ServerKeyExchangeEcdhe::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  auto params =
      VerifiedServerParams::verify(*message, groups_, verify_schemes_, s.server,
                                   s.negotiated.client_random, s.negotiated.server_random);
  if (!params) return Unexpected<Error>(std::move(params.error()));
  s.transcript.add(encoded);
  summary_.group = params->group();
  return client::ExpectServerHelloDone{.transcript = std::move(s.transcript),
                                       .negotiated = s.negotiated,
                                       .promise = std::move(s.promise),
                                       .server = std::move(s.server),
                                       .params = std::move(*params),
                                       .certificate_requested = false,
                                       .client_signature = std::nullopt};
}

}  // namespace cpptls::hs12
