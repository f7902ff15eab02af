// The TLS 1.3 client's dispatch: which state accepts which message (RFC 8446 4, the message
// order of 2), the change_cipher_spec of middlebox compatibility mode, and the sticky failure.
#include "handshake/tls13/client.hpp"

#include <string>
#include <utility>

#include "handshake/common/defaults.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls13/protocol.hpp"

namespace cpptls::hs13 {
namespace {

using handshake::Output;
using wire::HandshakeType;

// The TLS 1.2 suites hs12::ClientHandshake offers: the configured (or default) list, TLS 1.2
// suites we implement only.
std::vector<crypto::CipherSuite> tls12_suites(const handshake::ClientSettings& settings) {
  std::vector<crypto::CipherSuite> out;
  if (!settings.versions.tls12) return out;
  for (const crypto::CipherSuite id :
       handshake::or_default(settings.cipher_suites, handshake::default_tls12_cipher_suites())) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(id);
    if (info != nullptr && info->version == crypto::SuiteVersion::tls12) out.push_back(id);
  }
  return out;
}

}  // namespace

ClientHandshake::ClientHandshake(handshake::ClientSettings settings)
    : settings_(std::move(settings)),
      suites13_(tls13_suites(settings_.cipher_suites)),
      suites12_(tls12_suites(settings_)),
      groups_(handshake::or_default(settings_.groups, handshake::default_groups())),
      verify_schemes_(
          handshake::or_default(settings_.verify_schemes, handshake::default_signature_schemes())),
      signing_schemes_(handshake::or_default(settings_.signing_schemes,
                                             handshake::default_signature_schemes())) {
  if (!settings_.versions.tls13) suites13_.clear();
  for (const crypto::CipherSuite id : suites12_) {
    if (crypto::find_suite(id)->key_exchange != crypto::KeyExchange::rsa) offer_ecdhe12_ = true;
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

Expected<void> ClientHandshake::on_change_cipher_spec(Output& /*out*/) {
  if (auto* failed = std::get_if<client::Failed>(&state_)) return Unexpected<Error>(failed->error);
  // RFC 8446 5: a change_cipher_spec "at any time after the first ClientHello message has been
  // sent or received and before the peer's Finished message has been received" is dropped;
  // D.4: the server sends one. A second one, or one at another time, is unexpected_message.
  // The states of that window are those that hold a CompatibilityCcs.
  client::CompatibilityCcs* ccs = std::visit(
      [](auto& state) -> client::CompatibilityCcs* {
        if constexpr (requires { state.ccs; }) {
          return &state.ccs;
        } else {
          return nullptr;
        }
      },
      state_);
  const bool in_window = ccs != nullptr;
  if (!in_window || ccs->received) {
    auto refused = handshake::unexpected_change_cipher_spec(state_name());
    if (in_window) {
      refused = fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
                     AlertDescription::unexpected_message,
                     "received a second change_cipher_spec in state " + std::string(state_name()) +
                         " (RFC 8446 5 and D.4 allow one)");
    }
    state_ = client::Failed{refused.value()};
    return refused;
  }
  ccs->received = true;
  return {};
}

bool ClientHandshake::is_complete() const noexcept {
  return std::holds_alternative<client::Connected>(state_);
}

std::string_view ClientHandshake::state_name() const noexcept {
  return std::visit([](const auto& state) { return std::decay_t<decltype(state)>::kName; }, state_);
}

void ClientHandshake::log_secret(std::string_view label, ByteView secret) const {
  if (settings_.key_log) settings_.key_log(label, client_random_, secret);
}

ClientHandshake::Step ClientHandshake::on(client::Start& s, const wire::HandshakeMessage& m,
                                          ByteView /*encoded*/, Output& /*out*/) {
  return misuse(ErrorCode::invalid_state, "a " + wire::to_string(m.type) +
                                              " message arrived before start() in state " +
                                              std::string(s.kName));
}

ClientHandshake::Step ClientHandshake::on(client::ExpectServerHello& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::server_hello) return accept_server_hello(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "server_hello");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectServerHelloAfterRetry& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::server_hello)
    return accept_server_hello_after_retry(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "server_hello");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectEncryptedExtensions& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  if (m.type == HandshakeType::encrypted_extensions)
    return accept_encrypted_extensions(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "encrypted_extensions");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectCertificateOrRequest& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  switch (m.type) {
    case HandshakeType::certificate_request:
      return accept_certificate_request(s, m.body, encoded);
    case HandshakeType::certificate: {
      client::ExpectCertificate next{std::move(s.transcript), std::move(s.offer), std::move(s.keys),
                                     std::nullopt, s.ccs};
      return accept_certificate(next, m.body, encoded);
    }
    default:
      // RFC 8446 4.4.2: without a PSK the server always authenticates with a certificate.
      return handshake::unexpected_message(s.kName, m.type, "certificate_request or certificate");
  }
}

ClientHandshake::Step ClientHandshake::on(client::ExpectCertificate& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  if (m.type == HandshakeType::certificate) return accept_certificate(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "certificate");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectCertificateVerify& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& /*out*/) {
  if (m.type == HandshakeType::certificate_verify)
    return accept_certificate_verify(s, m.body, encoded);
  return handshake::unexpected_message(s.kName, m.type, "certificate_verify");
}

ClientHandshake::Step ClientHandshake::on(client::ExpectFinished& s,
                                          const wire::HandshakeMessage& m, ByteView encoded,
                                          Output& out) {
  if (m.type == HandshakeType::finished) return accept_finished(s, m.body, encoded, out);
  return handshake::unexpected_message(s.kName, m.type, "finished");
}

ClientHandshake::Step ClientHandshake::on(client::Connected& s, const wire::HandshakeMessage& m,
                                          ByteView /*encoded*/, Output& out) {
  switch (m.type) {
    case HandshakeType::new_session_ticket:
      return accept_new_session_ticket(s, m.body);
    case HandshakeType::key_update:
      return accept_key_update(s, m.body, out);
    default:
      // RFC 8446 4.6.2: a post-handshake CertificateRequest may come only to a client that
      // sent post_handshake_auth, which we never do.
      return handshake::unexpected_message(s.kName, m.type, "new_session_ticket or key_update");
  }
}

ClientHandshake::Step ClientHandshake::on(client::Failed& s, const wire::HandshakeMessage& /*m*/,
                                          ByteView /*encoded*/, Output& /*out*/) {
  return Unexpected<Error>(s.error);
}

}  // namespace cpptls::hs13
