#include "handshake/tls12/server.hpp"

#include <string>
#include <utility>

#include "handshake/common/defaults.hpp"
#include "handshake/common/refusals.hpp"
#include "wire/messages/client_hello.hpp"

namespace cpptls::hs12 {
namespace {

using handshake::Output;
using wire::HandshakeType;

}  // namespace

ServerHandshake::ServerHandshake(handshake::ServerSettings settings)
    : settings_(std::move(settings)),
      suites_(
          handshake::or_default(settings_.cipher_suites, handshake::default_tls12_cipher_suites())),
      groups_(handshake::or_default(settings_.groups, handshake::default_groups())),
      verify_schemes_(
          handshake::or_default(settings_.verify_schemes, handshake::default_signature_schemes())),
      signing_schemes_(handshake::or_default(settings_.signing_schemes,
                                             handshake::default_signature_schemes())) {}

Expected<void> ServerHandshake::start(Output& /*out*/) {
  if (auto* failed = std::get_if<server::Failed>(&state_)) return Unexpected<Error>(failed->error);
  return {};
}

Expected<void> ServerHandshake::on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                           Output& out) {
  Step next = std::visit([&](auto& state) { return on(state, message, encoded, out); }, state_);
  if (!next) {
    state_ = server::Failed{next.error()};
    return Unexpected<Error>(std::move(next.error()));
  }
  state_ = std::move(*next);
  return {};
}

Expected<void> ServerHandshake::on_change_cipher_spec(Output& out) {
  if (auto* failed = std::get_if<server::Failed>(&state_)) return Unexpected<Error>(failed->error);
  if (auto* resumed = std::get_if<server::ExpectResumedChangeCipherSpec>(&state_)) {
    // RFC 5246 7.3: in the abbreviated handshake the client's ChangeCipherSpec comes last.
    out.install(handshake::Direction::read, crypto::SuiteVersion::tls12,
                std::move(resumed->client_write));
    state_ = server::ExpectResumedFinished{std::move(resumed->transcript), resumed->negotiated,
                                           std::move(resumed->master), std::move(resumed->client)};
    return {};
  }
  auto* expecting = std::get_if<server::ExpectChangeCipherSpec>(&state_);
  if (expecting == nullptr) {
    auto refused = handshake::unexpected_change_cipher_spec(state_name());
    state_ = server::Failed{refused.value()};
    return refused;
  }
  // Handshake step 7: the client's records are protected from here on.
  out.install(handshake::Direction::read, crypto::SuiteVersion::tls12,
              std::move(expecting->keys.client_write));
  state_ =
      server::ExpectFinished{std::move(expecting->transcript),        expecting->negotiated,
                             std::move(expecting->promise),           std::move(expecting->master),
                             std::move(expecting->keys.server_write), std::move(expecting->client)};
  return {};
}

bool ServerHandshake::is_complete() const noexcept {
  return std::holds_alternative<server::Connected>(state_);
}

std::string_view ServerHandshake::state_name() const noexcept {
  return std::visit([](const auto& state) { return std::decay_t<decltype(state)>::kName; }, state_);
}

ServerHandshake::Step ServerHandshake::on(server::ExpectClientHello& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::client_hello) return accept_client_hello(m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "client_hello");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectClientCertificate& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  // RFC 5246 7.4.6: asked for a certificate, the client answers with a Certificate message
  // even when it has none (an empty list); a ClientKeyExchange here skipped it.
  if (m.type == HandshakeType::certificate) return accept_client_certificate(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "certificate");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectClientKeyExchange& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  // The client's Certificate, if any was asked for, came before (RFC 5246 7.3).
  if (m.type == HandshakeType::client_key_exchange)
    return accept_client_key_exchange(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "client_key_exchange");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectCertificateVerify& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  // RFC 5246 7.4.8: a client that sent a certificate proves it holds the key before its
  // ChangeCipherSpec; without that proof the certificate would authenticate nobody.
  if (m.type == HandshakeType::certificate_verify)
    return accept_certificate_verify(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "certificate_verify");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectChangeCipherSpec& s,
                                          const wire::HandshakeMessage& m, ByteView /*encoded*/,
                                          Output& /*out*/) {
  // RFC 5246 7.4.9: a Finished before ChangeCipherSpec is unexpected_message.
  return handshake::unexpected_message(s.kName, m.type, "only change_cipher_spec");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectFinished& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::finished) return accept_finished(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "finished");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectResumedChangeCipherSpec& s,
                                          const wire::HandshakeMessage& m, ByteView /*encoded*/,
                                          Output& /*out*/) {
  return handshake::unexpected_message(s.kName, m.type, "only change_cipher_spec");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectResumedFinished& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::finished) return accept_resumed_finished(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "finished");
}

ServerHandshake::Step ServerHandshake::on(server::Connected& s, const wire::HandshakeMessage& m,
                                          ByteView /*encoded*/, Output& /*out*/) {
  if (m.type == HandshakeType::client_hello) {
    return handshake::renegotiation_refused(
        "the client sent a ClientHello on an established connection (a renegotiation), which "
        "is not supported");
  }
  return handshake::unexpected_message(s.kName, m.type, "no handshake message");
}

ServerHandshake::Step ServerHandshake::on(server::Failed& s, const wire::HandshakeMessage& /*m*/,
                                          ByteView /*encoded*/, Output& /*out*/) {
  return Unexpected<Error>(s.error);
}

}  // namespace cpptls::hs12
