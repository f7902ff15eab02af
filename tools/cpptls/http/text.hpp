#pragma once
// Small helpers for the text of HTTP messages and URLs, which comes from the server and is
// untrusted: case-insensitive comparison (RFC 9110 5.1), optional whitespace (RFC 9110 5.6.3),
// and a safe quotation for error messages.

#include <string>
#include <string_view>

namespace cpptls::tool::http {

[[nodiscard]] constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
[[nodiscard]] constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
[[nodiscard]] constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] std::string to_lower(std::string_view text);
[[nodiscard]] bool equals_ignore_case(std::string_view a, std::string_view b) noexcept;

// `text` without leading and trailing spaces and tabs (OWS).
[[nodiscard]] std::string_view trim_whitespace(std::string_view text) noexcept;

// A control character other than HTAB (RFC 5234 CTL): never valid in a field value, reason
// phrase or chunk extension (RFC 9110 5.5).
[[nodiscard]] constexpr bool is_forbidden_control(char c) noexcept {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && byte != '\t') || byte == 0x7f;
}
[[nodiscard]] bool has_forbidden_control(std::string_view text) noexcept;

// `text` with every byte outside printable ASCII as \xNN: header values and reason phrases may
// hold obs-text (RFC 9110 5.5), which a terminal could read as control sequences (UTF-8 C1).
[[nodiscard]] std::string escaped(std::string_view text);

// `&<>"'` as character references, for text and attribute values in HTML (the directory
// listing of `serve`, the page of `demo --html`).
[[nodiscard]] std::string html_escape(std::string_view text);

// 'text' in quotes for an error message: at most 80 characters, anything unprintable as \xNN,
// so that hostile bytes cannot reach the user's terminal.
[[nodiscard]] std::string quote_untrusted(std::string_view text);

}  // namespace cpptls::tool::http
