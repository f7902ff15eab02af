#pragma once
// server_name (RFC 6066 3), as the client sends it:
//
//   struct {
//       NameType name_type;
//       select (name_type) {
//           case host_name: HostName;
//       } name;
//   } ServerName;
//   enum { host_name(0), (255) } NameType;
//   opaque HostName<1..2^16-1>;
//   struct {
//       ServerName server_name_list<1..2^16-1>
//   } ServerNameList;
//
// The server's acknowledgement is an empty body (EmptyExtension<server_name>, ext_simple.hpp).

#include <cstdint>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

enum class NameType : std::uint8_t { host_name = 0 };

struct ServerNameList {
  // As sent (so that it re-encodes byte for byte). An IP address literal, which RFC 6066
  // forbids, is ignored as other servers do: ignored_ip_literal, and host_name_text() is empty.
  ByteView host_name;
  bool ignored_ip_literal = false;

  // Refuses with illegal_parameter: a name type other than host_name (the only one defined),
  // more than one host_name ("MUST NOT contain more than one name of the same name_type"),
  // and a host name that check_host_name refuses, but for an IPv4 literal, which is ignored.
  [[nodiscard]] static Expected<ServerNameList> decode(ByteView data);
  void encode(Writer& writer) const;

  [[nodiscard]] std::string_view host_name_text() const noexcept {
    return ignored_ip_literal ? std::string_view() : as_chars(host_name);
  }

  friend bool operator==(const ServerNameList& a, const ServerNameList& b) noexcept;
};

// A DNS host name as RFC 6066 3 allows it in HostName: 1..255 bytes of ASCII letters,
// digits, hyphens and dots, labels of 1..63 bytes (RFC 1035 2.3.4), "without a trailing dot",
// and no IP address literal ("Literal IPv4 and IPv6 addresses are not permitted"). Fails
// with illegal_parameter and a reason that says which rule the name broke.
[[nodiscard]] Expected<void> check_host_name(ByteView name);
// Whether a name that passes the other rules would be read as an IPv4 address (its last label
// is all digits).
[[nodiscard]] bool is_ip_literal(ByteView name) noexcept;

}  // namespace cpptls::wire
