#include "handshake/tls13/server.hpp"

#include <string>
#include <utility>

#include "handshake/common/defaults.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls13/protocol.hpp"

namespace cpptls::hs13 {
namespace {

using handshake::Output;
using wire::HandshakeType;

}  // namespace

ServerHandshake::ServerHandshake(handshake::ServerSettings settings)
    : settings_(std::move(settings)),
      suites_(tls13_suites(settings_.cipher_suites)),
      groups_(handshake::or_default(settings_.groups, handshake::default_groups())),
      verify_schemes_(
          handshake::or_default(settings_.verify_schemes, handshake::default_signature_schemes())),
      signing_schemes_(handshake::or_default(settings_.signing_schemes,
                                             handshake::default_signature_schemes())) {}

server::Preferences ServerHandshake::preferences() const noexcept {
  return {suites_, groups_, signing_schemes_, settings_.credentials, settings_.alpn};
}

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

Expected<void> ServerHandshake::on_change_cipher_spec(Output& /*out*/) {
  if (auto* failed = std::get_if<server::Failed>(&state_)) return Unexpected<Error>(failed->error);
  // RFC 8446 5: between the first ClientHello and the client's Finished a change_cipher_spec
  // is dropped (the client's middlebox compatibility one, D.4); before or after, it is
  // unexpected. The client sends one at most. The states of that window are those that hold a
  // CompatibilityCcs.
  server::CompatibilityCcs* ccs = std::visit(
      [](auto& state) -> server::CompatibilityCcs* {
        if constexpr (requires { state.ccs; }) {
          return &state.ccs;
        } else {
          return nullptr;
        }
      },
      state_);
  const bool between = ccs != nullptr;
  if (between && !ccs->received) {
    ccs->received = true;
    return {};
  }
  auto refused =
      between ? fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
                     AlertDescription::unexpected_message,
                     "received a second change_cipher_spec in state " + std::string(state_name()) +
                         "; a TLS 1.3 client sends one at most (RFC 8446 D.4)")
              : handshake::unexpected_change_cipher_spec(state_name());
  state_ = server::Failed{refused.value()};
  return refused;
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

ServerHandshake::Step ServerHandshake::on(server::ExpectSecondClientHello& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::client_hello)
    return accept_second_client_hello(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "client_hello");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectCertificate& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  // RFC 8446 4.4.2: a client asked for a certificate answers with a Certificate, possibly
  // empty; its Finished cannot come first.
  if (m.type == HandshakeType::certificate) return accept_certificate(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "certificate");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectCertificateVerify& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  if (m.type == HandshakeType::certificate_verify)
    return accept_certificate_verify(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "certificate_verify");
}

ServerHandshake::Step ServerHandshake::on(server::ExpectFinished& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::finished) return accept_finished(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "finished");
}

ServerHandshake::Step ServerHandshake::on(server::Connected& s, const wire::HandshakeMessage& m,
                                          ByteView /*encoded*/, Output& out) {
  if (m.type == HandshakeType::key_update) return accept_key_update(s, m.body, out);
  if (m.type == HandshakeType::client_hello) {
    // RFC 8446 4.1.2: TLS 1.3 has no renegotiation; "If a server established a TLS connection
    // with TLS 1.3 and receives a ClientHello at any other time, it MUST terminate the
    // connection with an "unexpected_message" alert."
    return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
                AlertDescription::unexpected_message,
                "the client sent a ClientHello on an established TLS 1.3 connection, which has "
                "no renegotiation (RFC 8446 4.1.2)");
  }
  // A client sends no NewSessionTicket, and we offer no post-handshake authentication, so
  // the client has no Certificate to send.
  return handshake::unexpected_message(s.kName, m.type, "key_update");
}

ServerHandshake::Step ServerHandshake::on(server::Failed& s, const wire::HandshakeMessage& /*m*/,
                                          ByteView /*encoded*/, Output& /*out*/) {
  return Unexpected<Error>(s.error);
}

void ServerHandshake::add_message(wire::HandshakeType type, Bytes message,
                                  handshake::TranscriptHash& transcript, Bytes& flight) {
  if (hook_) hook_(type, message);
  transcript.add(message);
  flight.insert(flight.end(), message.begin(), message.end());
}

void ServerHandshake::send_compat_change_cipher_spec(ByteView client_session_id,
                                                     server::CompatibilityCcs& ccs, Output& out) {
  // RFC 8446 D.4: a client in compatibility mode sends a non-empty legacy_session_id; the
  // server then sends a change_cipher_spec right after its first ServerHello or
  // HelloRetryRequest, and only one.
  if (client_session_id.empty() || ccs.sent) return;
  out.send_change_cipher_spec();
  ccs.sent = true;
}

void ServerHandshake::log_secret(std::string_view label, ByteView secret) const {
  if (settings_.key_log) settings_.key_log(label, client_random_, secret);
}

}  // namespace cpptls::hs13
