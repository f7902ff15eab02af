// The server's Finished and the client's second flight (RFC 8446 4.4.2-4.4.4): the
// application secrets, our Certificate and CertificateVerify when asked, and our Finished.
#include <string>
#include <utility>
#include <vector>

#include "base/constant_time.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/protocol.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/finished.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs13 {
namespace {

// Encodes `message`, adds it to the transcript and to `flight`.
template <class Message>
Expected<void> append(const Message& message, handshake::TranscriptHash& transcript,
                      Bytes& flight) {
  Bytes encoded;
  if (auto done = wire::encode_handshake(message, encoded); !done) return done;
  transcript.add(encoded);
  flight.insert(flight.end(), encoded.begin(), encoded.end());
  return {};
}

}  // namespace

ClientHandshake::Step ClientHandshake::accept_finished(client::ExpectFinished& s, ByteView body,
                                                       ByteView encoded, handshake::Output& out) {
  const crypto::CipherSuiteInfo& suite = *s.keys.suite;
  auto message = wire::Finished::decode(body, crypto::digest_size(suite.hash));
  if (!message) return Unexpected<Error>(std::move(message.error()));
  auto through_verify = s.transcript.digest();  // ClientHello..CertificateVerify
  if (!through_verify) return Unexpected<Error>(std::move(through_verify.error()));
  auto expected = s.keys.server.finished_verify_data(through_verify->view());
  if (!expected) return Unexpected<Error>(std::move(expected.error()));
  // RFC 8446 4.4.4: "Recipients of Finished messages MUST verify that the contents are correct
  // and if incorrect MUST terminate the connection with a "decrypt_error" alert."
  if (!constant_time_equal(expected->view(), message->verify_data)) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::bad_finished,
                AlertDescription::decrypt_error,
                "the server's Finished verify_data does not match the handshake the client saw "
                "(RFC 8446 4.4.4)");
  }
  s.transcript.add(encoded);

  // RFC 8446 7.1: the application secrets cover ClientHello..server Finished.
  auto through_finished = s.transcript.digest();
  if (!through_finished) return Unexpected<Error>(std::move(through_finished.error()));
  auto master = std::move(s.keys.secret).into_master_secret();
  if (!master) return Unexpected<Error>(std::move(master.error()));
  auto application = master->application_secrets(through_finished->view());
  if (!application) return Unexpected<Error>(std::move(application.error()));
  auto server_keys = application->server.traffic_keys(suite.aead);
  if (!server_keys) return Unexpected<Error>(std::move(server_keys.error()));

  // Our second flight: [Certificate, CertificateVerify], Finished under the handshake keys.
  auto flight = client_authentication(s);
  if (!flight) return Unexpected<Error>(std::move(flight.error()));
  auto through_ours = s.transcript.digest();
  if (!through_ours) return Unexpected<Error>(std::move(through_ours.error()));
  auto verify_data = s.keys.client.finished_verify_data(through_ours->view());
  if (!verify_data) return Unexpected<Error>(std::move(verify_data.error()));
  if (auto done = append(wire::Finished{verify_data->view()}, s.transcript, *flight); !done)
    return Unexpected<Error>(std::move(done.error()));
  auto through_client_finished = s.transcript.digest();
  if (!through_client_finished)
    return Unexpected<Error>(std::move(through_client_finished.error()));
  auto resumption = master->resumption_master_secret(through_client_finished->view());
  if (!resumption) return Unexpected<Error>(std::move(resumption.error()));
  auto client_keys = application->client.traffic_keys(suite.aead);
  if (!client_keys) return Unexpected<Error>(std::move(client_keys.error()));

  log_secret(kLogClientTraffic0, application->client.bytes());
  log_secret(kLogServerTraffic0, application->server.bytes());
  log_secret(kLogExporter, application->exporter_master);

  out.install(handshake::Direction::read, crypto::SuiteVersion::tls13, std::move(*server_keys));
  // Our handshake write key has been on since the ServerHello.
  out.send(std::move(*flight));
  out.install(handshake::Direction::write, crypto::SuiteVersion::tls13, std::move(*client_keys));
  // Who the server is, as only the authentication token says.
  summary_.peer_certificates = s.server.chain();
  summary_.peer_verified = s.server.verified();
  summary_.peer_signature_scheme = s.server.signature_scheme();
  out.complete(handshake::Exporter::tls13(suite.hash, application->exporter_master));
  return client::Connected{&suite, std::move(application->client), std::move(application->server),
                           std::move(application->exporter_master), std::move(*resumption)};
}

Expected<Bytes> ClientHandshake::client_authentication(client::ExpectFinished& s) {
  Bytes flight;
  if (!s.request) return flight;
  const client::CertificateRequested& request = *s.request;

  // RFC 8446 4.4.2: the Certificate echoes the request's context. Without a certificate, or
  // with one whose key can make none of the schemes the server accepts, it is empty and no
  // CertificateVerify follows (4.4.2.4: the server then decides).
  std::optional<crypto::SignatureScheme> scheme;
  if (settings_.certificate && settings_.certificate->key &&
      !settings_.certificate->chain.empty()) {
    scheme = choose_tls13_signature_scheme(signing_schemes_, request.schemes,
                                           settings_.certificate->key->type(),
                                           settings_.certificate->key->bits());
  }
  wire::Certificate13 certificate;
  certificate.certificate_request_context = request.context;
  if (scheme) {
    for (const x509::ParsedCertificate& entry : settings_.certificate->chain)
      certificate.certificate_list.push_back(wire::CertificateEntry{entry.der(), {}});
  }
  if (auto done = append(certificate, s.transcript, flight); !done)
    return Unexpected<Error>(std::move(done.error()));
  if (!scheme) return flight;

  // RFC 8446 4.4.3: the signature covers ClientHello..our Certificate.
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(*scheme);
  if (info == nullptr) return internal_failure("no descriptor for a chosen signature scheme");
  auto hash = s.transcript.digest();
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  auto signature = settings_.certificate->key->sign(
      info->algorithm, certificate_verify_content(Signer::client, hash->view()));
  if (!signature) return Unexpected<Error>(std::move(signature.error()));
  if (auto done = append(wire::CertificateVerify{*scheme, *signature}, s.transcript, flight); !done)
    return Unexpected<Error>(std::move(done.error()));
  return flight;
}

}  // namespace cpptls::hs13
