#pragma once
// The generic extension block (RFC 8446 4.2, RFC 5246 7.4.1.4):
//
//   struct {
//       ExtensionType extension_type;
//       opaque extension_data<0..2^16-1>;
//   } Extension;
//
// Decoding keeps every extension as a (type, view) pair in the order received: the typed
// bodies (ext_*.hpp) are decoded by the handshake when it needs them. Unknown types pass
// through; a known type in a message that may not carry it, or any type twice, is refused.

#include <cstddef>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extension_table.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct Extension {
  ExtensionType type = ExtensionType::server_name;
  ByteView data;  // a view into the decoded input

  friend bool operator==(const Extension& a, const Extension& b) noexcept;
};

using ExtensionList = std::vector<Extension>;

// Reads the u16-prefixed extension block of a message with the bounds of its RFC struct,
// then applies the table and the duplicate rule:
//  - the block's length outside the bounds of `context`, an entry that runs past the block:
//    decode_error;
//  - the same type twice (RFC 8446 4.2 "There MUST NOT be more than one extension of the
//    same type in a given extension block"): illegal_parameter, ErrorCode::duplicate_entry;
//  - a known type that `context` may not carry (RFC 8446 4.2 "If an implementation receives
//    an extension which it recognizes and which is not specified for the message in which it
//    appears, it MUST abort the handshake with an "illegal_parameter" alert"):
//    illegal_parameter.
[[nodiscard]] Expected<ExtensionList> decode_extensions(Reader& reader, ExtensionContext context);

// The two halves of decode_extensions, for a message whose context is known only once its
// extensions have been read (a ServerHello is TLS 1.3 when it carries supported_versions).
// `block` is the body of the u16 prefix; `what` names the message in reasons.
[[nodiscard]] Expected<ExtensionList> decode_extension_block(ByteView block, std::string_view what);
[[nodiscard]] Expected<void> check_extensions_allowed(const ExtensionList& extensions,
                                                      ExtensionContext context);

// The smallest and largest extension block each message's RFC struct allows.
struct BlockBounds {
  std::size_t min;
  std::size_t max;
};
[[nodiscard]] BlockBounds extension_block_bounds(ExtensionContext context) noexcept;

// Writes the u16-prefixed block.
void encode_extensions(Writer& writer, const ExtensionList& extensions);

// The extension of `type`, or nullptr.
[[nodiscard]] const Extension* find_extension(const ExtensionList& extensions,
                                              ExtensionType type) noexcept;

// Writes one extension whose body `body.encode(Writer&)` writes; for building messages.
template <class Body>
void encode_extension(Writer& writer, ExtensionType type, const Body& body) {
  writer.u16(static_cast<std::uint16_t>(type));
  auto data = writer.u16_prefixed();
  body.encode(writer);
}

}  // namespace cpptls::wire
