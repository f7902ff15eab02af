#pragma once
// The extensions whose bodies are empty, one number, or one opaque field:
//
//   extended_master_secret (RFC 7627 5.1), post_handshake_auth (RFC 8446 4.2.6), early_data
//   in a ClientHello or EncryptedExtensions (RFC 8446 4.2.10), and the server's server_name
//   acknowledgement (RFC 6066 3): an empty body.
//   early_data in a NewSessionTicket: uint32 max_early_data_size;
//   cookie (RFC 8446 4.2.2): opaque cookie<1..2^16-1>;
//   renegotiation_info (RFC 5746 3.2): opaque renegotiated_connection<0..255>;
//   session_ticket (RFC 5077 3.2): the whole body is the ticket, possibly empty;
//   record_size_limit (RFC 8449 4): uint16 RecordSizeLimit, at least 64.

#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

// A non-empty body is a decode_error naming `type`.
[[nodiscard]] Expected<void> expect_empty_extension(ByteView data, ExtensionType type);

template <ExtensionType kType>
struct EmptyExtension {
  [[nodiscard]] static Expected<EmptyExtension> decode(ByteView data) {
    if (auto empty = expect_empty_extension(data, kType); !empty)
      return Unexpected<Error>(std::move(empty.error()));
    return EmptyExtension{};
  }
  void encode(Writer& /*writer*/) const {}
  friend bool operator==(const EmptyExtension&, const EmptyExtension&) = default;
};

using ExtendedMasterSecret = EmptyExtension<ExtensionType::extended_master_secret>;
using PostHandshakeAuth = EmptyExtension<ExtensionType::post_handshake_auth>;
using EarlyDataIndication = EmptyExtension<ExtensionType::early_data>;
using ServerNameAcknowledgement = EmptyExtension<ExtensionType::server_name>;

struct MaxEarlyDataSize {
  std::uint32_t max_early_data_size = 0;

  [[nodiscard]] static Expected<MaxEarlyDataSize> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const MaxEarlyDataSize&, const MaxEarlyDataSize&) = default;
};

struct Cookie {
  ByteView cookie;  // a view into the decoded input

  [[nodiscard]] static Expected<Cookie> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const Cookie& a, const Cookie& b) noexcept;
};

struct RenegotiationInfo {
  // Empty on an initial handshake; the Finished verify_data when renegotiating (RFC 5746 3.2).
  ByteView renegotiated_connection;

  [[nodiscard]] static Expected<RenegotiationInfo> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const RenegotiationInfo& a, const RenegotiationInfo& b) noexcept;
};

struct SessionTicketExtension {
  ByteView ticket;  // the whole body; empty when the client asks for a new ticket

  [[nodiscard]] static Expected<SessionTicketExtension> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const SessionTicketExtension& a, const SessionTicketExtension& b) noexcept;
};

struct RecordSizeLimit {
  static constexpr std::uint16_t kMinimum = 64;  // RFC 8449 4
  std::uint16_t limit = 0;

  // A limit below 64 is illegal_parameter (RFC 8449 4: "An endpoint MUST treat receipt of a
  // smaller value as a fatal error and generate an "illegal_parameter" alert").
  [[nodiscard]] static Expected<RecordSizeLimit> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const RecordSizeLimit&, const RecordSizeLimit&) = default;
};

}  // namespace cpptls::wire
