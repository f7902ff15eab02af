#pragma once
// application_layer_protocol_negotiation (RFC 7301 3.1):
//
//   opaque ProtocolName<1..2^8-1>;
//   struct {
//       ProtocolName protocol_name_list<2..2^16-1>
//   } ProtocolNameList;
//
// The client offers a list; the server's answer (TLS 1.2 ServerHello, TLS 1.3
// EncryptedExtensions) has the same syntax but "MUST contain exactly one ProtocolName".

#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct ProtocolNameList {
  std::vector<ByteView> protocols;  // views into the decoded input, in the client's order

  [[nodiscard]] static Expected<ProtocolNameList> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const ProtocolNameList& a, const ProtocolNameList& b) noexcept;
};

// The server's choice: a ProtocolNameList of exactly one name; more than one is
// illegal_parameter.
struct SelectedProtocol {
  ByteView protocol;

  [[nodiscard]] static Expected<SelectedProtocol> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const SelectedProtocol& a, const SelectedProtocol& b) noexcept;
};

}  // namespace cpptls::wire
