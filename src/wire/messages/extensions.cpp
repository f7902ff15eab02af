#include "wire/messages/extensions.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

bool operator==(const Extension& a, const Extension& b) noexcept {
  return a.type == b.type && same_bytes(a.data, b.data);
}

BlockBounds extension_block_bounds(ExtensionContext context) noexcept {
  switch (context) {
    // RFC 8446 4.1.2 writes extensions<8..2^16-1>, but a TLS 1.2 ClientHello (RFC 5246
    // 7.4.1.2) may carry a shorter block, e.g. only renegotiation_info, and a server that
    // speaks both versions must read it. A TLS 1.3 ClientHello always carries
    // supported_versions, so its block is longer than 8 bytes anyway.
    case ExtensionContext::client_hello:
    // RFC 8446 4.1.3 writes <6..2^16-1>: the same holds for supported_versions there.
    case ExtensionContext::server_hello_tls12:
    case ExtensionContext::server_hello:
    case ExtensionContext::hello_retry_request:
    case ExtensionContext::encrypted_extensions:  // RFC 8446 4.3.1 <0..2^16-1>
    case ExtensionContext::certificate_entry:     // RFC 8446 4.4.2 <0..2^16-1>
      return {0, 0xffff};
    case ExtensionContext::certificate_request:  // RFC 8446 4.3.2 <2..2^16-1>
      return {2, 0xffff};
    case ExtensionContext::new_session_ticket:  // RFC 8446 4.6.1 <0..2^16-2>
      return {0, 0xfffe};
  }
  return {0, 0xffff};
}

Expected<ExtensionList> decode_extension_block(ByteView block, std::string_view what) {
  const std::string prefix(what);
  const std::string type_what = prefix + " extension type";
  const std::string data_what = prefix + " extension data";
  Reader reader(block);
  ExtensionList out;
  out.reserve(block.size() / 4);  // each entry takes at least 4 bytes
  while (!reader.empty()) {
    auto type = reader.u16(type_what);
    if (!type) return propagate(type);
    const auto extension_type = static_cast<ExtensionType>(*type);
    auto data = reader.u16_prefixed(data_what);
    if (!data) {
      const Error& error = data.error();
      return fail(error.kind(), error.code(), error.alert(),
                  error.reason() + " (extension " + to_string(extension_type) + ")");
    }
    out.push_back({extension_type, *data});
  }

  std::vector<std::uint16_t> types;
  types.reserve(out.size());
  for (const Extension& extension : out)
    types.push_back(static_cast<std::uint16_t>(extension.type));
  // RFC 8446 4.2 and RFC 5246 7.4.1.4: "There MUST NOT be more than one extension of the
  // same type". Neither names an alert; decode_error, as BoringSSL sends.
  if (const auto repeated = first_repeated(std::move(types))) {
    return fail(ErrorKind::decode, ErrorCode::duplicate_entry, AlertDescription::decode_error,
                prefix + " carries the extension " +
                    to_string(static_cast<ExtensionType>(*repeated)) +
                    " more than once (RFC 8446 4.2)");
  }
  return out;
}

Expected<void> check_extensions_allowed(const ExtensionList& extensions, ExtensionContext context) {
  for (const Extension& extension : extensions) {
    if (permission(extension.type, context) == Permission::forbidden) {
      return illegal_parameter(std::string(name(context)) + " may not carry the extension " +
                               to_string(extension.type) + " (RFC 8446 4.2)");
    }
  }
  return {};
}

Expected<ExtensionList> decode_extensions(Reader& reader, ExtensionContext context) {
  const std::string what = std::string(name(context)) + " extensions";
  const BlockBounds bounds = extension_block_bounds(context);
  auto block = reader.u16_prefixed(what, bounds.min, bounds.max);
  if (!block) return propagate(block);
  auto extensions = decode_extension_block(*block, name(context));
  if (!extensions) return extensions;
  if (auto allowed = check_extensions_allowed(*extensions, context); !allowed)
    return propagate(allowed);
  return extensions;
}

void encode_extensions(Writer& writer, const ExtensionList& extensions) {
  auto block = writer.u16_prefixed();
  for (const Extension& extension : extensions) {
    writer.u16(static_cast<std::uint16_t>(extension.type));
    auto data = writer.u16_prefixed();
    writer.bytes(extension.data);
  }
}

const Extension* find_extension(const ExtensionList& extensions, ExtensionType type) noexcept {
  const auto found = std::find_if(extensions.begin(), extensions.end(),
                                  [type](const Extension& e) { return e.type == type; });
  return found == extensions.end() ? nullptr : &*found;
}

}  // namespace cpptls::wire
