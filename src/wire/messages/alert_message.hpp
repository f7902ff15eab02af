#pragma once
// The body of an alert record (RFC 8446 6, RFC 5246 7.2):
//
//   enum { warning(1), fatal(2), (255) } AlertLevel;
//   struct {
//       AlertLevel level;
//       AlertDescription description;
//   } Alert;
//
// Unknown descriptions are kept (RFC 8446 6.2: an unknown alert is treated as fatal by the
// connection, not refused here). One record may not carry more than one alert; the record
// layer hands over the record's whole plaintext, which must be exactly two bytes.

#include "base/alert.hpp"
#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct AlertMessage {
  AlertLevel level = AlertLevel::fatal;
  AlertDescription description = AlertDescription::close_notify;

  // A level other than warning(1) or fatal(2) is illegal_parameter.
  [[nodiscard]] static Expected<AlertMessage> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const AlertMessage&, const AlertMessage&) = default;
};

}  // namespace cpptls::wire
