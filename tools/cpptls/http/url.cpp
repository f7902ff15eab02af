#include "url.hpp"

#include <arpa/inet.h>

#include <array>
#include <vector>

#include "http_error.hpp"
#include "text.hpp"

namespace cpptls::tool::http {
namespace {

constexpr std::size_t kMaxHostLength = 253;  // RFC 1035 2.3.4, without the final dot

// RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':'. The scheme's
// length, or 0 when `text` does not start with one (a relative reference).
[[nodiscard]] std::size_t scheme_length(std::string_view text) noexcept {
  if (text.empty() || !is_alpha(text[0])) return 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') return i;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

[[nodiscard]] Result<void> check_characters(std::string_view text) {
  if (text.size() > kMaxUrlLength) {
    return url_error("URL longer than " + std::to_string(kMaxUrlLength) +
                     " bytes: " + quote_untrusted(text));
  }
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    // CR and LF would end the request line early (request splitting); no control character
    // belongs in a URL (RFC 3986 2).
    if (byte < 0x20 || byte == 0x7f) {
      return url_error("URL contains a control character: " + quote_untrusted(text));
    }
  }
  return {};
}

// Spaces and non-ASCII bytes as %XX (RFC 3986 2.1), as browsers send a Location that has them.
[[nodiscard]] std::string percent_encode_unsafe(std::string_view text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == ' ' || byte > 0x7e) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 3986 5.2.4 for an absolute path: "." segments go, ".." removes the segment before it
// (never above the root); a path ending in "." or ".." keeps its final '/'.
[[nodiscard]] std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  std::string_view rest = path.substr(1);  // after the leading '/'
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (segment == "." || segment == "..") {
      if (segment == ".." && !kept.empty()) kept.pop_back();
      if (last) kept.emplace_back();
    } else {
      kept.push_back(segment);
    }
    if (last) break;
    rest.remove_prefix(slash + 1);
  }
  std::string out;
  for (const std::string_view segment : kept) {
    out += '/';
    out += segment;
  }
  return out.empty() ? "/" : out;
}

struct PathAndQuery {
  std::string_view path;
  std::string_view query;  // with its '?', empty when absent
  bool has_query = false;
};

// Splits "path?query#fragment", dropping the fragment (never sent, RFC 9110 4.2.4).
[[nodiscard]] PathAndQuery split_path(std::string_view text) {
  text = text.substr(0, text.find('#'));
  const std::size_t question = text.find('?');
  if (question == std::string_view::npos) return {text, {}, false};
  return {text.substr(0, question), text.substr(question), true};
}

// The origin-form target of an absolute path (or none) and a query.
[[nodiscard]] std::string make_target(std::string_view path, std::string_view query) {
  const std::string absolute = path.empty() ? "/" : std::string(path);
  return percent_encode_unsafe(remove_dot_segments(absolute) + std::string(query));
}

[[nodiscard]] Result<std::uint16_t> parse_port(std::string_view port, std::string_view url) {
  if (port.empty()) return std::uint16_t{443};  // "host:" means the default (RFC 3986 3.2.3)
  unsigned value = 0;
  bool digits = port.size() <= 5;
  for (const char c : port) {
    if (!is_digit(c)) digits = false;
    if (digits) value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (!digits || value == 0 || value > 65535) {
    return url_error("bad port in " + quote_untrusted(url) + " (the port is 1..65535)");
  }
  return static_cast<std::uint16_t>(value);
}

[[nodiscard]] Result<void> check_dns_host(std::string_view host, std::string_view url) {
  if (host.empty()) return url_error("no host in " + quote_untrusted(url));
  if (host.size() > kMaxHostLength) return url_error("host name too long in URL");
  for (const char c : host) {
    // Letters, digits, '-' and '.' (RFC 1123 2.1), and '_' that some private names use. An
    // IPv4 address is digits and dots. Percent-encoded hosts are not supported.
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_') {
      return url_error("bad character in the host of " + quote_untrusted(url));
    }
  }
  return {};
}

// "host[:port]" or "[v6][:port]" into url.host and url.port.
[[nodiscard]] Result<void> parse_authority(std::string_view authority, std::string_view text,
                                           Url& url) {
  if (authority.find('@') != std::string_view::npos) {
    return url_error("user names and passwords in URLs are not supported: " +
                     quote_untrusted(text));
  }
  std::string_view host;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return url_error("unclosed '[' in the host of " + quote_untrusted(text));
    }
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return url_error("unexpected text after ']' in " + quote_untrusted(text));
    }
    has_port = !after.empty();
    if (has_port) port = after.substr(1);
    // RFC 3986 3.2.2 IP-literal; zone identifiers (RFC 6874) are not supported.
    std::array<unsigned char, 16> address{};
    if (::inet_pton(AF_INET6, std::string(host).c_str(), address.data()) != 1) {
      return url_error("bad IPv6 address in " + quote_untrusted(text));
    }
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    has_port = colon != std::string_view::npos;
    if (has_port) port = authority.substr(colon + 1);
    if (auto checked = check_dns_host(host, text); !checked) return checked;
  }
  auto number = parse_port(port, text);
  if (!number) return number.error();
  url.host = to_lower(host);
  url.port = *number;
  return {};
}

}  // namespace

bool Url::host_is_ipv6() const noexcept {
  return host.find(':') != std::string::npos;
}

std::string Url::authority() const {
  std::string out = host_is_ipv6() ? "[" + host + "]" : host;
  if (port != 443) out += ":" + std::to_string(port);
  return out;
}

std::string Url::to_string() const {
  return "https://" + authority() + target;
}

Result<Url> parse_url(std::string_view text) {
  if (auto checked = check_characters(text); !checked) return checked.error();
  const std::size_t scheme_size = scheme_length(text);
  if (scheme_size == 0) {
    return url_error(quote_untrusted(text) + " is not a URL: expected https://HOST[:PORT]/PATH");
  }
  const std::string scheme = to_lower(text.substr(0, scheme_size));
  if (scheme == "http") {
    return url_error("http:// is not supported, only https:// (" + quote_untrusted(text) +
                     "): cpptls get never fetches without TLS");
  }
  if (scheme != "https") {
    return url_error("unsupported scheme '" + scheme + "' in " + quote_untrusted(text) +
                     ": only https://");
  }
  std::string_view rest = text.substr(scheme_size + 1);
  if (!rest.starts_with("//")) {
    return url_error("expected https://HOST after the scheme in " + quote_untrusted(text));
  }
  rest.remove_prefix(2);
  const std::size_t authority_end = rest.find_first_of("/?#");
  Url url;
  if (auto parsed = parse_authority(rest.substr(0, authority_end), text, url); !parsed) {
    return parsed.error();
  }
  const std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  const PathAndQuery parts = split_path(tail);
  url.target = make_target(parts.path, parts.query);
  return url;
}

Result<Url> resolve_reference(const Url& base, std::string_view reference) {
  if (auto checked = check_characters(reference); !checked) return checked.error();
  // RFC 3986 5.2.2, with the base always an https URL with an absolute path.
  if (scheme_length(reference) != 0) return parse_url(reference);
  if (reference.starts_with("//")) return parse_url("https:" + std::string(reference));
  const PathAndQuery parts = split_path(reference);
  const PathAndQuery base_parts = split_path(base.target);
  Url url = base;
  if (parts.path.empty()) {
    url.target = make_target(base_parts.path, parts.has_query ? parts.query : base_parts.query);
  } else if (parts.path.front() == '/') {
    url.target = make_target(parts.path, parts.query);
  } else {
    // RFC 3986 5.2.3: the base path up to its last '/', then the reference.
    const std::string_view directory = base_parts.path.substr(0, base_parts.path.rfind('/') + 1);
    url.target = make_target(std::string(directory) + std::string(parts.path), parts.query);
  }
  if (url.target.size() > kMaxUrlLength) {
    return url_error("redirect target longer than " + std::to_string(kMaxUrlLength) + " bytes");
  }
  return url;
}

}  // namespace cpptls::tool::http
