// The engine applies what a handshake step asked for, in order (design rule 2).

#include <string>
#include <type_traits>
#include <variant>

#include "conn/engine.hpp"
#include "conn/failures.hpp"
#include "record/limits.hpp"
#include "wire/reader.hpp"

namespace cpptls::conn {

using wire::ContentType;

Expected<void> Engine::apply_actions() {
  bool completed = false;
  for (auto& action : actions_.actions()) {
    auto applied = std::visit(
        [&](auto& step) -> Expected<void> {
          using Step = std::decay_t<decltype(step)>;
          if constexpr (std::is_same_v<Step, handshake::SendHandshake>) {
            return send_handshake(step.messages);
          } else if constexpr (std::is_same_v<Step, handshake::SendChangeCipherSpec>) {
            return send_change_cipher_spec();
          } else if constexpr (std::is_same_v<Step, handshake::InstallKeys>) {
            return install_keys(step);
          } else if constexpr (std::is_same_v<Step, handshake::SkipEarlyData>) {
            skip_early_data(step);
            return {};
          } else {
            static_assert(std::is_same_v<Step, handshake::HandshakeComplete>);
            exporter_ = std::move(step.exporter);
            completed = true;
            return {};
          }
        },
        action);
    if (!applied) return applied;
  }
  actions_.clear();
  if (completed && !handshake_complete_) finish_handshake();
  return {};
}

Expected<void> Engine::send_handshake(ByteView messages) {
  if (trace_) {
    // Our own bytes, but read with the same bounds-checked decoder as the peer's.
    wire::Reader reader(messages);
    while (!reader.empty()) {
      const std::size_t before = reader.remaining();
      auto message = wire::HandshakeMessage::decode(reader);
      if (!message)
        return internal_failure("the handshake produced a malformed message: " +
                                message.error().reason());
      TraceEvent event;
      event.sent = true;
      event.content = ContentType::handshake;
      event.message = message->type;
      event.length = before - reader.remaining();
      event.handshake_step = handshake_step(side_, ContentType::handshake, message->type);
      event.state = state_name();
      emit(event);
    }
  }
  return seal(ContentType::handshake, messages);
}

Expected<void> Engine::send_change_cipher_spec() {
  static constexpr std::uint8_t kChangeCipherSpec[] = {1};  // RFC 5246 7.1
  TraceEvent event;
  event.sent = true;
  event.content = ContentType::change_cipher_spec;
  event.length = 1;
  event.handshake_step =
      handshake_step(side_, ContentType::change_cipher_spec, wire::HandshakeType::hello_request);
  event.state = state_name();
  emit(event);
  return seal(ContentType::change_cipher_spec, kChangeCipherSpec);
}

Expected<void> Engine::install_keys(handshake::InstallKeys& install) {
  if (install.version == crypto::SuiteVersion::tls13) tls13_ = true;
  if (install.direction == handshake::Direction::write) {
    auto sealer = record::RecordSealer::create(*provider_, install.version, install.keys);
    if (!sealer) return Unexpected<Error>(std::move(sealer.error()));
    sealer_ = std::move(*sealer);
    return {};
  }
  // RFC 8446 5.1: "Handshake messages MUST NOT span key changes".
  if (reassembler_.mid_message()) {
    return unexpected_message(
        "the read key changed in the middle of a handshake message "
        "(RFC 8446 5.1)");
  }
  auto opener = record::RecordOpener::create(*provider_, install.version, install.keys);
  if (!opener) return Unexpected<Error>(std::move(opener.error()));
  opener_ = std::move(*opener);
  deframer_.set_max_fragment(opener_.max_fragment());
  ++read_key_changes_;
  // A TLS 1.3 client that refuses our certificate may send its alert before it installs its
  // own handshake write key (OpenSSL, and so curl and Python, do): such an alert is in the
  // clear though our read key is installed. It is accepted until the client's first protected
  // record, and only then; after that an unprotected alert is unexpected_message (RFC 8446 5).
  plaintext_alerts_allowed_ = side_ == Side::server &&
                              install.version == crypto::SuiteVersion::tls13 &&
                              read_key_changes_ == 1;
  return {};
}

void Engine::skip_early_data(const handshake::SkipEarlyData& request) {
  early_data_skip_.start(request);
  // Records in the clear before the second ClientHello may be 0-RTT records, protected ones
  // of up to 2^14 + 256 bytes (RFC 8446 5.2); the next read key sets the limit again.
  if (early_data_skip_.before_second_client_hello())
    deframer_.set_max_fragment(record::kMaxTls13Ciphertext);
}

void Engine::finish_handshake() {
  handshake_complete_ = true;
  session_ = std::make_unique<SessionDetails>(SessionDetails::from(handshake_->summary()));
  // TLS 1.2 has nothing for the handshake to do after it (renegotiation is refused by the
  // engine): free its transcript, keys and the peer's parsed chain. TLS 1.3 keeps what its
  // post-handshake messages need.
  if (session_->version != wire::ProtocolVersion::tls13) {
    handshake_.reset();
  } else {
    handshake_->shed_after_handshake();
  }
  actions_ = handshake::Output{};
  // The record buffer goes once the caller has read what it holds (release_input_if_idle), the
  // output buffer once drained (consume_tls).
  release_output_if_idle();
}

}  // namespace cpptls::conn
