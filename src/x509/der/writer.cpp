#include "x509/der/writer.hpp"

#include <array>
#include <string>
#include <utility>

#include "x509/der/reader.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"
#include "x509/der/time.hpp"

namespace cpptls::x509::der {
namespace {

constexpr std::uint8_t kMaxLowTagNumber = 30;          // 31 announces the high-tag-number form
constexpr std::int64_t kStartOf1950 = -631152000;      // 1950-01-01T00:00:00Z
constexpr std::int64_t kStartOf2050 = 2524608000;      // 2050-01-01T00:00:00Z
constexpr std::int64_t kStartOfYear0 = -62167219200;   // 0000-01-01T00:00:00Z
constexpr std::int64_t kEndOfYear9999 = 253402300799;  // 9999-12-31T23:59:59Z

// X.680 41.4, the PrintableString repertoire (without the '*' and '&' that the reader
// tolerates in what others wrote).
[[nodiscard]] bool printable_char(char c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view(" '()+,-./:=?").find(c) != std::string_view::npos;
}

void append_digits(Bytes& text, int value, int width) {
  std::array<std::uint8_t, 4> digits{};
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>('0' + value % 10);
    value /= 10;
  }
  text.insert(text.end(), digits.begin(), digits.begin() + width);
}

// "YYMMDDHHMMSSZ" (two-digit year) or "YYYYMMDDHHMMSSZ".
[[nodiscard]] Bytes time_text(std::int64_t unix_seconds, int year_digits) {
  const CivilTime t = from_unix_seconds(unix_seconds);
  Bytes text;
  append_digits(text, year_digits == 2 ? t.year % 100 : t.year, year_digits);
  for (const int field : {t.month, t.day, t.hour, t.minute, t.second})
    append_digits(text, field, 2);
  text.push_back('Z');
  return text;
}

}  // namespace

void append_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::array<std::uint8_t, sizeof(std::size_t)> octets{};
  std::size_t count = 0;
  for (std::size_t rest = length; rest != 0; rest >>= 8)
    octets[count++] = static_cast<std::uint8_t>(rest & 0xff);
  out.push_back(static_cast<std::uint8_t>(0x80 | count));
  while (count > 0)
    out.push_back(octets[--count]);
}

Writer::Nested::Nested(Writer& writer, std::uint8_t tag)
    : writer_(writer), start_(writer.out_.size()) {
  // The identifier and a one-octet length placeholder; close() widens the length if needed.
  writer_.out_.push_back(tag);
  writer_.out_.push_back(0);
}

Writer::Nested::~Nested() {
  writer_.close(start_);
}

Writer::Nested Writer::sequence() {
  return Nested(*this, tag::kSequence);
}
Writer::Nested Writer::set() {
  return Nested(*this, tag::kSet);
}
Writer::Nested Writer::octet_string_wrapper() {
  return Nested(*this, tag::kOctetString);
}

Writer::Nested Writer::context_constructed(std::uint8_t number) {
  if (number > kMaxLowTagNumber) {
    refuse("context tag [" + std::to_string(number) + "] needs the high-tag-number form");
    number = 0;  // the element is still framed so that the guards stay balanced
  }
  return Nested(*this, der::context_constructed(number));
}

void Writer::close(std::size_t start) {
  if (start + 2 > out_.size()) {  // `out` was shrunk under an open element
    refuse("a nested element's bytes were removed before it was closed");
    return;
  }
  const std::size_t length = out_.size() - start - 2;
  if (length > kMaxEncodedSize) {
    refuse("an element of " + std::to_string(length) + " bytes is over the " +
           std::to_string(kMaxEncodedSize) + "-byte limit");
    return;
  }
  Bytes octets;
  append_length(octets, length);
  const auto length_at = static_cast<std::ptrdiff_t>(start + 1);
  out_[start + 1] = octets[0];
  out_.insert(out_.begin() + length_at + 1, octets.begin() + 1, octets.end());
}

void Writer::refuse(std::string reason) {
  if (!error_)
    error_.emplace(ErrorKind::api_misuse, ErrorCode::invalid_argument,
                   AlertDescription::internal_error, "DER: " + std::move(reason));
}

Expected<void> Writer::result() const {
  if (error_) return Unexpected<Error>(*error_);
  return {};
}

void Writer::primitive(std::uint8_t tag, ByteView contents) {
  if (contents.size() > kMaxEncodedSize) {
    refuse("a value of " + std::to_string(contents.size()) + " bytes is over the " +
           std::to_string(kMaxEncodedSize) + "-byte limit");
    return;
  }
  out_.push_back(tag);
  append_length(out_, contents.size());
  out_.insert(out_.end(), contents.begin(), contents.end());
}

void Writer::primitive(std::uint8_t tag, std::string_view text) {
  primitive(tag, as_bytes(text));
}

void Writer::boolean(bool value) {
  const std::uint8_t octet = value ? 0xff : 0x00;  // X.690 11.1
  primitive(tag::kBoolean, ByteView(&octet, 1));
}

void Writer::integer(std::int64_t value) {
  std::array<std::uint8_t, 8> octets{};
  for (std::size_t i = 0; i < octets.size(); ++i) {
    octets[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (56 - 8 * i));
  }
  // X.690 8.3.2: drop a leading octet while the next one carries the same sign.
  std::size_t first = 0;
  while (first + 1 < octets.size() && ((octets[first] == 0x00 && octets[first + 1] < 0x80) ||
                                       (octets[first] == 0xff && octets[first + 1] >= 0x80))) {
    ++first;
  }
  primitive(tag::kInteger, ByteView(octets).subspan(first));
}

void Writer::unsigned_integer(ByteView magnitude) {
  std::size_t first = 0;
  while (first < magnitude.size() && magnitude[first] == 0)
    ++first;
  Bytes contents;
  if (first == magnitude.size() || magnitude[first] >= 0x80) contents.push_back(0x00);
  contents.insert(contents.end(), magnitude.begin() + static_cast<std::ptrdiff_t>(first),
                  magnitude.end());
  primitive(tag::kInteger, ByteView(contents));
}

void Writer::null() {
  primitive(tag::kNull, ByteView());
}

void Writer::oid(const Oid& id) {
  const ByteView bytes = id.bytes();
  // X.690 8.19.2: the last octet ends a subidentifier; none starts with 0x80.
  if (bytes.empty() || (bytes.back() & 0x80) != 0) {
    refuse("an OBJECT IDENTIFIER must be non-empty and end a subidentifier");
    return;
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == 0x80 && (i == 0 || (bytes[i - 1] & 0x80) == 0)) {
      refuse("OBJECT IDENTIFIER " + id.to_string() + " has a subidentifier with a leading 0x80");
      return;
    }
  }
  primitive(tag::kOid, bytes);
}

void Writer::bit_string(ByteView bytes, std::uint8_t unused_bits) {
  const auto padding_mask = static_cast<std::uint8_t>((1u << (unused_bits & 7)) - 1);
  if (unused_bits > 7 || (bytes.empty() && unused_bits != 0) ||
      (!bytes.empty() && (bytes.back() & padding_mask) != 0)) {
    refuse("a BIT STRING needs 0 to 7 unused bits, none when empty, all of them zero");
    return;
  }
  if (bytes.size() >= kMaxEncodedSize) {
    refuse("a BIT STRING of " + std::to_string(bytes.size()) + " bytes is over the limit");
    return;
  }
  Bytes contents;
  contents.reserve(bytes.size() + 1);
  contents.push_back(unused_bits);
  contents.insert(contents.end(), bytes.begin(), bytes.end());
  primitive(tag::kBitString, ByteView(contents));
}

void Writer::named_bit_string(std::uint32_t bits) {
  // Bit n of the ASN.1 type is the (7 - n % 8)th bit of octet n / 8.
  Bytes octets;
  std::size_t highest = 0;
  for (std::size_t n = 0; n < 32; ++n) {
    if ((bits >> n & 1u) == 0) continue;
    octets.resize(n / 8 + 1, 0);
    octets[n / 8] = static_cast<std::uint8_t>(octets[n / 8] | (0x80u >> (n % 8)));
    highest = n;
  }
  const auto unused = static_cast<std::uint8_t>(octets.empty() ? 0 : 7 - highest % 8);
  bit_string(ByteView(octets), unused);
}

void Writer::octet_string(ByteView bytes) {
  primitive(tag::kOctetString, bytes);
}

void Writer::utf8_string(std::string_view text) {
  const ByteView bytes = as_bytes(text);
  Tlv element;
  element.tag = tag::kUtf8String;
  element.value = bytes;
  if (auto valid = check_string(element, "UTF8String"); !valid) {
    refuse(valid.error().reason());
    return;
  }
  primitive(tag::kUtf8String, bytes);
}

void Writer::printable_string(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!printable_char(text[i])) {
      refuse("PrintableString cannot hold '" + printable_excerpt(as_bytes(text.substr(i, 1))) +
             "' (X.680 41.4)");
      return;
    }
  }
  primitive(tag::kPrintableString, text);
}

void Writer::ia5_string(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      refuse("IA5String holds ASCII only, not '" + printable_excerpt(as_bytes(text.substr(i, 1))) +
             "'");
      return;
    }
  }
  primitive(tag::kIa5String, text);
}

void Writer::time(std::int64_t unix_seconds) {
  if (unix_seconds >= kStartOf1950 && unix_seconds < kStartOf2050) {
    utc_time(unix_seconds);
  } else {
    generalized_time(unix_seconds);
  }
}

void Writer::utc_time(std::int64_t unix_seconds) {
  if (unix_seconds < kStartOf1950 || unix_seconds >= kStartOf2050) {
    refuse("UTCTime covers 1950 to 2049, not " + format_time(unix_seconds));
    return;
  }
  primitive(tag::kUtcTime, ByteView(time_text(unix_seconds, 2)));
}

void Writer::generalized_time(std::int64_t unix_seconds) {
  if (unix_seconds < kStartOfYear0 || unix_seconds > kEndOfYear9999) {
    refuse("GeneralizedTime covers years 0 to 9999; " + std::to_string(unix_seconds) +
           " seconds since the epoch is outside");
    return;
  }
  primitive(tag::kGeneralizedTime, ByteView(time_text(unix_seconds, 4)));
}

void Writer::context_primitive(std::uint8_t number, ByteView contents) {
  if (number > kMaxLowTagNumber) {
    refuse("context tag [" + std::to_string(number) + "] needs the high-tag-number form");
    return;
  }
  primitive(der::context(number), contents);
}

void Writer::element(ByteView encoding) {
  std::size_t pos = 0;
  Tlv framed;
  if (!next_element(encoding, pos, framed) || pos != encoding.size()) {
    refuse("an encoded element of " + std::to_string(encoding.size()) +
           " bytes is not exactly one DER element");
    return;
  }
  out_.insert(out_.end(), encoding.begin(), encoding.end());
}

}  // namespace cpptls::x509::der
