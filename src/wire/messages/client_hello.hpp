#pragma once
// ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2):
//
//   struct {
//       ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
//       Random random;
//       opaque legacy_session_id<0..32>;
//       CipherSuite cipher_suites<2..2^16-2>;
//       opaque legacy_compression_methods<1..2^8-1>;
//       Extension extensions<8..2^16-1>;
//   } ClientHello;
//
// In TLS 1.2 the extension block is optional (absent is read as empty) and may be shorter
// than 8 bytes; see extension_block_bounds.

#include <cstddef>
#include <optional>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/messages/hello_random.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct ClientHello {
  static constexpr HandshakeType kType = HandshakeType::client_hello;

  ProtocolVersion legacy_version = ProtocolVersion::tls12;
  Random random{};
  ByteView legacy_session_id;  // a view into the decoded input
  std::vector<CipherSuite> cipher_suites;
  ByteView legacy_compression_methods;  // a view into the decoded input
  bool extensions_present = true;       // false only for a hello without the block
  ExtensionList extensions;

  // Set by decode when the last extension is pre_shared_key: the offset in the body where
  // its binders list (with its 2-byte length) starts. The binders cover the handshake header
  // and body[0, binders_offset) (RFC 8446 4.2.11.2); the binders list is always the last
  // bytes of the body. Not part of the encoding, so not compared by ==.
  std::optional<std::size_t> binders_offset;

  // Refuses, beyond the bounds above: an odd cipher_suites length (decode_error); a
  // compression list without null(0) (RFC 5246 7.4.1.2 "this vector MUST contain ...
  // CompressionMethod.null": illegal_parameter); duplicate or misplaced extensions
  // (decode_extensions); pre_shared_key anywhere but last (RFC 8446 4.2.11: illegal_parameter)
  // or with a malformed body.
  [[nodiscard]] static Expected<ClientHello> decode(ByteView body);
  void encode(Writer& writer) const;

  // RFC 8446 4.1.2: a TLS 1.3 ClientHello must carry exactly one compression method, null;
  // the handshake refuses anything else with illegal_parameter once it has chosen TLS 1.3.
  [[nodiscard]] bool has_only_null_compression() const noexcept;

  friend bool operator==(const ClientHello& a, const ClientHello& b) noexcept;
};

}  // namespace cpptls::wire
