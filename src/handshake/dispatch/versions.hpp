#pragma once
// Which protocol versions a configuration can really use: a version is on when the settings
// allow it and the configured cipher suites (or, for an empty list, the defaults) include at
// least one suite of that version.

#include <span>
#include <string>

#include "crypto/algorithms.hpp"
#include "handshake/common/settings.hpp"

namespace cpptls::handshake {

[[nodiscard]] VersionSet usable_versions(VersionSet allowed,
                                         std::span<const crypto::CipherSuite> configured);

// "TLS 1.3 and TLS 1.2", "TLS 1.2 only", ... for reasons.
[[nodiscard]] std::string describe(VersionSet versions);

}  // namespace cpptls::handshake
