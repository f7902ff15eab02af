#include "x509/ip_address.hpp"

#include <algorithm>

#include "base/hex.hpp"
#include "x509/general_name.hpp"

namespace cpptls::x509 {
namespace {

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text) noexcept {
  std::array<std::uint8_t, 4> out{};
  std::size_t part = 0;
  std::size_t pos = 0;
  while (part < 4) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 4) {
      value = value * 10 + static_cast<unsigned>(text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) return std::nullopt;
    if (digits > 1 && text[pos - digits] == '0') return std::nullopt;  // leading zero
    out[part++] = static_cast<std::uint8_t>(value);
    if (part < 4) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
  }
  if (pos != text.size()) return std::nullopt;
  return out;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses colon-separated groups (1-4 hex digits each); the last may be a dotted quad when
// `allow_ipv4` (it then counts as two groups). Writes 16-bit groups to out; false on error.
bool parse_groups(std::string_view text, bool allow_ipv4, std::array<std::uint16_t, 8>& out,
                  std::size_t& count) noexcept {
  count = 0;
  if (text.empty()) return true;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t colon = text.find(':', pos);
    const std::string_view group =
        text.substr(pos, colon == std::string_view::npos ? std::string_view::npos : colon - pos);
    const bool last = colon == std::string_view::npos;
    if (last && allow_ipv4 && group.find('.') != std::string_view::npos) {
      const auto v4 = parse_ipv4(group);
      if (!v4 || count + 2 > 8) return false;
      out[count++] = static_cast<std::uint16_t>((*v4)[0] << 8 | (*v4)[1]);
      out[count++] = static_cast<std::uint16_t>((*v4)[2] << 8 | (*v4)[3]);
      return true;
    }
    if (group.empty() || group.size() > 4 || count == 8) return false;
    unsigned value = 0;
    for (const char c : group) {
      const int v = hex_value(c);
      if (v < 0) return false;
      value = value << 4 | static_cast<unsigned>(v);
    }
    out[count++] = static_cast<std::uint16_t>(value);
    if (last) return true;
    pos = colon + 1;
  }
}

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view text) noexcept {
  std::array<std::uint16_t, 8> head{};
  std::array<std::uint16_t, 8> tail{};
  std::size_t head_count = 0;
  std::size_t tail_count = 0;
  const std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(text, true, head, head_count) || head_count != 8) return std::nullopt;
  } else {
    const std::string_view before = text.substr(0, gap);
    const std::string_view after = text.substr(gap + 2);
    if (after.find("::") != std::string_view::npos) return std::nullopt;
    if (!parse_groups(before, false, head, head_count)) return std::nullopt;
    if (!parse_groups(after, true, tail, tail_count)) return std::nullopt;
    if (head_count + tail_count > 7) return std::nullopt;  // "::" stands for at least one
  }
  std::array<std::uint16_t, 8> groups{};
  for (std::size_t i = 0; i < head_count; ++i)
    groups[i] = head[i];
  for (std::size_t i = 0; i < tail_count; ++i)
    groups[8 - tail_count + i] = tail[i];
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
  }
  return out;
}

std::string format_ipv6(ByteView a) {
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i)
    groups[i] = static_cast<unsigned>(a[2 * i] << 8 | a[2 * i + 1]);
  // RFC 5952 4.2: the longest run of at least two zero groups, the first if tied.
  std::size_t best_start = 8;
  std::size_t best_length = 1;
  for (std::size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && groups[j] == 0)
      ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  auto append_group = [](unsigned v, std::string& out) {
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned nibble = (v >> shift) & 15;
      if (nibble != 0 || started || shift == 0) {
        out += kHex[nibble];
        started = true;
      }
    }
  };
  std::string out;
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    append_group(groups[i], out);
  }
  return out;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) noexcept {
  IpAddress out;
  if (text.find(':') == std::string_view::npos) {
    const auto v4 = parse_ipv4(text);
    if (!v4) return std::nullopt;
    std::copy(v4->begin(), v4->end(), out.octets.begin());
    out.size = 4;
    return out;
  }
  const auto v6 = parse_ipv6(text);
  if (!v6) return std::nullopt;
  out.octets = *v6;
  out.size = 16;
  return out;
}

std::string format_ip(ByteView address) {
  switch (address.size()) {
    case 4:
      return std::to_string(address[0]) + "." + std::to_string(address[1]) + "." +
             std::to_string(address[2]) + "." + std::to_string(address[3]);
    case 16:
      return format_ipv6(address);
    case 8:
    case 32: {
      const std::size_t half = address.size() / 2;
      const auto prefix = mask_prefix_length(address.subspan(half));
      return format_ip(address.first(half)) + "/" +
             (prefix ? std::to_string(*prefix) : "mask " + format_ip(address.subspan(half)));
    }
    default:
      return "(address " + to_hex(address) + ")";
  }
}

}  // namespace cpptls::x509
