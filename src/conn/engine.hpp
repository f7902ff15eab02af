#pragma once
// The connection engine (design rules 1, 2, 7 and 10): it joins the record layer and a
// Handshake, and does no I/O. The caller moves bytes:
//
//   engine.start();                                  // a client's ClientHello is now pending
//   loop:
//     send(engine.pending_tls()); engine.consume_tls(sent);
//     taken = engine.read_tls(received);             // keep the untaken rest for later
//     n = engine.read(buffer);                       // plaintext, once the handshake is done
//     engine.write(data);                            // sealed into pending_tls()
//   engine.close();                                  // close_notify
//
// What it enforces on the peer: records of other types never interrupt a fragmented handshake
// message (RFC 8446 5.1), nor does handshake data follow in its record a message that changed
// the read key or that we answered with a flight of our own (the peer cannot have read it yet);
// handshake messages are bounded in size (limits.hpp);
// change_cipher_spec is exactly the byte 1 (RFC 5246 7.1); no application data before the
// handshake completes; renegotiation is refused with a no_renegotiation warning (RFC 5246
// 7.2.2, RFC 5746 4.2); close_notify ends the peer's data, and under TLS 1.2 the connection:
// ours answers it and writes are refused (RFC 5246 7.2.1; TLS 1.3 half-closes, RFC 8446 6.1);
// a fatal alert, or
// under TLS 1.3 any alert but close_notify and user_canceled (RFC 8446 6.2), ends the
// connection; TLS 1.2 warnings are ignored. What a peer may repeat for nothing (empty records,
// warning alerts, renegotiation requests, TLS 1.3 KeyUpdates) is bounded between two records of
// application data (repeat_counter.hpp).
//
// Errors: the first fatal error from any layer queues its alert once (never for a received
// alert) and is returned by every later call. API misuse (write before the handshake is done,
// after close) is returned without ending the connection.
//
// Memory: the handshake-message buffer and, for TLS 1.2, the handshake itself are freed when
// the handshake completes. After it, the deframer's record buffer (16 KiB) is freed whenever
// it holds no bytes and no plaintext waits in it, and the output buffer whenever it drains,
// unless the last application record was a full one (2^14 bytes): then more are likely on
// their way (a bulk transfer) and the buffer is kept for them, so that a stream of full
// records allocates nothing per record; the shorter record that ends such a burst frees it,
// and so does release_buffers(). The output buffer is also freed whenever it drains above one
// record's capacity. So a connection between requests holds no record buffers; the price is
// that a stream of short records, each drained before the next, allocates both buffers again
// for every record (an exception to design rule 10, docs/design.md "Record layer"). Received
// application data is not copied: read() copies it straight from the decrypted record, so
// read_tls() takes no more bytes while plaintext waits to be read.

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "conn/early_data_skip.hpp"
#include "conn/handshake_reassembler.hpp"
#include "conn/repeat_counter.hpp"
#include "conn/session_details.hpp"
#include "conn/side.hpp"
#include "conn/trace.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/handshake.hpp"
#include "record/deframer.hpp"
#include "record/opener.hpp"
#include "record/sealer.hpp"
#include "wire/enums.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::conn {

// A summary of what the caller should do next.
struct IoState {
  std::size_t tls_bytes_to_write = 0;  // pending_tls().size()
  // Plaintext ready for read() now; more may follow from records already received.
  std::size_t plaintext_bytes_to_read = 0;
  bool handshake_complete = false;
  bool peer_closed = false;  // close_notify received: no more plaintext will come
  bool close_sent = false;   // our close_notify is queued
  // Nothing more happens without bytes from the peer (no plaintext is waiting).
  bool wants_read = false;
  bool failed = false;  // error() holds the (sticky) error
};

class Engine {
 public:
  // `provider` must outlive the engine.
  Engine(Side side, const crypto::Provider& provider,
         std::unique_ptr<handshake::Handshake> handshake, TraceSink trace = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&&) = delete;
  Engine& operator=(Engine&&) = delete;
  ~Engine() = default;

  // Runs the handshake's first step: a client's ClientHello becomes pending output. Call once.
  [[nodiscard]] Expected<void> start();

  // Takes bytes received from the peer and processes every whole record among them. Returns
  // how many it took; the caller offers the rest again later. It takes nothing more while
  // received plaintext waits for read(), and everything (ignoring it) once the peer has closed.
  [[nodiscard]] Expected<std::size_t> read_tls(ByteView data);

  // Bytes to send to the peer, and how many of them were sent.
  [[nodiscard]] ByteView pending_tls() const noexcept;
  void consume_tls(std::size_t count) noexcept;

  // Seals application data into pending_tls() (records of at most 2^14 bytes) and returns
  // data.size(). Only after the handshake completed and before close(); under TLS 1.2 also
  // only before the peer's close_notify (RFC 5246 7.2.1, answered with ours at once).
  [[nodiscard]] Expected<std::size_t> write(ByteView data);

  // Copies received plaintext into `out` and returns how many bytes; 0 when none is ready
  // (io_state().peer_closed then tells whether none ever will be).
  [[nodiscard]] Expected<std::size_t> read(MutableByteView out);

  // TLS 1.3 (RFC 8446 4.6.3): sends a KeyUpdate and moves to the next write key; with
  // `request_peer_update` the peer is asked to do the same. write() does this by itself
  // before a key reaches its usage limit.
  [[nodiscard]] Expected<void> key_update(bool request_peer_update);

  // Queues a close_notify alert (RFC 5246 7.2.1, RFC 8446 6.1); later writes are refused.
  [[nodiscard]] Expected<void> close();
  // Fills `out` with keying material exported under `label` and `context` (RFC 5705, RFC 8446
  // 7.5; handshake/common/exporter.hpp). Refused as misuse before the handshake has completed;
  // after a failure, the connection's error. Neither changes the connection.
  [[nodiscard]] Expected<void> export_keying_material(std::string_view label,
                                                      std::optional<ByteView> context,
                                                      MutableByteView out) const;

  // Frees the record buffer if it holds nothing and the output buffer if it is drained, even
  // in the middle of a bulk transfer; for an adapter about to wait for the peer, so that an
  // idle connection holds little.
  void release_buffers() noexcept;

  [[nodiscard]] IoState io_state() const noexcept;
  [[nodiscard]] const std::optional<Error>& error() const noexcept { return error_; }
  // Set once the handshake has completed.
  [[nodiscard]] const SessionDetails* session() const noexcept { return session_.get(); }
  // Hands the details over to a caller that keeps its own copy (the public API), so that a
  // connection does not hold the peer's chain and names twice; session() is null afterwards,
  // and the engine holds nothing of them (they are on the heap only while it keeps them).
  [[nodiscard]] std::unique_ptr<SessionDetails> take_session() noexcept {
    return std::move(session_);
  }
  [[nodiscard]] std::string_view state_name() const noexcept;
  [[nodiscard]] Side side() const noexcept { return side_; }

  // Test hooks: how much memory the buffers hold now.
  [[nodiscard]] bool holds_record_buffer() const noexcept { return deframer_.holds_storage(); }
  [[nodiscard]] std::size_t output_capacity() const noexcept { return out_.capacity(); }
  [[nodiscard]] std::size_t reassembly_capacity() const noexcept {
    return reassembler_.buffer_capacity();
  }
  [[nodiscard]] bool holds_handshake() const noexcept { return handshake_ != nullptr; }

 private:
  // Read path (engine_read.cpp).
  [[nodiscard]] Expected<void> process_records();
  [[nodiscard]] Expected<void> on_record(wire::ContentType type, MutableByteView content);
  [[nodiscard]] Expected<void> on_handshake_record(ByteView content);
  [[nodiscard]] Expected<void> on_handshake_message(ByteView encoded);
  [[nodiscard]] Expected<void> on_post_handshake_message(const wire::HandshakeMessage& message);
  [[nodiscard]] Expected<void> on_alert(ByteView content);
  [[nodiscard]] Expected<void> answer_close_notify();
  [[nodiscard]] Expected<void> on_change_cipher_spec(ByteView content);
  [[nodiscard]] Expected<void> on_application_data(MutableByteView content);
  void release_input_if_idle() noexcept;
  // After the handshake: frees the drained output buffer unless full records are flowing.
  void release_output_if_idle() noexcept;

  // Applying the handshake's actions (engine_actions.cpp).
  [[nodiscard]] Expected<void> apply_actions();
  [[nodiscard]] Expected<void> send_handshake(ByteView messages);
  [[nodiscard]] Expected<void> send_change_cipher_spec();
  [[nodiscard]] Expected<void> install_keys(handshake::InstallKeys& install);
  [[nodiscard]] Expected<void> update_write_key(bool request_peer_update);
  void skip_early_data(const handshake::SkipEarlyData& request);
  void finish_handshake();

  // Write path (engine_write.cpp).
  [[nodiscard]] Expected<void> seal(wire::ContentType type, ByteView data);
  [[nodiscard]] Expected<void> send_alert(AlertLevel level, AlertDescription description);
  void compact_output();
  // Makes `error` the connection's sticky error (unless one is set already), queues its alert
  // and frees the input buffers. Returns the sticky error.
  [[nodiscard]] Unexpected<Error> fatal(Error error);
  void emit(TraceEvent event) const;

  Side side_;
  const crypto::Provider* provider_;
  std::unique_ptr<handshake::Handshake> handshake_;
  TraceSink trace_;

  record::Deframer deframer_;
  record::RecordOpener opener_;
  record::RecordSealer sealer_;
  HandshakeReassembler reassembler_;
  handshake::Output actions_;
  EarlyDataSkip early_data_skip_;  // RFC 8446 4.2.10, on the handshake's word

  Bytes out_;  // sealed records; pending_tls() is out_[out_begin_..]
  std::size_t out_begin_ = 0;
  MutableByteView plaintext_;  // received application data not yet read, in the deframer

  std::unique_ptr<SessionDetails> session_;
  handshake::Exporter exporter_;  // from HandshakeComplete
  std::optional<Error> error_;
  RepeatCounter repeats_;  // what the peer repeated since its last application data
  std::uint64_t read_key_changes_ = 0;
  // A TLS 1.3 server may read the client's alerts in the clear from its first read key until
  // the first record opens under it (see process_records).
  bool plaintext_alerts_allowed_ = false;
  bool started_ = false;
  bool tls13_ = false;  // a TLS 1.3 key was installed: its alert rules apply
  bool handshake_complete_ = false;
  bool peer_closed_ = false;
  bool close_sent_ = false;
  // The last application record received (sent) was a full one: a bulk transfer, for which
  // the record buffer (the output buffer) is kept between records.
  bool receiving_full_records_ = false;
  bool sending_full_records_ = false;
};

}  // namespace cpptls::conn
