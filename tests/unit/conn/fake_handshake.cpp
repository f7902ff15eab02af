#include "fake_handshake.hpp"

#include <optional>
#include <utility>

#include "wire/messages/handshake_header.hpp"

namespace cpptls::conn::test {
namespace {

using wire::HandshakeType;

enum class Step : std::uint8_t {
  start,
  expect_client_hello,
  expect_server_hello,
  expect_certificate,
  expect_server_hello_done,
  expect_client_key_exchange,
  expect_change_cipher_spec,
  expect_finished,
  connected,
};

std::string_view step_name(Step step) {
  switch (step) {
    case Step::start:
      return "Start";
    case Step::expect_client_hello:
      return "ExpectClientHello";
    case Step::expect_server_hello:
      return "ExpectServerHello";
    case Step::expect_certificate:
      return "ExpectCertificate";
    case Step::expect_server_hello_done:
      return "ExpectServerHelloDone";
    case Step::expect_client_key_exchange:
      return "ExpectClientKeyExchange";
    case Step::expect_change_cipher_spec:
      return "ExpectChangeCipherSpec";
    case Step::expect_finished:
      return "ExpectFinished";
    case Step::connected:
      return "Connected";
  }
  return "?";
}

Bytes body_of(std::size_t size, std::uint8_t seed) {
  Bytes body(size);
  for (std::size_t i = 0; i < size; ++i)
    body[i] = static_cast<std::uint8_t>(seed + i);
  return body;
}

void append_message(HandshakeType type, std::size_t size, Bytes& out) {
  const Bytes body = body_of(size, static_cast<std::uint8_t>(type));
  (void)wire::encode_handshake(type, body, out);
}

crypto::CipherSuite suite_for(crypto::AeadAlgorithm aead) {
  switch (aead) {
    case crypto::AeadAlgorithm::aes_128_gcm:
      return crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    case crypto::AeadAlgorithm::aes_256_gcm:
      return crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
    case crypto::AeadAlgorithm::chacha20_poly1305:
      return crypto::CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
  }
  return crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
}

class FakeHandshake final : public handshake::Handshake {
 public:
  FakeHandshake(Side side, FakeOptions options)
      : side_(side),
        options_(std::move(options)),
        step_(side == Side::client ? Step::start : Step::expect_client_hello) {
    summary_.cipher_suite = suite_for(options_.aead);
    summary_.group = crypto::NamedGroup::x25519;
    summary_.extended_master_secret = true;
  }

  Expected<void> start(handshake::Output& out) override {
    if (side_ == Side::server) return {};
    Bytes hello;
    append_message(HandshakeType::client_hello, 40, hello);
    out.send(std::move(hello));
    step_ = Step::expect_server_hello;
    return {};
  }

  Expected<void> on_message(const wire::HandshakeMessage& message, ByteView /*encoded*/,
                            handshake::Output& out) override {
    if (options_.fail_on == message.type) {
      return fail(ErrorKind::peer_misbehaved, ErrorCode::handshake_failure, options_.fail_alert,
                  "fake failure on " + wire::to_string(message.type));
    }
    switch (step_) {
      case Step::expect_client_hello:
        if (message.type != HandshakeType::client_hello) break;
        {
          Bytes flight;
          append_message(HandshakeType::server_hello, 70, flight);
          append_message(HandshakeType::certificate, options_.certificate_size, flight);
          append_message(HandshakeType::server_hello_done, 0, flight);
          out.send(std::move(flight));
        }
        step_ = Step::expect_client_key_exchange;
        return {};
      case Step::expect_server_hello:
        if (message.type != HandshakeType::server_hello) break;
        step_ = Step::expect_certificate;
        return {};
      case Step::expect_certificate:
        if (message.type != HandshakeType::certificate) break;
        if (message.body.size() != options_.certificate_size) break;
        step_ = Step::expect_server_hello_done;
        return {};
      case Step::expect_server_hello_done:
        if (message.type != HandshakeType::server_hello_done) break;
        {
          Bytes exchange;
          append_message(HandshakeType::client_key_exchange, 33, exchange);
          out.send(std::move(exchange));
          out.send_change_cipher_spec();
          out.install(handshake::Direction::write, crypto::SuiteVersion::tls12,
                      fake_keys(Side::client, options_.aead));
          Bytes finished;
          append_message(HandshakeType::finished, 12, finished);
          out.send(std::move(finished));
        }
        step_ = Step::expect_change_cipher_spec;
        return {};
      case Step::expect_client_key_exchange:
        if (message.type != HandshakeType::client_key_exchange) break;
        step_ = Step::expect_change_cipher_spec;
        return {};
      case Step::expect_finished:
        if (message.type != HandshakeType::finished) break;
        if (side_ == Side::server) {
          out.send_change_cipher_spec();
          out.install(handshake::Direction::write, crypto::SuiteVersion::tls12,
                      fake_keys(Side::server, options_.aead));
          Bytes finished;
          append_message(HandshakeType::finished, 12, finished);
          out.send(std::move(finished));
        }
        out.complete(handshake::Exporter());
        step_ = Step::connected;
        return {};
      default:
        break;
    }
    return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
                AlertDescription::unexpected_message,
                "fake handshake got " + wire::to_string(message.type) + " in " +
                    std::string(step_name(step_)));
  }

  Expected<void> on_change_cipher_spec(handshake::Output& out) override {
    if (step_ != Step::expect_change_cipher_spec) {
      return fail(ErrorKind::peer_misbehaved, ErrorCode::unexpected_message,
                  AlertDescription::unexpected_message,
                  "fake handshake got change_cipher_spec in " + std::string(step_name(step_)));
    }
    const Side peer = side_ == Side::client ? Side::server : Side::client;
    out.install(handshake::Direction::read, crypto::SuiteVersion::tls12,
                fake_keys(peer, options_.aead));
    step_ = Step::expect_finished;
    return {};
  }

  [[nodiscard]] bool is_complete() const noexcept override { return step_ == Step::connected; }
  [[nodiscard]] std::string_view state_name() const noexcept override { return step_name(step_); }
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return summary_;
  }

 private:
  Side side_;
  FakeOptions options_;
  Step step_;
  handshake::SessionSummary summary_;
};

}  // namespace

record::TrafficKeys fake_keys(Side writer, crypto::AeadAlgorithm aead) {
  const std::uint8_t seed = writer == Side::client ? 0x10 : 0x80;
  const std::size_t iv_size = aead == crypto::AeadAlgorithm::chacha20_poly1305 ? 12 : 4;
  const Bytes key = body_of(crypto::key_size(aead), seed);
  const Bytes iv = body_of(iv_size, static_cast<std::uint8_t>(seed + 0x40));
  return record::TrafficKeys{aead, to_secret(key), to_secret(iv)};
}

std::unique_ptr<handshake::Handshake> make_fake_handshake(Side side, FakeOptions options) {
  return std::make_unique<FakeHandshake>(side, std::move(options));
}

}  // namespace cpptls::conn::test
