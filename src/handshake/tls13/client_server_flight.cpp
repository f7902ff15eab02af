// The server's encrypted flight up to its Finished (RFC 8446 4.3-4.4.3): EncryptedExtensions,
// an optional CertificateRequest, Certificate and CertificateVerify.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/printable.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/common/negotiation.hpp"
#include "handshake/common/refusals.hpp"
#include "handshake/common/stapled_ocsp.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/protocol.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_request.hpp"
#include "wire/messages/certificate_status.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/encrypted_extensions.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_simple.hpp"

namespace cpptls::hs13 {
namespace {

using wire::ExtensionType;

// RFC 8446 4.2: a response to an extension the client did not send is unsupported_extension.
Unexpected<Error> unsolicited_extension(ExtensionType type, std::string_view message) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
              AlertDescription::unsupported_extension,
              "the server sent the " + wire::to_string(type) + " extension in its " +
                  std::string(message) + ", which the client did not ask for (RFC 8446 4.2)");
}

}  // namespace

ClientHandshake::Step ClientHandshake::accept_encrypted_extensions(
    client::ExpectEncryptedExtensions& s, ByteView body, ByteView encoded) {
  auto message = wire::EncryptedExtensions::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  for (const wire::Extension& extension : message->extensions) {
    switch (extension.type) {
      case ExtensionType::server_name: {
        // RFC 6066 3: the server acknowledges our name with an empty body.
        if (!s.offer.server_name) break;
        if (auto ack = wire::ServerNameAcknowledgement::decode(extension.data); !ack)
          return Unexpected<Error>(std::move(ack.error()));
        continue;
      }
      case ExtensionType::supported_groups: {
        // RFC 8446 4.2.7: the server's preference, for later connections; "clients MUST NOT
        // act upon any information found in "supported_groups" prior to successful
        // completion of the handshake". We only check that it parses.
        if (auto groups = wire::NamedGroupList::decode(extension.data); !groups)
          return Unexpected<Error>(std::move(groups.error()));
        continue;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        if (s.offer.alpn.empty()) break;
        auto selected = wire::SelectedProtocol::decode(extension.data);
        if (!selected) return Unexpected<Error>(std::move(selected.error()));
        const std::string_view protocol = as_chars(selected->protocol);
        // RFC 7301 3.2: the server picks one of the client's protocols.
        if (std::find(s.offer.alpn.begin(), s.offer.alpn.end(), protocol) == s.offer.alpn.end()) {
          return handshake::illegal_parameter("the server selected application protocol \"" +
                                              printable(protocol) +
                                              "\", which the client did not offer (RFC 7301 3.2)");
        }
        summary_.alpn = std::string(protocol);
        continue;
      }
      case ExtensionType::record_size_limit: {
        // RFC 8449 4. We never offer it; only a replayed hello (the test seam) can, and the
        // limit is then checked and left unused.
        if (!s.offer.sent(ExtensionType::record_size_limit)) break;
        if (auto limit = wire::RecordSizeLimit::decode(extension.data); !limit)
          return Unexpected<Error>(std::move(limit.error()));
        continue;
      }
      default:
        break;
    }
    return unsolicited_extension(extension.type, "EncryptedExtensions");
  }
  s.transcript.add(encoded);
  // RFC 8446 2.2: a server that accepted our PSK sends no CertificateRequest, Certificate or
  // CertificateVerify; its Finished comes next.
  if (s.resumption) {
    auto server = handshake::AuthenticatedServer::by_resumption(std::move(*s.resumption),
                                                                settings_.server_auth, provider());
    if (!server) return Unexpected<Error>(std::move(server.error()));
    return client::ExpectFinished{std::move(s.transcript), std::move(s.keys), std::nullopt,
                                  std::move(*server), s.ccs};
  }
  return client::ExpectCertificateOrRequest{std::move(s.transcript), std::move(s.offer),
                                            std::move(s.keys), s.ccs};
}

ClientHandshake::Step ClientHandshake::accept_certificate_request(
    client::ExpectCertificateOrRequest& s, ByteView body, ByteView encoded) {
  // Without signature_algorithms the decoder already refused it with missing_extension.
  auto request = wire::CertificateRequest13::decode(body);
  if (!request) return Unexpected<Error>(std::move(request.error()));
  // RFC 8446 4.3.2: the context "SHALL be zero length unless used for the post-handshake
  // authentication exchanges". No alert is named; decode_error, as BoringSSL sends.
  if (!request->certificate_request_context.empty()) {
    return fail(ErrorKind::peer_misbehaved, ErrorCode::invalid_value,
                AlertDescription::decode_error,
                "the CertificateRequest in the handshake has a certificate_request_context of " +
                    std::to_string(request->certificate_request_context.size()) +
                    " bytes; RFC 8446 4.3.2 requires it empty");
  }
  const wire::Extension* algorithms =
      wire::find_extension(request->extensions, ExtensionType::signature_algorithms);
  if (algorithms == nullptr)
    return internal_failure("a CertificateRequest without signature_algorithms was decoded");
  auto schemes = wire::SignatureSchemeList::decode(algorithms->data);
  if (!schemes) return Unexpected<Error>(std::move(schemes.error()));
  // RFC 8446 4.3.2: other extensions (certificate_authorities, oid_filters, ...) only narrow
  // which certificate to choose; we have one, and "clients MUST ignore unrecognized
  // extensions".
  s.transcript.add(encoded);
  return client::ExpectCertificate{
      std::move(s.transcript), std::move(s.offer), std::move(s.keys),
      client::CertificateRequested{Bytes(request->certificate_request_context.begin(),
                                         request->certificate_request_context.end()),
                                   std::move(schemes->schemes)},
      s.ccs};
}

ClientHandshake::Step ClientHandshake::accept_certificate(client::ExpectCertificate& s,
                                                          ByteView body, ByteView encoded) {
  auto message = wire::Certificate13::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  // RFC 8446 4.4.2: for server authentication the context "SHALL be zero length".
  if (!message->certificate_request_context.empty()) {
    return handshake::illegal_parameter(
        "the server's Certificate has a certificate_request_context of " +
        std::to_string(message->certificate_request_context.size()) +
        " bytes; RFC 8446 4.4.2 requires it empty");
  }
  // RFC 8446 4.4.2.4: "If the server supplies an empty Certificate message, the client MUST
  // abort the handshake with a "decode_error" alert."
  if (message->certificate_list.empty()) {
    return decode_failure(ErrorCode::empty_list,
                          "the server's Certificate message holds no certificate (RFC 8446 "
                          "4.4.2.4)");
  }
  std::vector<ByteView> certificates;
  certificates.reserve(message->certificate_list.size());
  std::optional<wire::CertificateStatus> stapled;
  for (const wire::CertificateEntry& entry : message->certificate_list) {
    // RFC 8446 4.4.2: entry extensions "MUST correspond to ones from the ClientHello"; we may
    // ask for OCSP status (status_request), never for SCTs.
    for (const wire::Extension& extension : entry.extensions) {
      if (extension.type != ExtensionType::status_request || !settings_.request_ocsp_stapling)
        return unsolicited_extension(extension.type, "Certificate");
      // RFC 8446 4.4.2.1: the body is a CertificateStatus. Only the end-entity's is the
      // server's status; one on an intermediate is checked and ignored.
      auto status = wire::CertificateStatus::decode(extension.data);
      if (!status) return Unexpected<Error>(std::move(status.error()));
      if (certificates.empty()) stapled = *status;
    }
    certificates.push_back(entry.cert_data);
  }

  // Verified here, before anything more is sent to the server.
  auto server = settings_.server_auth.authenticate(provider(), certificates);
  if (!server) return Unexpected<Error>(std::move(server.error()));
  s.transcript.add(encoded);
  // Reported, not validated by us (RFC 6960 checks are the application's, ocsp_check).
  const ByteView response = stapled ? stapled->ocsp_response : ByteView();
  if (auto checked = handshake::check_stapled_ocsp(settings_, response, server->chain()); !checked)
    return Unexpected<Error>(std::move(checked.error()));
  summary_.ocsp_response.assign(response.begin(), response.end());
  return client::ExpectCertificateVerify{std::move(s.transcript), std::move(s.offer),
                                         std::move(s.keys),       std::move(s.request),
                                         std::move(*server),      s.ccs};
}

ClientHandshake::Step ClientHandshake::accept_certificate_verify(client::ExpectCertificateVerify& s,
                                                                 ByteView body, ByteView encoded) {
  auto message = wire::CertificateVerify::decode(body);
  if (!message) return Unexpected<Error>(std::move(message.error()));
  // RFC 8446 4.4.3: the scheme must be one we offered in signature_algorithms, and one that
  // fits the key in TLS 1.3 (no PKCS#1 v1.5, ECDSA bound to its curve).
  const crypto::SignatureScheme scheme = message->algorithm;
  if (std::find(s.offer.schemes.begin(), s.offer.schemes.end(), scheme) == s.offer.schemes.end()) {
    return handshake::illegal_parameter(
        "the server's CertificateVerify uses " + wire::to_string(scheme) +
        ", which the client did not offer in signature_algorithms (RFC 8446 4.4.3)");
  }
  if (!scheme_fits_key_tls13(scheme, s.server.key_type())) {
    return handshake::illegal_parameter("the server's CertificateVerify uses " +
                                        wire::to_string(scheme) + ", which a " +
                                        std::string(handshake::describe(s.server.key_type())) +
                                        " key cannot make in TLS 1.3 (RFC 8446 4.2.3, 4.4.3)");
  }
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr) return internal_failure("no descriptor for an offered signature scheme");

  auto hash = s.transcript.digest();  // ClientHello..Certificate
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  const Bytes content = certificate_verify_content(Signer::server, hash->view());
  auto checked = handshake::verify_peer_signature(s.server, *info, content, message->signature,
                                                  "the server's CertificateVerify", "server");
  if (!checked) return Unexpected<Error>(std::move(checked.error()));
  s.transcript.add(encoded);
  return client::ExpectFinished{
      std::move(s.transcript), std::move(s.keys), std::move(s.request),
      handshake::AuthenticatedServer::by_signature(s.server, std::move(*checked)), s.ccs};
}

}  // namespace cpptls::hs13
