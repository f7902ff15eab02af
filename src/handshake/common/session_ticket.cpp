#include "handshake/common/session_ticket.hpp"

#include <algorithm>
#include <utility>

#include "crypto/descriptors.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::handshake {
namespace {

constexpr std::uint8_t kFormat = 5;

}  // namespace

SecretBytes ServerSessionState::encode() const {
  Bytes out;
  wire::Writer writer(out);
  writer.u8(kFormat);
  writer.u16(static_cast<std::uint16_t>(version));
  writer.u16(static_cast<std::uint16_t>(cipher_suite));
  writer.u16(group ? static_cast<std::uint16_t>(*group) : 0);
  {
    auto prefix = writer.u8_prefixed();
    writer.bytes(secret);
  }
  writer.u64(static_cast<std::uint64_t>(created));
  writer.u32(lifetime);
  writer.u32(ticket_age_add);
  writer.u8(extended_master_secret ? 1 : 0);
  {
    auto prefix = writer.u8_prefixed();
    writer.bytes(as_bytes(alpn));
  }
  {
    auto prefix = writer.u16_prefixed();
    writer.bytes(as_bytes(server_name));
  }
  writer.u8(static_cast<std::uint8_t>(client.policy));
  writer.u8(client.verified ? 1 : 0);
  writer.bytes(client.anchors);
  writer.bytes(client.verifier);
  {
    auto chain = writer.u24_prefixed();
    for (const Bytes& certificate : client.chain) {
      auto prefix = writer.u24_prefixed();
      writer.bytes(certificate);
    }
  }
  SecretBytes encoded(out.begin(), out.end());
  secure_wipe(out);
  return encoded;
}

Expected<ServerSessionState> ServerSessionState::decode(ByteView data) {
  wire::Reader reader(data);
  auto format = reader.u8("session state format");
  if (!format) return Unexpected<Error>(std::move(format.error()));
  if (*format != kFormat)
    return decode_failure(ErrorCode::invalid_value, "unknown session state format");
  ServerSessionState state;
  auto version = reader.u16("version");
  auto suite = reader.u16("cipher suite");
  auto group = reader.u16("group");
  auto secret = reader.u8_prefixed("secret", 1);
  auto created = reader.u64("created");
  auto lifetime = reader.u32("lifetime");
  auto age_add = reader.u32("ticket_age_add");
  auto ems = reader.u8("extended_master_secret");
  auto alpn = reader.u8_prefixed("alpn");
  auto name = reader.u16_prefixed("server_name");
  auto policy = reader.u8("client_auth policy");
  auto verified = reader.u8("client verified");
  auto anchors = reader.bytes(sizeof(x509::TrustFingerprint), "client anchors");
  auto verifier = reader.bytes(sizeof(PolicyDigest), "client verifier");
  auto chain = reader.u24_prefixed("client chain");
  if (!version || !suite || !group || !secret || !created || !lifetime || !age_add || !ems ||
      !alpn || !name || !policy || !verified || !anchors || !verifier || !chain) {
    return decode_failure(ErrorCode::invalid_value, "truncated session state");
  }
  if (*group != 0) {
    const auto named = static_cast<crypto::NamedGroup>(*group);
    if (crypto::find_group(named) == nullptr)
      return decode_failure(ErrorCode::invalid_value, "a group we do not implement");
    state.group = named;
  }
  if (*policy > static_cast<std::uint8_t>(ClientAuth::require))
    return decode_failure(ErrorCode::invalid_value, "unknown client_auth policy");
  state.client.policy = static_cast<ClientAuth>(*policy);
  if (*verified > 1)
    return decode_failure(ErrorCode::invalid_value, "client verified is not 0 or 1");
  state.client.verified = *verified == 1;
  std::copy(anchors->begin(), anchors->end(), state.client.anchors.begin());
  std::copy(verifier->begin(), verifier->end(), state.client.verifier.begin());
  wire::Reader certificates(*chain);
  while (!certificates.empty()) {
    auto certificate = certificates.u24_prefixed("client certificate", 1);
    if (!certificate) return Unexpected<Error>(std::move(certificate.error()));
    state.client.chain.emplace_back(certificate->begin(), certificate->end());
  }
  if (auto end = reader.expect_end("session state"); !end)
    return Unexpected<Error>(std::move(end.error()));
  state.version = static_cast<wire::ProtocolVersion>(*version);
  state.cipher_suite = static_cast<crypto::CipherSuite>(*suite);
  state.secret = to_secret(*secret);
  state.created = static_cast<std::int64_t>(*created);
  state.lifetime = *lifetime;
  state.ticket_age_add = *age_add;
  state.extended_master_secret = *ems != 0;
  state.alpn = std::string(as_chars(*alpn));
  state.server_name = std::string(as_chars(*name));
  return state;
}

}  // namespace cpptls::handshake
