#pragma once
// EncryptedExtensions (RFC 8446 4.3.1):
//
//   struct {
//       Extension extensions<0..2^16-1>;
//   } EncryptedExtensions;

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct EncryptedExtensions {
  static constexpr HandshakeType kType = HandshakeType::encrypted_extensions;

  ExtensionList extensions;

  [[nodiscard]] static Expected<EncryptedExtensions> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const EncryptedExtensions&, const EncryptedExtensions&) = default;
};

}  // namespace cpptls::wire
