// The engine's read path: records out of the deframer, opened, and dispatched by content type.

#include <algorithm>
#include <string>
#include <variant>

#include "base/hex.hpp"
#include "conn/engine.hpp"
#include "conn/failures.hpp"
#include "wire/messages/alert_message.hpp"
#include "wire/reader.hpp"

namespace cpptls::conn {

using wire::ContentType;
using wire::HandshakeType;

namespace {

[[nodiscard]] bool answers_with_flight(handshake::Output& actions) {
  return std::any_of(actions.actions().begin(), actions.actions().end(), [](const auto& action) {
    return std::holds_alternative<handshake::SendHandshake>(action);
  });
}

// What a fatal alert most likely means, for the error's reason: a client that refuses our
// certificate says so with one of RFC 8446 6.2's certificate alerts, and that is the most
// common deployment mistake. Empty when the alert says enough by itself.
[[nodiscard]] std::string certificate_hint(Side side, AlertDescription description) {
  switch (description) {
    case AlertDescription::bad_certificate:
    case AlertDescription::unsupported_certificate:
    case AlertDescription::certificate_revoked:
    case AlertDescription::certificate_expired:
    case AlertDescription::certificate_unknown:
    case AlertDescription::unknown_ca:
      if (side == Side::server) {
        return ": the client refused our certificate (check the chain we send, its names and "
               "dates, and that the client trusts its root)";
      }
      return ": the server refused our client certificate, or our lack of one";
    case AlertDescription::certificate_required:
      return side == Side::client ? ": the server requires a client certificate" : "";
    default:
      return "";
  }
}

}  // namespace

Expected<void> Engine::process_records() {
  while (plaintext_.empty() && !peer_closed_ && !error_) {
    auto next = deframer_.next();
    if (!next) return Unexpected<Error>(std::move(next.error()));
    if (!*next) break;
    const record::RecordHeader header = (*next)->header;
    // RFC 8446 4.2.10: 0-RTT data the handshake refused is skipped (early_data_skip.hpp).
    if (early_data_skip_.skip_unopened(header, opener_.is_protected())) continue;
    // Only a fatal alert, as a refusing client sends it (engine_actions.cpp): a close_notify
    // or warning in the clear there is unexpected_message like any other (RFC 8446 5).
    if (plaintext_alerts_allowed_ && header.type == ContentType::alert &&
        !(*next)->fragment.empty() &&
        (*next)->fragment[0] == static_cast<std::uint8_t>(AlertLevel::fatal)) {
      if (auto handled = on_alert((*next)->fragment); !handled) return handled;
      continue;
    }
    auto opened = opener_.open(header, (*next)->fragment);
    if (!opened) {
      if (early_data_skip_.skip_undecryptable(header, opened.error())) continue;
      return Unexpected<Error>(std::move(opened.error()));
    }
    if (opener_.is_protected()) plaintext_alerts_allowed_ = false;
    early_data_skip_.record_opened(header);
    if (auto handled = on_record(opened->type, opened->plaintext); !handled) return handled;
  }
  return {};
}

Expected<void> Engine::on_record(ContentType type, MutableByteView content) {
  // RFC 8446 5.1: "if a handshake message is split over two or more records, there MUST NOT
  // be any other records between them".
  if (type != ContentType::handshake && reassembler_.mid_message()) {
    return unexpected_message("received a " + wire::to_string(type) +
                              " record in the middle of a handshake message split across "
                              "records (RFC 8446 5.1)");
  }
  switch (type) {
    case ContentType::handshake:
      return on_handshake_record(content);
    case ContentType::alert:
      return on_alert(content);
    case ContentType::change_cipher_spec:
      return on_change_cipher_spec(content);
    case ContentType::application_data:
      return on_application_data(content);
    default:
      return unexpected_message("received a record of content type " + wire::to_string(type));
  }
}

Expected<void> Engine::on_handshake_record(ByteView content) {
  reassembler_.start_record(content);
  while (true) {
    auto message = reassembler_.next();
    if (!message) return Unexpected<Error>(std::move(message.error()));
    if (!*message) break;
    const std::uint64_t key_changes = read_key_changes_;
    if (auto handled = on_handshake_message(**message); !handled) return handled;
    // RFC 8446 5.1: a message that precedes a key change must end its record; what follows it
    // in the record was protected with the old key.
    if (read_key_changes_ != key_changes && reassembler_.record_has_more()) {
      return unexpected_message(
          "a handshake record continues after the message that changed the read key "
          "(RFC 8446 5.1)");
    }
  }
  if (handshake_complete_ && !reassembler_.mid_message()) reassembler_.release();
  return {};
}

Expected<void> Engine::on_handshake_message(ByteView encoded) {
  wire::Reader reader(encoded);
  auto message = wire::HandshakeMessage::decode(reader);
  if (!message) return Unexpected<Error>(std::move(message.error()));

  TraceEvent event;
  event.content = ContentType::handshake;
  event.message = message->type;
  event.length = encoded.size();
  event.handshake_step = handshake_step(side_ == Side::client ? Side::server : Side::client,
                                        ContentType::handshake, message->type);
  event.state = state_name();
  emit(event);

  if (!handshake_) return on_post_handshake_message(*message);
  // RFC 8446 4.6.3: each KeyUpdate makes us derive a read key, and with update_requested a
  // write key and a record to send.
  if (handshake_complete_ && message->type == HandshakeType::key_update) {
    if (auto counted = repeats_.count(Repeated::key_update); !counted) return counted;
  }
  actions_.clear();
  if (auto handled = handshake_->on_message(*message, encoded, actions_); !handled) {
    return handled;
  }
  // A message we answer with a flight of our own ends the peer's flight (ClientHello,
  // HelloRetryRequest, ServerHelloDone, a Finished we answer): the peer cannot have written
  // what comes next before reading our answer, so handshake data after it in the same record
  // is out of order (RFC 8446 4, RFC 5246 7.3), unexpected_message (BoringSSL's
  // EXCESS_HANDSHAKE_DATA). Refused before our answer goes out, so that the peer reads the
  // alert where it expects our flight, under the keys it expects.
  if (answers_with_flight(actions_) && reassembler_.record_has_more()) {
    actions_.clear();
    return unexpected_message(
        "a handshake record continues after the message that ended the peer's flight, before "
        "the peer could have read our answer to it");
  }
  return apply_actions();
}

// TLS 1.2 after the handshake (the handshake object is gone): a HelloRequest to the client or
// a ClientHello to the server asks for renegotiation, which we refuse with a warning (RFC 5246
// 7.2.2 "no_renegotiation ... This message is always a warning", RFC 5746 4.2 and 4.4); the
// peer may then go on or close. Any other message is out of place.
Expected<void> Engine::on_post_handshake_message(const wire::HandshakeMessage& message) {
  const bool renegotiation =
      (side_ == Side::client && message.type == HandshakeType::hello_request) ||
      (side_ == Side::server && message.type == HandshakeType::client_hello);
  if (!renegotiation) {
    return unexpected_message("received " + wire::to_string(message.type) +
                              " after the handshake completed");
  }
  // RFC 5246 7.4.1.1: HelloRequest is empty.
  if (message.type == HandshakeType::hello_request && !message.body.empty()) {
    return decode_failure(ErrorCode::trailing_data,
                          "hello_request has a body of " + std::to_string(message.body.size()) +
                              " bytes; it must be empty (RFC 5246 7.4.1.1)");
  }
  if (auto counted = repeats_.count(Repeated::renegotiation_request); !counted) return counted;
  // After our close_notify nothing more goes out (RFC 5246 7.2.1): the request is dropped.
  if (close_sent_) return {};
  return send_alert(AlertLevel::warning, AlertDescription::no_renegotiation);
}

Expected<void> Engine::on_alert(ByteView content) {
  auto alert = wire::AlertMessage::decode(content);
  if (!alert) return Unexpected<Error>(std::move(alert.error()));

  TraceEvent event;
  event.content = ContentType::alert;
  event.alert_level = alert->level;
  event.alert = alert->description;
  event.length = content.size();
  event.state = state_name();
  emit(event);

  const AlertDescription description = alert->description;
  // RFC 5246 7.2.1, RFC 8446 6.1: the peer sends no more data. Its level does not matter.
  if (description == AlertDescription::close_notify) {
    peer_closed_ = true;
    return answer_close_notify();
  }
  const std::string name = to_string(description);
  // RFC 8446 6.2: under TLS 1.3 every alert but close_notify and user_canceled is fatal,
  // whatever its level says.
  const bool is_fatal = alert->level == AlertLevel::fatal ||
                        (tls13_ && description != AlertDescription::user_canceled);
  if (is_fatal) {
    return fail(ErrorKind::alert_received, ErrorCode::peer_alert, description,
                "the peer sent a fatal " + name + " alert in state " + std::string(state_name()) +
                    certificate_hint(side_, description));
  }
  // RFC 8446 6.1: user_canceled cancels a handshake; after one it precedes a close_notify.
  if (description == AlertDescription::user_canceled && !handshake_complete_) {
    return fail(ErrorKind::alert_received, ErrorCode::peer_alert, description,
                "the peer canceled the handshake (user_canceled alert) in state " +
                    std::string(state_name()));
  }
  // RFC 5246 7.2: other warnings leave the connection up. A no_renegotiation warning in
  // particular needs no answer: we never ask to renegotiate.
  return repeats_.count(Repeated::warning_alert);
}

// RFC 5246 7.2.1: under TLS 1.2 "the other party MUST respond with a close_notify alert of its
// own and close down the connection immediately, discarding any pending writes": ours goes
// out now and write() is refused from here on. TLS 1.3 has a half-close instead (RFC 8446 6.1:
// "Each party MUST send a "close_notify" alert before closing its write side"), so there the
// caller may go on writing and closes when it is done.
Expected<void> Engine::answer_close_notify() {
  if (tls13_ || !handshake_complete_ || close_sent_) return {};
  close_sent_ = true;
  return send_alert(AlertLevel::warning, AlertDescription::close_notify);
}

Expected<void> Engine::on_change_cipher_spec(ByteView content) {
  // RFC 5246 7.1: struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec.
  if (content.size() != 1) {
    return decode_failure(ErrorCode::length_out_of_range,
                          "change_cipher_spec record of " + std::to_string(content.size()) +
                              " bytes; it must be the single byte 1 (RFC 5246 7.1)");
  }
  if (content[0] != 1) {
    return unexpected_message("change_cipher_spec value is 0x" + to_hex_u8(content[0]) +
                              ", not 1 (RFC 5246 7.1, RFC 8446 5)");
  }
  if (handshake_complete_ || !handshake_) {
    return unexpected_message("received change_cipher_spec after the handshake completed");
  }

  TraceEvent event;
  event.content = ContentType::change_cipher_spec;
  event.length = content.size();
  event.handshake_step =
      handshake_step(side_ == Side::client ? Side::server : Side::client,
                     ContentType::change_cipher_spec, HandshakeType::hello_request);
  event.state = state_name();
  emit(event);

  actions_.clear();
  if (auto handled = handshake_->on_change_cipher_spec(actions_); !handled) return handled;
  return apply_actions();
}

Expected<void> Engine::on_application_data(MutableByteView content) {
  if (!handshake_complete_) {
    return unexpected_message("received application data in handshake state " +
                              std::string(state_name()) + ", before the handshake completed");
  }
  if (content.empty()) return repeats_.count(Repeated::empty_record);  // RFC 5246 6.2.1
  repeats_.reset();
  receiving_full_records_ = content.size() == record::kMaxPlaintext;
  plaintext_ = content;
  return {};
}

}  // namespace cpptls::conn
