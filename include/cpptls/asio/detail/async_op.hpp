#pragma once
// The asynchronous form of an operation: the body of boost::asio::async_compose, so that any
// completion token works (callbacks, use_future, use_awaitable, yield_context, deferred).
// Each resumption tells the driver what finished (a transport write, a transport read, a
// wait for the other operation's transport I/O) and starts what the driver asks for next.
//
// An operation that can complete without touching the transport (a read of plaintext already
// received, a zero-length write, an error) still never calls its handler from inside the
// initiating function: it posts itself to the stream's executor first, as asio requires.

#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "cpptls/asio/detail/operations.hpp"

namespace cpptls::asio::detail {

template <class NextLayer, class Core, class Op>
class async_op {
 public:
  async_op(NextLayer& next_layer, Core& core, Op op)
      : next_layer_(&next_layer), driver_(core, std::move(op)) {}

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec = {}, std::size_t bytes = 0) {
    Core& core = driver_.core();
    const bool initiating = resumed_by_ == resumed_by::nothing;
    switch (resumed_by_) {
      case resumed_by::nothing:
        break;
      case resumed_by::write:
        driver_.on_written(ec);
        break;
      case resumed_by::read:
        driver_.on_read(ec, bytes);
        break;
      // The timer wait ends when the other operation's transport I/O does: look again. Unless
      // the caller cancelled this operation (per-operation cancellation).
      case resumed_by::write_wait:
        core.end_wait_for_write();
        if (self.cancelled() != boost::asio::cancellation_type::none) {
          driver_.abort(boost::asio::error::operation_aborted);
        }
        break;
      case resumed_by::read_wait:
        core.end_wait_for_read();
        if (self.cancelled() != boost::asio::cancellation_type::none) {
          driver_.abort(boost::asio::error::operation_aborted);
        }
        break;
      case resumed_by::post:
        return complete(self);
    }
    switch (driver_.next()) {
      case action::write:
        resumed_by_ = resumed_by::write;
        boost::asio::async_write(*next_layer_, core.begin_write(), std::move(self));
        return;
      case action::read:
        resumed_by_ = resumed_by::read;
        next_layer_->async_read_some(core.begin_read(), std::move(self));
        return;
      case action::wait_for_write:
        resumed_by_ = resumed_by::write_wait;
        core.begin_wait_for_write().async_wait(std::move(self));
        return;
      case action::wait_for_read:
        resumed_by_ = resumed_by::read_wait;
        core.begin_wait_for_read().async_wait(std::move(self));
        return;
      case action::complete:
        if (initiating) {
          resumed_by_ = resumed_by::post;
          boost::asio::post(self.get_io_executor(), std::move(self));
          return;
        }
        return complete(self);
    }
  }

 private:
  enum class resumed_by : std::uint8_t { nothing, write, read, write_wait, read_wait, post };

  template <class Self>
  void complete(Self& self) {
    // complete() destroys this object: copy the outcome out first.
    const outcome result = driver_.result();
    if constexpr (Op::reports_bytes) {
      self.complete(result.ec, result.bytes);
    } else {
      self.complete(result.ec);
    }
  }

  NextLayer* next_layer_;
  driver<Core, Op> driver_;
  resumed_by resumed_by_ = resumed_by::nothing;
};

}  // namespace cpptls::asio::detail
