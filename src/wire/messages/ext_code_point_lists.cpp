#include "wire/messages/ext_code_point_lists.hpp"

#include <algorithm>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<NamedGroupList> NamedGroupList::decode(ByteView data) {
  return decode_whole(data, "supported_groups extension",
                      [](Reader& r) -> Expected<NamedGroupList> {
                        auto list = read_u16_list<NamedGroup>(
                            r, Prefix::u16, "supported_groups named_group_list", 2, 0xffff);
                        if (!list) return propagate(list);
                        return NamedGroupList{std::move(*list)};
                      });
}

void NamedGroupList::encode(Writer& writer) const {
  write_u16_list(writer, Prefix::u16, groups);
}

Expected<SignatureSchemeList> SignatureSchemeList::decode(ByteView data) {
  return decode_whole(
      data, "signature_algorithms extension", [](Reader& r) -> Expected<SignatureSchemeList> {
        auto list = read_u16_list<SignatureScheme>(
            r, Prefix::u16, "signature_algorithms supported_signature_algorithms", 2, 0xfffe);
        if (!list) return propagate(list);
        return SignatureSchemeList{std::move(*list)};
      });
}

void SignatureSchemeList::encode(Writer& writer) const {
  write_u16_list(writer, Prefix::u16, schemes);
}

Expected<EcPointFormatList> EcPointFormatList::decode(ByteView data) {
  return decode_whole(
      data, "ec_point_formats extension", [](Reader& r) -> Expected<EcPointFormatList> {
        auto list =
            read_u8_list<EcPointFormat>(r, "ec_point_formats ec_point_format_list", 1, 0xff);
        if (!list) return propagate(list);
        return EcPointFormatList{std::move(*list)};
      });
}

void EcPointFormatList::encode(Writer& writer) const {
  write_u8_list(writer, formats);
}

bool EcPointFormatList::has_uncompressed() const noexcept {
  return std::find(formats.begin(), formats.end(), EcPointFormat::uncompressed) != formats.end();
}

Expected<PskKeyExchangeModes> PskKeyExchangeModes::decode(ByteView data) {
  return decode_whole(
      data, "psk_key_exchange_modes extension", [](Reader& r) -> Expected<PskKeyExchangeModes> {
        auto list = read_u8_list<PskKeyExchangeMode>(r, "psk_key_exchange_modes ke_modes", 1, 0xff);
        if (!list) return propagate(list);
        return PskKeyExchangeModes{std::move(*list)};
      });
}

void PskKeyExchangeModes::encode(Writer& writer) const {
  write_u8_list(writer, modes);
}

Expected<SupportedVersionsClientHello> SupportedVersionsClientHello::decode(ByteView data) {
  return decode_whole(data, "supported_versions extension",
                      [](Reader& r) -> Expected<SupportedVersionsClientHello> {
                        auto list = read_u16_list<ProtocolVersion>(
                            r, Prefix::u8, "supported_versions versions", 2, 254);
                        if (!list) return propagate(list);
                        return SupportedVersionsClientHello{std::move(*list)};
                      });
}

void SupportedVersionsClientHello::encode(Writer& writer) const {
  write_u16_list(writer, Prefix::u8, versions);
}

Expected<SupportedVersionsServerHello> SupportedVersionsServerHello::decode(ByteView data) {
  return decode_whole(data, "supported_versions extension",
                      [](Reader& r) -> Expected<SupportedVersionsServerHello> {
                        auto version = r.u16("supported_versions selected_version");
                        if (!version) return propagate(version);
                        return SupportedVersionsServerHello{static_cast<ProtocolVersion>(*version)};
                      });
}

void SupportedVersionsServerHello::encode(Writer& writer) const {
  writer.u16(static_cast<std::uint16_t>(selected_version));
}

}  // namespace cpptls::wire
