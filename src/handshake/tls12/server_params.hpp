#pragma once
// The signed ECDHE parameters of ServerKeyExchange (RFC 8422 5.4, RFC 5246 7.4.3): what the
// server signs, and the client's check of them. The signature covers
// ClientHello.random + ServerHello.random + ServerECDHParams, which binds the ephemeral key
// to this handshake.

#include <span>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/authentication.hpp"
#include "handshake/tls12/server_identity.hpp"
#include "wire/messages/server_key_exchange.hpp"

namespace cpptls::hs12 {

// RFC 8422 5.4 and 5.7 with 5.1.2: an ECDHE public value has the group's size and, for the
// NIST curves, the uncompressed form (04 || x || y); anything else is illegal_parameter.
// `what` names the message in the reason.
[[nodiscard]] Expected<void> check_ecdhe_public_value(crypto::NamedGroup group, ByteView point,
                                                      std::string_view what);

[[nodiscard]] Bytes server_params_signed_input(ByteView client_random, ByteView server_random,
                                               ByteView params);

// The server's half: signs with its credential's key.
[[nodiscard]] Expected<Bytes> sign_server_params(const crypto::PrivateKey& key,
                                                 crypto::SignatureScheme scheme,
                                                 ByteView client_random, ByteView server_random,
                                                 ByteView params);

// The client's half: ECDHE parameters whose group, point, scheme and signature were checked.
// Only verify() makes one (design rule 5).
class VerifiedServerParams {
 public:
  // Refuses with illegal_parameter a group or scheme the client did not offer, a scheme the
  // server's key cannot make, a point of the wrong size or not uncompressed (RFC 8422 5.1.2);
  // with decrypt_error a signature that does not verify with the leaf's key.
  [[nodiscard]] static Expected<VerifiedServerParams> verify(
      const wire::ServerKeyExchangeEcdhe& message,
      std::span<const crypto::NamedGroup> offered_groups,
      std::span<const crypto::SignatureScheme> offered_schemes, const ServerIdentity& server,
      ByteView client_random, ByteView server_random);

  [[nodiscard]] crypto::NamedGroup group() const noexcept { return group_; }
  [[nodiscard]] crypto::SignatureScheme scheme() const noexcept { return scheme_; }
  [[nodiscard]] ByteView public_point() const noexcept { return point_; }
  // The proof that the server's key signed these parameters, for its authentication.
  [[nodiscard]] handshake::SignatureChecked take_proof() { return std::move(proof_); }

 private:
  VerifiedServerParams(crypto::NamedGroup group, crypto::SignatureScheme scheme, Bytes point,
                       handshake::SignatureChecked proof)
      : group_(group), scheme_(scheme), point_(std::move(point)), proof_(std::move(proof)) {}

  crypto::NamedGroup group_;
  crypto::SignatureScheme scheme_;
  Bytes point_;
  handshake::SignatureChecked proof_;
};

}  // namespace cpptls::hs12
