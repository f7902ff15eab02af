#include "handshake/dispatch/versions.hpp"

#include "crypto/descriptors.hpp"

namespace cpptls::handshake {
namespace {

bool has_suite_of(std::span<const crypto::CipherSuite> configured, crypto::SuiteVersion version) {
  // An empty list means the defaults, which hold suites of both versions.
  if (configured.empty()) return true;
  for (const crypto::CipherSuite id : configured) {
    const crypto::CipherSuiteInfo* info = crypto::find_suite(id);
    if (info != nullptr && info->version == version) return true;
  }
  return false;
}

}  // namespace

VersionSet usable_versions(VersionSet allowed, std::span<const crypto::CipherSuite> configured) {
  return {allowed.tls12 && has_suite_of(configured, crypto::SuiteVersion::tls12),
          allowed.tls13 && has_suite_of(configured, crypto::SuiteVersion::tls13)};
}

std::string describe(VersionSet versions) {
  if (versions.tls12 && versions.tls13) return "TLS 1.3 and TLS 1.2";
  if (versions.tls13) return "TLS 1.3 only";
  if (versions.tls12) return "TLS 1.2 only";
  return "no version";
}

}  // namespace cpptls::handshake
