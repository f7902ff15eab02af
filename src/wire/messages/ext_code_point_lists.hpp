#pragma once
// The extensions whose bodies are lists of code points (or one code point):
//
//   supported_groups (RFC 8446 4.2.7, RFC 8422 5.1.1):
//     struct { NamedGroup named_group_list<2..2^16-1>; } NamedGroupList;
//   signature_algorithms and signature_algorithms_cert (RFC 8446 4.2.3):
//     struct { SignatureScheme supported_signature_algorithms<2..2^16-2>; } SignatureSchemeList;
//   ec_point_formats (RFC 8422 5.1.2):
//     struct { ECPointFormat ec_point_format_list<1..2^8-1> } ECPointFormatList;
//   psk_key_exchange_modes (RFC 8446 4.2.9):
//     struct { PskKeyExchangeMode ke_modes<1..255>; } PskKeyExchangeModes;
//   supported_versions (RFC 8446 4.2.1):
//     ClientHello: ProtocolVersion versions<2..254>;
//     ServerHello and HelloRetryRequest: ProtocolVersion selected_version;
//
// Unknown code points are kept, in the peer's order (its order of preference).

#include <cstdint>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct NamedGroupList {
  std::vector<NamedGroup> groups;

  [[nodiscard]] static Expected<NamedGroupList> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const NamedGroupList&, const NamedGroupList&) = default;
};

// The body of both signature_algorithms and signature_algorithms_cert.
struct SignatureSchemeList {
  std::vector<SignatureScheme> schemes;

  [[nodiscard]] static Expected<SignatureSchemeList> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const SignatureSchemeList&, const SignatureSchemeList&) = default;
};

enum class EcPointFormat : std::uint8_t {
  uncompressed = 0,
  ansiX962_compressed_prime = 1,  // deprecated by RFC 8422 5.1.2
  ansiX962_compressed_char2 = 2,
};

struct EcPointFormatList {
  std::vector<EcPointFormat> formats;

  [[nodiscard]] static Expected<EcPointFormatList> decode(ByteView data);
  void encode(Writer& writer) const;
  // RFC 8422 5.1.2: a list without uncompressed makes the ECC suites unusable; the handshake
  // answers that with illegal_parameter when it would negotiate one of them.
  [[nodiscard]] bool has_uncompressed() const noexcept;
  friend bool operator==(const EcPointFormatList&, const EcPointFormatList&) = default;
};

enum class PskKeyExchangeMode : std::uint8_t { psk_ke = 0, psk_dhe_ke = 1 };

struct PskKeyExchangeModes {
  std::vector<PskKeyExchangeMode> modes;

  [[nodiscard]] static Expected<PskKeyExchangeModes> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const PskKeyExchangeModes&, const PskKeyExchangeModes&) = default;
};

struct SupportedVersionsClientHello {
  std::vector<ProtocolVersion> versions;

  [[nodiscard]] static Expected<SupportedVersionsClientHello> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const SupportedVersionsClientHello&,
                         const SupportedVersionsClientHello&) = default;
};

// Also the body in a HelloRetryRequest.
struct SupportedVersionsServerHello {
  ProtocolVersion selected_version = ProtocolVersion::tls13;

  [[nodiscard]] static Expected<SupportedVersionsServerHello> decode(ByteView data);
  void encode(Writer& writer) const;
  friend bool operator==(const SupportedVersionsServerHello&,
                         const SupportedVersionsServerHello&) = default;
};

}  // namespace cpptls::wire
