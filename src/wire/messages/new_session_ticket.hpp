#pragma once
// NewSessionTicket, in its two forms.
//
// TLS 1.2 (RFC 5077 3.3):
//   struct {
//       uint32 ticket_lifetime_hint;
//       opaque ticket<0..2^16-1>;
//   } NewSessionTicket;
//
// TLS 1.3 (RFC 8446 4.6.1):
//   struct {
//       uint32 ticket_lifetime;
//       uint32 ticket_age_add;
//       opaque ticket_nonce<0..255>;
//       opaque ticket<1..2^16-1>;
//       Extension extensions<0..2^16-2>;
//   } NewSessionTicket;

#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

// RFC 8446 4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)".
inline constexpr std::uint32_t kMaxTicketLifetime = 604800;

struct NewSessionTicket12 {
  static constexpr HandshakeType kType = HandshakeType::new_session_ticket;

  std::uint32_t ticket_lifetime_hint = 0;  // seconds; 0 means unspecified
  ByteView ticket;                         // a view into the decoded input

  [[nodiscard]] static Expected<NewSessionTicket12> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const NewSessionTicket12& a, const NewSessionTicket12& b) noexcept;
};

struct NewSessionTicket13 {
  static constexpr HandshakeType kType = HandshakeType::new_session_ticket;

  std::uint32_t ticket_lifetime = 0;  // seconds
  std::uint32_t ticket_age_add = 0;
  ByteView ticket_nonce;  // views into the decoded input
  ByteView ticket;
  ExtensionList extensions;

  // A lifetime above kMaxTicketLifetime is illegal_parameter.
  [[nodiscard]] static Expected<NewSessionTicket13> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const NewSessionTicket13& a, const NewSessionTicket13& b) noexcept;
};

}  // namespace cpptls::wire
