// The server's flight under the handshake keys (RFC 8446 4.3-4.4): EncryptedExtensions,
// [CertificateRequest], Certificate, CertificateVerify, Finished; then the application secrets
// over the transcript through our Finished (7.1).
#include <string>
#include <utility>

#include "handshake/common/extension_builder.hpp"
#include "handshake/tls13/protocol.hpp"
#include "handshake/tls13/server.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/encrypted_extensions.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/finished.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::hs13 {
namespace {

using handshake::Direction;
using handshake::Output;
using wire::ExtensionType;

template <class Message>
Expected<Bytes> encode(const Message& message) {
  Bytes out;
  if (auto done = wire::encode_handshake(message, out); !done)
    return Unexpected<Error>(std::move(done.error()));
  return out;
}

// RFC 8446 4.3.1: the answers to the client's extensions that are not needed to establish the
// keys. RFC 6066 3: an empty server_name says the name was seen.
Expected<Bytes> encrypted_extensions(const server::Negotiation& negotiation) {
  handshake::ExtensionBuilder extensions;
  if (!negotiation.server_name.empty())
    extensions.add(ExtensionType::server_name, wire::ServerNameAcknowledgement{});
  if (negotiation.alpn) {
    extensions.add(ExtensionType::application_layer_protocol_negotiation,
                   wire::SelectedProtocol{as_bytes(*negotiation.alpn)});
  }
  if (!extensions.ok()) return internal_failure("an EncryptedExtensions entry outgrew its length");
  return encode(wire::EncryptedExtensions{extensions.list()});
}

// RFC 8446 4.3.2: an empty context (this is during the handshake) and the schemes we accept.
// The list may hold PKCS#1 v1.5 schemes, which speak for the client's certificate chain only
// (4.2.3); its CertificateVerify is checked against scheme_fits_key_tls13.
Expected<Bytes> certificate_request(std::span<const crypto::SignatureScheme> schemes) {
  handshake::ExtensionBuilder extensions;
  extensions.add(ExtensionType::signature_algorithms,
                 wire::SignatureSchemeList{{schemes.begin(), schemes.end()}});
  if (!extensions.ok()) return internal_failure("a CertificateRequest entry outgrew its length");
  return encode(wire::CertificateRequest13{{}, extensions.list()});
}

// RFC 8446 4.4.2: our chain, leaf first. When the client asked for OCSP status and the
// credential has a response, the leaf's entry carries it (4.4.2.1); no other entry carries
// extensions.
Expected<Bytes> certificate(const handshake::Credential& credential, bool ocsp_requested) {
  wire::Certificate13 message;
  message.certificate_list.reserve(credential.chain.size());
  for (const x509::ParsedCertificate& entry : credential.chain)
    message.certificate_list.push_back(wire::CertificateEntry{entry.der(), {}});
  handshake::ExtensionBuilder leaf;  // outlives the encoding: the entry views its buffer
  const ByteView response = credential.stapled_ocsp_response();
  if (ocsp_requested && !response.empty() && !message.certificate_list.empty()) {
    leaf.add(ExtensionType::status_request, wire::CertificateStatus{response});
    if (!leaf.ok()) return internal_failure("the stapled OCSP response outgrew its extension");
    message.certificate_list.front().extensions = leaf.list();
  }
  return encode(message);
}

// RFC 8446 4.4.3: the signature over the transcript through Certificate.
Expected<Bytes> certificate_verify(const server::CredentialChoice& choice,
                                   const handshake::Digest& transcript_hash) {
  const crypto::SignatureSchemeInfo* scheme = crypto::find_scheme(choice.scheme);
  if (scheme == nullptr) return internal_failure("the chosen signature scheme is not in the table");
  auto signature = choice.credential->key->sign(
      scheme->algorithm, certificate_verify_content(Signer::server, transcript_hash.view()));
  if (!signature) return Unexpected<Error>(std::move(signature.error()));
  return encode(wire::CertificateVerify{choice.scheme, *signature});
}

// RFC 8446 4.4.4.
Expected<Bytes> finished(const TrafficSecret& secret, const handshake::Digest& transcript_hash) {
  auto verify_data = secret.finished_verify_data(transcript_hash.view());
  if (!verify_data) return Unexpected<Error>(std::move(verify_data.error()));
  return encode(wire::Finished{verify_data->view()});
}

}  // namespace

ServerHandshake::Step ServerHandshake::server_flight(
    const server::Negotiation& negotiation, handshake::TranscriptHash transcript,
    HandshakeSecret handshake_secret, HandshakeTrafficSecrets traffic,
    std::optional<handshake::ResumedClient> resumption, server::CompatibilityCcs ccs, Output& out) {
  const bool resumed = resumption.has_value();
  const crypto::AeadAlgorithm aead = negotiation.suite->aead;
  auto server_keys = traffic.server.traffic_keys(aead);
  if (!server_keys) return Unexpected<Error>(std::move(server_keys.error()));
  auto client_keys = traffic.client.traffic_keys(aead);
  if (!client_keys) return Unexpected<Error>(std::move(client_keys.error()));
  out.install(Direction::write, crypto::SuiteVersion::tls13, std::move(*server_keys));
  out.install(Direction::read, crypto::SuiteVersion::tls13, std::move(*client_keys));

  Bytes flight;
  // Each message enters the transcript before the next one that depends on it is made.
  const auto append = [&](wire::HandshakeType type, Expected<Bytes> message) -> Expected<void> {
    if (!message) return Unexpected<Error>(std::move(message.error()));
    add_message(type, std::move(*message), transcript, flight);
    return {};
  };
  const auto hash = [&]() { return transcript.digest(); };

  if (auto done =
          append(wire::HandshakeType::encrypted_extensions, encrypted_extensions(negotiation));
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }
  // RFC 8446 4.3.2: "Servers which are authenticating with a PSK MUST NOT send the
  // CertificateRequest message in the main handshake"; 2.2: the PSK authenticates us, so no
  // Certificate or CertificateVerify either.
  const bool ask_client = !resumed && settings_.client_auth != handshake::ClientAuth::none;
  if (ask_client) {
    if (auto done =
            append(wire::HandshakeType::certificate_request, certificate_request(verify_schemes_));
        !done) {
      return Unexpected<Error>(std::move(done.error()));
    }
  }
  if (!resumed) {
    if (auto done =
            append(wire::HandshakeType::certificate,
                   certificate(*negotiation.credential.credential, negotiation.ocsp_requested));
        !done) {
      return Unexpected<Error>(std::move(done.error()));
    }
    auto through_certificate = hash();
    if (!through_certificate) return Unexpected<Error>(std::move(through_certificate.error()));
    if (auto done = append(wire::HandshakeType::certificate_verify,
                           certificate_verify(negotiation.credential, *through_certificate));
        !done) {
      return Unexpected<Error>(std::move(done.error()));
    }
  }
  auto through_verify = hash();
  if (!through_verify) return Unexpected<Error>(std::move(through_verify.error()));
  if (auto done = append(wire::HandshakeType::finished, finished(traffic.server, *through_verify));
      !done) {
    return Unexpected<Error>(std::move(done.error()));
  }

  // RFC 8446 7.1: the application secrets cover ClientHello..server Finished.
  auto through_finished = hash();
  if (!through_finished) return Unexpected<Error>(std::move(through_finished.error()));
  auto master = std::move(handshake_secret).into_master_secret();
  if (!master) return Unexpected<Error>(std::move(master.error()));
  auto application = master->application_secrets(through_finished->view());
  if (!application) return Unexpected<Error>(std::move(application.error()));
  log_secret(kLogClientTraffic0, application->client.bytes());
  log_secret(kLogServerTraffic0, application->server.bytes());
  log_secret(kLogExporter, application->exporter_master);
  auto server_application_keys = application->server.traffic_keys(aead);
  if (!server_application_keys)
    return Unexpected<Error>(std::move(server_application_keys.error()));

  // Our flight goes under the handshake keys; what we send after it (0.5-RTT data, tickets,
  // KeyUpdate) under the application keys.
  out.send(std::move(flight));
  out.install(Direction::write, crypto::SuiteVersion::tls13, std::move(*server_application_keys));

  server::FlightSecrets secrets{negotiation.suite, std::move(traffic.client), std::move(*master),
                                std::move(*application), negotiation.psk_dhe_ke};
  if (ask_client) return server::ExpectCertificate{std::move(transcript), std::move(secrets), ccs};
  if (resumption) {
    return server::ExpectFinished{
        std::move(transcript), std::move(secrets), ccs,
        handshake::AuthenticatedClient::by_resumption(std::move(*resumption))};
  }
  auto anonymous = handshake::AuthenticatedClient::without_certificate(
      settings_.client_auth, AlertDescription::certificate_required, "RFC 8446 4.4.2.4");
  if (!anonymous) return Unexpected<Error>(std::move(anonymous.error()));
  return server::ExpectFinished{std::move(transcript), std::move(secrets), ccs,
                                std::move(*anonymous)};
}

}  // namespace cpptls::hs13
