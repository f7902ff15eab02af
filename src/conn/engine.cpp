#include "conn/engine.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "conn/failures.hpp"
#include "conn/limits.hpp"

namespace cpptls::conn {

Engine::Engine(Side side, const crypto::Provider& provider,
               std::unique_ptr<handshake::Handshake> handshake, TraceSink trace)
    : side_(side),
      provider_(&provider),
      handshake_(std::move(handshake)),
      trace_(std::move(trace)) {}

Expected<void> Engine::start() {
  if (error_) return Unexpected<Error>(*error_);
  if (started_) return invalid_state("the connection was already started");
  if (!handshake_) return internal_failure("the connection has no handshake");
  started_ = true;
  // RFC 8446 5.1: only the initial ClientHello may carry 0x0301 (as BoringSSL, OpenSSL and NSS
  // send it); every later record, a second ClientHello after a HelloRetryRequest included,
  // carries 0x0303.
  if (side_ == Side::client)
    sealer_ = record::RecordSealer(record::kInitialClientHelloRecordVersion);
  actions_.clear();
  if (auto started = handshake_->start(actions_); !started)
    return fatal(std::move(started.error()));
  if (auto applied = apply_actions(); !applied) return fatal(std::move(applied.error()));
  if (!sealer_.is_protected()) sealer_ = record::RecordSealer();
  return {};
}

Expected<std::size_t> Engine::read_tls(ByteView data) {
  if (error_) return Unexpected<Error>(*error_);
  if (!started_) return invalid_state("read_tls() before start()");
  // RFC 5246 7.2.1, RFC 8446 6.1: data after close_notify is ignored.
  if (peer_closed_) return data.size();
  std::size_t taken = 0;
  while (true) {
    if (auto processed = process_records(); !processed) return fatal(std::move(processed.error()));
    if (!plaintext_.empty() || peer_closed_ || taken == data.size()) break;
    // Only now, with no plaintext left in the record buffer, may the deframer move its bytes.
    const std::size_t fed = deframer_.feed(data.subspan(taken));
    if (fed == 0) break;
    taken += fed;
  }
  if (peer_closed_) taken = data.size();
  release_input_if_idle();
  return taken;
}

ByteView Engine::pending_tls() const noexcept {
  return ByteView(out_).subspan(out_begin_);
}

void Engine::consume_tls(std::size_t count) noexcept {
  out_begin_ += std::min(count, out_.size() - out_begin_);
  if (out_begin_ != out_.size()) return;
  out_.clear();
  out_begin_ = 0;
  if (out_.capacity() > kRetainedOutputCapacity) Bytes().swap(out_);
  release_output_if_idle();
}

Expected<std::size_t> Engine::write(ByteView data) {
  if (error_) return Unexpected<Error>(*error_);
  if (!handshake_complete_) return invalid_state("write() before the handshake completed");
  if (peer_closed_ && !tls13_) {
    return invalid_state(
        "write() after the peer's close_notify: TLS 1.2 has no half-close, the connection ended "
        "there and our close_notify answered it (RFC 5246 7.2.1)");
  }
  if (close_sent_) return invalid_state("write() after close()");
  if (data.empty()) return 0;
  // Sealed into records of kMaxPlaintext bytes, the last one holding the remainder.
  sending_full_records_ = data.size() % record::kMaxPlaintext == 0;
  if (!tls13_) {
    if (auto sealed = seal(wire::ContentType::application_data, data); !sealed) {
      return fatal(std::move(sealed.error()));
    }
    return data.size();
  }
  // RFC 8446 5.5: a TLS 1.3 key is replaced (KeyUpdate) before it protects more records than
  // its AEAD's confidentiality limit allows.
  ByteView rest = data;
  while (!rest.empty()) {
    // RFC 8446 4.6.3: a KeyUpdate the peer asked for goes before our next application data.
    if (sealer_.key_update_due() || (handshake_ && handshake_->key_update_owed())) {
      if (auto updated = update_write_key(false); !updated)
        return fatal(std::move(updated.error()));
    }
    const std::uint64_t records = sealer_.records_before_key_update();
    const std::uint64_t room = records > rest.size() / record::kMaxPlaintext
                                   ? rest.size()
                                   : records * record::kMaxPlaintext;
    const ByteView chunk = rest.first(static_cast<std::size_t>(room));
    if (auto sealed = seal(wire::ContentType::application_data, chunk); !sealed) {
      return fatal(std::move(sealed.error()));
    }
    rest = rest.subspan(chunk.size());
  }
  return data.size();
}

Expected<void> Engine::update_write_key(bool request_peer_update) {
  if (!handshake_) return internal_failure("a TLS 1.3 key update without a handshake object");
  actions_.clear();
  if (auto updated = handshake_->update_write_key(request_peer_update, actions_); !updated)
    return updated;
  return apply_actions();
}

Expected<void> Engine::key_update(bool request_peer_update) {
  if (error_) return Unexpected<Error>(*error_);
  if (!handshake_complete_) return invalid_state("key_update() before the handshake completed");
  if (close_sent_) return invalid_state("key_update() after close()");
  if (!tls13_) return invalid_state("key_update() needs TLS 1.3; this connection is TLS 1.2");
  if (auto updated = update_write_key(request_peer_update); !updated) {
    return fatal(std::move(updated.error()));
  }
  return {};
}

Expected<std::size_t> Engine::read(MutableByteView out) {
  if (error_) return Unexpected<Error>(*error_);
  std::size_t copied = 0;
  while (copied < out.size()) {
    if (plaintext_.empty()) {
      // Records already received may hold more.
      if (auto processed = process_records(); !processed) {
        auto failed = fatal(std::move(processed.error()));
        if (copied > 0) break;  // deliver what was read; the error comes with the next call
        return failed;
      }
      if (plaintext_.empty()) break;
    }
    const std::size_t count = std::min(out.size() - copied, plaintext_.size());
    std::memcpy(out.data() + copied, plaintext_.data(), count);  // count fits both, just checked
    copied += count;
    plaintext_ = plaintext_.subspan(count);
  }
  release_input_if_idle();
  return copied;
}

Expected<void> Engine::close() {
  if (error_) return Unexpected<Error>(*error_);
  if (!started_) return invalid_state("close() before start()");
  if (close_sent_) return {};
  close_sent_ = true;
  // RFC 8446 6.1: closing before the handshake is done cancels it: user_canceled, then
  // close_notify, and the handshake goes no further (nothing may follow our close_notify).
  const bool canceling = !handshake_complete_;
  if (canceling) {
    if (auto sent = send_alert(AlertLevel::warning, AlertDescription::user_canceled); !sent) {
      return fatal(std::move(sent.error()));
    }
  }
  if (auto sent = send_alert(AlertLevel::warning, AlertDescription::close_notify); !sent) {
    return fatal(std::move(sent.error()));
  }
  if (canceling) {
    error_ = fail(ErrorKind::api_misuse, ErrorCode::invalid_state, AlertDescription::user_canceled,
                  "the connection was closed in handshake state " + std::string(state_name()) +
                      ", which canceled the handshake (RFC 8446 6.1)")
                 .value();
    handshake_.reset();
  }
  return {};
}

void Engine::release_buffers() noexcept {
  if (plaintext_.empty()) (void)deframer_.release_storage();
  if (out_begin_ == out_.size()) {
    Bytes().swap(out_);
    out_begin_ = 0;
  }
  if (!reassembler_.mid_message()) reassembler_.release();
}

void Engine::release_input_if_idle() noexcept {
  // During the handshake the buffer is in constant use; after it, release_storage() keeps it
  // while it holds the start of the next record.
  if (!handshake_complete_ || !plaintext_.empty() || receiving_full_records_) return;
  (void)deframer_.release_storage();
}

void Engine::release_output_if_idle() noexcept {
  if (!handshake_complete_ || sending_full_records_ || out_begin_ != out_.size()) return;
  Bytes().swap(out_);
  out_begin_ = 0;
}

IoState Engine::io_state() const noexcept {
  IoState state;
  state.tls_bytes_to_write = out_.size() - out_begin_;
  state.plaintext_bytes_to_read = plaintext_.size();
  state.handshake_complete = handshake_complete_;
  state.peer_closed = peer_closed_;
  state.close_sent = close_sent_;
  state.failed = error_.has_value();
  state.wants_read = !error_ && !peer_closed_ && plaintext_.empty();
  return state;
}

Expected<void> Engine::export_keying_material(std::string_view label,
                                              std::optional<ByteView> context,
                                              MutableByteView out) const {
  if (error_) return Unexpected<Error>(*error_);
  if (!handshake_complete_) {
    return misuse(ErrorCode::invalid_state,
                  "keying material can be exported only once the handshake has completed (RFC "
                  "5705 4, RFC 8446 7.5): before, the peer is not yet authenticated");
  }
  return exporter_.export_into(*provider_, label, context, out);
}

std::string_view Engine::state_name() const noexcept {
  if (handshake_) return handshake_->state_name();
  return handshake_complete_ ? "Connected" : "NoHandshake";
}

}  // namespace cpptls::conn
