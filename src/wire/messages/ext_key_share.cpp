#include "wire/messages/ext_key_share.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<KeyShareEntry> KeyShareEntry::decode(Reader& reader) {
  auto group = reader.u16("key_share group");
  if (!group) return propagate(group);
  auto key_exchange = reader.u16_prefixed("key_share key_exchange", 1, 0xffff);
  if (!key_exchange) return propagate(key_exchange);
  return KeyShareEntry{static_cast<NamedGroup>(*group), *key_exchange};
}

void KeyShareEntry::encode(Writer& writer) const {
  writer.u16(static_cast<std::uint16_t>(group));
  auto key = writer.u16_prefixed();
  writer.bytes(key_exchange);
}

bool operator==(const KeyShareEntry& a, const KeyShareEntry& b) noexcept {
  return a.group == b.group && same_bytes(a.key_exchange, b.key_exchange);
}

Expected<KeyShareClientHello> KeyShareClientHello::decode(ByteView data) {
  return decode_whole(data, "key_share extension", [](Reader& r) -> Expected<KeyShareClientHello> {
    auto list = r.u16_prefixed("key_share client_shares", 0, 0xffff);
    if (!list) return propagate(list);
    Reader entries(*list);
    KeyShareClientHello out;
    out.shares.reserve(list->size() / 5);  // each entry takes at least 5 bytes
    while (!entries.empty()) {
      auto entry = KeyShareEntry::decode(entries);
      if (!entry) return propagate(entry);
      out.shares.push_back(*entry);
    }
    std::vector<std::uint16_t> groups;
    groups.reserve(out.shares.size());
    for (const KeyShareEntry& share : out.shares)
      groups.push_back(static_cast<std::uint16_t>(share.group));
    if (const auto repeated = first_repeated(std::move(groups))) {
      return fail(ErrorKind::peer_misbehaved, ErrorCode::duplicate_entry,
                  AlertDescription::illegal_parameter,
                  "key_share offers two shares for the group " +
                      to_string(static_cast<NamedGroup>(*repeated)) + " (RFC 8446 4.2.8)");
    }
    return out;
  });
}

void KeyShareClientHello::encode(Writer& writer) const {
  auto list = writer.u16_prefixed();
  for (const KeyShareEntry& share : shares)
    share.encode(writer);
}

Expected<KeyShareServerHello> KeyShareServerHello::decode(ByteView data) {
  return decode_whole(data, "key_share extension", [](Reader& r) -> Expected<KeyShareServerHello> {
    auto entry = KeyShareEntry::decode(r);
    if (!entry) return propagate(entry);
    return KeyShareServerHello{*entry};
  });
}

void KeyShareServerHello::encode(Writer& writer) const {
  share.encode(writer);
}

Expected<KeyShareHelloRetryRequest> KeyShareHelloRetryRequest::decode(ByteView data) {
  return decode_whole(data, "key_share extension",
                      [](Reader& r) -> Expected<KeyShareHelloRetryRequest> {
                        auto group = r.u16("key_share selected_group");
                        if (!group) return propagate(group);
                        return KeyShareHelloRetryRequest{static_cast<NamedGroup>(*group)};
                      });
}

void KeyShareHelloRetryRequest::encode(Writer& writer) const {
  writer.u16(static_cast<std::uint16_t>(selected_group));
}

}  // namespace cpptls::wire
