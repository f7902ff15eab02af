#pragma once
// KeyUpdate (RFC 8446 4.6.3):
//
//   enum {
//       update_not_requested(0), update_requested(1), (255)
//   } KeyUpdateRequest;
//   struct {
//       KeyUpdateRequest request_update;
//   } KeyUpdate;

#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

enum class KeyUpdateRequest : std::uint8_t { update_not_requested = 0, update_requested = 1 };

struct KeyUpdate {
  static constexpr HandshakeType kType = HandshakeType::key_update;

  KeyUpdateRequest request_update = KeyUpdateRequest::update_not_requested;

  // Any other value is illegal_parameter (RFC 8446 4.6.3: "If an implementation receives
  // any other value, it MUST terminate the connection with an "illegal_parameter" alert").
  [[nodiscard]] static Expected<KeyUpdate> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const KeyUpdate&, const KeyUpdate&) = default;
};

}  // namespace cpptls::wire
