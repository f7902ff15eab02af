#pragma once
// What the operations of one cpptls::asio::stream share: the sans-I/O connection, the bytes
// received from the transport that it has not taken yet, the bytes being written to the
// transport, and which transport read and write are in flight.
//
// Memory: two buffers owned here and reused for the stream's life (no allocation per read or
// write): `input_` receives from the transport, one record and some at a time; `output_` holds
// the bytes of the one transport write in flight. Those are copied out of the connection
// because the connection may append to its own output while the write is in flight (a read
// that answers a TLS 1.3 KeyUpdate, an alert), and appending may move its buffer.
//
// At most one transport write and one transport read are in flight. An operation that finds
// the one it needs busy waits on a timer that never expires (write_idle_, read_idle_); the
// operation that finishes the transport I/O cancels it, and the waiters look again.

#include <algorithm>
#include <array>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/wait_traits.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "cpptls/asio/error.hpp"
#include "cpptls/connection.hpp"

namespace cpptls::asio::detail {

// RFC 8446 5.1, RFC 5246 6.2.1: a record carries at most 2^14 bytes of plaintext. A write
// encrypts at most this much, so the connection's output stays within one record's capacity
// (it keeps that capacity between writes and frees larger bursts).
inline constexpr std::size_t kMaxRecordPlaintext = 16384;
// One transport read: a whole record (2^14 bytes, its header and AEAD overhead) and some.
inline constexpr std::size_t kInputCapacity = 18 * 1024;

template <class Executor>
class core {
 public:
  using timer = boost::asio::basic_waitable_timer<
      std::chrono::steady_clock, boost::asio::wait_traits<std::chrono::steady_clock>, Executor>;

  core(Connection connection, const Executor& executor)
      : connection_(std::move(connection)),
        input_(kInputCapacity),
        write_idle_(executor, timer::time_point::max()),
        read_idle_(executor, timer::time_point::max()) {}

  [[nodiscard]] Connection& connection() noexcept { return connection_; }
  [[nodiscard]] const Connection& connection() const noexcept { return connection_; }

  // The connection's (sticky) error, once it has failed.
  [[nodiscard]] std::optional<boost::system::error_code> failure() const {
    if (!connection_.io_state().failed) return std::nullopt;
    if (auto error = connection_.error()) return make_error_code(*error);
    return std::nullopt;
  }
  // `transport_error`, unless the connection failed: its reason says more.
  [[nodiscard]] boost::system::error_code failure_or(
      const boost::system::error_code& transport_error) const {
    return failure().value_or(transport_error);
  }

  // Offers the received bytes to the connection; true if it took any. It takes everything
  // unless decrypted plaintext waits to be read; a failure becomes the connection's error.
  bool feed() {
    bool took = false;
    while (input_begin_ < input_end_) {
      auto taken = connection_.read_tls(
          std::span<const std::uint8_t>(input_.data() + input_begin_, input_end_ - input_begin_));
      if (!taken || *taken == 0) break;
      input_begin_ += *taken;
      took = true;
    }
    // The space behind input_end_ may be the target of the transport read in flight.
    if (input_begin_ == input_end_ && !reading_) input_begin_ = input_end_ = 0;
    return took;
  }

  // Copies received plaintext into `buffers`, taking further records that were already
  // received as each is used up. Returns the bytes copied.
  template <class MutableBuffers>
  std::size_t read_plaintext(const MutableBuffers& buffers, boost::system::error_code& ec) {
    std::size_t total = 0;
    const auto end = boost::asio::buffer_sequence_end(buffers);
    for (auto it = boost::asio::buffer_sequence_begin(buffers); it != end; ++it) {
      const boost::asio::mutable_buffer buffer(*it);
      std::span<std::uint8_t> out(static_cast<std::uint8_t*>(buffer.data()), buffer.size());
      while (!out.empty()) {
        auto read = connection_.read(out);
        if (!read) {
          ec = make_error_code(read.error());
          return total;
        }
        if (*read == 0) {
          if (!feed()) return total;
          continue;
        }
        out = out.subspan(*read);
        total += *read;
      }
    }
    return total;
  }

  // Reads and drops the plaintext that arrives while closing.
  void discard_plaintext() {
    std::array<std::uint8_t, 4096> scratch;
    boost::system::error_code ignored;  // failure() reports it
    while (read_plaintext(boost::asio::buffer(scratch), ignored) > 0 && !ignored) {
    }
  }

  // The plaintext for one write: at most one record's worth, taken from the first buffer when
  // it holds that much, else gathered from several buffers into gather_ (so that a header in
  // small pieces becomes one record, not one record per piece).
  template <class ConstBuffers>
  [[nodiscard]] std::span<const std::uint8_t> plaintext_to_send(const ConstBuffers& buffers) {
    const auto end = boost::asio::buffer_sequence_end(buffers);
    auto it = boost::asio::buffer_sequence_begin(buffers);
    while (it != end && boost::asio::const_buffer(*it).size() == 0)
      ++it;
    if (it == end) return {};
    const boost::asio::const_buffer first(*it);
    if (first.size() >= kMaxRecordPlaintext || first.size() == boost::asio::buffer_size(buffers)) {
      return {static_cast<const std::uint8_t*>(first.data()),
              std::min(first.size(), kMaxRecordPlaintext)};
    }
    gather_.resize(kMaxRecordPlaintext);  // allocates once
    const std::size_t gathered = boost::asio::buffer_copy(boost::asio::buffer(gather_), buffers);
    return {gather_.data(), gathered};
  }

  [[nodiscard]] bool transport_eof() const noexcept { return transport_eof_; }

  // The transport write: begin_write() moves the connection's output into output_.
  [[nodiscard]] bool has_output() const noexcept { return !connection_.pending_tls().empty(); }
  [[nodiscard]] bool writing() const noexcept { return writing_; }
  // A transport write failed earlier: the stream cannot send any more.
  [[nodiscard]] const boost::system::error_code& write_error() const noexcept {
    return write_error_;
  }
  [[nodiscard]] boost::asio::const_buffer begin_write() {
    const auto pending = connection_.pending_tls();
    output_.assign(pending.begin(), pending.end());
    connection_.consume_tls(pending.size());
    writing_ = true;
    return boost::asio::buffer(output_);
  }
  void end_write(const boost::system::error_code& ec) {
    writing_ = false;
    output_.clear();
    if (ec) write_error_ = ec;
    if (write_waiters_ > 0) write_idle_.cancel();
  }

  // The transport read, into the free space of input_.
  [[nodiscard]] bool reading() const noexcept { return reading_; }
  [[nodiscard]] bool has_input_space() const noexcept {
    return input_end_ - input_begin_ < input_.size();
  }
  [[nodiscard]] boost::asio::mutable_buffer begin_read() {
    if (input_begin_ > 0) {
      std::memmove(input_.data(), input_.data() + input_begin_, input_end_ - input_begin_);
      input_end_ -= input_begin_;
      input_begin_ = 0;
    }
    reading_ = true;
    return boost::asio::buffer(input_.data() + input_end_, input_.size() - input_end_);
  }
  void end_read(const boost::system::error_code& ec, std::size_t received) {
    reading_ = false;
    input_end_ += std::min(received, input_.size() - input_end_);
    if (ec == boost::asio::error::eof) transport_eof_ = true;
    if (read_waiters_ > 0) read_idle_.cancel();
  }

  // Waiting for the other operation's transport write or read to finish.
  [[nodiscard]] timer& begin_wait_for_write() noexcept {
    ++write_waiters_;
    return write_idle_;
  }
  void end_wait_for_write() noexcept { --write_waiters_; }
  [[nodiscard]] timer& begin_wait_for_read() noexcept {
    ++read_waiters_;
    return read_idle_;
  }
  void end_wait_for_read() noexcept { --read_waiters_; }

 private:
  Connection connection_;

  std::vector<std::uint8_t> input_;  // [input_begin_, input_end_) received, not yet taken
  std::size_t input_begin_ = 0;
  std::size_t input_end_ = 0;
  bool transport_eof_ = false;
  bool reading_ = false;

  std::vector<std::uint8_t> output_;  // the transport write in flight
  std::vector<std::uint8_t> gather_;  // plaintext gathered from small buffers
  boost::system::error_code write_error_;
  bool writing_ = false;

  timer write_idle_;
  timer read_idle_;
  std::size_t write_waiters_ = 0;
  std::size_t read_waiters_ = 0;
};

}  // namespace cpptls::asio::detail
