#include "wire/messages/key_update.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<KeyUpdate> KeyUpdate::decode(ByteView body) {
  return decode_whole(body, "KeyUpdate", [](Reader& r) -> Expected<KeyUpdate> {
    auto request = r.u8("KeyUpdate request_update");
    if (!request) return propagate(request);
    if (*request > static_cast<std::uint8_t>(KeyUpdateRequest::update_requested)) {
      return illegal_parameter("KeyUpdate request_update is " + std::to_string(*request) +
                               "; only 0 and 1 are defined (RFC 8446 4.6.3)");
    }
    return KeyUpdate{static_cast<KeyUpdateRequest>(*request)};
  });
}

void KeyUpdate::encode(Writer& writer) const {
  writer.u8(static_cast<std::uint8_t>(request_update));
}

}  // namespace cpptls::wire
