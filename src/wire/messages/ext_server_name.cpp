#include "wire/messages/ext_server_name.hpp"

#include <algorithm>
#include <string>

#include "base/hex.hpp"
#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {
namespace {

constexpr std::size_t kMaxHostNameSize = 255;  // RFC 1035 2.3.4
constexpr std::size_t kMaxLabelSize = 63;      // RFC 1035 2.3.4

bool is_host_name_char(std::uint8_t c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

bool is_digit(std::uint8_t c) noexcept {
  return c >= '0' && c <= '9';
}

// A printable form of a name that failed the check: the text when it is all printable
// ASCII, hex otherwise, so a reason never carries control bytes from the peer.
std::string quoted(ByteView name) {
  const bool printable =
      std::all_of(name.begin(), name.end(), [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
  if (printable && name.size() <= kMaxHostNameSize)
    return "\"" + std::string(as_chars(name)) + "\"";
  return "0x" + to_hex(name.first(std::min<std::size_t>(name.size(), 64))) +
         (name.size() > 64 ? "..." : "");
}

// The host name rules without the IP literal one.
Expected<void> check_host_syntax(ByteView name) {
  const std::string prefix = "server_name host name ";
  if (name.empty() || name.size() > kMaxHostNameSize) {
    return illegal_parameter(prefix + "has " + std::to_string(name.size()) +
                             " bytes, outside 1..255 (RFC 1035 2.3.4)");
  }
  const auto bad = std::find_if_not(name.begin(), name.end(), is_host_name_char);
  if (bad != name.end()) {
    return illegal_parameter(prefix + quoted(name) + " contains the byte 0x" + to_hex_u8(*bad) +
                             " at offset " + std::to_string(bad - name.begin()) +
                             "; only ASCII letters, digits, '-' and '.' are allowed");
  }
  if (name.back() == '.') {
    return illegal_parameter(prefix + quoted(name) +
                             " ends with a dot (RFC 6066 3: \"without a trailing dot\")");
  }
  // Walk the labels: none empty, none longer than 63 bytes.
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '.') continue;
    const std::size_t length = i - label_start;
    if (length == 0) return illegal_parameter(prefix + quoted(name) + " has an empty label");
    if (length > kMaxLabelSize) {
      return illegal_parameter(prefix + quoted(name) + " has a label of " + std::to_string(length) +
                               " bytes, more than 63 (RFC 1035 2.3.4)");
    }
    label_start = i + 1;
  }
  return {};
}

}  // namespace

bool is_ip_literal(ByteView name) noexcept {
  // RFC 6066 3 forbids IP literals. IPv6 needs ':' (refused by the syntax check); a name whose
  // last label is all digits is read as IPv4 by resolvers (1.2.3.4, but also 127.1), and no
  // top-level domain is all-numeric (RFC 3696 2).
  const auto dot = std::find(name.rbegin(), name.rend(), std::uint8_t{'.'});
  const ByteView last_label = name.last(static_cast<std::size_t>(dot - name.rbegin()));
  return !last_label.empty() && std::all_of(last_label.begin(), last_label.end(), is_digit);
}

Expected<void> check_host_name(ByteView name) {
  if (auto syntax = check_host_syntax(name); !syntax) return syntax;
  if (is_ip_literal(name)) {
    return illegal_parameter("server_name " + quoted(name) +
                             " is an IP address literal (RFC 6066 3: not permitted)");
  }
  return {};
}

Expected<ServerNameList> ServerNameList::decode(ByteView data) {
  return decode_whole(data, "server_name extension", [](Reader& r) -> Expected<ServerNameList> {
    auto list = r.u16_prefixed("server_name server_name_list", 1, 0xffff);
    if (!list) return propagate(list);
    Reader entries(*list);
    ServerNameList out;
    bool have_host_name = false;
    while (!entries.empty()) {
      auto type = entries.u8("server_name name_type");
      if (!type) return propagate(type);
      auto name = entries.u16_prefixed("server_name HostName", 1, 0xffff);
      if (!name) return propagate(name);
      if (*type != static_cast<std::uint8_t>(NameType::host_name)) {
        return illegal_parameter("server_name carries name type " + std::to_string(*type) +
                                 "; only host_name(0) is defined (RFC 6066 3)");
      }
      if (have_host_name) {
        return illegal_parameter(
            "server_name carries more than one host_name (RFC 6066 3: \"MUST NOT contain "
            "more than one name of the same name_type\")");
      }
      have_host_name = true;
      out.host_name = *name;
    }
    if (auto checked = check_host_syntax(out.host_name); !checked) return propagate(checked);
    // RFC 6066 3 forbids IP literals, but clients send them (wrk, some HTTP libraries), and
    // servers ignore them rather than fail: the name is read as absent.
    out.ignored_ip_literal = is_ip_literal(out.host_name);
    return out;
  });
}

void ServerNameList::encode(Writer& writer) const {
  auto list = writer.u16_prefixed();
  writer.u8(static_cast<std::uint8_t>(NameType::host_name));
  auto name = writer.u16_prefixed();
  writer.bytes(host_name);
}

bool operator==(const ServerNameList& a, const ServerNameList& b) noexcept {
  return same_bytes(a.host_name, b.host_name);
}

}  // namespace cpptls::wire
