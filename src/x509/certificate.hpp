#pragma once
// X.509 v1-v3 certificates (RFC 5280 4.1), parsed in one pass into views over their DER.
//
// Certificate::parse keeps no copy: every field points into the bytes passed in, which must
// outlive the Certificate. ParsedCertificate owns its bytes (shared, so copies are cheap) and
// is what callers keep: trust stores, chains, the verifier.
//
// Parsing checks what RFC 5280 4.1 makes structural: strict DER throughout, version v1/v2/v3
// (v1 not written explicitly, unique identifiers only from v2, extensions only in v3), the
// signatureAlgorithm equal byte for byte to tbsCertificate.signature (4.1.1.2), valid times,
// valid names and the extensions of extensions.hpp. What makes a certificate unacceptable
// rather than malformed (a weak signature hash, an unsupported key, a negative serial, an empty
// issuer, an unknown critical extension) is recorded for the validator to refuse with a reason.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/algorithm.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/tlv.hpp"
#include "x509/extensions.hpp"
#include "x509/name.hpp"

namespace cpptls::x509 {

// Larger than any certificate seen in use (the x509-limbo denial-of-service cases are under
// 80 KiB); a bound on the work one certificate can ask for.
constexpr std::size_t kMaxCertificateSize = std::size_t{256} * 1024;
// RFC 5280 4.1.2.2 allows 20 octets; longer serials are kept (and flagged), up to this.
constexpr std::size_t kMaxSerialSize = 64;

class Certificate {
 public:
  // An empty certificate (every view empty); only parse() makes a real one.
  Certificate() = default;

  // Parses one DER certificate; `der` must hold it exactly (no trailing bytes) and outlive
  // the result. Errors are ErrorKind::decode with alert bad_certificate.
  [[nodiscard]] static Expected<Certificate> parse(ByteView der);

  [[nodiscard]] ByteView der() const noexcept { return der_; }
  // The DER tbsCertificate: the bytes the issuer's signature covers.
  [[nodiscard]] ByteView tbs() const noexcept { return tbs_; }
  [[nodiscard]] int version() const noexcept { return version_; }  // 1, 2 or 3

  // The serialNumber INTEGER's contents octets (two's complement, minimal).
  [[nodiscard]] ByteView serial() const noexcept { return serial_; }
  // RFC 5280 4.1.2.2: positive, and at most 20 octets (a leading 0x00 that only makes the
  // value positive not counted).
  [[nodiscard]] bool serial_is_conforming() const noexcept;

  // The signature algorithm (outer and tbsCertificate copies are byte-equal) and the
  // signature octets.
  [[nodiscard]] const SignatureAlgorithmInfo& signature_algorithm() const noexcept {
    return signature_algorithm_;
  }
  [[nodiscard]] ByteView signature() const noexcept { return signature_; }

  [[nodiscard]] const Name& issuer() const noexcept { return issuer_; }
  [[nodiscard]] const Name& subject() const noexcept { return subject_; }

  // The validity period in Unix seconds, both ends inclusive (RFC 5280 4.1.2.5).
  [[nodiscard]] std::int64_t not_before() const noexcept { return not_before_; }
  [[nodiscard]] std::int64_t not_after() const noexcept { return not_after_; }

  [[nodiscard]] const PublicKeyInfo& public_key() const noexcept { return public_key_; }

  // RFC 5280 4.1.2.8 (v2 and v3 only; CAs must not generate them, but they are legal).
  [[nodiscard]] const std::optional<ByteView>& issuer_unique_id() const noexcept {
    return issuer_unique_id_;
  }
  [[nodiscard]] const std::optional<ByteView>& subject_unique_id() const noexcept {
    return subject_unique_id_;
  }

  // Empty (nothing present) for v1 and v2 certificates.
  [[nodiscard]] const Extensions& extensions() const noexcept { return extensions_; }

  // Issuer and subject match by RFC 5280 7.1 (the certificate may be a root or a self-issued
  // intermediate; whether it is self-signed needs a signature check).
  [[nodiscard]] bool is_self_issued() const noexcept { return names_match(issuer_, subject_); }

  // For messages: the subject in RFC 4514 form, or, when empty, the first subjectAltName
  // or the serial number.
  [[nodiscard]] std::string describe() const;

 private:
  // The steps of parse(): tbsCertificate (which yields its signature AlgorithmIdentifier),
  // then the outer signatureAlgorithm and signatureValue.
  [[nodiscard]] Expected<void> read_tbs(der::Reader& tbs, der::Tlv& inner_algorithm);
  [[nodiscard]] Expected<void> read_signature(der::Reader& outer, const der::Tlv& inner_algorithm);

  ByteView der_;
  ByteView tbs_;
  int version_ = 1;
  ByteView serial_;
  SignatureAlgorithmInfo signature_algorithm_;
  ByteView signature_;
  Name issuer_;
  Name subject_;
  std::int64_t not_before_ = 0;
  std::int64_t not_after_ = 0;
  PublicKeyInfo public_key_;
  std::optional<ByteView> issuer_unique_id_;
  std::optional<ByteView> subject_unique_id_;
  Extensions extensions_;
};

// A certificate that owns its DER. Copies share one immutable buffer and parse result.
class ParsedCertificate {
 public:
  // Takes the bytes (no copy) and parses them.
  [[nodiscard]] static Expected<ParsedCertificate> parse(Bytes der);
  // Copies the bytes, then parses.
  [[nodiscard]] static Expected<ParsedCertificate> copy_of(ByteView der);

  [[nodiscard]] const Certificate& certificate() const noexcept { return state_->certificate; }
  [[nodiscard]] const Certificate& operator*() const noexcept { return state_->certificate; }
  [[nodiscard]] const Certificate* operator->() const noexcept { return &state_->certificate; }
  [[nodiscard]] ByteView der() const noexcept { return state_->certificate.der(); }

  // The same DER bytes (certificates are identified by their encoding).
  friend bool operator==(const ParsedCertificate& a, const ParsedCertificate& b) noexcept;

 private:
  struct State {
    Bytes bytes;
    Certificate certificate;
  };
  explicit ParsedCertificate(std::shared_ptr<const State> state) noexcept
      : state_(std::move(state)) {}

  std::shared_ptr<const State> state_;
};

}  // namespace cpptls::x509
