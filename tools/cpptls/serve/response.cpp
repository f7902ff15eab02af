#include "serve/response.hpp"

#include <array>

namespace cpptls::tool::serve {

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string http_date(std::time_t time) {
  std::tm utc{};
  ::gmtime_r(&time, &utc);
  std::array<char, 64> text{};
  // strftime's %a and %b follow the locale; the C locale is the one the tool runs in.
  const std::size_t size =
      std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text.data(), size);
}

std::string error_page(int status) {
  const std::string title = std::to_string(status) + " " + std::string(reason_phrase(status));
  return "<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><h1>" + title +
         "</h1></body></html>\n";
}

std::string ResponseHead::serialize() const {
  std::string head =
      "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
  head += "Date: " + http_date(std::time(nullptr)) + "\r\n";
  head += "Server: cpptls-serve\r\n";
  if (!content_type.empty()) head += "Content-Type: " + content_type + "\r\n";
  head += "Content-Length: " + std::to_string(content_length) + "\r\n";
  if (last_modified) head += "Last-Modified: " + http_date(*last_modified) + "\r\n";
  // The browser must not guess a type other than the one sent (a .txt as HTML).
  head += "X-Content-Type-Options: nosniff\r\n";
  for (const auto& [name, value] : extra_fields)
    head += name + ": " + value + "\r\n";
  head += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  head += "\r\n";
  return head;
}

}  // namespace cpptls::tool::serve
