#include "wire/messages/ext_certificate_authorities.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<std::vector<ByteView>> read_distinguished_names(Reader& reader, std::string_view what,
                                                         std::size_t min_length) {
  auto list = reader.u16_prefixed(what, min_length, 0xffff);
  if (!list) return propagate(list);
  const std::string name_what = std::string(what) + " DistinguishedName";
  Reader entries(*list);
  std::vector<ByteView> out;
  out.reserve(list->size() / 3);  // each name takes at least 3 bytes
  while (!entries.empty()) {
    auto name = entries.u16_prefixed(name_what, 1, 0xffff);
    if (!name) return propagate(name);
    out.push_back(*name);
  }
  return out;
}

void write_distinguished_names(Writer& writer, const std::vector<ByteView>& names) {
  auto list = writer.u16_prefixed();
  for (const ByteView name : names) {
    auto field = writer.u16_prefixed();
    writer.bytes(name);
  }
}

Expected<CertificateAuthorities> CertificateAuthorities::decode(ByteView data) {
  return decode_whole(
      data, "certificate_authorities extension", [](Reader& r) -> Expected<CertificateAuthorities> {
        auto names = read_distinguished_names(r, "certificate_authorities authorities", 3);
        if (!names) return propagate(names);
        return CertificateAuthorities{std::move(*names)};
      });
}

void CertificateAuthorities::encode(Writer& writer) const {
  write_distinguished_names(writer, authorities);
}

bool operator==(const CertificateAuthorities& a, const CertificateAuthorities& b) noexcept {
  return same_bytes(a.authorities, b.authorities);
}

}  // namespace cpptls::wire
