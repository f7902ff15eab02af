#include "handshake/tls12/server_params.hpp"

#include <algorithm>
#include <string>

#include "crypto/descriptors.hpp"
#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "wire/enums.hpp"

namespace cpptls::hs12 {
namespace {

// RFC 8422 5.4 with 5.1.2: NIST curve points are sent uncompressed (04 || x || y).
constexpr std::uint8_t kUncompressedPoint = 0x04;

}  // namespace

Expected<void> check_ecdhe_public_value(crypto::NamedGroup group, ByteView point,
                                        std::string_view what) {
  const crypto::GroupInfo* info = crypto::find_group(group);
  if (info == nullptr) return internal_failure("no descriptor for a negotiated group");
  if (point.size() != info->public_key_size) {
    return handshake::illegal_parameter(
        std::string(what) + " " + std::string(info->name) + " public value has " +
        std::to_string(point.size()) + " bytes, expected " + std::to_string(info->public_key_size));
  }
  if (group != crypto::NamedGroup::x25519 && point[0] != kUncompressedPoint) {
    return handshake::illegal_parameter(std::string(what) + " " + std::string(info->name) +
                                        " point is not in uncompressed form (first byte " +
                                        std::to_string(point[0]) + "; RFC 8422 5.1.2)");
  }
  return {};
}

Bytes server_params_signed_input(ByteView client_random, ByteView server_random, ByteView params) {
  Bytes input;
  input.reserve(client_random.size() + server_random.size() + params.size());
  input.insert(input.end(), client_random.begin(), client_random.end());
  input.insert(input.end(), server_random.begin(), server_random.end());
  input.insert(input.end(), params.begin(), params.end());
  return input;
}

Expected<Bytes> sign_server_params(const crypto::PrivateKey& key, crypto::SignatureScheme scheme,
                                   ByteView client_random, ByteView server_random,
                                   ByteView params) {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr) return internal_failure("no descriptor for the chosen signature scheme");
  return key.sign(info->algorithm,
                  server_params_signed_input(client_random, server_random, params));
}

Expected<VerifiedServerParams> VerifiedServerParams::verify(
    const wire::ServerKeyExchangeEcdhe& message, std::span<const crypto::NamedGroup> offered_groups,
    std::span<const crypto::SignatureScheme> offered_schemes, const ServerIdentity& server,
    ByteView client_random, ByteView server_random) {
  // RFC 8422 5.4: the server picks one of the curves the client listed.
  if (crypto::find_group(message.group) == nullptr ||
      std::find(offered_groups.begin(), offered_groups.end(), message.group) ==
          offered_groups.end()) {
    return handshake::illegal_parameter("ServerKeyExchange uses group " +
                                        wire::to_string(message.group) +
                                        ", which the client did not offer (RFC 8422 5.4)");
  }
  if (auto point =
          check_ecdhe_public_value(message.group, message.public_point, "ServerKeyExchange");
      !point)
    return Unexpected<Error>(std::move(point.error()));

  // RFC 5246 7.4.1.4.1: the server signs with a scheme the client listed.
  const crypto::SignatureSchemeInfo* scheme = crypto::find_scheme(message.scheme);
  if (scheme == nullptr || std::find(offered_schemes.begin(), offered_schemes.end(),
                                     message.scheme) == offered_schemes.end()) {
    return handshake::illegal_parameter(
        "ServerKeyExchange is signed with " + wire::to_string(message.scheme) +
        ", which the client did not offer in signature_algorithms (RFC 5246 7.4.1.4.1)");
  }
  if (!handshake::scheme_fits_key_tls12(message.scheme, server.key_type())) {
    return handshake::illegal_parameter(
        "ServerKeyExchange is signed with " + std::string(scheme->name) + ", which the server's " +
        std::string(handshake::describe(server.key_type())) + " key cannot make");
  }

  const Bytes input = server_params_signed_input(client_random, server_random, message.params);
  auto checked = handshake::verify_peer_signature(server.peer(), *scheme, input, message.signature,
                                                  "the ServerKeyExchange", "server");
  if (!checked) return Unexpected<Error>(std::move(checked.error()));
  return VerifiedServerParams(message.group, message.scheme,
                              Bytes(message.public_point.begin(), message.public_point.end()),
                              std::move(*checked));
}

}  // namespace cpptls::hs12
