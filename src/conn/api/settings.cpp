#include "conn/api/settings.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "base/hex.hpp"
#include "conn/api/convert.hpp"
#include "conn/api/credential_data.hpp"
#include "conn/api/session_data.hpp"
#include "conn/api/verifier_adapter.hpp"
#include "conn/key_log.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/common/defaults.hpp"

namespace cpptls::api {
namespace {

// Appends one line to the key log file, created readable by its owner only (it holds
// secrets). Failures are ignored: key logging is a debugging aid and must not break a
// connection.
void append_key_log_line(const std::string& path, const conn::SecretString& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  conn::SecretString text = line;
  text.push_back('\n');
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(fd, text.data() + written, text.size() - written);
    if (count <= 0) break;
    written += static_cast<std::size_t>(count);
  }
  ::close(fd);
}

[[nodiscard]] handshake::KeyLogCallback make_key_log(const std::string& file,
                                                     const KeyLogCallback& callback) {
  if (file.empty() && !callback) return {};
  return [file, callback](std::string_view label, ByteView client_random, ByteView secret) {
    const auto line = conn::key_log_line(label, client_random, secret);
    if (callback) callback(std::string_view(line.data(), line.size()));
    if (!file.empty()) append_key_log_line(file, line);
  };
}

[[nodiscard]] Result<std::vector<crypto::CipherSuite>> suites_of(
    const std::vector<CipherSuite>& configured) {
  std::vector<crypto::CipherSuite> out;
  out.reserve(configured.size());
  for (const auto suite : configured) {
    const auto id = static_cast<crypto::CipherSuite>(suite);
    if (crypto::find_suite(id) == nullptr) {
      return config_error("cipher suite 0x" + std::to_string(static_cast<unsigned>(suite)) +
                          " is not implemented");
    }
    out.push_back(id);
  }
  return out;
}

[[nodiscard]] Result<std::vector<crypto::NamedGroup>> groups_of(
    const std::vector<NamedGroup>& configured) {
  std::vector<crypto::NamedGroup> out;
  out.reserve(configured.size());
  for (const auto group : configured) {
    const auto id = static_cast<crypto::NamedGroup>(group);
    if (crypto::find_group(id) == nullptr) {
      return config_error("group 0x" + std::to_string(static_cast<unsigned>(group)) +
                          " is not implemented");
    }
    out.push_back(id);
  }
  return out;
}

// Each ticket costs a seal and bytes on the wire; a client needs one per later connection.
constexpr std::size_t kMaxTls13Tickets = 16;

// Only schemes we implement: a list can narrow what we sign with and accept, never widen it.
[[nodiscard]] Result<std::vector<crypto::SignatureScheme>> schemes_of(
    const std::vector<SignatureScheme>& configured, std::string_view field) {
  std::vector<crypto::SignatureScheme> out;
  out.reserve(configured.size());
  for (const auto scheme : configured) {
    const auto id = static_cast<crypto::SignatureScheme>(scheme);
    if (crypto::find_scheme(id) == nullptr) {
      return config_error(std::string(field) + ": signature scheme 0x" +
                          to_hex_u16(static_cast<std::uint16_t>(scheme)) + " is not implemented");
    }
    out.push_back(id);
  }
  return out;
}

// RFC 7301 3.1: each protocol name is 1 to 255 bytes.
[[nodiscard]] Result<void> check_alpn(const std::vector<std::string>& protocols) {
  for (const auto& protocol : protocols) {
    if (protocol.empty() || protocol.size() > 255) {
      return config_error("ALPN protocol names must be 1 to 255 bytes long (RFC 7301 3.1); '" +
                          protocol + "' has " + std::to_string(protocol.size()));
    }
  }
  return {};
}

[[nodiscard]] Result<handshake::VersionSet> versions_of(ProtocolVersion min, ProtocolVersion max) {
  const auto known = [](ProtocolVersion v) {
    return v == ProtocolVersion::tls12 || v == ProtocolVersion::tls13;
  };
  if (!known(min) || !known(max)) {
    return config_error("min_version and max_version must be ProtocolVersion::tls12 or tls13");
  }
  if (static_cast<std::uint16_t>(min) > static_cast<std::uint16_t>(max)) {
    return config_error("min_version is above max_version: no version is left");
  }
  return handshake::VersionSet{min == ProtocolVersion::tls12, max == ProtocolVersion::tls13};
}

[[nodiscard]] std::vector<handshake::SpkiDigest> pins_of(const ClientConfig& config) {
  return {config.pinned_spki_sha256.begin(), config.pinned_spki_sha256.end()};
}

// Our own checks: the chain and the name, the chain only, or the pins only.
[[nodiscard]] Result<handshake::ServerAuthPolicy> base_server_auth_policy(
    const ClientConfig& config) {
  if (config.verify_by_pins_only) {
    if (config.verify_chain_without_name) {
      return config_error(
          "ClientConfig::verify_by_pins_only and verify_chain_without_name are both set: choose "
          "the pins or the trust anchors");
    }
    if (config.pinned_spki_sha256.empty()) {
      return config_error(
          "ClientConfig::verify_by_pins_only is set but pinned_spki_sha256 is empty: any "
          "server would be accepted");
    }
    auto policy = handshake::ServerAuthPolicy::verify_pins_only(pins_of(config));
    if (!policy) return config_error(policy.error().reason());
    return std::move(*policy);
  }
  std::shared_ptr<const x509::TrustStore> trust;
  if (config.trust) {
    trust = config.trust->store();
  } else {
    auto system = TrustAnchors::system();
    if (!system) return system.error();
    trust = system->store();
  }
  if (config.verify_chain_without_name) {
    if (!config.server_name.empty()) {
      return config_error(
          "ClientConfig::verify_chain_without_name is set, but so is server_name ('" +
          config.server_name +
          "'): clear verify_chain_without_name to check that name, or clear server_name to "
          "accept any name under the trust anchors");
    }
    auto policy = handshake::ServerAuthPolicy::verify_chain_only(std::move(trust));
    if (!policy) return config_error(policy.error().reason());
    return std::move(*policy);
  }
  // Even a verifier that decides instead of ours is told that our checks passed, and a verifier
  // written as "accept what passed, judge the rest" would then take any CA-issued chain for
  // any host: checking no name is said with verify_chain_without_name, never by an empty name.
  if (config.server_name.empty()) {
    return config_error(
        "ClientConfig::server_name is empty, so any certificate from a trusted CA would be "
        "accepted for any host: set server_name to the host you connect to (a DNS name or an "
        "IP address); or, for a server pinned by its own trust anchors, set "
        "verify_chain_without_name; or, for tests only, insecure_skip_verification");
  }
  auto policy = handshake::ServerAuthPolicy::verify(std::move(trust), config.server_name);
  if (!policy) return config_error(policy.error().reason());
  return std::move(*policy);
}

// Security invariant 1 (docs/design.md): a verifying client always checks a name, unless the
// configuration says, by its own option, that the chain alone (or the pins alone, or the
// application's verifier) identifies the server. Pins and a verifier only add to it.
[[nodiscard]] Result<handshake::ServerAuthPolicy> server_auth_policy(const ClientConfig& config) {
  if (config.insecure_skip_verification) {
    if (!config.pinned_spki_sha256.empty() || config.verify_by_pins_only || config.verifier) {
      return config_error(
          "ClientConfig::insecure_skip_verification skips every check of the server, but pins "
          "or a verifier are set: unset one or the other");
    }
    if (config.reverify_on_resume)
      return config_error("ClientConfig::reverify_on_resume is set without a verifier");
    return handshake::ServerAuthPolicy::no_verification();
  }
  auto policy = base_server_auth_policy(config);
  if (!policy) return policy.error();
  auto verifier = verifier_policy(config.verifier, config.verifier_mode, config.reverify_on_resume,
                                  "ClientConfig::verifier");
  if (!verifier) return verifier.error();
  // verify_pins_only already holds the pins.
  auto pins = config.verify_by_pins_only ? std::vector<handshake::SpkiDigest>() : pins_of(config);
  if (auto added = policy->add_checks(std::move(pins), std::move(*verifier), config.server_name);
      !added) {
    return config_error(added.error().reason());
  }
  return policy;
}

}  // namespace

Result<handshake::ClientSettings> client_settings(const ClientConfig& config) {
  if (config.provider == nullptr) {
    return config_error("ClientConfig::provider is not set (use &cpptls::openssl_provider())");
  }
  handshake::ClientSettings settings;
  settings.provider = config.provider;
  auto versions = versions_of(config.min_version, config.max_version);
  if (!versions) return versions.error();
  settings.versions = *versions;
  auto suites = suites_of(config.cipher_suites);
  if (!suites) return suites.error();
  settings.cipher_suites = std::move(*suites);
  auto groups = groups_of(config.groups);
  if (!groups) return groups.error();
  settings.groups = std::move(*groups);
  auto verify = schemes_of(config.verify_schemes, "ClientConfig::verify_schemes");
  if (!verify) return verify.error();
  settings.verify_schemes = std::move(*verify);
  auto signing = schemes_of(config.signing_schemes, "ClientConfig::signing_schemes");
  if (!signing) return signing.error();
  settings.signing_schemes = std::move(*signing);
  if (auto alpn = check_alpn(config.alpn); !alpn) return alpn.error();
  settings.alpn = config.alpn;
  settings.server_name = config.server_name;
  auto server_auth = server_auth_policy(config);
  if (!server_auth) return server_auth.error();
  settings.server_auth = std::move(*server_auth);
  settings.require_extended_master_secret = config.require_extended_master_secret;
  if (config.certificate) {
    if (!config.certificate->data()) return config_error("ClientConfig::certificate is empty");
    settings.certificate = config.certificate->data()->credential;
  }
  if (config.session_cache) settings.session_store = config.session_cache->data()->store;
  settings.session_tickets = config.session_tickets;
  settings.request_ocsp_stapling = config.request_ocsp_stapling;
  settings.server_auth.set_ocsp_checked(config.request_ocsp_stapling &&
                                        config.ocsp_response_check != nullptr);
  if (config.ocsp_response_check) {
    settings.ocsp_check = [check = config.ocsp_response_check](
                              ByteView response,
                              const std::vector<x509::ParsedCertificate>& chain) {
      std::vector<std::vector<std::uint8_t>> der;
      der.reserve(chain.size());
      for (const x509::ParsedCertificate& certificate : chain)
        der.emplace_back(certificate.der().begin(), certificate.der().end());
      return check(response, der);
    };
  }
  settings.key_log = make_key_log(config.key_log_file, config.key_log);
  return settings;
}

Result<handshake::ServerSettings> server_settings(const ServerConfig& config) {
  if (config.provider == nullptr) {
    return config_error("ServerConfig::provider is not set (use &cpptls::openssl_provider())");
  }
  if (config.credentials.empty() || !config.credentials.front().data()) {
    return config_error(
        "ServerConfig::credentials is empty: a server needs a certificate "
        "and its key");
  }
  handshake::ServerSettings settings;
  settings.provider = config.provider;
  auto versions = versions_of(config.min_version, config.max_version);
  if (!versions) return versions.error();
  settings.versions = *versions;
  auto suites = suites_of(config.cipher_suites);
  if (!suites) return suites.error();
  settings.cipher_suites = std::move(*suites);
  if (settings.cipher_suites.empty() && config.enable_rsa_key_transport) {
    const auto tls13 = handshake::default_tls13_cipher_suites();
    const auto tls12 = handshake::default_tls12_cipher_suites();
    settings.cipher_suites.assign(tls13.begin(), tls13.end());
    settings.cipher_suites.insert(settings.cipher_suites.end(), tls12.begin(), tls12.end());
    settings.cipher_suites.push_back(crypto::CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256);
    settings.cipher_suites.push_back(crypto::CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384);
  }
  auto groups = groups_of(config.groups);
  if (!groups) return groups.error();
  settings.groups = std::move(*groups);
  auto signing = schemes_of(config.signing_schemes, "ServerConfig::signing_schemes");
  if (!signing) return signing.error();
  settings.signing_schemes = std::move(*signing);
  auto verify = schemes_of(config.verify_schemes, "ServerConfig::verify_schemes");
  if (!verify) return verify.error();
  settings.verify_schemes = std::move(*verify);
  if (auto alpn = check_alpn(config.alpn); !alpn) return alpn.error();
  settings.alpn = config.alpn;
  for (const auto& credential : config.credentials) {
    if (!credential.data()) return config_error("ServerConfig::credentials holds an empty one");
    settings.credentials.push_back(credential.data()->credential);
  }
  settings.require_extended_master_secret = config.require_extended_master_secret;
  switch (config.client_auth) {
    case ServerConfig::ClientAuth::none:
      settings.client_auth = handshake::ClientAuth::none;
      break;
    case ServerConfig::ClientAuth::request:
      settings.client_auth = handshake::ClientAuth::request;
      break;
    case ServerConfig::ClientAuth::require:
      settings.client_auth = handshake::ClientAuth::require;
      break;
  }
  auto verifier =
      verifier_policy(config.client_verifier, config.client_verifier_mode,
                      config.reverify_client_on_resume, "ServerConfig::client_verifier");
  if (!verifier) return verifier.error();
  settings.client_verifier = std::move(*verifier);
  if (settings.client_verifier && settings.client_auth == handshake::ClientAuth::none) {
    return config_error(
        "ServerConfig::client_verifier is set but client_auth is none: no client certificate "
        "would reach it");
  }
  const bool verifier_decides =
      settings.client_verifier != nullptr && settings.client_verifier->replaces_ours;
  if (settings.client_auth != handshake::ClientAuth::none) {
    if (config.client_trust) {
      settings.client_trust = config.client_trust->store();
    } else if (!verifier_decides) {
      return config_error(
          "ServerConfig::client_auth asks for client certificates but client_trust is not set");
    }
  }
  if (config.tls13_tickets > kMaxTls13Tickets) {
    return config_error("ServerConfig::tls13_tickets is " + std::to_string(config.tls13_tickets) +
                        "; at most " + std::to_string(kMaxTls13Tickets) + " are sent");
  }
  settings.tickets_to_send = config.tls13_tickets;
  if (config.sessions) {
    if (config.session_tickets) settings.ticket_keys = config.sessions->data()->ticket_keys;
    settings.session_cache = config.sessions->data()->session_cache;
    settings.ticket_lifetime = config.sessions->data()->ticket_lifetime;
  }
  settings.key_log = make_key_log(config.key_log_file, config.key_log);
  return settings;
}

}  // namespace cpptls::api
