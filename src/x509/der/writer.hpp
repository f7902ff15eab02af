#pragma once
// A DER writer (X.690 clause 10), the counterpart of der::Reader, for the certificates that
// `cpptls ca` issues. Values go straight into a byte vector; a constructed element is opened
// with a guard that back-patches its length, in the shortest form, when it goes out of scope:
//
//   Bytes out;
//   der::Writer w(out);
//   {
//     auto tbs = w.sequence();
//     w.integer(2);
//     w.oid(der::Oid(oid::kCommonName));
//   }  // the SEQUENCE's length is now written
//   if (auto done = w.result(); !done) ...
//
// Each primitive is written the one way DER allows (minimal INTEGERs, BOOLEAN TRUE as 0xff,
// named bit strings without trailing zero bits, UTCTime through 2049). A value that has no DER
// form (a PrintableString with '@', a year past 9999, an element over kMaxEncodedSize) is the
// caller's mistake: the writer records the first one, carries on writing nothing for it, and
// result() reports it with a reason. Nothing here reads outside the caller's spans.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/oid.hpp"

namespace cpptls::x509::der {

// Far above any certificate (see kMaxCertificateSize), and small enough that every length
// fits the 4-octet long form that der::Reader accepts.
constexpr std::size_t kMaxEncodedSize = std::size_t{16} * 1024 * 1024;

class Writer {
 public:
  explicit Writer(Bytes& out) noexcept : out_(out) {}

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // An open constructed element (or an OCTET STRING wrapping DER, as extnValue does); its
  // length is written when the guard is destroyed. Guards nest like the elements they open.
  class [[nodiscard]] Nested {
   public:
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;
    Nested(Nested&&) = delete;
    Nested& operator=(Nested&&) = delete;
    ~Nested();

   private:
    friend class Writer;
    Nested(Writer& writer, std::uint8_t tag);
    Writer& writer_;
    std::size_t start_;  // offset of the identifier octet
  };

  Nested sequence();
  Nested set();
  // [number] constructed: an EXPLICIT tag, or IMPLICIT on a SEQUENCE (number 0..30).
  Nested context_constructed(std::uint8_t number);
  // An OCTET STRING whose contents are the DER written inside it (RFC 5280 4.1 extnValue).
  Nested octet_string_wrapper();

  void boolean(bool value);
  void integer(std::int64_t value);
  // A non-negative INTEGER from its big-endian magnitude (a serial number): leading zero
  // octets dropped, one 0x00 added when the high bit is set (X.690 8.3); empty is 0.
  void unsigned_integer(ByteView magnitude);
  void null();
  void oid(const Oid& id);
  // X.690 8.6: `unused_bits` (0..7) low bits of the last octet are padding and must be zero.
  void bit_string(ByteView bytes, std::uint8_t unused_bits = 0);
  // A named bit list (KeyUsage) with bit n of the ASN.1 type as (1 << n) in `bits`: X.690
  // 11.2.2 drops trailing zero bits, so an empty list is just the unused-bits octet.
  void named_bit_string(std::uint32_t bits);
  void octet_string(ByteView bytes);
  void utf8_string(std::string_view text);       // well-formed UTF-8
  void printable_string(std::string_view text);  // A-Z a-z 0-9 space ' ( ) + , - . / : = ?
  void ia5_string(std::string_view text);        // ASCII
  // RFC 5280 4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime for other years (0 to
  // 9999), both in UTC with seconds and no fraction.
  void time(std::int64_t unix_seconds);
  void utc_time(std::int64_t unix_seconds);          // 1950..2049 only
  void generalized_time(std::int64_t unix_seconds);  // 0000..9999
  // [number] IMPLICIT on a primitive type: the contents as given (number 0..30).
  void context_primitive(std::uint8_t number, ByteView contents);
  // An element already encoded (a Name, a SubjectPublicKeyInfo): it must be exactly one
  // well-framed element.
  void element(ByteView encoding);

  // Bytes written to `out` so far, including any written before this writer.
  [[nodiscard]] std::size_t size() const noexcept { return out_.size(); }
  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  // Success, or the first mistake (ErrorKind::api_misuse, invalid_argument) with its reason.
  [[nodiscard]] Expected<void> result() const;

 private:
  void primitive(std::uint8_t tag, ByteView contents);
  void primitive(std::uint8_t tag, std::string_view text);
  void close(std::size_t start);
  void refuse(std::string reason);

  Bytes& out_;
  std::optional<Error> error_;
};

// The DER length octets for `length` (X.690 10.1: the short form below 128, otherwise the
// fewest octets); appended to `out`.
void append_length(Bytes& out, std::size_t length);

}  // namespace cpptls::x509::der
