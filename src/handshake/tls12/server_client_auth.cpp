// The server's side of client authentication (RFC 5246 7.4.4, 7.4.6, 7.4.8): the
// CertificateRequest it sends when settings.client_auth asks for one, the client's Certificate
// (verified against settings.client_trust for clientAuth) and its CertificateVerify, the proof
// that the client holds the certificate's key.
#include <algorithm>
#include <string>
#include <utility>

#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls12/server.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs12 {
namespace {

bool listed(std::span<const crypto::SignatureScheme> ours, crypto::SignatureScheme scheme) {
  return crypto::find_scheme(scheme) != nullptr &&
         std::find(ours.begin(), ours.end(), scheme) != ours.end();
}

}  // namespace

Expected<void> ServerHandshake::append_certificate_request(Bytes& flight) const {
  wire::CertificateRequest12 request;
  // RFC 5246 7.4.4 with RFC 8422 5.5 (ecdsa_sign also covers EdDSA keys): the key types we
  // can check a CertificateVerify of.
  request.certificate_types = {wire::ClientCertificateType::rsa_sign,
                               wire::ClientCertificateType::ecdsa_sign};
  for (const crypto::SignatureScheme scheme : verify_schemes_) {
    if (listed(verify_schemes_, scheme)) request.supported_signature_algorithms.push_back(scheme);
  }
  // certificate_authorities stays empty, which RFC 5246 7.4.4 allows ("the client MAY send
  // any certificate of the appropriate ClientCertificateType"): the chain is checked against
  // client_trust whatever the client picks; a store's names may not fit the list's 2^16-1
  // bytes; and the list would tell any client which CAs the server trusts. The cost: a
  // client holding several certificates cannot use the list to pick one.
  return wire::encode_handshake(request, flight);
}

ServerHandshake::Step ServerHandshake::accept_client_certificate(server::ExpectClientCertificate& s,
                                                                 ByteView body, ByteView encoded) {
  auto message = wire::Certificate12::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));

  // RFC 5246 7.4.6: "If the client does not send any certificates, the server MAY at its
  // discretion either continue the handshake without client authentication, or respond with
  // a fatal handshake_failure alert."
  if (message->certificate_list.empty()) {
    auto anonymous = handshake::AuthenticatedClient::without_certificate(
        settings_.client_auth, AlertDescription::handshake_failure, "RFC 5246 7.4.6");
    if (!anonymous) return Unexpected<Error>(std::move(anonymous.error()));
    s.transcript.add(encoded);
    s.transcript.drop_messages();  // no CertificateVerify follows
    return server::ExpectClientKeyExchange{std::move(s.transcript), s.negotiated,
                                           std::move(s.promise), std::move(s.key_exchange),
                                           std::move(*anonymous)};
  }

  auto client = handshake::authenticate_client(*settings_.provider, settings_.client_auth_policy(),
                                               message->certificate_list);
  if (!client) return Unexpected<Error>(std::move(client.error()));
  // RFC 5246 7.4.6: the key must be able to sign with one of the schemes we listed, or its
  // CertificateVerify could not be checked; better to say so now.
  const bool can_sign =
      std::any_of(verify_schemes_.begin(), verify_schemes_.end(), [&](auto scheme) {
        return listed(verify_schemes_, scheme) &&
               handshake::scheme_fits_key_tls12(scheme, client->key_type());
      });
  if (!can_sign) {
    return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                AlertDescription::unsupported_certificate,
                "the client's certificate " + client->leaf().describe() + " has a " +
                    std::string(handshake::describe(client->key_type())) +
                    " key, which can make none of the signature schemes the server accepts");
  }
  s.transcript.add(encoded);
  return server::ExpectClientKeyExchange{std::move(s.transcript), s.negotiated,
                                         std::move(s.promise), std::move(s.key_exchange),
                                         std::move(*client)};
}

ServerHandshake::Step ServerHandshake::accept_certificate_verify(server::ExpectCertificateVerify& s,
                                                                 ByteView body, ByteView encoded) {
  auto message = wire::CertificateVerify::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  const handshake::PeerIdentity& client = s.client;

  // RFC 5246 7.4.8: "The hash and signature algorithms used in the signature MUST be one of
  // those present in the supported_signature_algorithms field of the CertificateRequest".
  if (!listed(verify_schemes_, message->algorithm)) {
    return handshake::illegal_parameter(
        "the client's CertificateVerify is signed with " + wire::to_string(message->algorithm) +
        ", which the server's CertificateRequest did not list (RFC 5246 7.4.8)");
  }
  const crypto::SignatureSchemeInfo& scheme = *crypto::find_scheme(message->algorithm);
  if (!handshake::scheme_fits_key_tls12(message->algorithm, client.key_type())) {
    return handshake::illegal_parameter("the client's CertificateVerify is signed with " +
                                        std::string(scheme.name) + ", which the " +
                                        std::string(handshake::describe(client.key_type())) +
                                        " key of " + client.leaf().describe() + " cannot make");
  }
  // The signature covers every handshake message before this one (RFC 5246 7.4.8).
  auto checked =
      handshake::verify_peer_signature(client, scheme, s.transcript.messages(), message->signature,
                                       "the client's CertificateVerify", "client");
  if (!checked) return Unexpected<Error>(std::move(checked.error()));
  s.transcript.drop_messages();
  s.transcript.add(encoded);
  return server::ExpectChangeCipherSpec{
      std::move(s.transcript),
      s.negotiated,
      std::move(s.promise),
      std::move(s.master),
      std::move(s.keys),
      handshake::AuthenticatedClient::by_signature(client, std::move(*checked))};
}

}  // namespace cpptls::hs12
