#include "response_parser.hpp"

#include <algorithm>
#include <limits>

#include "http_error.hpp"
#include "text.hpp"

namespace cpptls::tool::http {
namespace {

// RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" /
// "_" / "`" / "|" / "~" / DIGIT / ALPHA.
[[nodiscard]] bool is_token_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

[[nodiscard]] int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[nodiscard]] std::string kib(std::size_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB"
                           : std::to_string(bytes) + " bytes";
}

// The elements of a comma-separated field value (RFC 9110 5.6.1), empty ones skipped.
[[nodiscard]] std::vector<std::string_view> list_elements(std::string_view value) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view element = trim_whitespace(value.substr(0, comma));
    if (!element.empty()) out.push_back(element);
    if (comma == std::string_view::npos) return out;
    value.remove_prefix(comma + 1);
  }
}

// RFC 9110 8.6: Content-Length = 1*DIGIT.
[[nodiscard]] Result<std::uint64_t> parse_content_length(std::string_view text) {
  std::uint64_t value = 0;
  for (const char c : text) {
    if (!is_digit(c)) {
      return response_error("invalid Content-Length " + quote_untrusted(text));
    }
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return response_error("Content-Length " + quote_untrusted(text) + " is too large");
    }
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

std::optional<std::string_view> ResponseHead::find(std::string_view name) const {
  for (const HeaderField& field : fields) {
    if (equals_ignore_case(field.name, name)) return std::string_view(field.value);
  }
  return std::nullopt;
}

std::string ResponseHead::status_line() const {
  std::string line = version + " " + std::to_string(status);
  if (!reason.empty()) line += " " + reason;
  return line;
}

ResponseParser::ResponseParser(bool expect_body, ResponseLimits limits)
    : limits_(limits), expect_body_(expect_body) {}

bool ResponseParser::head_complete() const noexcept {
  return expect_ != Expect::status_line && expect_ != Expect::field_line;
}

bool ResponseParser::complete() const noexcept {
  return expect_ == Expect::nothing;
}

Result<std::size_t> ResponseParser::push(std::span<const std::uint8_t> input,
                                         std::vector<std::uint8_t>& body) {
  if (error_) return *error_;
  if (!input.empty()) received_any_ = true;
  std::size_t used = 0;
  while (used < input.size() && expect_ != Expect::nothing) {
    auto step_used = step(input.subspan(used), body);
    if (!step_used) {
      error_ = step_used.error();
      return *error_;
    }
    used += *step_used;
  }
  return used;
}

Result<std::size_t> ResponseParser::step(std::span<const std::uint8_t> input,
                                         std::vector<std::uint8_t>& body) {
  switch (expect_) {
    case Expect::content:
    case Expect::chunk_data:
    case Expect::content_until_close:
      return step_content(input, body);
    case Expect::status_line:
    case Expect::field_line:
    case Expect::chunk_size_line:
    case Expect::chunk_data_end:
    case Expect::trailer_line:
      return step_line(input);
    case Expect::nothing:
      break;
  }
  return std::size_t{0};
}

std::size_t ResponseParser::step_content(std::span<const std::uint8_t> input,
                                         std::vector<std::uint8_t>& body) {
  const bool counted = expect_ != Expect::content_until_close;
  const std::size_t size =
      counted ? static_cast<std::size_t>(std::min<std::uint64_t>(content_left_, input.size()))
              : input.size();
  const auto payload = input.first(size);
  body.insert(body.end(), payload.begin(), payload.end());
  body_size_ += size;
  if (counted) {
    content_left_ -= size;
    if (content_left_ == 0) {
      expect_ = expect_ == Expect::content ? Expect::nothing : Expect::chunk_data_end;
    }
  }
  return size;
}

Result<std::size_t> ResponseParser::step_line(std::span<const std::uint8_t> input) {
  std::size_t limit = limits_.max_line;
  std::string what = "a line of the response head is longer than " + kib(limits_.max_line);
  if (expect_ == Expect::status_line || expect_ == Expect::field_line) {
    if (limits_.max_head - head_bytes_ < limit) {
      limit = limits_.max_head - head_bytes_;
      what = "the response head is larger than " + kib(limits_.max_head);
    }
  } else if (expect_ == Expect::trailer_line) {
    if (limits_.max_head - trailer_bytes_ < limit) {
      limit = limits_.max_head - trailer_bytes_;
      what = "the chunked trailer is larger than " + kib(limits_.max_head);
    }
  } else if (expect_ == Expect::chunk_size_line) {
    limit = limits_.max_chunk_line;
    what = "a chunk-size line is longer than " + kib(limits_.max_chunk_line);
  } else {
    limit = 2;  // chunk_data_end: CRLF
    what = "chunk data is not followed by CRLF (RFC 9112 7.1)";
  }
  auto progress = take_line(input, limit, what);
  if (!progress) return progress.error();
  if (!progress->complete) return progress->used;

  if (expect_ == Expect::status_line || expect_ == Expect::field_line) {
    head_bytes_ += line_.size();
  } else if (expect_ == Expect::trailer_line) {
    trailer_bytes_ += line_.size();
  }
  // RFC 9112 2.2: a line ends with CRLF; a bare LF is accepted as its end, a bare CR is not.
  std::string_view line(line_);
  line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line.find('\r') != std::string_view::npos) {
    return response_error("a line of the response holds a CR without LF: " + quote_untrusted(line));
  }
  auto handled = on_line(line);
  line_.clear();
  if (!handled) return handled.error();
  return progress->used;
}

Result<ResponseParser::LineProgress> ResponseParser::take_line(std::span<const std::uint8_t> input,
                                                               std::size_t limit,
                                                               std::string_view what) {
  LineProgress progress;
  while (progress.used < input.size() && !progress.complete) {
    progress.complete = input[progress.used] == '\n';
    ++progress.used;
  }
  if (line_.size() + progress.used > limit) return response_error(std::string(what));
  for (const std::uint8_t byte : input.first(progress.used))
    line_ += static_cast<char>(byte);
  return progress;
}

Result<void> ResponseParser::on_line(std::string_view line) {
  switch (expect_) {
    case Expect::status_line:
      return on_status_line(line);
    case Expect::field_line:
      if (line.empty()) return on_head_end();
      return on_field_line(line, head_.fields);
    case Expect::chunk_size_line:
      return on_chunk_size_line(line);
    case Expect::chunk_data_end:
      if (!line.empty()) {
        return response_error("chunk data is not followed by CRLF (RFC 9112 7.1)");
      }
      expect_ = Expect::chunk_size_line;
      return {};
    case Expect::trailer_line:
      if (line.empty()) {
        expect_ = Expect::nothing;
        return {};
      }
      return on_field_line(line, trailer_);
    case Expect::content:
    case Expect::chunk_data:
    case Expect::content_until_close:
    case Expect::nothing:
      break;
  }
  return response_error("a line where none was expected");
}

// RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
Result<void> ResponseParser::on_status_line(std::string_view line) {
  const auto malformed = [&] {
    return response_error("the server did not answer with an HTTP/1.1 status line: " +
                          quote_untrusted(line));
  };
  // "HTTP/" DIGIT "." DIGIT SP 3DIGIT
  if (line.size() < 12 || !line.starts_with("HTTP/") || !is_digit(line[5]) || line[6] != '.' ||
      !is_digit(line[7]) || line[8] != ' ') {
    return malformed();
  }
  if (line[5] != '1') {
    return response_error("the server answered with " + quote_untrusted(line.substr(0, 8)) +
                          ", cpptls get speaks HTTP/1.1");
  }
  int status = 0;
  for (const char c : line.substr(9, 3)) {
    if (!is_digit(c)) return malformed();
    status = status * 10 + (c - '0');
  }
  // RFC 9110 15: status codes are 100..599. The SP before an empty reason phrase is often
  // left out, so it is optional here.
  const std::string_view after = line.substr(12);
  if (status < 100 || status > 599 || (!after.empty() && after.front() != ' ')) {
    return malformed();
  }
  const std::string_view reason = after.empty() ? after : after.substr(1);
  if (has_forbidden_control(reason)) return malformed();
  head_ = ResponseHead{std::string(line.substr(0, 8)), status, std::string(reason), {}};
  expect_ = Expect::field_line;
  return {};
}

// RFC 9112 5: field-line = field-name ":" OWS field-value OWS.
Result<void> ResponseParser::on_field_line(std::string_view line,
                                           std::vector<HeaderField>& fields) {
  if (line.front() == ' ' || line.front() == '\t') {
    // RFC 9112 5.2: a user agent replaces obs-fold with a space. Before any field it is
    // whitespace after the start line, which RFC 9112 2.2 makes an error.
    if (fields.empty()) {
      return response_error("whitespace before the first header field");
    }
    const std::string_view more = trim_whitespace(line);
    if (has_forbidden_control(more)) {
      return response_error("control character in header field " +
                            quote_untrusted(fields.back().name));
    }
    fields.back().value += ' ';
    fields.back().value += more;
    return {};
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return response_error("malformed header line " + quote_untrusted(line));
  }
  const std::string_view name = line.substr(0, colon);
  // Also refuses whitespace between the name and the colon (RFC 9112 5.1).
  if (!std::all_of(name.begin(), name.end(), is_token_char)) {
    return response_error("invalid header field name " + quote_untrusted(name));
  }
  const std::string_view value = trim_whitespace(line.substr(colon + 1));
  if (has_forbidden_control(value)) {
    return response_error("control character in header field " + quote_untrusted(name));
  }
  if (fields.size() >= limits_.max_fields) {
    return response_error("more than " + std::to_string(limits_.max_fields) + " header fields");
  }
  fields.push_back({std::string(name), std::string(value)});
  return {};
}

Result<void> ResponseParser::on_head_end() {
  if (head_.status < 200) {
    // RFC 9110 15.2: interim responses precede the final one. 101 would switch protocols,
    // which this client never asks for.
    if (head_.status == 101) {
      return response_error("the server switched protocols (101) without being asked to");
    }
    interim_.push_back(std::move(head_));
    head_ = {};
    if (interim_.size() > limits_.max_interim) {
      return response_error("more than " + std::to_string(limits_.max_interim) +
                            " interim (1xx) responses");
    }
    expect_ = Expect::status_line;
    return {};
  }
  auto framing = choose_framing();
  if (!framing) return framing.error();
  framing_ = *framing;
  switch (framing_) {
    case BodyFraming::none:
      expect_ = Expect::nothing;
      break;
    case BodyFraming::content_length:
      expect_ = content_left_ == 0 ? Expect::nothing : Expect::content;
      break;
    case BodyFraming::chunked:
      expect_ = Expect::chunk_size_line;
      break;
    case BodyFraming::until_close:
      expect_ = Expect::content_until_close;
      break;
  }
  return {};
}

// RFC 9112 6.3, in its order.
Result<BodyFraming> ResponseParser::choose_framing() {
  if (!expect_body_ || head_.status == 204 || head_.status == 304) return BodyFraming::none;
  bool has_transfer_encoding = false;
  bool has_content_length = false;
  std::vector<std::string> codings;
  std::vector<std::string_view> lengths;
  for (const HeaderField& field : head_.fields) {
    if (equals_ignore_case(field.name, "transfer-encoding")) {
      has_transfer_encoding = true;
      for (const std::string_view coding : list_elements(field.value)) {
        codings.push_back(to_lower(coding));
      }
    } else if (equals_ignore_case(field.name, "content-length")) {
      has_content_length = true;
      // RFC 9110 8.6: a list of identical values may be accepted as one.
      const auto elements = list_elements(field.value);
      if (elements.empty()) {
        return response_error("empty Content-Length");
      }
      lengths.insert(lengths.end(), elements.begin(), elements.end());
    }
  }
  if (has_transfer_encoding) {
    // RFC 9112 6.3 (3): both fields "ought to be handled as an error" (request smuggling or
    // response splitting); RFC 9112 6.1: so is Transfer-Encoding in an HTTP/1.0 message.
    if (has_content_length) {
      return response_error("the response has both Transfer-Encoding and Content-Length");
    }
    if (head_.version == "HTTP/1.0") {
      return response_error("an HTTP/1.0 response with Transfer-Encoding");
    }
    if (codings.size() != 1 || codings.front() != "chunked") {
      std::string list;
      for (const std::string& coding : codings)
        list += (list.empty() ? "" : ", ") + coding;
      return response_error("Transfer-Encoding " + quote_untrusted(list) +
                            " is not supported (only chunked)");
    }
    return BodyFraming::chunked;
  }
  if (has_content_length) {
    std::optional<std::uint64_t> length;
    for (const std::string_view text : lengths) {
      auto value = parse_content_length(text);
      if (!value) return value.error();
      // RFC 9112 6.3 (5): differing values make the framing invalid.
      if (length && *length != *value) {
        return response_error("conflicting Content-Length values " + std::to_string(*length) +
                              " and " + std::to_string(*value));
      }
      length = *value;
    }
    content_left_ = *length;
    content_length_ = *length;
    return BodyFraming::content_length;
  }
  return BodyFraming::until_close;
}

// RFC 9112 7.1: chunk-size [ chunk-ext ] CRLF, chunk-size = 1*HEXDIG,
// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), ignored here.
Result<void> ResponseParser::on_chunk_size_line(std::string_view line) {
  std::uint64_t size = 0;
  std::size_t digits = 0;
  while (digits < line.size() && hex_value(line[digits]) >= 0) {
    size = size * 16 + static_cast<std::uint64_t>(hex_value(line[digits]));
    ++digits;
    // Checked at each digit: size stays below 16 * max_chunk_size, far from overflow.
    if (size > limits_.max_chunk_size) {
      return response_error("a chunk size above " + std::to_string(limits_.max_chunk_size) +
                            " bytes: " + quote_untrusted(line));
    }
  }
  const std::string_view extensions = trim_whitespace(line.substr(digits));
  if (digits == 0 || (!extensions.empty() && extensions.front() != ';') ||
      has_forbidden_control(extensions)) {
    return response_error("malformed chunk-size line " + quote_untrusted(line));
  }
  if (size == 0) {
    expect_ = Expect::trailer_line;  // the last chunk (RFC 9112 7.1.2)
  } else {
    content_left_ = size;
    expect_ = Expect::chunk_data;
  }
  return {};
}

Result<void> ResponseParser::finish() {
  if (error_) return *error_;
  const std::string got = std::to_string(body_size_);
  switch (expect_) {
    case Expect::nothing:
      return {};
    case Expect::content_until_close:
      expect_ = Expect::nothing;
      return {};
    case Expect::status_line:
    case Expect::field_line:
      error_ = response_error(received_any_ ? "the response ended inside its head"
                                            : "the server closed the connection without "
                                              "sending a response",
                              TlsErrorCode::truncated);
      break;
    case Expect::content:
      error_ = response_error("the body ended after " + got + " of " +
                                  std::to_string(content_length_) + " bytes (Content-Length)",
                              TlsErrorCode::truncated);
      break;
    case Expect::chunk_size_line:
    case Expect::chunk_data:
    case Expect::chunk_data_end:
    case Expect::trailer_line:
      error_ = response_error(
          "the chunked body ended before its last chunk (" + got + " bytes received)",
          TlsErrorCode::truncated);
      break;
  }
  return *error_;
}

}  // namespace cpptls::tool::http
