#include "x509/certificate.hpp"

#include <algorithm>
#include <utility>

#include "base/hex.hpp"
#include "base/printable.hpp"
#include "x509/der/failure.hpp"
#include "x509/der/tag.hpp"
#include "x509/der/time.hpp"

namespace cpptls::x509 {
namespace {

using der::forward;
using der::Reader;
using der::Tlv;
namespace tag = der::tag;

Expected<int> read_version(Reader& tbs) {
  // version [0] EXPLICIT Version DEFAULT v1; Version ::= INTEGER { v1(0), v2(1), v3(2) }.
  if (!tbs.next_is(der::context_constructed(0))) return 1;
  auto field = tbs.enter(der::context_constructed(0), "version");
  if (!field) return forward(field);
  const std::size_t at = field->offset();
  auto value = field->read_unsigned("version");
  if (!value) return forward(value);
  if (auto end = field->expect_end("version"); !end) return forward(end);
  if (*value == 0) {
    return der::malformed(ErrorCode::invalid_value, "version",
                          "v1 is written explicitly, but DER omits the default", at);
  }
  if (*value > 2) {
    return der::malformed(
        ErrorCode::invalid_value, "version",
        "unknown version " + std::to_string(*value + 1) + " (only v1, v2 and v3 exist)", at);
  }
  return static_cast<int>(*value + 1);
}

Expected<std::int64_t> read_time(Reader& validity, std::string_view what) {
  auto element = validity.read_any(what);
  if (!element) return forward(element);
  return der::decode_time(*element, what);
}

Expected<std::optional<ByteView>> read_unique_id(Reader& tbs, std::uint8_t number,
                                                 std::string_view what, int version) {
  auto element = tbs.read_optional(der::context(number), what);
  if (!element) return forward(element);
  if (!*element) return std::optional<ByteView>();
  if (version < 2) {
    return der::malformed(ErrorCode::invalid_value, what,
                          "unique identifiers need version 2 or 3 (RFC 5280 4.1.2.8)",
                          (*element)->offset);
  }
  auto bits = der::decode_bit_string(**element, what);
  if (!bits) return forward(bits);
  return std::optional<ByteView>((*element)->value);
}

}  // namespace

Expected<void> Certificate::read_tbs(der::Reader& tbs, der::Tlv& inner_algorithm) {
  auto version = read_version(tbs);
  if (!version) return forward(version);
  version_ = *version;

  auto serial_element = tbs.read(tag::kInteger, "serialNumber");
  if (!serial_element) return forward(serial_element);
  auto serial = der::decode_integer(*serial_element, "serialNumber");
  if (!serial) return forward(serial);
  if (serial->size() > kMaxSerialSize) {
    return der::malformed(ErrorCode::length_out_of_range, "serialNumber",
                          std::to_string(serial->size()) + " octets is more than the " +
                              std::to_string(kMaxSerialSize) + " allowed",
                          serial_element->offset);
  }
  serial_ = *serial;

  auto algorithm = tbs.read(tag::kSequence, "tbsCertificate.signature");
  if (!algorithm) return forward(algorithm);
  inner_algorithm = *algorithm;

  auto issuer = Name::read(tbs, "issuer");
  if (!issuer) return forward(issuer);
  issuer_ = *issuer;

  auto validity = tbs.enter(tag::kSequence, "validity");
  if (!validity) return forward(validity);
  auto not_before = read_time(*validity, "validity notBefore");
  if (!not_before) return forward(not_before);
  auto not_after = read_time(*validity, "validity notAfter");
  if (!not_after) return forward(not_after);
  if (auto end = validity->expect_end("validity"); !end) return end;
  not_before_ = *not_before;
  not_after_ = *not_after;

  auto subject = Name::read(tbs, "subject");
  if (!subject) return forward(subject);
  subject_ = *subject;

  auto key = read_public_key_info(tbs);
  if (!key) return forward(key);
  public_key_ = *key;

  auto issuer_uid = read_unique_id(tbs, 1, "issuerUniqueID", version_);
  if (!issuer_uid) return forward(issuer_uid);
  issuer_unique_id_ = *issuer_uid;
  auto subject_uid = read_unique_id(tbs, 2, "subjectUniqueID", version_);
  if (!subject_uid) return forward(subject_uid);
  subject_unique_id_ = *subject_uid;

  if (tbs.next_is(der::context_constructed(3))) {
    if (version_ != 3) {
      return der::malformed(ErrorCode::invalid_value, "extensions",
                            "present in a version " + std::to_string(version_) +
                                " certificate (RFC 5280 4.1.2.9: v3 only)",
                            tbs.offset());
    }
    auto wrapper = tbs.enter(der::context_constructed(3), "extensions");
    if (!wrapper) return forward(wrapper);
    auto list = wrapper->enter(tag::kSequence, "extensions");
    if (!list) return forward(list);
    if (auto end = wrapper->expect_end("extensions"); !end) return end;
    auto extensions = read_extensions(*list);
    if (!extensions) return forward(extensions);
    extensions_ = std::move(*extensions);
  }
  return tbs.expect_end("tbsCertificate");
}

Expected<void> Certificate::read_signature(der::Reader& outer, const der::Tlv& inner_algorithm) {
  // RFC 5280 4.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as the
  // signature field in the sequence tbsCertificate". Compared as bytes.
  auto outer_algorithm = outer.read(tag::kSequence, "signatureAlgorithm");
  if (!outer_algorithm) return forward(outer_algorithm);
  if (!std::ranges::equal(outer_algorithm->encoding, inner_algorithm.encoding)) {
    return der::malformed(ErrorCode::invalid_value, "signatureAlgorithm",
                          "differs from tbsCertificate.signature (RFC 5280 4.1.1.2)",
                          outer_algorithm->offset);
  }
  auto algorithm = parse_signature_algorithm(*outer_algorithm, outer.depth());
  if (!algorithm) return der::in_context(std::move(algorithm.error()), "signatureAlgorithm");
  signature_algorithm_ = *algorithm;

  auto element = outer.read(tag::kBitString, "signatureValue");
  if (!element) return forward(element);
  auto signature = der::decode_bit_string(*element, "signatureValue");
  if (!signature) return forward(signature);
  if (signature->unused_bits != 0) {
    return der::malformed(ErrorCode::invalid_value, "signatureValue",
                          "BIT STRING has " + std::to_string(signature->unused_bits) +
                              " unused bits; a signature is whole octets",
                          element->offset);
  }
  signature_ = signature->bytes;
  return outer.expect_end("Certificate");
}

Expected<Certificate> Certificate::parse(ByteView der) {
  if (der.size() > kMaxCertificateSize) {
    return der::malformed(ErrorCode::length_out_of_range, "certificate",
                          std::to_string(der.size()) + " bytes is more than the " +
                              std::to_string(kMaxCertificateSize) + " allowed",
                          0);
  }
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  Certificate cert;
  Reader top(der);
  auto outer_element = top.read(tag::kSequence, "Certificate");
  if (!outer_element) return forward(outer_element);
  if (auto end = top.expect_end("Certificate"); !end) return forward(end);
  cert.der_ = outer_element->encoding;
  auto outer = top.nested(*outer_element, "Certificate");
  if (!outer) return forward(outer);

  auto tbs_element = outer->read(tag::kSequence, "tbsCertificate");
  if (!tbs_element) return forward(tbs_element);
  cert.tbs_ = tbs_element->encoding;
  auto tbs = outer->nested(*tbs_element, "tbsCertificate");
  if (!tbs) return forward(tbs);
  der::Tlv inner_algorithm;
  if (auto ok = cert.read_tbs(*tbs, inner_algorithm); !ok) return forward(ok);
  if (auto ok = cert.read_signature(*outer, inner_algorithm); !ok) return forward(ok);
  return cert;
}

bool Certificate::serial_is_conforming() const noexcept {
  if (serial_.empty() || serial_[0] >= 0x80) return false;  // negative
  ByteView value = serial_;
  if (value[0] == 0x00) value = value.subspan(1);
  if (value.empty()) return false;  // zero
  return value.size() <= 20;
}

std::string Certificate::describe() const {
  if (!subject_.empty()) return subject_.to_string();
  for (const GeneralName& name : extensions_.subject_alt_name.names) {
    if (name.kind == GeneralNameKind::dns_name || name.kind == GeneralNameKind::rfc822_name ||
        name.kind == GeneralNameKind::uri) {
      return "(empty subject, subjectAltName " + printable(name.text()) + ")";
    }
  }
  return "(empty subject, serial " + to_hex(serial_) + ")";
}

Expected<ParsedCertificate> ParsedCertificate::parse(Bytes der) {
  auto state = std::make_shared<State>();
  state->bytes = std::move(der);
  auto parsed = Certificate::parse(state->bytes);
  if (!parsed) return forward(parsed);
  state->certificate = std::move(*parsed);
  return ParsedCertificate(std::move(state));
}

Expected<ParsedCertificate> ParsedCertificate::copy_of(ByteView der) {
  return parse(Bytes(der.begin(), der.end()));
}

bool operator==(const ParsedCertificate& a, const ParsedCertificate& b) noexcept {
  return a.state_ == b.state_ || std::ranges::equal(a.der(), b.der());
}

}  // namespace cpptls::x509
