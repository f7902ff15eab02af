#pragma once
// The connection-level fuzz harness behind fuzz_connection_client and fuzz_connection_server
// (issue 4): a real conn::Engine running the real TLS 1.2 handshake (hs12::ClientHandshake or
// hs12::ServerHandshake) on the deterministic provider, so a run depends on its input alone,
// driven the way an adapter drives it by a script read from the input. Everything the peer
// says is input; the engine's own output is drained and checked for framing, never answered.
//
// Input: [profile u8], then operations, each [code u8][length u16 big-endian][data]:
//   code % 7 == 0  feed     the next `length` input bytes (fewer if the input ends) arrive from
//                           the peer: they join the bytes the engine has not taken yet, which
//                           are offered to read_tls(). Chunk sizes come from the input, so
//                           records split anywhere.
//              1   read     read() into a buffer of `length` bytes, then offer the untaken
//                           bytes again (the engine takes none while plaintext waits).
//              2   write    write() `length` bytes of a fixed pattern (1 MiB per input in all).
//              3   close    close(); `length` is ignored.
//              4   drain    consume_tls() up to `length` pending bytes (they were "sent").
//              5   release  release_buffers(); `length` is ignored.
//              6   record   the next `length` input bytes are [content type u8][content]: the
//                           peer sends one record with that content, sealed with the peer's
//                           current write key (the read key the handshake gave the engine, seen
//                           by KeyWatcher) at the next sequence number, or in the clear before
//                           there is one. This lets the fuzzer reach what follows a completed
//                           handshake (renegotiation requests, alerts, empty records, data),
//                           which it could never forge as raw bytes under an AEAD.
// Every operation has the same shape so that the mutator can move and splice them. At the end
// everything pending is drained. A truncated operation header ends the input.
//
// The profile byte picks one of a few configurations (client_profile, server_profile), each
// offering every TLS 1.2 suite we implement.
//
// Invariants (a violation prints the failed check with its file:line and aborts):
// - a failure has a reason and an alert other than close_notify, and is never ErrorKind::
//   internal (our bug); API misuse comes only from write() before the handshake or after
//   close(), and leaves the connection up;
// - any other failure is sticky: io_state().failed, error() holds it, every later call
//   returns it again, and nothing more is queued to send; its alert (unless the peer's alert
//   ended the connection) is the last record queued;
// - nothing is queued after our close_notify but the fatal alert of a later failure
//   (RFC 5246 7.2.1; what the targets found is kept as described in
//   tests/fuzz/findings/README.md);
// - read_tls() takes all it is offered unless plaintext waits to be read; read() returns no
//   more than asked and nothing before the handshake completed; write() takes everything;
// - io_state() agrees with pending_tls(), error() and session(); handshake_complete,
//   peer_closed, close_sent and failed never go back to false; the engine is complete exactly
//   when its handshake completed, unless a failure kept it from applying the completion;
// - what we send is a well-framed stream of TLS 1.2 records of known types and legal sizes;
// - the handshake installs keys of the negotiated suite's sizes, and completes once, after
//   both directions' keys.
//
// CPPTLS_FUZZ_TRACE=1 prints every message sent and received and where the input ended.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "conn/engine.hpp"
#include "conn/side.hpp"
#include "conn/trace.hpp"
#include "connection_fuzz_config.hpp"
#include "connection_fuzz_watchers.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/common/actions.hpp"
#include "record/limits.hpp"
#include "record/sealer.hpp"
#include "wire/enums.hpp"
#include "wire/reader.hpp"

namespace cpptls::fuzz {

inline constexpr std::size_t kMaxWrittenPerInput = std::size_t{1} << 20;
// Pending output beyond this is drained by itself, as an adapter would send it.
inline constexpr std::size_t kMaxPendingOutput = std::size_t{1} << 20;
// Received plaintext kept for the seed generator's checks.
inline constexpr std::size_t kMaxKeptPlaintext = std::size_t{1} << 20;

enum class OpKind : std::uint8_t { feed, read, write, close, drain, release, record };
inline constexpr std::uint8_t kOpKinds = 7;

struct Op {
  OpKind kind = OpKind::feed;
  std::uint16_t length = 0;
  ByteView data;  // feed and record only
};

[[nodiscard]] inline bool carries_data(OpKind kind) noexcept {
  return kind == OpKind::feed || kind == OpKind::record;
}

// The next operation, or nothing at the end of the input.
[[nodiscard]] inline std::optional<Op> next_op(wire::Reader& input) {
  auto code = input.u8();
  if (!code) return std::nullopt;
  auto length = input.u16();
  if (!length) return std::nullopt;
  Op op;
  op.kind = static_cast<OpKind>(*code % kOpKinds);
  op.length = *length;
  if (carries_data(op.kind)) {
    auto data = input.bytes(std::min<std::size_t>(*length, input.remaining()));
    CONN_FUZZ_CHECK(data.has_value());
    op.data = *data;
  }
  return op;
}

inline void append_op(const Op& op, Bytes& out) {
  out.push_back(static_cast<std::uint8_t>(op.kind));
  out.push_back(static_cast<std::uint8_t>(op.length >> 8));
  out.push_back(static_cast<std::uint8_t>(op.length & 0xff));
  if (carries_data(op.kind)) {
    CONN_FUZZ_CHECK(op.data.size() == op.length);
    out.insert(out.end(), op.data.begin(), op.data.end());
  }
}

// The bytes write() sends: byte i of every write is write_pattern()[i].
[[nodiscard]] inline ByteView write_pattern() {
  static const Bytes pattern = [] {
    Bytes out(0xffff);
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<std::uint8_t>(i * 131 + (i >> 8) * 7 + 0x5a);
    return out;
  }();
  return pattern;
}

// The engine under test, driven as an adapter drives it, with every invariant checked after
// every operation.
class Harness {
 public:
  Harness(conn::Side side, std::uint8_t profile)
      : side_(side),
        verify_peer_(side == conn::Side::client && client_profile(profile).verify_peer),
        provider_(crypto::openssl::provider(),
                  side == conn::Side::client ? kClientSeed : kServerSeed, kNow),
        engine_(std::make_unique<conn::Engine>(
            side, provider_,
            std::make_unique<KeyWatcher>(make_handshake(side, provider_, profile), observed_),
            [](const conn::TraceEvent& event) { on_trace(event); })),
        read_buffer_(0xffff) {
    auto started = engine_->start();
    CONN_FUZZ_CHECK(started.has_value());
    // A client has its ClientHello to send; a server waits for the client.
    CONN_FUZZ_CHECK((engine_->pending_tls().size() > 0) == (side == conn::Side::client));
    check_state();
  }

  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  void apply(const Op& op) {
    const bool failed_before = engine_->io_state().failed;
    const bool closed_before = engine_->io_state().close_sent;
    const std::size_t queued_before = queued_total();
    switch (op.kind) {
      case OpKind::feed:
        feed(op.data);
        break;
      case OpKind::read:
        read(op.length);
        break;
      case OpKind::write:
        write(op.length);
        break;
      case OpKind::close:
        close();
        break;
      case OpKind::drain:
        drain(op.length);
        break;
      case OpKind::release:
        release();
        break;
      case OpKind::record:
        peer_record(op.data);
        break;
    }
    // Nothing more is sent after a fatal error (its alert was the last word), nor after our
    // close_notify (RFC 5246 7.2.1: "the sender will not send any more messages on this
    // connection"), except the fatal alert of a failure that comes later.
    if (failed_before) CONN_FUZZ_CHECK(queued_total() == queued_before);
    if (closed_before && !engine_->io_state().failed)
      CONN_FUZZ_CHECK(queued_total() == queued_before);
    if (engine_->pending_tls().size() > kMaxPendingOutput) drain(engine_->pending_tls().size());
    check_state();
  }

  // Drains what is left and checks the end state.
  void finish() {
    while (!engine_->pending_tls().empty())
      drain(engine_->pending_tls().size());
    CONN_FUZZ_CHECK(sent_.at_record_boundary());
    if (sticky_ && sticky_->kind() != ErrorKind::alert_received) {
      CONN_FUZZ_CHECK(sent_.last_type() == static_cast<std::uint8_t>(wire::ContentType::alert));
    }
    if (tracing()) {
      std::fprintf(stderr, "ended in %s%s%s\n", std::string(engine_->state_name()).c_str(),
                   sticky_ ? ": " : "", sticky_ ? sticky_->to_string().c_str() : "");
    }
  }

  [[nodiscard]] const conn::Engine& engine() const noexcept { return *engine_; }
  [[nodiscard]] ByteView received() const noexcept { return received_; }
  // The keys the engine opens the peer's records with, once there are any.
  [[nodiscard]] const std::optional<handshake::InstallKeys>& peer_write_keys() const noexcept {
    return observed_.peer_write;
  }
  [[nodiscard]] std::size_t peer_key_changes() const noexcept { return observed_.read_installs; }
  // The seed generator reads what the engine sends here.
  void copy_sent_to(Bytes* sink) noexcept { sent_sink_ = sink; }

 private:
  static void on_trace(const conn::TraceEvent& event) {
    CONN_FUZZ_CHECK(!event.state.empty());
    const std::string line = conn::describe(event);
    CONN_FUZZ_CHECK(!line.empty());
    if (tracing()) std::fprintf(stderr, "  %s\n", line.c_str());
  }

  [[nodiscard]] std::size_t queued_total() const noexcept {
    return drained_total_ + engine_->pending_tls().size();
  }

  // [content type u8][content]: one record from the peer, sealed as the peer would seal it.
  void peer_record(ByteView data) {
    if (data.empty()) return;
    const auto type = static_cast<wire::ContentType>(data[0]);
    const ByteView content = data.subspan(1);
    if (!observed_.peer_write) {
      Bytes record = {data[0], 0x03, 0x03, static_cast<std::uint8_t>(content.size() >> 8),
                      static_cast<std::uint8_t>(content.size() & 0xff)};
      record.insert(record.end(), content.begin(), content.end());
      feed(record);
      return;
    }
    if (peer_sealer_installs_ != observed_.read_installs) {
      // A new read key: the peer's sequence numbers restart at 0 (RFC 5246 6.1).
      auto sealer = record::RecordSealer::create(
          crypto::openssl::provider(), observed_.peer_write->version, observed_.peer_write->keys);
      CONN_FUZZ_CHECK(sealer.has_value());
      peer_sealer_ = std::move(*sealer);
      peer_sealer_installs_ = observed_.read_installs;
    }
    if (content.size() > record::kMaxPlaintext) return;  // the peer could not seal it either
    Bytes record(peer_sealer_.max_record_size(content.size()));
    auto size = peer_sealer_.seal(type, content, record);
    if (!size) return;  // an empty record of a type that may not be empty
    record.resize(*size);
    feed(record);
  }

  void feed(ByteView chunk) {
    inbox_.insert(inbox_.end(), chunk.begin(), chunk.end());
    offer_inbox();
  }

  // Offers every byte not taken yet, as an adapter does after each receive.
  void offer_inbox() {
    if (inbox_.empty()) return;
    const bool failed_before = engine_->io_state().failed;
    const std::size_t pending_before = engine_->pending_tls().size();
    auto taken = engine_->read_tls(inbox_);
    if (!taken) {
      check_failure(taken.error(), failed_before, pending_before, false);
      inbox_.clear();  // the adapter gives up on the connection's input
      return;
    }
    CONN_FUZZ_CHECK(*taken <= inbox_.size());
    // The engine stops taking bytes only while plaintext waits for read(); an adapter that
    // trusted anything else could spin forever.
    if (*taken < inbox_.size()) CONN_FUZZ_CHECK(engine_->io_state().plaintext_bytes_to_read > 0);
    inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(*taken));
  }

  void read(std::size_t size) {
    const bool failed_before = engine_->io_state().failed;
    const std::size_t pending_before = engine_->pending_tls().size();
    auto got = engine_->read(MutableByteView(read_buffer_).first(size));
    if (!got) {
      check_failure(got.error(), failed_before, pending_before, false);
      return;
    }
    CONN_FUZZ_CHECK(*got <= size);
    // read() may deliver plaintext and then fail on a record behind it: the failure is set
    // now and reported by the next call, so it is checked (and recorded) here as new.
    if (!failed_before && engine_->io_state().failed) {
      CONN_FUZZ_CHECK(*got > 0);
      check_failure(*engine_->error(), false, pending_before, false);
    }
    if (*got > 0) {
      CONN_FUZZ_CHECK(engine_->io_state().handshake_complete);
      const std::size_t kept = std::min(*got, kMaxKeptPlaintext - received_.size());
      received_.insert(received_.end(), read_buffer_.begin(),
                       read_buffer_.begin() + static_cast<std::ptrdiff_t>(kept));
    }
    // read() stops short only when no plaintext is left (or it failed after copying some,
    // which the next call reports).
    if (*got < size && !engine_->io_state().failed) {
      CONN_FUZZ_CHECK(engine_->io_state().plaintext_bytes_to_read == 0);
    }
    offer_inbox();
  }

  void write(std::size_t size) {
    if (written_total_ + size > kMaxWrittenPerInput) return;
    written_total_ += size;
    const conn::IoState before = engine_->io_state();
    const std::size_t pending_before = engine_->pending_tls().size();
    auto written = engine_->write(write_pattern().first(size));
    if (!written) {
      check_failure(written.error(), before.failed, pending_before, true);
      if (written.error().kind() == ErrorKind::api_misuse && !before.failed)
        CONN_FUZZ_CHECK(!before.handshake_complete || before.close_sent);
      return;
    }
    CONN_FUZZ_CHECK(*written == size);
    CONN_FUZZ_CHECK(before.handshake_complete && !before.close_sent && !before.failed);
    // Sealed whole: each byte once, plus per-record overhead.
    if (size > 0) CONN_FUZZ_CHECK(engine_->pending_tls().size() >= pending_before + size);
  }

  void close() {
    const bool failed_before = engine_->io_state().failed;
    const std::size_t pending_before = engine_->pending_tls().size();
    auto closed = engine_->close();
    if (!closed) {
      check_failure(closed.error(), failed_before, pending_before, false);
      return;
    }
    CONN_FUZZ_CHECK(engine_->io_state().close_sent);
    // Closing during the handshake cancels it (RFC 8446 6.1): close() succeeds and leaves the
    // connection failed, with nothing more queued than user_canceled and close_notify.
    if (!failed_before && engine_->io_state().failed) {
      CONN_FUZZ_CHECK(!engine_->io_state().handshake_complete);
      sticky_ = *engine_->error();
    }
  }

  void drain(std::size_t size) {
    const ByteView pending = engine_->pending_tls();
    const ByteView sent = pending.first(std::min(size, pending.size()));
    sent_.append(sent);
    if (sent_sink_ != nullptr) sent_sink_->insert(sent_sink_->end(), sent.begin(), sent.end());
    drained_total_ += sent.size();
    engine_->consume_tls(sent.size());
  }

  void release() {
    const Bytes pending(engine_->pending_tls().begin(), engine_->pending_tls().end());
    engine_->release_buffers();
    // Releasing memory never drops bytes still to be sent.
    CONN_FUZZ_CHECK(Bytes(engine_->pending_tls().begin(), engine_->pending_tls().end()) == pending);
  }

  // A call failed with `error`; `failed_before` says whether the engine had already failed.
  void check_failure(const Error& error, bool failed_before, std::size_t pending_before,
                     bool misuse_allowed) {
    if (tracing() && !failed_before)
      std::fprintf(stderr, "failed: %s\n", error.to_string().c_str());
    CONN_FUZZ_CHECK(!error.reason().empty());
    CONN_FUZZ_CHECK(error.kind() != ErrorKind::internal);
    CONN_FUZZ_CHECK(error.alert() != AlertDescription::close_notify);
    if (failed_before) {
      CONN_FUZZ_CHECK(sticky_.has_value());
      CONN_FUZZ_CHECK(error.code() == sticky_->code() && error.reason() == sticky_->reason());
      return;
    }
    if (error.kind() == ErrorKind::api_misuse) {
      CONN_FUZZ_CHECK(misuse_allowed);
      CONN_FUZZ_CHECK(!engine_->io_state().failed);
      return;
    }
    CONN_FUZZ_CHECK(engine_->io_state().failed);
    CONN_FUZZ_CHECK(engine_->error()->reason() == error.reason());
    sticky_ = error;
    // RFC 5246 7.2.2: the alert goes out, except when it was the peer's alert that ended it.
    if (error.kind() != ErrorKind::alert_received)
      CONN_FUZZ_CHECK(engine_->pending_tls().size() > pending_before);
  }

  void check_state() {
    const conn::IoState state = engine_->io_state();
    CONN_FUZZ_CHECK(state.tls_bytes_to_write == engine_->pending_tls().size());
    CONN_FUZZ_CHECK(state.failed == engine_->error().has_value());
    CONN_FUZZ_CHECK(state.wants_read ==
                    (!state.failed && !state.peer_closed && state.plaintext_bytes_to_read == 0));
    if (state.failed) {
      CONN_FUZZ_CHECK(state.plaintext_bytes_to_read == 0);
      // Every failure was checked and recorded by the call that caused it (check_failure).
      CONN_FUZZ_CHECK(sticky_.has_value());
      CONN_FUZZ_CHECK(engine_->error()->reason() == sticky_->reason());
    }
    CONN_FUZZ_CHECK(state.handshake_complete || !last_.handshake_complete);
    CONN_FUZZ_CHECK(state.peer_closed || !last_.peer_closed);
    CONN_FUZZ_CHECK(state.close_sent || !last_.close_sent);
    CONN_FUZZ_CHECK(state.failed || !last_.failed);
    CONN_FUZZ_CHECK(state.handshake_complete == (engine_->session() != nullptr));
    // The engine completes when its handshake says so, unless it refuses what came with the
    // message that completed it (handshake data behind a flight-ending Finished): then the
    // connection fails with the completion unapplied.
    if (state.failed) {
      CONN_FUZZ_CHECK(!state.handshake_complete || observed_.complete);
    } else {
      CONN_FUZZ_CHECK(state.handshake_complete == observed_.complete);
    }
    if (state.plaintext_bytes_to_read > 0) CONN_FUZZ_CHECK(state.handshake_complete);
    if (state.handshake_complete) {
      const conn::SessionDetails& session = *engine_->session();
      CONN_FUZZ_CHECK(session.version == wire::ProtocolVersion::tls12);
      CONN_FUZZ_CHECK(engine_->state_name() == "Connected");
      // Every suite we offer authenticates the server by its certificate.
      if (side_ == conn::Side::client) CONN_FUZZ_CHECK(session.peer_sent_certificate);
      if (verify_peer_) CONN_FUZZ_CHECK(session.peer_verified);
    }
    last_ = state;
  }

  conn::Side side_;
  bool verify_peer_;
  // Before engine_, which refers to them.
  crypto::testing::DeterministicProvider provider_;
  Observed observed_;
  std::unique_ptr<conn::Engine> engine_;
  Bytes inbox_;  // received from the peer, not taken by the engine yet
  Bytes read_buffer_;
  Bytes received_;  // plaintext read, up to kMaxKeptPlaintext
  SentRecords sent_;
  Bytes* sent_sink_ = nullptr;
  std::size_t drained_total_ = 0;
  std::size_t written_total_ = 0;
  std::optional<Error> sticky_;
  conn::IoState last_;
  record::RecordSealer peer_sealer_;  // seals as the peer, with observed_.peer_write
  std::size_t peer_sealer_installs_ = 0;
};

// One fuzz input, start to end.
inline void run_input(conn::Side side, const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  Harness harness(side, data[0]);
  wire::Reader input(ByteView(data + 1, size - 1));
  while (auto op = next_op(input))
    harness.apply(*op);
  harness.finish();
}

}  // namespace cpptls::fuzz
