#pragma once
// How cpptls::asio::stream reports errors through boost::system::error_code.
//
// - A TLS failure (a certificate refused, a bad record, a fatal alert from the peer) is the
//   TlsError's error_code() (cpptls::tls_error_category(), include/cpptls/error.hpp): it
//   compares equal to its cpptls::TlsErrorKind and cpptls::TlsErrorCode,
//     if (ec == cpptls::TlsErrorKind::certificate) ...
//   and ec.message() names both ("certificate error: certificate_name_mismatch").
//   stream.connection().error() has the whole TlsError, with the reason that quotes the values
//   ("certificate for www.example.org does not match host example.com"): print that.
// - The end of the data: after the peer's close_notify a read fails with
//   boost::asio::error::eof, as with any stream. A transport that ends without close_notify
//   fails with cpptls::asio::error::stream_truncated instead: an attacker can cut a connection
//   short, so data that ends this way may be incomplete (RFC 8446 6.1, RFC 5246 7.2.1).
// - The adapter's own errors (cpptls::asio::error::stream_errors) below.
// - Transport errors (connection reset, timeouts) pass through unchanged.
// The categories are immutable: safe from any thread.

// clang-format off: the version check comes before any other Boost header, so that an
// old Boost stops with its message, not somewhere inside Asio.
#include "cpptls/asio/detail/boost_version.hpp"
// clang-format on

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/error_condition.hpp>
#include <string>
#include <type_traits>

#include "cpptls/error.hpp"

namespace cpptls::asio {
namespace error {

enum stream_errors {
  // The transport ended without the peer's close_notify.
  stream_truncated = 1,
  // A client stream was made without the server's host name and without
  // ClientConfig::insecure_skip_verification.
  host_name_required,
  // read or write before the handshake completed.
  handshake_required,
  // handshake(server) on a client stream or the other way round.
  wrong_handshake_type,
  // The peer sent close_notify before the handshake completed.
  closed_during_handshake,
};

// boost::system::error_category has a protected non-virtual destructor by design (categories
// are never deleted through it), which -Wnon-virtual-dtor reports for every category.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

namespace detail {

class stream_category_impl final : public boost::system::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "cpptls.asio"; }

  [[nodiscard]] std::string message(int value) const override {
    switch (static_cast<stream_errors>(value)) {
      case stream_truncated:
        return "the peer closed the connection without close_notify, so the data may have "
               "been cut short (RFC 8446 6.1)";
      case host_name_required:
        return "a client stream needs the server's host name: it is sent as SNI and the "
               "server's certificate is checked against it (RFC 9525); an empty name is "
               "accepted only with ClientConfig::insecure_skip_verification";
      case handshake_required:
        return "the TLS handshake has not completed: call handshake() or async_handshake() "
               "first";
      case wrong_handshake_type:
        return "the handshake type does not match the stream: a stream made with a "
               "ClientConfig handshakes as client, one made with a ServerConfig as server";
      case closed_during_handshake:
        return "the peer sent close_notify before the handshake completed";
    }
    return "cpptls.asio error " + std::to_string(value);
  }
};

}  // namespace detail

#pragma GCC diagnostic pop

[[nodiscard]] inline const boost::system::error_category& get_stream_category() noexcept {
  static const detail::stream_category_impl category;
  return category;
}

[[nodiscard]] inline boost::system::error_code make_error_code(stream_errors value) noexcept {
  return {static_cast<int>(value), get_stream_category()};
}

}  // namespace error

// The error code of a connection's error: TlsError::error_code() as a Boost error code (Boost
// 1.78 and later carry a std::error_code unchanged), so it compares equal to its kind and its
// code: ec == cpptls::TlsErrorKind::certificate, ec == cpptls::TlsErrorCode::bad_record_mac.
[[nodiscard]] inline boost::system::error_code make_error_code(const TlsError& error) {
  return boost::system::error_code(error.error_code());
}

}  // namespace cpptls::asio

namespace boost::system {

template <>
struct is_error_code_enum<cpptls::asio::error::stream_errors> : std::true_type {};

}  // namespace boost::system
