#pragma once
// ServerHello and HelloRetryRequest (RFC 8446 4.1.3, 4.1.4; RFC 5246 7.4.1.3):
//
//   struct {
//       ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
//       Random random;
//       opaque legacy_session_id_echo<0..32>;
//       CipherSuite cipher_suite;
//       uint8 legacy_compression_method = 0;
//       Extension extensions<6..2^16-1>;
//   } ServerHello;
//
// A HelloRetryRequest is a ServerHello whose random is kHelloRetryRequestRandom. Which
// extension table applies depends on what the message is: a HelloRetryRequest, a TLS 1.3
// ServerHello (it carries supported_versions) or a TLS 1.2 ServerHello (whose extension block
// is optional).

#include <cstdint>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extension_table.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/messages/hello_random.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct ServerHello {
  static constexpr HandshakeType kType = HandshakeType::server_hello;

  ProtocolVersion legacy_version = ProtocolVersion::tls12;
  Random random{};
  ByteView legacy_session_id_echo;  // a view into the decoded input
  CipherSuite cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  std::uint8_t legacy_compression_method = 0;
  bool extensions_present = true;  // false only for a TLS 1.2 hello without the block
  ExtensionList extensions;

  // Refuses, beyond the bounds above: duplicate extensions and extensions the message's
  // column of the table forbids (decode_extensions); a TLS 1.3 ServerHello or a
  // HelloRetryRequest whose compression method is not 0 (RFC 8446 4.1.3:
  // illegal_parameter).
  [[nodiscard]] static Expected<ServerHello> decode(ByteView body);
  void encode(Writer& writer) const;

  [[nodiscard]] bool is_hello_retry_request() const noexcept {
    return random == kHelloRetryRequestRandom;
  }
  [[nodiscard]] DowngradeSentinel downgrade() const noexcept { return downgrade_sentinel(random); }
  // The column of the extension table this message is read with.
  [[nodiscard]] ExtensionContext extension_context() const noexcept;

  friend bool operator==(const ServerHello& a, const ServerHello& b) noexcept;
};

}  // namespace cpptls::wire
