#pragma once
// ClientKeyExchange: its body depends on the negotiated key exchange, which only the
// handshake knows, so each kind has its own decoder.
//
// RSA key transport (RFC 5246 7.4.7.1):
//   struct {
//       public-key-encrypted PreMasterSecret pre_master_secret;
//   } EncryptedPreMasterSecret;
// written, since TLS 1.0, as an opaque vector with a 2-byte length. Its size is not checked
// here: the RSA decryption treats every malformed ciphertext alike (RFC 5246 7.4.7.1), and a
// separate error for a wrong size would be exactly the oracle that countermeasure removes.
//
// ECDHE (RFC 8422 5.7):
//   struct {
//       select (PublicValueEncoding) {
//           case implicit:  struct { };
//           case explicit:  ECPoint ecdh_Yc;
//       } ecdh_public;
//   } ClientECDiffieHellmanPublic;
// always explicit for ephemeral ECDH: ECPoint is opaque point<1..2^8-1>.

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/enums.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

struct ClientKeyExchangeRsa {
  static constexpr HandshakeType kType = HandshakeType::client_key_exchange;

  ByteView encrypted_pre_master_secret;  // a view into the decoded input

  [[nodiscard]] static Expected<ClientKeyExchangeRsa> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const ClientKeyExchangeRsa& a, const ClientKeyExchangeRsa& b) noexcept;
};

struct ClientKeyExchangeEcdhe {
  static constexpr HandshakeType kType = HandshakeType::client_key_exchange;

  ByteView public_point;  // a view into the decoded input

  [[nodiscard]] static Expected<ClientKeyExchangeEcdhe> decode(ByteView body);
  void encode(Writer& writer) const;

  friend bool operator==(const ClientKeyExchangeEcdhe& a, const ClientKeyExchangeEcdhe& b) noexcept;
};

}  // namespace cpptls::wire
