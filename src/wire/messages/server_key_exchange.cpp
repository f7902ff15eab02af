#include "wire/messages/server_key_exchange.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<ServerKeyExchangeEcdhe> ServerKeyExchangeEcdhe::decode(ByteView body) {
  return decode_whole(
      body, "ServerKeyExchange", [body](Reader& r) -> Expected<ServerKeyExchangeEcdhe> {
        ServerKeyExchangeEcdhe out;
        auto curve_type = r.u8("ServerKeyExchange curve_type");
        if (!curve_type) return propagate(curve_type);
        if (*curve_type != static_cast<std::uint8_t>(EcCurveType::named_curve)) {
          return illegal_parameter("ServerKeyExchange curve_type is " +
                                   std::to_string(*curve_type) +
                                   "; only named_curve(3) is allowed (RFC 8422 5.4)");
        }
        auto group_id = r.u16("ServerKeyExchange namedcurve");
        if (!group_id) return propagate(group_id);
        out.group = static_cast<NamedGroup>(*group_id);
        auto point = r.u8_prefixed("ServerKeyExchange ECPoint", 1, 0xff);
        if (!point) return propagate(point);
        out.public_point = *point;
        out.params = body.first(r.offset());
        auto scheme_id = r.u16("ServerKeyExchange signature algorithm");
        if (!scheme_id) return propagate(scheme_id);
        out.scheme = static_cast<SignatureScheme>(*scheme_id);
        auto signature_bytes = r.u16_prefixed("ServerKeyExchange signature", 0, 0xffff);
        if (!signature_bytes) return propagate(signature_bytes);
        out.signature = *signature_bytes;
        return out;
      });
}

void ServerKeyExchangeEcdhe::encode_params(Writer& writer) const {
  writer.u8(static_cast<std::uint8_t>(EcCurveType::named_curve));
  writer.u16(static_cast<std::uint16_t>(group));
  auto point = writer.u8_prefixed();
  writer.bytes(public_point);
}

void ServerKeyExchangeEcdhe::encode(Writer& writer) const {
  encode_params(writer);
  writer.u16(static_cast<std::uint16_t>(scheme));
  auto field = writer.u16_prefixed();
  writer.bytes(signature);
}

bool operator==(const ServerKeyExchangeEcdhe& a, const ServerKeyExchangeEcdhe& b) noexcept {
  return a.group == b.group && same_bytes(a.public_point, b.public_point) && a.scheme == b.scheme &&
         same_bytes(a.signature, b.signature);
}

}  // namespace cpptls::wire
