#include "wire/messages/ext_pre_shared_key.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {
namespace {

constexpr std::size_t kMinBinderSize = 32;  // PskBinderEntry<32..255>
constexpr std::size_t kMaxBinderSize = 255;

Expected<std::vector<PskIdentity>> read_identities(Reader& reader) {
  auto list = reader.u16_prefixed("pre_shared_key identities", 7, 0xffff);
  if (!list) return propagate(list);
  Reader entries(*list);
  std::vector<PskIdentity> out;
  out.reserve(list->size() / 7);  // each identity takes at least 7 bytes
  while (!entries.empty()) {
    auto identity = entries.u16_prefixed("pre_shared_key identity", 1, 0xffff);
    if (!identity) return propagate(identity);
    auto age = entries.u32("pre_shared_key obfuscated_ticket_age");
    if (!age) return propagate(age);
    out.push_back({*identity, *age});
  }
  return out;
}

Expected<std::vector<ByteView>> read_binders(Reader& reader) {
  auto list = reader.u16_prefixed("pre_shared_key binders", 33, 0xffff);
  if (!list) return propagate(list);
  Reader entries(*list);
  std::vector<ByteView> out;
  out.reserve(list->size() / (kMinBinderSize + 1));
  while (!entries.empty()) {
    auto binder =
        entries.u8_prefixed("pre_shared_key PskBinderEntry", kMinBinderSize, kMaxBinderSize);
    if (!binder) return propagate(binder);
    out.push_back(*binder);
  }
  return out;
}

}  // namespace

bool operator==(const PskIdentity& a, const PskIdentity& b) noexcept {
  return same_bytes(a.identity, b.identity) && a.obfuscated_ticket_age == b.obfuscated_ticket_age;
}

Expected<OfferedPsks> OfferedPsks::decode(ByteView data) {
  return decode_whole(data, "pre_shared_key extension", [](Reader& r) -> Expected<OfferedPsks> {
    auto identity_list = read_identities(r);
    if (!identity_list) return propagate(identity_list);
    auto binder_list = read_binders(r);
    if (!binder_list) return propagate(binder_list);
    if (identity_list->size() != binder_list->size()) {
      return illegal_parameter("pre_shared_key offers " + std::to_string(identity_list->size()) +
                               " identities but " + std::to_string(binder_list->size()) +
                               " binders (RFC 8446 4.2.11: one binder per identity)");
    }
    return OfferedPsks{std::move(*identity_list), std::move(*binder_list)};
  });
}

void OfferedPsks::encode(Writer& writer) const {
  {
    auto list = writer.u16_prefixed();
    for (const PskIdentity& identity : identities) {
      {
        auto field = writer.u16_prefixed();
        writer.bytes(identity.identity);
      }
      writer.u32(identity.obfuscated_ticket_age);
    }
  }
  auto list = writer.u16_prefixed();
  for (const ByteView binder : binders) {
    auto field = writer.u8_prefixed();
    writer.bytes(binder);
  }
}

std::size_t OfferedPsks::binders_list_size() const noexcept {
  std::size_t size = 2;
  for (const ByteView binder : binders)
    size += 1 + binder.size();
  return size;
}

bool operator==(const OfferedPsks& a, const OfferedPsks& b) noexcept {
  return a.identities == b.identities && same_bytes(a.binders, b.binders);
}

Expected<SelectedPsk> SelectedPsk::decode(ByteView data) {
  return decode_whole(data, "pre_shared_key extension", [](Reader& r) -> Expected<SelectedPsk> {
    auto selected = r.u16("pre_shared_key selected_identity");
    if (!selected) return propagate(selected);
    return SelectedPsk{*selected};
  });
}

void SelectedPsk::encode(Writer& writer) const {
  writer.u16(selected_identity);
}

}  // namespace cpptls::wire
