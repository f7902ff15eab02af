#include "wire/messages/ext_alpn.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {
namespace {

Expected<std::vector<ByteView>> read_protocol_names(Reader& reader) {
  auto list = reader.u16_prefixed("ALPN protocol_name_list", 2, 0xffff);
  if (!list) return propagate(list);
  Reader names(*list);
  std::vector<ByteView> out;
  out.reserve(list->size() / 2);  // each name takes at least 2 bytes
  while (!names.empty()) {
    auto name = names.u8_prefixed("ALPN ProtocolName", 1, 0xff);
    if (!name) return propagate(name);
    out.push_back(*name);
  }
  return out;
}

void write_protocol_names(Writer& writer, const std::vector<ByteView>& protocols) {
  auto list = writer.u16_prefixed();
  for (const ByteView protocol : protocols) {
    auto name = writer.u8_prefixed();
    writer.bytes(protocol);
  }
}

}  // namespace

Expected<ProtocolNameList> ProtocolNameList::decode(ByteView data) {
  return decode_whole(data, "ALPN extension", [](Reader& r) -> Expected<ProtocolNameList> {
    auto names = read_protocol_names(r);
    if (!names) return propagate(names);
    return ProtocolNameList{std::move(*names)};
  });
}

void ProtocolNameList::encode(Writer& writer) const {
  write_protocol_names(writer, protocols);
}

bool operator==(const ProtocolNameList& a, const ProtocolNameList& b) noexcept {
  return same_bytes(a.protocols, b.protocols);
}

Expected<SelectedProtocol> SelectedProtocol::decode(ByteView data) {
  return decode_whole(data, "ALPN extension", [](Reader& r) -> Expected<SelectedProtocol> {
    auto names = read_protocol_names(r);
    if (!names) return propagate(names);
    if (names->size() != 1) {
      return illegal_parameter("the server's ALPN extension names " +
                               std::to_string(names->size()) +
                               " protocols (RFC 7301 3.1: exactly one)");
    }
    return SelectedProtocol{names->front()};
  });
}

void SelectedProtocol::encode(Writer& writer) const {
  auto list = writer.u16_prefixed();
  auto name = writer.u8_prefixed();  // closed first: guards are destroyed in reverse order
  writer.bytes(protocol);
}

bool operator==(const SelectedProtocol& a, const SelectedProtocol& b) noexcept {
  return same_bytes(a.protocol, b.protocol);
}

}  // namespace cpptls::wire
