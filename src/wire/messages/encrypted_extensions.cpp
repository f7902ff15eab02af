#include "wire/messages/encrypted_extensions.hpp"

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<EncryptedExtensions> EncryptedExtensions::decode(ByteView body) {
  return decode_whole(body, "EncryptedExtensions", [](Reader& r) -> Expected<EncryptedExtensions> {
    auto block = decode_extensions(r, ExtensionContext::encrypted_extensions);
    if (!block) return propagate(block);
    return EncryptedExtensions{std::move(*block)};
  });
}

void EncryptedExtensions::encode(Writer& writer) const {
  encode_extensions(writer, extensions);
}

}  // namespace cpptls::wire
