// The client's answer to our CertificateRequest (RFC 8446 4.4.2, 4.4.3): its chain, verified
// for clientAuth against settings.client_trust, and its proof that it holds the leaf's key.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/tls13/protocol.hpp"
#include "handshake/tls13/server.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_verify.hpp"

namespace cpptls::hs13 {

ServerHandshake::Step ServerHandshake::accept_certificate(server::ExpectCertificate& s,
                                                          ByteView body, ByteView encoded) {
  auto message = wire::Certificate13::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  // RFC 8446 4.4.2: the context answers the CertificateRequest's, which was empty.
  if (!message->certificate_request_context.empty()) {
    return handshake::illegal_parameter(
        "the client's Certificate has a certificate_request_context of " +
        std::to_string(message->certificate_request_context.size()) +
        " bytes; the CertificateRequest's was empty (RFC 8446 4.4.2)");
  }
  if (message->certificate_list.empty()) {
    // RFC 8446 4.4.2.4: "If the client does not send any certificates (i.e., it sends an empty
    // Certificate message), the server MAY at its discretion either continue the handshake
    // without client authentication or abort the handshake with a "certificate_required"
    // alert."
    auto anonymous = handshake::AuthenticatedClient::without_certificate(
        settings_.client_auth, AlertDescription::certificate_required, "RFC 8446 4.4.2.4");
    if (!anonymous) return Unexpected<Error>(std::move(anonymous.error()));
    s.transcript.add(encoded);
    return server::ExpectFinished{std::move(s.transcript), std::move(s.secrets), s.ccs,
                                  std::move(*anonymous)};
  }

  std::vector<ByteView> chain;
  chain.reserve(message->certificate_list.size());
  for (const wire::CertificateEntry& entry : message->certificate_list) {
    // RFC 8446 4.4.2: entry extensions must answer ones in our CertificateRequest, which
    // asks for none (we request neither OCSP status nor SCTs of a client).
    if (!entry.extensions.empty()) {
      return fail(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
                  AlertDescription::unsupported_extension,
                  "the client sent the " + wire::to_string(entry.extensions.front().type) +
                      " extension in its Certificate, which the server did not ask for (RFC "
                      "8446 4.4.2)");
    }
    chain.push_back(entry.cert_data);
  }
  auto client = handshake::authenticate_client(provider(), settings_.client_auth_policy(), chain);
  if (!client) return Unexpected<Error>(std::move(client.error()));
  s.transcript.add(encoded);
  return server::ExpectCertificateVerify{std::move(s.transcript), std::move(s.secrets), s.ccs,
                                         std::move(*client)};
}

ServerHandshake::Step ServerHandshake::accept_certificate_verify(server::ExpectCertificateVerify& s,
                                                                 ByteView body, ByteView encoded) {
  auto message = wire::CertificateVerify::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  // RFC 8446 4.4.3: the scheme must be one we listed in the CertificateRequest, and one that
  // TLS 1.3 allows for the leaf's key.
  const crypto::SignatureScheme scheme = message->algorithm;
  const bool listed =
      std::find(verify_schemes_.begin(), verify_schemes_.end(), scheme) != verify_schemes_.end();
  if (!listed || !scheme_fits_key_tls13(scheme, s.client.key_type())) {
    return handshake::illegal_parameter(
        "the client signed its CertificateVerify with " + wire::to_string(scheme) + ", which " +
        (listed ? "its " + std::string(handshake::describe(s.client.key_type())) +
                      " key cannot make in TLS 1.3"
                : std::string("the server's CertificateRequest did not list")) +
        " (RFC 8446 4.4.3)");
  }
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr) return internal_failure("a TLS 1.3 scheme is missing from the table");

  auto through_certificate = s.transcript.digest();
  if (!through_certificate) return Unexpected<Error>(std::move(through_certificate.error()));
  auto checked = handshake::verify_peer_signature(
      s.client, *info, certificate_verify_content(Signer::client, through_certificate->view()),
      message->signature, "the client's CertificateVerify", "client");
  if (!checked) return Unexpected<Error>(std::move(checked.error()));
  s.transcript.add(encoded);
  return server::ExpectFinished{
      std::move(s.transcript), std::move(s.secrets), s.ccs,
      handshake::AuthenticatedClient::by_signature(s.client, std::move(*checked))};
}

}  // namespace cpptls::hs13
