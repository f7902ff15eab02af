#pragma once
// The head of a response of `cpptls serve` (RFC 9112 4, RFC 9110 15), and the small HTML body
// of an error.

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cpptls::tool::serve {

struct ResponseHead {
  int status = 200;
  std::string content_type;
  std::uint64_t content_length = 0;
  std::optional<std::time_t> last_modified;
  bool keep_alive = true;
  std::vector<std::pair<std::string, std::string>> extra_fields;  // Allow, Location

  // "HTTP/1.1 200 OK\r\n...\r\n\r\n", with Date, Server and Connection.
  [[nodiscard]] std::string serialize() const;
};

[[nodiscard]] std::string_view reason_phrase(int status) noexcept;
// IMF-fixdate (RFC 9110 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
[[nodiscard]] std::string http_date(std::time_t time);
// "<h1>404 Not Found</h1>" as a page.
[[nodiscard]] std::string error_page(int status);

}  // namespace cpptls::tool::serve
