#include "x509/der/reader.hpp"

#include <string>

#include "base/hex.hpp"
#include "x509/der/failure.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/tag.hpp"

namespace cpptls::x509::der {
namespace {

// Universal tag numbers whose DER encoding is constructed (X.690 10.2: strings are always
// primitive in DER). EXTERNAL (8), EMBEDDED PDV (11) and CHARACTER STRING (29) are
// constructed types that X.509 does not use but a generic walk may meet.
bool universal_constructed(std::uint8_t number) noexcept {
  return number == 16 || number == 17 || number == 8 || number == 11 || number == 29;
}

std::string expected_found(std::uint8_t expected, std::uint8_t found) {
  return "expected " + tag_name(expected) + ", found " + tag_name(found);
}

}  // namespace

std::optional<std::uint8_t> Reader::peek_tag() const noexcept {
  if (pos_ >= data_.size()) return std::nullopt;
  return data_[pos_];
}

Expected<Tlv> Reader::read_any(std::string_view what) {
  const std::size_t size = data_.size();
  std::size_t pos = pos_;
  const std::size_t start = base_ + pos;
  if (pos >= size) {
    return malformed(ErrorCode::truncated, what, "expected an element, found the end of the data",
                     start);
  }
  const std::uint8_t tag = data_[pos++];
  if (tag_number(tag) == 0x1f) {
    return malformed(ErrorCode::invalid_value, what,
                     "tag " + tag_name(tag) +
                         " uses the high-tag-number form, which X.509 "
                         "does not use",
                     start);
  }
  if (tag_class(tag) == TagClass::universal) {
    if (tag_number(tag) == 0) {
      return malformed(ErrorCode::invalid_value, what, "tag 0 (end-of-contents) is not DER", start);
    }
    if (is_constructed(tag) != universal_constructed(tag_number(tag))) {
      return malformed(ErrorCode::invalid_value, what,
                       "tag " + tag_name(tag) +
                           (is_constructed(tag) ? " is constructed, which DER forbids for this type"
                                                : " must be constructed"),
                       start);
    }
  }
  if (pos >= size) {
    return malformed(ErrorCode::truncated, what, "the length octet is missing", start);
  }
  const std::uint8_t first = data_[pos++];
  std::size_t length = first;
  if (first == 0x80) {
    return malformed(ErrorCode::invalid_value, what,
                     "indefinite length (BER) is not allowed in DER", start);
  }
  if (first > 0x80) {
    const std::size_t count = first & 0x7fu;
    if (count > 4) {
      return malformed(
          ErrorCode::length_out_of_range, what,
          "length field of " + std::to_string(count) + " octets is longer than the 4 allowed",
          start);
    }
    if (size - pos < count) {
      return malformed(ErrorCode::truncated, what, "the length field is truncated", start);
    }
    if (data_[pos] == 0) {
      return malformed(ErrorCode::length_out_of_range, what,
                       "non-minimal length: the length field starts with a zero octet", start);
    }
    length = 0;
    for (std::size_t i = 0; i < count; ++i)
      length = (length << 8) | data_[pos + i];
    pos += count;
    if (length < 0x80) {
      return malformed(
          ErrorCode::length_out_of_range, what,
          "non-minimal length: " + std::to_string(length) + " is written in the long form", start);
    }
  }
  if (length > size - pos) {
    return malformed(ErrorCode::truncated, what,
                     "length " + std::to_string(length) + " runs past the end of the data (" +
                         std::to_string(size - pos) + " bytes left)",
                     start);
  }
  Tlv out;
  out.tag = tag;
  out.value = data_.subspan(pos, length);
  out.encoding = data_.subspan(pos_, pos + length - pos_);
  out.offset = start;
  out.value_offset = base_ + pos;
  pos_ = pos + length;
  return out;
}

Expected<Tlv> Reader::read(std::uint8_t tag, std::string_view what) {
  const auto next = peek_tag();
  if (next && *next != tag) {
    return malformed(ErrorCode::invalid_value, what, expected_found(tag, *next), offset());
  }
  if (!next) {
    return malformed(ErrorCode::truncated, what,
                     "expected " + tag_name(tag) + ", found the end of the data", offset());
  }
  return read_any(what);
}

Expected<std::optional<Tlv>> Reader::read_optional(std::uint8_t tag, std::string_view what) {
  if (!next_is(tag)) return std::optional<Tlv>();
  auto element = read_any(what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return std::optional<Tlv>(*element);
}

Expected<Reader> Reader::nested(const Tlv& element, std::string_view what) const {
  if (depth_ + 1 > kMaxDepth) {
    return malformed(ErrorCode::length_out_of_range, what,
                     "nesting deeper than " + std::to_string(kMaxDepth) + " levels",
                     element.offset);
  }
  return Reader(element.value, element.value_offset, depth_ + 1);
}

Expected<Reader> Reader::enter(std::uint8_t tag, std::string_view what) {
  const std::size_t saved = pos_;
  auto element = read(tag, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  auto inner = nested(*element, what);
  if (!inner) pos_ = saved;
  return inner;
}

Expected<void> Reader::expect_end(std::string_view what) const {
  if (empty()) return {};
  return malformed(ErrorCode::trailing_data, what,
                   std::to_string(remaining()) + " unexpected bytes after the last field",
                   offset());
}

Expected<bool> decode_boolean(const Tlv& element, std::string_view what) {
  // X.690 11.1: DER encodes TRUE as 0xff only.
  if (element.value.size() != 1) {
    return malformed(
        ErrorCode::invalid_value, what,
        "BOOLEAN has " + std::to_string(element.value.size()) + " content octets instead of 1",
        element.offset);
  }
  const std::uint8_t v = element.value[0];
  if (v != 0x00 && v != 0xff) {
    return malformed(ErrorCode::invalid_value, what,
                     "BOOLEAN value 0x" + to_hex_u8(v) + " is neither 0x00 nor 0xff",
                     element.offset);
  }
  return v == 0xff;
}

Expected<ByteView> decode_integer(const Tlv& element, std::string_view what) {
  const ByteView v = element.value;
  if (v.empty()) {
    return malformed(ErrorCode::invalid_value, what, "INTEGER has no content octets",
                     element.offset);
  }
  // X.690 8.3.2: the first nine bits are not all zeros or all ones.
  if (v.size() > 1 && ((v[0] == 0x00 && v[1] < 0x80) || (v[0] == 0xff && v[1] >= 0x80))) {
    return malformed(ErrorCode::invalid_value, what,
                     "INTEGER is not minimally encoded (redundant leading octet)", element.offset);
  }
  return v;
}

Expected<std::uint64_t> decode_unsigned(const Tlv& element, std::string_view what) {
  auto v = decode_integer(element, what);
  if (!v) return Unexpected<Error>(std::move(v.error()));
  ByteView bytes = *v;
  if (bytes[0] >= 0x80) {
    return malformed(ErrorCode::invalid_value, what, "INTEGER is negative", element.offset);
  }
  if (bytes[0] == 0x00 && bytes.size() > 1) bytes = bytes.subspan(1);
  if (bytes.size() > 8) {
    return malformed(
        ErrorCode::length_out_of_range, what,
        "INTEGER of " + std::to_string(bytes.size()) + " octets does not fit in 64 bits",
        element.offset);
  }
  std::uint64_t value = 0;
  for (const std::uint8_t b : bytes)
    value = (value << 8) | b;
  return value;
}

Expected<BitString> decode_bit_string(const Tlv& element, std::string_view what) {
  const ByteView v = element.value;
  if (v.empty()) {
    return malformed(ErrorCode::invalid_value, what,
                     "BIT STRING has no content octets (the unused-bit count is missing)",
                     element.offset);
  }
  const std::uint8_t unused = v[0];
  if (unused > 7) {
    return malformed(ErrorCode::invalid_value, what,
                     "BIT STRING declares " + std::to_string(unused) + " unused bits (max 7)",
                     element.offset);
  }
  if (v.size() == 1 && unused != 0) {
    return malformed(ErrorCode::invalid_value, what,
                     "empty BIT STRING declares " + std::to_string(unused) + " unused bits",
                     element.offset);
  }
  // X.690 11.2.1: the unused bits are zero.
  if (unused != 0 && (v.back() & ((1u << unused) - 1)) != 0) {
    return malformed(ErrorCode::invalid_value, what, "BIT STRING has non-zero padding bits",
                     element.offset);
  }
  return BitString{v.subspan(1), unused};
}

Expected<void> decode_null(const Tlv& element, std::string_view what) {
  if (!element.value.empty()) {
    return malformed(ErrorCode::invalid_value, what, "NULL has content octets", element.offset);
  }
  return {};
}

Expected<bool> Reader::read_boolean(std::string_view what) {
  auto element = read(tag::kBoolean, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return decode_boolean(*element, what);
}

Expected<ByteView> Reader::read_integer(std::string_view what) {
  auto element = read(tag::kInteger, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return decode_integer(*element, what);
}

Expected<std::uint64_t> Reader::read_unsigned(std::string_view what) {
  auto element = read(tag::kInteger, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return decode_unsigned(*element, what);
}

Expected<BitString> Reader::read_bit_string(std::string_view what) {
  auto element = read(tag::kBitString, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return decode_bit_string(*element, what);
}

Expected<ByteView> Reader::read_octet_string(std::string_view what) {
  auto element = read(tag::kOctetString, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return element->value;
}

Expected<void> Reader::read_null(std::string_view what) {
  auto element = read(tag::kNull, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return decode_null(*element, what);
}

bool next_element(ByteView data, std::size_t& pos, Tlv& out) noexcept {
  const std::size_t size = data.size();
  std::size_t at = pos;
  if (at + 2 > size) return false;
  const std::uint8_t tag = data[at++];
  std::size_t length = data[at++];
  if (length >= 0x80) {
    const std::size_t count = length & 0x7fu;
    if (count == 0 || count > 4 || size - at < count) return false;
    length = 0;
    for (std::size_t i = 0; i < count; ++i)
      length = (length << 8) | data[at + i];
    at += count;
  }
  if (length > size - at) return false;
  out.tag = tag;
  out.value = data.subspan(at, length);
  out.encoding = data.subspan(pos, at + length - pos);
  out.offset = pos;
  out.value_offset = at;
  pos = at + length;
  return true;
}

Expected<void> check_tree(const Tlv& element, std::size_t depth, std::string_view what) {
  if (!is_constructed(element.tag)) {
    if (tag_class(element.tag) != TagClass::universal) return {};
    switch (element.tag) {
      case tag::kBoolean: {
        auto v = decode_boolean(element, what);
        if (!v) return Unexpected<Error>(std::move(v.error()));
        return {};
      }
      case tag::kInteger:
      case tag::kEnumerated: {
        auto v = decode_integer(element, what);
        if (!v) return Unexpected<Error>(std::move(v.error()));
        return {};
      }
      case tag::kBitString: {
        auto v = decode_bit_string(element, what);
        if (!v) return Unexpected<Error>(std::move(v.error()));
        return {};
      }
      case tag::kNull:
        return decode_null(element, what);
      case tag::kOid: {
        auto v = decode_oid(element, what);
        if (!v) return Unexpected<Error>(std::move(v.error()));
        return {};
      }
      default:
        return {};
    }
  }
  if (depth + 1 > kMaxDepth) {
    return malformed(ErrorCode::length_out_of_range, what,
                     "nesting deeper than " + std::to_string(kMaxDepth) + " levels",
                     element.offset);
  }
  Reader inner(element.value, element.value_offset, depth + 1);
  while (!inner.empty()) {
    auto child = inner.read_any(what);
    if (!child) return Unexpected<Error>(std::move(child.error()));
    if (auto ok = check_tree(*child, depth + 1, what); !ok) return ok;
  }
  return {};
}

}  // namespace cpptls::x509::der
