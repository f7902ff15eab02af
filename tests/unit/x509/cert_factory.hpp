#pragma once
// Certificates made and signed in-process for the verifier's tests: each test states the
// one thing it changes from a well-formed chain (a missing extension, a wrong key usage, an
// expired validity, a cross-signature) and the factory signs the result with real keys from
// the OpenSSL provider, so that signatures verify unless a test breaks them on purpose.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "crypto/provider.hpp"
#include "der_builder.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509::testing {

[[nodiscard]] const crypto::Provider& test_provider();

// 2025-01-01T00:00:00Z: the validation time of these tests; certificates are valid from
// 2020-01-01 to 2040-01-01 unless a test says otherwise.
constexpr std::int64_t kNow = 1735689600;
constexpr std::int64_t kYear = 365 * 24 * 3600;

inline constexpr std::string_view kServerAuth = "1.3.6.1.5.5.7.3.1";
inline constexpr std::string_view kClientAuth = "1.3.6.1.5.5.7.3.2";
inline constexpr std::string_view kCodeSigning = "1.3.6.1.5.5.7.3.3";
inline constexpr std::string_view kAnyEku = "2.5.29.37.0";
inline constexpr std::string_view kAnyPolicy = "2.5.29.32.0";

struct TestKey {
  std::shared_ptr<const crypto::PrivateKey> key;
  Bytes spki;
  crypto::KeyType type = crypto::KeyType::ec_p256;
};

// A fresh key (RSA keys are made once per process and reused, as they are slow to make).
[[nodiscard]] TestKey make_key(crypto::KeyType type = crypto::KeyType::ec_p256);

// keyUsage bits as RFC 5280 4.2.1.3 numbers them.
enum KeyUsageBits : std::uint16_t {
  kDigitalSignature = 1 << 0,
  kKeyEncipherment = 1 << 2,
  kKeyCertSign = 1 << 5,
  kCrlSign = 1 << 6,
};

// Complete Extension elements.
[[nodiscard]] Bytes ext_basic_constraints(bool ca, std::optional<int> path_length = std::nullopt,
                                          bool critical = true);
[[nodiscard]] Bytes ext_key_usage(std::uint16_t bits, bool critical = true);
[[nodiscard]] Bytes ext_eku(std::initializer_list<std::string_view> purposes,
                            bool critical = false);
[[nodiscard]] Bytes ext_san(const std::vector<Bytes>& names, bool critical = false);
// Each base becomes a GeneralSubtree; an empty list omits the field.
[[nodiscard]] Bytes ext_name_constraints(const std::vector<Bytes>& permitted,
                                         const std::vector<Bytes>& excluded, bool critical = true);
[[nodiscard]] Bytes ext_policies(std::initializer_list<std::string_view> policies);
[[nodiscard]] Bytes ext_policy_mappings(
    std::initializer_list<std::pair<std::string_view, std::string_view>> mappings);
[[nodiscard]] Bytes ext_policy_constraints(std::optional<int> require_explicit,
                                           std::optional<int> inhibit_mapping,
                                           bool critical = true);
[[nodiscard]] Bytes ext_inhibit_any_policy(int skip, bool critical = true);
[[nodiscard]] Bytes ext_ski(const Bytes& id, bool critical = false);
[[nodiscard]] Bytes ext_aki(const Bytes& id, bool critical = false);
[[nodiscard]] Bytes ext_unknown_critical();  // 1.3.6.1.4.1.55738.666.1, critical

// GeneralNames.
[[nodiscard]] Bytes email(std::string_view mailbox);        // [1] rfc822Name
[[nodiscard]] Bytes uri(std::string_view text);             // [6]
[[nodiscard]] Bytes dir_name(const Bytes& name);            // [4] directoryName
[[nodiscard]] Bytes ip_net(const Bytes& address_and_mask);  // [7], for constraints
[[nodiscard]] Bytes other_name(std::string_view type_oid, const Bytes& value);  // [0]

struct CertSpec {
  Bytes subject = cn("leaf");
  std::optional<Bytes> issuer_name;  // default: the issuer's subject
  std::int64_t not_before = kNow - 5 * kYear;
  std::int64_t not_after = kNow + 15 * kYear;
  std::optional<Bytes> serial;  // default: a fresh positive one
  int version = 3;
  std::vector<Bytes> extensions;
  bool subject_key_id = true;    // add a subjectKeyIdentifier from the key
  bool authority_key_id = true;  // add the issuer's key identifier (not on self-signed)
  std::optional<Bytes> spki;     // override the subject public key (not signed with)
  bool corrupt_signature = false;
};

// A certificate with its key, able to issue more.
struct Entity {
  ParsedCertificate certificate;
  TestKey key;
  Bytes subject;
  Bytes key_id;
};

// The key identifier the factory uses for a SubjectPublicKeyInfo (20 bytes of its SHA-256).
[[nodiscard]] Bytes key_id(const Bytes& spki);

// Signs `spec` for `key`, issued by `issuer` (self-signed when null).
[[nodiscard]] Entity issue(const CertSpec& spec, const TestKey& key, const Entity* issuer);

// Usual shapes: a root (CA, keyCertSign|cRLSign, no AKI), an intermediate CA, a TLS server
// leaf (EKU serverAuth, digitalSignature, SAN dNSName `host`).
[[nodiscard]] CertSpec root_spec(std::string_view common_name);
[[nodiscard]] CertSpec ca_spec(std::string_view common_name,
                               std::optional<int> path_length = std::nullopt);
[[nodiscard]] CertSpec leaf_spec(std::string_view host = "www.example.com");

[[nodiscard]] Entity make_root(std::string_view common_name = "Test Root");
[[nodiscard]] Entity make_ca(std::string_view common_name, const Entity& issuer,
                             std::optional<int> path_length = std::nullopt);
[[nodiscard]] Entity make_leaf(const Entity& issuer, std::string_view host = "www.example.com");

// Options for verification at kNow for `host`.
[[nodiscard]] VerifyOptions options_for(std::string_view host = "www.example.com");

// verify_certificate with these anchors and intermediates (in the order given).
[[nodiscard]] Expected<CertificateVerified> verify_chain(
    const Entity& leaf, const std::vector<const Entity*>& intermediates,
    const std::vector<const Entity*>& anchors, const VerifyOptions& options = options_for());

// The error's reason, or "" on success (for EXPECT_THAT on messages).
[[nodiscard]] std::string reason_of(const Expected<CertificateVerified>& result);

}  // namespace cpptls::x509::testing
