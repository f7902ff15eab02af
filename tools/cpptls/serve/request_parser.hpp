#pragma once
// An HTTP/1.1 request head parser (RFC 9112 2-5) for `cpptls serve`, fed with the bytes of a
// connection as they arrive. Every byte is the client's and hostile: the head is bounded (its
// end must come within max_head bytes, else 431), so are the number of fields; anything
// malformed is a failure carrying the status to answer with (400, 431, 501, 505).
//
//   RequestParser parser;
//   std::size_t used = 0;
//   auto state = parser.push(bytes, used);  // bytes after `used` belong to the next request
//   if (!state) answer(state.error().status) and close;
//   else if (*state == RequestParser::State::complete) serve(parser.request());

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "serve/http_failure.hpp"

namespace cpptls::tool::serve {

struct RequestField {
  std::string name;   // as received; compared case-insensitively (RFC 9110 5.1)
  std::string value;  // without surrounding whitespace
};

struct Request {
  std::string method;     // case-sensitive (RFC 9110 9.1)
  std::string target;     // the request-target as sent
  int minor_version = 1;  // HTTP/1.0 or HTTP/1.1
  std::vector<RequestField> fields;
  std::uint64_t content_length = 0;  // a body the server does not read: it closes after it

  // The first field named `name`, if any.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const;
  // Whether the connection stays open after the response (RFC 9112 9.3): HTTP/1.1 unless
  // "Connection: close", HTTP/1.0 only with "Connection: keep-alive"; never after a body.
  [[nodiscard]] bool keep_alive() const;
};

struct RequestLimits {
  std::size_t max_head = 8 * 1024;  // request line and fields, blank line included
  std::size_t max_fields = 100;
};

class RequestParser {
 public:
  enum class State : std::uint8_t { need_more, complete };

  explicit RequestParser(RequestLimits limits = {}) : limits_(limits) {}

  // Takes bytes up to the end of one head; `used` says how many. After complete or a failure,
  // reset() before the next request.
  [[nodiscard]] HttpResult<State> push(std::span<const std::uint8_t> bytes, std::size_t& used);
  // The request once push() said complete.
  [[nodiscard]] const Request& request() const noexcept { return request_; }
  // Whether any byte of a head has arrived (an idle connection has none).
  [[nodiscard]] bool started() const noexcept { return !head_.empty(); }
  void reset();

 private:
  [[nodiscard]] HttpResult<State> parse_head();

  RequestLimits limits_;
  std::string head_;
  std::size_t skipped_blank_lines_ = 0;
  Request request_;
};

}  // namespace cpptls::tool::serve
