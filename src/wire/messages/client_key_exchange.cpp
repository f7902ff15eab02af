#include "wire/messages/client_key_exchange.hpp"

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<ClientKeyExchangeRsa> ClientKeyExchangeRsa::decode(ByteView body) {
  return decode_whole(body, "ClientKeyExchange", [](Reader& r) -> Expected<ClientKeyExchangeRsa> {
    auto encrypted = r.u16_prefixed("ClientKeyExchange EncryptedPreMasterSecret", 0, 0xffff);
    if (!encrypted) return propagate(encrypted);
    return ClientKeyExchangeRsa{*encrypted};
  });
}

void ClientKeyExchangeRsa::encode(Writer& writer) const {
  auto field = writer.u16_prefixed();
  writer.bytes(encrypted_pre_master_secret);
}

bool operator==(const ClientKeyExchangeRsa& a, const ClientKeyExchangeRsa& b) noexcept {
  return same_bytes(a.encrypted_pre_master_secret, b.encrypted_pre_master_secret);
}

Expected<ClientKeyExchangeEcdhe> ClientKeyExchangeEcdhe::decode(ByteView body) {
  return decode_whole(body, "ClientKeyExchange", [](Reader& r) -> Expected<ClientKeyExchangeEcdhe> {
    auto point = r.u8_prefixed("ClientKeyExchange ECPoint", 1, 0xff);
    if (!point) return propagate(point);
    return ClientKeyExchangeEcdhe{*point};
  });
}

void ClientKeyExchangeEcdhe::encode(Writer& writer) const {
  auto field = writer.u8_prefixed();
  writer.bytes(public_point);
}

bool operator==(const ClientKeyExchangeEcdhe& a, const ClientKeyExchangeEcdhe& b) noexcept {
  return same_bytes(a.public_point, b.public_point);
}

}  // namespace cpptls::wire
