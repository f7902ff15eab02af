#include "wire/messages/ext_simple.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<void> expect_empty_extension(ByteView data, ExtensionType type) {
  if (data.empty()) return {};
  return decode_failure(ErrorCode::trailing_data, "the " + to_string(type) +
                                                      " extension must be empty but has " +
                                                      std::to_string(data.size()) + " bytes");
}

Expected<MaxEarlyDataSize> MaxEarlyDataSize::decode(ByteView data) {
  return decode_whole(data, "early_data extension", [](Reader& r) -> Expected<MaxEarlyDataSize> {
    auto size = r.u32("early_data max_early_data_size");
    if (!size) return propagate(size);
    return MaxEarlyDataSize{*size};
  });
}

void MaxEarlyDataSize::encode(Writer& writer) const {
  writer.u32(max_early_data_size);
}

Expected<Cookie> Cookie::decode(ByteView data) {
  return decode_whole(data, "cookie extension", [](Reader& r) -> Expected<Cookie> {
    auto value = r.u16_prefixed("cookie", 1, 0xffff);
    if (!value) return propagate(value);
    return Cookie{*value};
  });
}

void Cookie::encode(Writer& writer) const {
  auto field = writer.u16_prefixed();
  writer.bytes(cookie);
}

bool operator==(const Cookie& a, const Cookie& b) noexcept {
  return same_bytes(a.cookie, b.cookie);
}

Expected<RenegotiationInfo> RenegotiationInfo::decode(ByteView data) {
  return decode_whole(
      data, "renegotiation_info extension", [](Reader& r) -> Expected<RenegotiationInfo> {
        auto connection = r.u8_prefixed("renegotiation_info renegotiated_connection", 0, 0xff);
        if (!connection) return propagate(connection);
        return RenegotiationInfo{*connection};
      });
}

void RenegotiationInfo::encode(Writer& writer) const {
  auto field = writer.u8_prefixed();
  writer.bytes(renegotiated_connection);
}

bool operator==(const RenegotiationInfo& a, const RenegotiationInfo& b) noexcept {
  return same_bytes(a.renegotiated_connection, b.renegotiated_connection);
}

Expected<SessionTicketExtension> SessionTicketExtension::decode(ByteView data) {
  return SessionTicketExtension{data};
}

void SessionTicketExtension::encode(Writer& writer) const {
  writer.bytes(ticket);
}

bool operator==(const SessionTicketExtension& a, const SessionTicketExtension& b) noexcept {
  return same_bytes(a.ticket, b.ticket);
}

Expected<RecordSizeLimit> RecordSizeLimit::decode(ByteView data) {
  return decode_whole(data, "record_size_limit extension",
                      [](Reader& r) -> Expected<RecordSizeLimit> {
                        auto value = r.u16("record_size_limit");
                        if (!value) return propagate(value);
                        if (*value < kMinimum) {
                          return illegal_parameter("record_size_limit " + std::to_string(*value) +
                                                   " is below the minimum of 64 (RFC 8449 4)");
                        }
                        return RecordSizeLimit{*value};
                      });
}

void RecordSizeLimit::encode(Writer& writer) const {
  writer.u16(limit);
}

}  // namespace cpptls::wire
