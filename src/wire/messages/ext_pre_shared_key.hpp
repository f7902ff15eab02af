#pragma once
// pre_shared_key (RFC 8446 4.2.11):
//
//   struct {
//       opaque identity<1..2^16-1>;
//       uint32 obfuscated_ticket_age;
//   } PskIdentity;
//   opaque PskBinderEntry<32..255>;
//   struct {
//       PskIdentity identities<7..2^16-1>;
//       PskBinderEntry binders<33..2^16-1>;
//   } OfferedPsks;
//   struct {
//       select (Handshake.msg_type) {
//           case client_hello: OfferedPsks;
//           case server_hello: uint16 selected_identity;
//       };
//   } PreSharedKeyExtension;
//
// The binders are computed over the ClientHello up to the binders list (RFC 8446 4.2.11.2);
// ClientHello::binders_offset says where that list starts.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct PskIdentity {
  ByteView identity;  // a view into the decoded input
  std::uint32_t obfuscated_ticket_age = 0;

  friend bool operator==(const PskIdentity& a, const PskIdentity& b) noexcept;
};

struct OfferedPsks {
  std::vector<PskIdentity> identities;
  std::vector<ByteView> binders;  // one per identity, views into the decoded input

  // A binders list whose count differs from the identities' is illegal_parameter (RFC 8446
  // 4.2.11: each binder is "computed for the PSK with the same index"; 4.2.11.2 "If ...
  // the binder does not validate, the server MUST abort the handshake").
  [[nodiscard]] static Expected<OfferedPsks> decode(ByteView data);
  void encode(Writer& writer) const;

  // The size of the encoded binders list, its 2-byte length included: the bytes at the end
  // of the ClientHello that the binders do not cover.
  [[nodiscard]] std::size_t binders_list_size() const noexcept;

  friend bool operator==(const OfferedPsks& a, const OfferedPsks& b) noexcept;
};

struct SelectedPsk {
  std::uint16_t selected_identity = 0;

  [[nodiscard]] static Expected<SelectedPsk> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const SelectedPsk&, const SelectedPsk&) = default;
};

}  // namespace cpptls::wire
