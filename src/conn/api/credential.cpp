#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cpptls/config.hpp"

#include "base/constant_time.hpp"
#include "conn/api/convert.hpp"
#include "conn/api/credential_data.hpp"
#include "conn/api/files.hpp"
#include "crypto/provider.hpp"
#include "x509/hostname.hpp"
#include "x509/pem.hpp"

namespace cpptls {
namespace {

[[nodiscard]] Result<Credential> credential_error(const Error& error, std::string_view context) {
  auto converted = api::to_public(error);
  return TlsError(converted.kind(), converted.code(), converted.alert(),
                  std::string(context) + ": " + converted.reason());
}

}  // namespace

Credential::Credential(std::shared_ptr<const detail::CredentialData> data) noexcept
    : data_(std::move(data)) {}

Result<Credential> Credential::from_pem_files(const crypto::Provider& provider,
                                              const std::string& chain_file,
                                              const std::string& key_file) {
  auto chain = api::read_config_file(chain_file, "certificate file");
  if (!chain) return chain.error();
  auto key = api::read_config_file(key_file, "key file");
  if (!key) return key.error();
  auto credential = from_pem(provider, as_chars(*chain), as_chars(*key));
  if (!credential) {
    const auto& error = credential.error();
    return TlsError(error.kind(), error.code(), error.alert(),
                    "'" + chain_file + "' and '" + key_file + "': " + error.reason());
  }
  return credential;
}

Result<Credential> Credential::from_pem(const crypto::Provider& provider,
                                        std::string_view chain_pem, std::string_view key_pem) {
  auto chain = x509::parse_pem_certificates(chain_pem);
  if (!chain) return credential_error(chain.error(), "the certificate chain");
  if (chain->empty()) return api::config_error("the certificate chain holds no certificate");
  auto key = provider.private_key_from_pem(key_pem);
  if (!key) return credential_error(key.error(), "the private key");

  // The key must be the leaf's: a mismatch would only show as every handshake failing.
  auto public_key = (*key)->public_key_info();
  if (!public_key) return credential_error(public_key.error(), "the private key");
  const auto& leaf = chain->front();
  if (!constant_time_equal(*public_key, leaf->public_key().spki)) {
    return api::config_error("the private key does not belong to the first certificate (" +
                             leaf->describe() + ")");
  }

  auto data = std::make_shared<detail::CredentialData>();
  data->subject = leaf->describe();
  data->credential.chain = std::move(*chain);
  data->credential.key = std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
  return Credential(std::move(data));
}

Result<Credential> Credential::with_ocsp_response(std::vector<std::uint8_t> der) const {
  if (!data_) return api::config_error("the credential is empty");
  if (der.size() > handshake::kMaxStapledResponse) {
    return api::config_error("the OCSP response has " + std::to_string(der.size()) +
                             " bytes; at most " + std::to_string(handshake::kMaxStapledResponse) +
                             " fit a TLS 1.3 certificate extension (RFC 8446 4.2, RFC 6066 8)");
  }
  auto data = std::make_shared<detail::CredentialData>(*data_);
  data->credential.ocsp_response =
      der.empty() ? nullptr : std::make_shared<const Bytes>(der.begin(), der.end());
  return Credential(std::move(data));
}

std::span<const std::uint8_t> Credential::ocsp_response() const noexcept {
  if (!data_) return {};
  return data_->credential.stapled_ocsp_response();
}

std::string Credential::subject() const {
  return data_ ? data_->subject : std::string();
}

bool Credential::matches_name(std::string_view host) const {
  if (!data_ || data_->credential.chain.empty()) return false;
  const x509::Certificate& leaf = data_->credential.chain.front().certificate();
  // match_host takes IP literals too, and checks them against the iPAddress names.
  return x509::match_host(leaf, host).has_value();
}

std::size_t Credential::chain_length() const noexcept {
  return data_ ? data_->credential.chain.size() : 0;
}

}  // namespace cpptls
