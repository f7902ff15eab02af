#include "wire/messages/alert_message.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<AlertMessage> AlertMessage::decode(ByteView body) {
  return decode_whole(body, "Alert", [](Reader& r) -> Expected<AlertMessage> {
    auto raw_level = r.u8("Alert level");
    if (!raw_level) return propagate(raw_level);
    auto raw_description = r.u8("Alert description");
    if (!raw_description) return propagate(raw_description);
    if (*raw_level != static_cast<std::uint8_t>(AlertLevel::warning) &&
        *raw_level != static_cast<std::uint8_t>(AlertLevel::fatal)) {
      return illegal_parameter("Alert level is " + std::to_string(*raw_level) +
                               "; only warning(1) and fatal(2) are defined (RFC 5246 7.2)");
    }
    return AlertMessage{static_cast<AlertLevel>(*raw_level),
                        static_cast<AlertDescription>(*raw_description)};
  });
}

void AlertMessage::encode(Writer& writer) const {
  writer.u8(static_cast<std::uint8_t>(level));
  writer.u8(static_cast<std::uint8_t>(description));
}

}  // namespace cpptls::wire
