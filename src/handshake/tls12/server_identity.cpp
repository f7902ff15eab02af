#include "handshake/tls12/server_identity.hpp"

#include <span>
#include <string>
#include <utility>

#include "handshake/common/negotiation.hpp"

namespace cpptls::hs12 {
namespace {

Expected<std::vector<x509::ParsedCertificate>> parse_chain(const wire::Certificate12& message) {
  const std::size_t count = message.certificate_list.size();
  if (count == 0) {
    return decode_failure(ErrorCode::empty_list,
                          "the server's Certificate message holds no certificate (RFC 5246 7.4.2: "
                          "every negotiated key exchange needs one)");
  }
  std::vector<x509::ParsedCertificate> chain;
  chain.reserve(count);  // bounded by the message size: each entry has at least 3 bytes
  for (std::size_t i = 0; i < count; ++i) {
    auto certificate = x509::ParsedCertificate::copy_of(message.certificate_list[i]);
    if (!certificate) {
      const Error& error = certificate.error();
      return fail(error.kind(), error.code(), error.alert(),
                  "server certificate " + std::to_string(i + 1) + " of " + std::to_string(count) +
                      ": " + error.reason());
    }
    chain.push_back(std::move(*certificate));
  }
  return chain;
}

}  // namespace

Expected<ServerIdentity> ServerIdentity::authenticate(const handshake::ClientSettings& settings,
                                                      const crypto::CipherSuiteInfo& suite,
                                                      const wire::Certificate12& message) {
  auto chain = parse_chain(message);
  if (!chain) return Unexpected<Error>(std::move(chain.error()));
  const x509::Certificate& leaf = chain->front().certificate();

  const std::optional<crypto::KeyType> key_type = leaf.public_key().key_type;
  if (!key_type || !handshake::key_serves(suite.key_exchange, *key_type)) {
    return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                AlertDescription::unsupported_certificate,
                "the server's certificate " + leaf.describe() + " has a " +
                    leaf.public_key().describe() + " key, which cannot serve " +
                    std::string(suite.name));
  }

  std::optional<x509::CertificateVerified> verified;
  if (settings.verify_peer) {
    if (settings.trust == nullptr) {
      return misuse(ErrorCode::invalid_argument,
                    "verify_peer is set but the client has no trust store");
    }
    x509::VerifyOptions options;
    options.time = settings.provider->now();
    options.purpose = x509::Purpose::server_auth;
    options.host = settings.server_name;
    auto path = x509::verify_certificate(
        *settings.provider, *settings.trust, chain->front(),
        std::span<const x509::ParsedCertificate>(*chain).subspan(1), options);
    if (!path) return Unexpected<Error>(std::move(path.error()));
    verified.emplace(std::move(*path));
  }

  auto key = settings.provider->public_key(leaf.public_key().spki);
  if (!key) {
    const Error& error = key.error();
    return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                AlertDescription::unsupported_certificate,
                "cannot use the key of the server's certificate " + leaf.describe() + ": " +
                    error.reason());
  }
  return ServerIdentity(std::move(*chain), std::move(*key), *key_type, std::move(verified));
}

}  // namespace cpptls::hs12
