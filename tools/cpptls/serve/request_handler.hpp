#pragma once
// What `cpptls serve` answers to one request, decided without any I/O on the connection: the
// response head, then either a small body held in memory (an error page, a directory listing)
// or an open file that the connection streams in chunks.

#include <cstdint>
#include <string>

#include "serve/http_failure.hpp"
#include "serve/open_file.hpp"
#include "serve/path_resolver.hpp"
#include "serve/request_parser.hpp"
#include "serve/response.hpp"

namespace cpptls::tool::serve {

struct Reply {
  ResponseHead head;
  std::string body;        // sent unless the request is HEAD
  OpenFile file;           // else head.content_length bytes of this file
  bool send_body = true;   // false for HEAD
  std::string log_reason;  // why an error status was chosen (for the log)
};

// The reply to a request the parser accepted.
[[nodiscard]] Reply handle_request(const Request& request, const PathResolver& resolver);
// The reply to a request the parser refused: the error status, and the connection closes.
[[nodiscard]] Reply failure_reply(const HttpFailure& failure);

}  // namespace cpptls::tool::serve
