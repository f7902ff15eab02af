#pragma once
// The stream's four operations (handshake, read, write, shutdown), each written once as a
// step over the connection, and the driver that turns a step's answer into the next transport
// action. The same driver runs the blocking calls (run_sync, below) and the asynchronous ones
// (async_op.hpp), so both behave alike.
//
// A step looks at the connection and says "finished, with this outcome" or "needs bytes from
// the peer". The driver then decides:
//   - bytes to send come first: a handshake flight, our close_notify, the alert that explains
//     a failure, a KeyUpdate answer. If another operation is writing, the driver waits for it,
//     except for a read, which leaves the bytes to that writer (it sends whatever is pending
//     before it completes) rather than stop reading while a write waits on a peer that may
//     itself be waiting for us to read.
//   - a read that has data completes at once; what it leaves to send goes out with the next
//     operation that sends or waits for the peer.
//   - a step that needs bytes reads from the transport (or waits for the read in flight).

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "cpptls/asio/error.hpp"

namespace cpptls::asio::detail {

struct outcome {
  boost::system::error_code ec;
  std::size_t bytes = 0;
};

enum class action : std::uint8_t { write, read, wait_for_write, wait_for_read, complete };

struct handshake_op {
  static constexpr bool reports_bytes = false;
  static constexpr bool leaves_output_to_writers = false;

  bool type_matches = true;  // handshake(client) on a client stream, ...

  template <class Core>
  [[nodiscard]] std::optional<outcome> step(Core& core) const {
    if (!type_matches) return outcome{error::wrong_handshake_type};
    core.feed();
    if (auto failed = core.failure()) return outcome{*failed};
    // A client's last flight may still be pending: the driver sends it before completing.
    if (core.connection().is_handshake_complete()) return outcome{};
    if (core.connection().io_state().peer_closed) return outcome{error::closed_during_handshake};
    if (core.transport_eof()) return outcome{error::stream_truncated};
    return std::nullopt;
  }
};

template <class MutableBuffers>
struct read_op {
  static constexpr bool reports_bytes = true;
  static constexpr bool leaves_output_to_writers = true;

  MutableBuffers buffers;

  template <class Core>
  [[nodiscard]] std::optional<outcome> step(Core& core) const {
    // As for any stream: a read into no space completes at once.
    if (boost::asio::buffer_size(buffers) == 0) return outcome{};
    if (auto failed = core.failure()) return outcome{*failed};
    if (!core.connection().is_handshake_complete()) return outcome{error::handshake_required};
    core.feed();
    boost::system::error_code ec;
    const std::size_t read = core.read_plaintext(buffers, ec);
    if (ec) return outcome{ec};
    if (read > 0) return outcome{{}, read};
    if (auto failed = core.failure()) return outcome{*failed};
    // After close_notify the peer's data is complete (RFC 8446 6.1, RFC 5246 7.2.1).
    if (core.connection().io_state().peer_closed) return outcome{boost::asio::error::eof};
    if (core.transport_eof()) return outcome{error::stream_truncated};
    return std::nullopt;
  }
};

// Encrypts at most one record's worth of the buffers; the driver sends it before completing,
// so that a write that completed has reached the transport.
template <class ConstBuffers>
struct write_op {
  static constexpr bool reports_bytes = true;
  static constexpr bool leaves_output_to_writers = false;

  ConstBuffers buffers;

  template <class Core>
  [[nodiscard]] std::optional<outcome> step(Core& core) const {
    if (boost::asio::buffer_size(buffers) == 0) return outcome{};
    if (auto failed = core.failure()) return outcome{*failed};
    if (!core.connection().is_handshake_complete()) return outcome{error::handshake_required};
    auto written = core.connection().write(core.plaintext_to_send(buffers));
    if (!written) return outcome{make_error_code(written.error())};
    return outcome{{}, *written};
  }
};

// Sends close_notify, then reads (dropping any data) until the peer's close_notify, as
// RFC 8446 6.1 asks of a side that wants to know the peer received everything.
struct shutdown_op {
  static constexpr bool reports_bytes = false;
  static constexpr bool leaves_output_to_writers = false;

  template <class Core>
  [[nodiscard]] std::optional<outcome> step(Core& core) const {
    core.feed();
    core.discard_plaintext();
    if (auto failed = core.failure()) return outcome{*failed};
    if (!core.connection().io_state().close_sent) {
      if (auto closed = core.connection().close(); !closed) {
        return outcome{make_error_code(closed.error())};
      }
    }
    if (core.connection().io_state().peer_closed) return outcome{};
    if (core.transport_eof()) return outcome{error::stream_truncated};
    return std::nullopt;
  }
};

template <class Core, class Op>
class driver {
 public:
  driver(Core& core, Op op) : core_(&core), op_(std::move(op)) {}

  [[nodiscard]] Core& core() noexcept { return *core_; }
  // Once next() said complete.
  [[nodiscard]] const outcome& result() const noexcept { return *finished_; }

  [[nodiscard]] action next() {
    if (aborted_) return action::complete;
    if (!finished_) finished_ = op_.step(*core_);
    const bool delivered = Op::leaves_output_to_writers && finished_ && !finished_->ec;
    if (core_->has_output() && !delivered) {
      if (core_->write_error()) {
        finished_ = outcome{core_->failure_or(core_->write_error())};
        return action::complete;
      }
      if (!core_->writing()) return action::write;
      if (!Op::leaves_output_to_writers) return action::wait_for_write;
    }
    if (finished_) return action::complete;
    if (core_->reading()) return action::wait_for_read;
    if (!core_->has_input_space()) {  // cannot happen: the connection takes what it can
      finished_ = outcome{boost::asio::error::no_buffer_space};
      return action::complete;
    }
    return action::read;
  }

  void on_written(const boost::system::error_code& ec) {
    core_->end_write(ec);
    if (ec) finished_ = outcome{core_->failure_or(ec)};
  }

  // Ends the operation with `ec` (it was cancelled while waiting for the other's I/O).
  // What it leaves to send goes out with the stream's next operation that sends.
  void abort(const boost::system::error_code& ec) {
    finished_ = outcome{ec};
    aborted_ = true;
  }

  void on_read(const boost::system::error_code& ec, std::size_t received) {
    core_->end_read(ec, received);
    // The end of the transport is for the step to judge: clean after close_notify or not.
    if (ec && ec != boost::asio::error::eof) finished_ = outcome{ec};
  }

 private:
  Core* core_;
  Op op_;
  std::optional<outcome> finished_;
  bool aborted_ = false;
};

// Runs an operation with blocking transport calls.
template <class NextLayer, class Core, class Op>
[[nodiscard]] outcome run_sync(NextLayer& next_layer, Core& core, Op op) {
  driver<Core, Op> run(core, std::move(op));
  while (true) {
    boost::system::error_code ec;
    switch (run.next()) {
      case action::write:
        boost::asio::write(next_layer, core.begin_write(), ec);
        run.on_written(ec);
        break;
      case action::read: {
        const std::size_t received = next_layer.read_some(core.begin_read(), ec);
        run.on_read(ec, received);
        break;
      }
      case action::wait_for_write:
      case action::wait_for_read:
        // An asynchronous operation holds the transport: blocking calls cannot share it.
        return outcome{boost::asio::error::in_progress};
      case action::complete:
        return run.result();
    }
  }
}

}  // namespace cpptls::asio::detail
