#pragma once
// key_share (RFC 8446 4.2.8):
//
//   struct {
//       NamedGroup group;
//       opaque key_exchange<1..2^16-1>;
//   } KeyShareEntry;
//   struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;
//   struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;
//   struct { KeyShareEntry server_share; } KeyShareServerHello;
//
// Whether a key_exchange value is a valid point for its group is checked by the crypto
// provider when the share is used, not here.

#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct KeyShareEntry {
  NamedGroup group = NamedGroup::x25519;
  ByteView key_exchange;  // a view into the decoded input

  [[nodiscard]] static Expected<KeyShareEntry> decode(Reader& reader);
  void encode(Writer& writer) const;

  friend bool operator==(const KeyShareEntry& a, const KeyShareEntry& b) noexcept;
};

struct KeyShareClientHello {
  std::vector<KeyShareEntry> shares;  // in the client's order of preference

  // Two shares for one group are illegal_parameter (RFC 8446 4.2.8: "Clients MUST NOT offer
  // multiple KeyShareEntry values for the same group ... Servers MAY check for violations of
  // these rules and abort the handshake with an "illegal_parameter" alert").
  [[nodiscard]] static Expected<KeyShareClientHello> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const KeyShareClientHello&, const KeyShareClientHello&) = default;
};

struct KeyShareServerHello {
  KeyShareEntry share;

  [[nodiscard]] static Expected<KeyShareServerHello> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const KeyShareServerHello&, const KeyShareServerHello&) = default;
};

struct KeyShareHelloRetryRequest {
  NamedGroup selected_group = NamedGroup::x25519;

  [[nodiscard]] static Expected<KeyShareHelloRetryRequest> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const KeyShareHelloRetryRequest&,
                         const KeyShareHelloRetryRequest&) = default;
};

}  // namespace cpptls::wire
