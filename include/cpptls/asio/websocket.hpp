#pragma once
// Boost.Beast WebSocket over cpptls::asio::stream: include this beside
// <boost/beast/websocket.hpp> and use boost::beast::websocket::stream<cpptls::asio::stream<...>>.
//
// When a WebSocket connection closes, Beast "tears down" the layer under it through these
// overloads (found by argument-dependent lookup): TLS close_notify both ways, then the next
// layer's own teardown (for TCP: shutdown, read to the end, close), as Beast does for its
// OpenSSL stream. Thread-safety: that of the stream (one strand).
//
// By then the WebSocket close handshake has ended the application data (RFC 6455 1.4), so a
// peer that closes TCP without answering our close_notify (error::stream_truncated) has cut
// nothing short: teardown treats that as success.

#include <boost/asio/compose.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/system/error_code.hpp>
#include <utility>

#include "cpptls/asio/error.hpp"
#include "cpptls/asio/stream.hpp"

namespace cpptls::asio {
namespace detail {

[[nodiscard]] inline boost::system::error_code after_close_frames(
    const boost::system::error_code& ec) {
  return ec == error::stream_truncated ? boost::system::error_code() : ec;
}

template <class NextLayer>
class teardown_op {
 public:
  teardown_op(stream<NextLayer>& tls, boost::beast::role_type role) : tls_(&tls), role_(role) {}

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec = {}) {
    switch (step_) {
      case step::start:
        step_ = step::tls_closed;
        tls_->async_shutdown(std::move(self));
        return;
      case step::tls_closed: {
        tls_error_ = after_close_frames(ec);
        step_ = step::next_layer_closed;
        using boost::beast::websocket::async_teardown;
        async_teardown(role_, tls_->next_layer(), std::move(self));
        return;
      }
      case step::next_layer_closed:
        self.complete(tls_error_ ? tls_error_ : ec);
        return;
    }
  }

 private:
  enum class step : unsigned char { start, tls_closed, next_layer_closed };

  stream<NextLayer>* tls_;
  boost::beast::role_type role_;
  boost::system::error_code tls_error_;
  step step_ = step::start;
};

}  // namespace detail

template <class NextLayer>
void teardown(boost::beast::role_type role, stream<NextLayer>& tls, boost::system::error_code& ec) {
  tls.shutdown(ec);
  ec = detail::after_close_frames(ec);
  using boost::beast::websocket::teardown;
  boost::system::error_code next_layer_ec;
  teardown(role, tls.next_layer(), next_layer_ec);
  if (!ec) ec = next_layer_ec;
}

template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, stream<NextLayer>& tls,
                    TeardownHandler&& handler) {
  boost::asio::async_compose<TeardownHandler, void(boost::system::error_code)>(
      detail::teardown_op<NextLayer>(tls, role), handler, tls);
}

}  // namespace cpptls::asio
