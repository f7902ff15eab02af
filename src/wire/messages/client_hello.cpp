#include "wire/messages/client_hello.hpp"

#include <algorithm>
#include <string>

#include "wire/messages/codec_support.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"

namespace cpptls::wire {
namespace {

constexpr std::uint8_t kNullCompression = 0;

// RFC 8446 4.2.11: pre_shared_key must be last; its binders list is then the last bytes of
// the body, and its start is where the binders' transcript ends.
Expected<std::optional<std::size_t>> locate_binders(const ExtensionList& extensions,
                                                    std::size_t body_size) {
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    if (extensions[i].type != ExtensionType::pre_shared_key) continue;
    if (i + 1 != extensions.size()) {
      return illegal_parameter("ClientHello carries pre_shared_key as extension " +
                               std::to_string(i + 1) + " of " + std::to_string(extensions.size()) +
                               " (RFC 8446 4.2.11: it MUST be the last)");
    }
    auto offered = OfferedPsks::decode(extensions[i].data);
    if (!offered) return propagate(offered);
    return std::optional<std::size_t>(body_size - offered->binders_list_size());
  }
  return std::optional<std::size_t>();
}

}  // namespace

Expected<ClientHello> ClientHello::decode(ByteView body) {
  return decode_whole(body, "ClientHello", [body](Reader& r) -> Expected<ClientHello> {
    ClientHello out;
    auto version = r.u16("ClientHello legacy_version");
    if (!version) return propagate(version);
    out.legacy_version = static_cast<ProtocolVersion>(*version);
    auto random_bytes = read_random(r, "ClientHello random");
    if (!random_bytes) return propagate(random_bytes);
    out.random = *random_bytes;
    auto session_id = r.u8_prefixed("ClientHello legacy_session_id", 0, kMaxSessionIdSize);
    if (!session_id) return propagate(session_id);
    out.legacy_session_id = *session_id;
    auto suites =
        read_u16_list<CipherSuite>(r, Prefix::u16, "ClientHello cipher_suites", 2, 0xfffe);
    if (!suites) return propagate(suites);
    out.cipher_suites = std::move(*suites);
    auto compression = r.u8_prefixed("ClientHello legacy_compression_methods", 1, 0xff);
    if (!compression) return propagate(compression);
    out.legacy_compression_methods = *compression;
    if (std::find(compression->begin(), compression->end(), kNullCompression) ==
        compression->end()) {
      return illegal_parameter("ClientHello legacy_compression_methods (" +
                               std::to_string(compression->size()) +
                               " methods) lacks null (RFC 5246 7.4.1.2)");
    }
    // RFC 5246 7.4.1.2: a hello may end here; "extensions_present" is then false.
    out.extensions_present = !r.empty();
    if (!out.extensions_present) return out;
    auto block = decode_extensions(r, ExtensionContext::client_hello);
    if (!block) return propagate(block);
    out.extensions = std::move(*block);
    auto binders = locate_binders(out.extensions, body.size());
    if (!binders) return propagate(binders);
    out.binders_offset = *binders;
    return out;
  });
}

void ClientHello::encode(Writer& writer) const {
  writer.u16(static_cast<std::uint16_t>(legacy_version));
  writer.bytes(random);
  {
    auto field = writer.u8_prefixed();
    writer.bytes(legacy_session_id);
  }
  write_u16_list(writer, Prefix::u16, cipher_suites);
  {
    auto field = writer.u8_prefixed();
    writer.bytes(legacy_compression_methods);
  }
  if (extensions_present) encode_extensions(writer, extensions);
}

bool ClientHello::has_only_null_compression() const noexcept {
  return legacy_compression_methods.size() == 1 &&
         legacy_compression_methods[0] == kNullCompression;
}

bool operator==(const ClientHello& a, const ClientHello& b) noexcept {
  return a.legacy_version == b.legacy_version && a.random == b.random &&
         same_bytes(a.legacy_session_id, b.legacy_session_id) &&
         a.cipher_suites == b.cipher_suites &&
         same_bytes(a.legacy_compression_methods, b.legacy_compression_methods) &&
         a.extensions_present == b.extensions_present && a.extensions == b.extensions;
}

}  // namespace cpptls::wire
