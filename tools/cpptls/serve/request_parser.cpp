#include "serve/request_parser.hpp"

#include <charconv>

#include "http/text.hpp"

namespace cpptls::tool::serve {
namespace {

// RFC 9112 2.2: empty lines before the request line are ignored; a few, not forever.
constexpr std::size_t kMaxLeadingBlankBytes = 16;
constexpr std::uint64_t kMaxContentLength = 1ULL << 53;

// tchar (RFC 9110 5.6.2).
[[nodiscard]] bool is_token_char(char c) noexcept {
  return http::is_digit(c) || http::is_alpha(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

[[nodiscard]] bool is_token(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

// A request-target is visible ASCII only (RFC 9112 3.2, RFC 3986 2): no spaces, no controls,
// no bytes above 0x7e.
[[nodiscard]] bool is_target(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return false;
  }
  return true;
}

// Does the comma-separated field value hold `token` (case-insensitive)?
[[nodiscard]] bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view item = http::trim_whitespace(list.substr(0, comma));
    if (http::equals_ignore_case(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

[[nodiscard]] HttpResult<int> parse_version(std::string_view text) {
  if (text == "HTTP/1.1") return 1;
  if (text == "HTTP/1.0") return 0;
  // RFC 9112 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; another major version is 505.
  if (text.size() == 8 && text.starts_with("HTTP/") && http::is_digit(text[5]) && text[6] == '.' &&
      http::is_digit(text[7])) {
    return http_failure(505, "HTTP version " + std::string(text) + " is not supported");
  }
  return http_failure(400, "malformed HTTP version " + http::quote_untrusted(text));
}

[[nodiscard]] HttpResult<void> parse_request_line(std::string_view line, Request& request) {
  const std::size_t first = line.find(' ');
  const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) {
    return http_failure(400, "malformed request line " + http::quote_untrusted(line));
  }
  const std::string_view method = line.substr(0, first);
  const std::string_view target = line.substr(first + 1, second - first - 1);
  if (!is_token(method))
    return http_failure(400, "malformed method " + http::quote_untrusted(method));
  if (!is_target(target)) {
    return http_failure(400, "malformed request target " + http::quote_untrusted(target));
  }
  auto version = parse_version(line.substr(second + 1));
  if (!version) return Unexpected<HttpFailure>(std::move(version.error()));
  request.method = std::string(method);
  request.target = std::string(target);
  request.minor_version = *version;
  return {};
}

[[nodiscard]] HttpResult<void> parse_field(std::string_view line, Request& request) {
  // RFC 9112 5.2: obs-fold may be rejected with 400.
  if (line.front() == ' ' || line.front() == '\t') {
    return http_failure(400, "folded header line (obs-fold)");
  }
  const std::size_t colon = line.find(':');
  // RFC 9112 5.1: no whitespace between the name and the colon.
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
    return http_failure(400, "malformed header line " + http::quote_untrusted(line));
  }
  const std::string_view value = http::trim_whitespace(line.substr(colon + 1));
  if (http::has_forbidden_control(value)) {
    return http_failure(
        400, "control character in header " + http::quote_untrusted(line.substr(0, colon)));
  }
  request.fields.push_back({std::string(line.substr(0, colon)), std::string(value)});
  return {};
}

// RFC 9112 6.1-6.3 and 3.2: what frames a body and names the host.
[[nodiscard]] HttpResult<void> check_fields(Request& request) {
  std::size_t hosts = 0;
  std::optional<std::uint64_t> length;
  for (const RequestField& field : request.fields) {
    if (http::equals_ignore_case(field.name, "Host")) ++hosts;
    if (http::equals_ignore_case(field.name, "Transfer-Encoding")) {
      return http_failure(501, "request bodies (Transfer-Encoding) are not accepted");
    }
    if (!http::equals_ignore_case(field.name, "Content-Length")) continue;
    std::uint64_t value = 0;
    const char* end = field.value.data() + field.value.size();
    const auto [stop, status] = std::from_chars(field.value.data(), end, value);
    if (field.value.empty() || status != std::errc() || stop != end ||
        !http::is_digit(field.value.front()) || value > kMaxContentLength) {
      return http_failure(400, "malformed Content-Length " + http::quote_untrusted(field.value));
    }
    if (length && *length != value) return http_failure(400, "conflicting Content-Length fields");
    length = value;
  }
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, or with more
  // than one.
  if (hosts > 1 || (hosts == 0 && request.minor_version == 1)) {
    return http_failure(400, hosts > 1 ? "more than one Host field" : "no Host field");
  }
  request.content_length = length.value_or(0);
  return {};
}

}  // namespace

std::optional<std::string_view> Request::find(std::string_view name) const {
  for (const RequestField& field : fields) {
    if (http::equals_ignore_case(field.name, name)) return field.value;
  }
  return std::nullopt;
}

bool Request::keep_alive() const {
  if (content_length > 0) return false;  // the body is not read, so the framing is lost
  bool close = false;
  bool keep = false;
  for (const RequestField& field : fields) {
    if (!http::equals_ignore_case(field.name, "Connection")) continue;
    close = close || has_token(field.value, "close");
    keep = keep || has_token(field.value, "keep-alive");
  }
  if (close) return false;
  return minor_version == 1 || keep;
}

void RequestParser::reset() {
  head_.clear();
  skipped_blank_lines_ = 0;
  request_ = Request{};
}

HttpResult<RequestParser::State> RequestParser::push(std::span<const std::uint8_t> bytes,
                                                     std::size_t& used) {
  used = 0;
  for (const std::uint8_t byte : bytes) {
    ++used;
    const char c = static_cast<char>(byte);
    if (head_.empty() && (c == '\r' || c == '\n')) {
      if (++skipped_blank_lines_ > kMaxLeadingBlankBytes) {
        return http_failure(400, "too many empty lines before the request line");
      }
      continue;
    }
    if (head_.size() >= limits_.max_head) {
      return http_failure(
          431, "request head longer than " + std::to_string(limits_.max_head) + " bytes");
    }
    head_ += c;
    // The head ends with an empty line: CRLF CRLF, or bare LFs (RFC 9112 2.2 allows them).
    if (c == '\n' && (head_.ends_with("\n\n") || head_.ends_with("\n\r\n"))) return parse_head();
  }
  return State::need_more;
}

HttpResult<RequestParser::State> RequestParser::parse_head() {
  request_ = Request{};
  std::string_view rest = head_;
  bool first = true;
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');  // always found: the head ends with one
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    // RFC 9112 2.2: a bare CR elsewhere is invalid.
    if (line.find('\r') != std::string_view::npos) return http_failure(400, "bare CR in the head");
    if (line.empty()) break;  // the end of the head
    if (first) {
      if (auto parsed = parse_request_line(line, request_); !parsed) {
        return Unexpected<HttpFailure>(std::move(parsed.error()));
      }
      first = false;
      continue;
    }
    if (request_.fields.size() >= limits_.max_fields) {
      return http_failure(431,
                          "more than " + std::to_string(limits_.max_fields) + " header fields");
    }
    if (auto parsed = parse_field(line, request_); !parsed) {
      return Unexpected<HttpFailure>(std::move(parsed.error()));
    }
  }
  if (first) return http_failure(400, "no request line");
  if (auto checked = check_fields(request_); !checked) {
    return Unexpected<HttpFailure>(std::move(checked.error()));
  }
  return State::complete;
}

}  // namespace cpptls::tool::serve
