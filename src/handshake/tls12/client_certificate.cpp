// The client's side of client authentication (RFC 5246 7.4.4, 7.4.6, 7.4.8): reading the
// server's CertificateRequest, choosing whether settings.certificate can answer it, and the
// Certificate and CertificateVerify messages that answer it.
#include <algorithm>
#include <utility>

#include "handshake/common/negotiation.hpp"
#include "handshake/tls12/client.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs12 {
namespace {

// RFC 5246 7.4.4 with RFC 8422 5.5: rsa_sign asks for an RSA key, ecdsa_sign for an ECDSA or
// EdDSA key.
wire::ClientCertificateType certificate_type_of(crypto::KeyType key) noexcept {
  switch (key) {
    case crypto::KeyType::rsa:
    case crypto::KeyType::rsa_pss:
      return wire::ClientCertificateType::rsa_sign;
    case crypto::KeyType::ec_p256:
    case crypto::KeyType::ec_p384:
    case crypto::KeyType::ed25519:
      return wire::ClientCertificateType::ecdsa_sign;
  }
  return wire::ClientCertificateType::rsa_sign;
}

}  // namespace

ClientHandshake::Step ClientHandshake::accept_certificate_request(client::ExpectServerHelloDone& s,
                                                                  ByteView body, ByteView encoded) {
  auto request = wire::CertificateRequest12::decode(body);
  if (!request) return Unexpected<Error>(std::move(request.error()));
  s.transcript.add(encoded);
  s.certificate_requested = true;

  // RFC 5246 7.4.6: the certificate must be of a type the server lists, and its key must sign
  // with a scheme the server lists (7.4.8). Otherwise the answer is an empty Certificate and
  // the server decides whether to go on. certificate_authorities is not consulted: the client
  // has one certificate, and the server's verdict on its issuer is the server's to give.
  if (settings_.certificate) {
    const crypto::KeyType key = settings_.certificate->key->type();
    const auto& types = request->certificate_types;
    if (std::find(types.begin(), types.end(), certificate_type_of(key)) != types.end()) {
      s.client_signature = handshake::choose_tls12_signature_scheme(
          signing_schemes_, request->supported_signature_algorithms, key,
          settings_.certificate->key->bits());
    }
  }
  return client::State(std::move(s));
}

Expected<Bytes> ClientHandshake::certificate_message(const client::ExpectServerHelloDone& s) const {
  wire::Certificate12 message;
  if (s.client_signature) {
    for (const x509::ParsedCertificate& certificate : settings_.certificate->chain)
      message.certificate_list.push_back(certificate.der());
  }
  Bytes out;
  if (auto done = wire::encode_handshake(message, out); !done)
    return Unexpected<Error>(std::move(done.error()));
  return out;
}

Expected<Bytes> ClientHandshake::certificate_verify(const Transcript& transcript,
                                                    crypto::SignatureScheme scheme) const {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr) return internal_failure("no descriptor for the client's signature scheme");
  if (!transcript.keeps_messages())
    return internal_failure("the client must sign the handshake messages but did not keep them");
  // RFC 5246 7.4.8: the signature covers handshake_messages, every message from ClientHello
  // up to this one, whole.
  auto signature = settings_.certificate->key->sign(info->algorithm, transcript.messages());
  if (!signature) return Unexpected<Error>(std::move(signature.error()));
  Bytes out;
  if (auto done = wire::encode_handshake(wire::CertificateVerify{scheme, *signature}, out); !done)
    return Unexpected<Error>(std::move(done.error()));
  return out;
}

}  // namespace cpptls::hs12
