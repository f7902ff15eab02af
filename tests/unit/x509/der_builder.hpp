#pragma once
// A tiny DER writer for tests: builds certificates field by field so that each test can break
// exactly one rule. Signatures are dummy bytes (parsing never checks them).

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"

namespace cpptls::x509::testing {

[[nodiscard]] Bytes tlv(std::uint8_t tag, const Bytes& value);
[[nodiscard]] Bytes concat(std::initializer_list<Bytes> parts);
[[nodiscard]] Bytes seq(std::initializer_list<Bytes> parts);
[[nodiscard]] Bytes set(std::initializer_list<Bytes> parts);
[[nodiscard]] Bytes seq_of(const std::vector<Bytes>& parts);

[[nodiscard]] Bytes integer(std::int64_t value);
[[nodiscard]] Bytes integer_bytes(const Bytes& contents);  // contents as given
[[nodiscard]] Bytes boolean(bool value);
[[nodiscard]] Bytes null();
[[nodiscard]] Bytes oid(std::string_view dotted);
[[nodiscard]] Bytes octets(const Bytes& value);
[[nodiscard]] Bytes bits(const Bytes& value, std::uint8_t unused = 0);
[[nodiscard]] Bytes utf8(std::string_view text);
[[nodiscard]] Bytes printable(std::string_view text);
[[nodiscard]] Bytes ia5(std::string_view text);
[[nodiscard]] Bytes utc_time(std::string_view text);
[[nodiscard]] Bytes generalized_time(std::string_view text);
[[nodiscard]] Bytes text_bytes(std::string_view text);

// [n] IMPLICIT primitive and [n] constructed.
[[nodiscard]] Bytes ctx(std::uint8_t number, const Bytes& value);
[[nodiscard]] Bytes ctx_cons(std::uint8_t number, const Bytes& value);

// Name with one attribute per RDN: {{"2.5.4.3", utf8("leaf")}, ...}.
struct Attr {
  std::string type;
  Bytes value;  // a complete element (utf8(...), printable(...))
};
[[nodiscard]] Bytes name(std::initializer_list<Attr> rdns);
[[nodiscard]] Bytes cn(std::string_view common_name);  // CN=... as UTF8String

[[nodiscard]] Bytes extension(std::string_view dotted, bool critical, const Bytes& value);
[[nodiscard]] Bytes san(std::initializer_list<Bytes> general_names);
[[nodiscard]] Bytes dns(std::string_view name);  // [2] dNSName
[[nodiscard]] Bytes ip(const Bytes& address);    // [7] iPAddress

// AlgorithmIdentifiers.
[[nodiscard]] Bytes ecdsa_sha256();
[[nodiscard]] Bytes sha256_rsa();
// A P-256 SubjectPublicKeyInfo with a dummy point.
[[nodiscard]] Bytes p256_spki();

struct CertificateTemplate {
  std::optional<std::int64_t> version = 2;  // the INTEGER (2 = v3); nullopt omits it (v1)
  Bytes serial = integer(0x1234);
  Bytes signature = ecdsa_sha256();
  std::optional<Bytes> outer_signature;  // defaults to `signature`
  Bytes issuer = cn("Issuer CA");
  Bytes validity = seq({utc_time("240101000000Z"), utc_time("340101000000Z")});
  Bytes subject = cn("leaf");
  Bytes spki = p256_spki();
  Bytes tbs_extra;  // inserted before the extensions (unique identifiers)
  std::vector<Bytes> extensions = {
      extension("2.5.29.19", true, seq({})),  // basicConstraints, CA:FALSE
  };
  bool extensions_field = true;  // false omits [3] entirely
  Bytes signature_value = bits(Bytes(64, 0xab));
  Bytes trailing;  // appended after the Certificate SEQUENCE

  [[nodiscard]] Bytes tbs() const;
  [[nodiscard]] Bytes build() const;
};

}  // namespace cpptls::x509::testing
