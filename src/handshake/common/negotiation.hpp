#pragma once
// How a server picks what it and its peer have in common: by the server's own preference
// among what the client offered, filtered by what the server's certificate key can do. The
// TLS 1.2 choice of suite, group and ServerKeyExchange signature scheme is made in one place
// because they depend on each other: an ECDHE suite is usable only with a common group and a
// signature scheme the key can make.

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/descriptors.hpp"
#include "wire/enums.hpp"

namespace cpptls::handshake {

// RFC 8422 5.1.3 and RFC 5246 7.4.2: ECDHE_ECDSA needs an ECDSA- or EdDSA-capable key,
// ECDHE_RSA an RSA key that can sign, RSA key transport an rsaEncryption key.
[[nodiscard]] bool key_serves(crypto::KeyExchange kx, crypto::KeyType key) noexcept;

// Whether `scheme` can be made (or checked) with `key` in TLS 1.2. In TLS 1.2 an ECDSA code
// point means only "this hash with ECDSA" (RFC 5246 7.4.1.4.1); binding it to one curve is a
// TLS 1.3 rule (RFC 8446 4.2.3), so any EC key fits any ECDSA scheme here.
[[nodiscard]] bool scheme_fits_key_tls12(crypto::SignatureScheme scheme,
                                         crypto::KeyType key) noexcept;

// Whether a key of `key_bits` is long enough to make `scheme`. RFC 8017 9.1.1 step 3:
// RSASSA-PSS needs emLen >= hLen + sLen + 2, where emLen is ceil((modBits - 1) / 8), and TLS
// makes the salt as long as the digest (RFC 8446 4.2.3), so rsa_pss_*_sha512 needs a key of
// more than 1032 bits. Other schemes fit every key we load.
[[nodiscard]] bool key_large_enough(crypto::SignatureScheme scheme, std::size_t key_bits) noexcept;

// RFC 5246 7.4.1.4.1: a client that sent no signature_algorithms is taken to support only
// {sha1,rsa} for the RSA key exchanges and {sha1,ecdsa} for ECDHE_ECDSA.
[[nodiscard]] std::vector<crypto::SignatureScheme> tls12_implied_signature_schemes(
    crypto::KeyExchange kx);

// The first of `ours` (that we implement) which the peer also lists.
[[nodiscard]] std::optional<crypto::NamedGroup> choose_group(
    std::span<const crypto::NamedGroup> ours, std::span<const crypto::NamedGroup> theirs) noexcept;

// The first of `ours` that the peer lists and that `key`, of `key_bits`, can make in TLS 1.2.
[[nodiscard]] std::optional<crypto::SignatureScheme> choose_tls12_signature_scheme(
    std::span<const crypto::SignatureScheme> ours, std::span<const crypto::SignatureScheme> theirs,
    crypto::KeyType key, std::size_t key_bits) noexcept;

// RFC 7301 3.2: the first of our protocols that the client offered. Nothing when either side
// has no list (ALPN is then not negotiated); no_application_protocol when both have lists
// with nothing in common.
[[nodiscard]] Expected<std::optional<std::string>> choose_alpn(std::span<const std::string> ours,
                                                               std::span<const ByteView> theirs);

// What a TLS 1.2 ClientHello offers.
struct Tls12Offer {
  std::span<const crypto::CipherSuite> suites;
  // Nothing when the extension was absent.
  std::optional<std::span<const crypto::NamedGroup>> groups;
  std::optional<std::span<const crypto::SignatureScheme>> schemes;
};

// What the server allows, in its order of preference, and the type of its certificate key.
struct Tls12Preferences {
  std::span<const crypto::CipherSuite> suites;
  std::span<const crypto::NamedGroup> groups;
  std::span<const crypto::SignatureScheme> schemes;
  crypto::KeyType key = crypto::KeyType::rsa;
  std::size_t key_bits = 0;  // PrivateKey::bits(): which RSA-PSS hashes the key can make
};

struct Tls12Choice {
  const crypto::CipherSuiteInfo* suite = nullptr;
  std::optional<crypto::NamedGroup> group;        // ECDHE suites
  std::optional<crypto::SignatureScheme> scheme;  // ECDHE suites: signs ServerKeyExchange
};

// The first suite of the server's list that the client offered, that is a TLS 1.2 suite we
// implement, that the key serves and, for ECDHE, that has a common group (RFC 8422 4: any of
// ours when the client sent no supported_groups) and a signature scheme. Nothing usable is a
// handshake_failure whose reason lists both sides.
[[nodiscard]] Expected<Tls12Choice> choose_tls12(const Tls12Preferences& server,
                                                 const Tls12Offer& client);

template <class T>
[[nodiscard]] bool contains(std::span<const T> list, T value) noexcept {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "a, b, c" of at most eight IANA names, for reasons; "none" for an empty list.
template <class T>
[[nodiscard]] std::string list_names(std::span<const T> values) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += wire::to_string(values[i]);
  }
  if (values.size() > kShown) out += ", ... (" + std::to_string(values.size()) + " in all)";
  return out.empty() ? "none" : out;
}

// "ECDSA P-256", "RSA", ... for reasons.
[[nodiscard]] std::string_view describe(crypto::KeyType key) noexcept;

}  // namespace cpptls::handshake
