// The engine's write path: sealing into the output buffer, alerts, and the sticky error.

#include <array>
#include <utility>

#include "conn/engine.hpp"
#include "record/fragmenter.hpp"

namespace cpptls::conn {

using wire::ContentType;

void Engine::compact_output() {
  // Moving the unsent bytes to the front costs a copy of them; do it only when at least as
  // many bytes were already sent, so each byte is moved a bounded number of times.
  if (out_begin_ == 0 || out_begin_ < out_.size() - out_begin_) return;
  out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_begin_));
  out_begin_ = 0;
}

Expected<void> Engine::seal(ContentType type, ByteView data) {
  compact_output();
  return record::seal_records(sealer_, type, data, out_);
}

Expected<void> Engine::send_alert(AlertLevel level, AlertDescription description) {
  const std::array<std::uint8_t, 2> alert = {static_cast<std::uint8_t>(level),
                                             static_cast<std::uint8_t>(description)};
  TraceEvent event;
  event.sent = true;
  event.content = ContentType::alert;
  event.alert_level = level;
  event.alert = description;
  event.length = alert.size();
  event.state = state_name();
  emit(event);
  return seal(ContentType::alert, alert);
}

Unexpected<Error> Engine::fatal(Error error) {
  if (error_) return Unexpected<Error>(*error_);
  error_ = std::move(error);
  // RFC 5246 7.2.2, RFC 8446 6.2: tell the peer why, once. Not for an alert the peer sent us,
  // and not for our own misuse, which the peer has nothing to do with but still ends here.
  if (error_->kind() != ErrorKind::alert_received) {
    // If even this fails (the sealer is what broke), there is nothing more to send.
    (void)send_alert(AlertLevel::fatal, error_->alert());
  }
  plaintext_ = {};
  deframer_ = record::Deframer();  // wipes and frees whatever the peer sent
  reassembler_.release();
  return Unexpected<Error>(*error_);
}

void Engine::emit(TraceEvent event) const {
  if (trace_) trace_(event);
}

}  // namespace cpptls::conn
