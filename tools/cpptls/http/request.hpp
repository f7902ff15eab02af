#pragma once
// The request `cpptls get` sends: one HTTP/1.1 request head (RFC 9112 3), no body.

#include <cstdint>
#include <string>
#include <string_view>

#include "url.hpp"

namespace cpptls::tool::http {

enum class Method : std::uint8_t { get, head };

[[nodiscard]] std::string_view method_name(Method method) noexcept;

// "GET /path HTTP/1.1\r\nHost: ...\r\nUser-Agent: ...\r\nAccept: */*\r\nConnection: close\r\n\r\n".
// "Connection: close" asks the server to close after this response (RFC 9112 9.6), as each
// fetch uses its own connection.
[[nodiscard]] std::string encode_request(Method method, const Url& url,
                                         std::string_view user_agent);

}  // namespace cpptls::tool::http
