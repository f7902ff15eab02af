#include "handshake/tls12/server_identity.hpp"

#include <string>
#include <utility>

#include "handshake/common/negotiation.hpp"

namespace cpptls::hs12 {

Expected<ServerIdentity> ServerIdentity::authenticate(const handshake::ClientSettings& settings,
                                                      const crypto::CipherSuiteInfo& suite,
                                                      const wire::Certificate12& message) {
  if (message.certificate_list.empty()) {
    return decode_failure(ErrorCode::empty_list,
                          "the server's Certificate message holds no certificate (RFC 5246 7.4.2: "
                          "every negotiated key exchange needs one)");
  }
  if (settings.provider == nullptr) return internal_failure("no provider to check the server");
  auto peer = settings.server_auth.authenticate(*settings.provider, message.certificate_list);
  if (!peer) return Unexpected<Error>(std::move(peer.error()));

  // RFC 5246 7.4.2 and RFC 8422 5.3: the key must fit the negotiated key exchange.
  if (!handshake::key_serves(suite.key_exchange, peer->key_type())) {
    const x509::Certificate& leaf = peer->leaf();
    return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                AlertDescription::unsupported_certificate,
                "the server's certificate " + leaf.describe() + " has a " +
                    leaf.public_key().describe() + " key, which cannot serve " +
                    std::string(suite.name));
  }
  return ServerIdentity(std::move(*peer));
}

}  // namespace cpptls::hs12
