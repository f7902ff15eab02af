#pragma once
// The 5-byte record header (RFC 8446 5.1, RFC 5246 6.2.1): content type, legacy record
// version and the length of the fragment that follows.

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "record/limits.hpp"
#include "wire/enums.hpp"
#include "wire/reader.hpp"

namespace cpptls::record {

using wire::ContentType;

// The record version every record we send after the first ClientHello carries (RFC 8446 5.1),
// and the only version TLS 1.2 records have.
inline constexpr std::uint16_t kTls12RecordVersion = 0x0303;
// The record version of a client's first ClientHello: RFC 8446 5.1 lets it be 0x0301 "for
// compatibility purposes", RFC 5246 E.1 names {03,00} and {03,01} as typical, and servers and
// middleboxes that predate TLS 1.2 may refuse a first record of 0x0303.
inline constexpr std::uint16_t kInitialClientHelloRecordVersion = 0x0301;

struct RecordHeader {
  ContentType type = ContentType::invalid;
  std::uint16_t version = kTls12RecordVersion;
  std::uint16_t length = 0;

  // Reads 5 bytes. Refuses, in this order:
  //  - a content type other than change_cipher_spec, alert, handshake or application_data
  //    (ErrorCode::unexpected_content_type, alert unexpected_message: RFC 8446 5, RFC 5246 6);
  //  - a major version other than 3 (ErrorCode::bad_record_header, alert protocol_version);
  //  - a length above `max_length`, the limit of the current read state
  //    (ErrorCode::record_overflow, alert record_overflow: RFC 8446 5.1-5.2, RFC 5246 6.2).
  [[nodiscard]] static Expected<RecordHeader> decode(wire::Reader& reader, std::size_t max_length);

  // Writes the 5 header bytes.
  void encode(std::span<std::uint8_t, kHeaderSize> out) const noexcept;

  friend bool operator==(const RecordHeader&, const RecordHeader&) = default;
};

}  // namespace cpptls::record
