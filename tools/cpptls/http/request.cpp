#include "request.hpp"

namespace cpptls::tool::http {

std::string_view method_name(Method method) noexcept {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
  }
  return "GET";
}

std::string encode_request(Method method, const Url& url, std::string_view user_agent) {
  std::string out;
  out += method_name(method);
  out += ' ';
  out += url.target;  // parse_url let no space, CR or LF into it
  out += " HTTP/1.1\r\n";
  out += "Host: " + url.authority() + "\r\n";  // RFC 9112 3.2: required in HTTP/1.1
  out += "User-Agent: ";
  out += user_agent;
  out += "\r\n";
  out += "Accept: */*\r\n";
  out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

}  // namespace cpptls::tool::http
