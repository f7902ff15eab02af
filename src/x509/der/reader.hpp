#pragma once
// A strict DER reader (X.690 clause 10 on top of the BER rules of clause 8): a bounds-checked
// cursor over a span that never copies. What it refuses:
//  - the indefinite length form, lengths in the long form that would fit a shorter one
//    (X.690 10.1), length fields over 4 octets, lengths past the end of the data;
//  - the high-tag-number form (X.509 never needs it), the reserved tag 0, constructed
//    encodings of universal primitive types and primitive SEQUENCE/SET (X.690 10.2);
//  - non-minimal INTEGERs (X.690 8.3.2), BOOLEANs other than 0x00/0xff (X.690 11.1),
//    BIT STRINGs with more than 7 unused bits or non-zero padding (X.690 11.2.1);
//  - nesting beyond kMaxDepth constructed levels.
// Every failure names the field (`what`) and the absolute offset. A failed read leaves the
// cursor where it was.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/tlv.hpp"

namespace cpptls::x509::der {

// Deeper than any structure in a certificate (about 13 levels), shallow enough that hostile
// input cannot exhaust the stack of a recursive walk.
constexpr std::size_t kMaxDepth = 32;

// X.690 8.6: the unused-bit count and the bit octets (padding bits checked to be zero).
struct BitString {
  ByteView bytes;
  std::uint8_t unused_bits = 0;

  [[nodiscard]] std::size_t bit_count() const noexcept { return bytes.size() * 8 - unused_bits; }
  // Bit n in the X.680 numbering: bit 0 is the most significant bit of the first octet.
  [[nodiscard]] bool bit(std::size_t n) const noexcept {
    return n < bit_count() && ((bytes[n / 8] >> (7 - n % 8)) & 1) != 0;
  }
};

class Reader {
 public:
  // `base_offset` is the absolute offset of data[0] in the outermost buffer; `depth` counts
  // the constructed elements around it.
  explicit Reader(ByteView data, std::size_t base_offset = 0, std::size_t depth = 0) noexcept
      : data_(data), base_(base_offset), depth_(depth) {}

  [[nodiscard]] bool empty() const noexcept { return pos_ == data_.size(); }
  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }
  // Absolute offset of the next unread byte.
  [[nodiscard]] std::size_t offset() const noexcept { return base_ + pos_; }
  [[nodiscard]] std::size_t depth() const noexcept { return depth_; }

  // The tag of the next element, without reading it.
  [[nodiscard]] std::optional<std::uint8_t> peek_tag() const noexcept;
  [[nodiscard]] bool next_is(std::uint8_t tag) const noexcept { return peek_tag() == tag; }

  [[nodiscard]] Expected<Tlv> read_any(std::string_view what);
  // The next element, which must have exactly this identifier octet.
  [[nodiscard]] Expected<Tlv> read(std::uint8_t tag, std::string_view what);
  // Nothing if the next element has another tag (or there is none); an error if it has this
  // tag but is malformed.
  [[nodiscard]] Expected<std::optional<Tlv>> read_optional(std::uint8_t tag, std::string_view what);
  // Reads a constructed element with this tag and returns a reader over its contents.
  [[nodiscard]] Expected<Reader> enter(std::uint8_t tag, std::string_view what);
  // A reader over the contents of an element already read (one level deeper).
  [[nodiscard]] Expected<Reader> nested(const Tlv& element, std::string_view what) const;

  // A trailing_data error unless every byte has been read.
  [[nodiscard]] Expected<void> expect_end(std::string_view what) const;

  // Universal types, read and checked in one step.
  [[nodiscard]] Expected<bool> read_boolean(std::string_view what);
  [[nodiscard]] Expected<ByteView> read_integer(std::string_view what);
  [[nodiscard]] Expected<std::uint64_t> read_unsigned(std::string_view what);
  [[nodiscard]] Expected<BitString> read_bit_string(std::string_view what);
  [[nodiscard]] Expected<ByteView> read_octet_string(std::string_view what);
  [[nodiscard]] Expected<void> read_null(std::string_view what);

 private:
  ByteView data_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
};

// Decoders for elements already read, so that IMPLICIT tags ([0] IMPLICIT INTEGER) are
// checked by the same rules as the universal type.
[[nodiscard]] Expected<bool> decode_boolean(const Tlv& element, std::string_view what);
// The contents octets of a minimally encoded INTEGER (sign included).
[[nodiscard]] Expected<ByteView> decode_integer(const Tlv& element, std::string_view what);
// A non-negative INTEGER that fits in 64 bits.
[[nodiscard]] Expected<std::uint64_t> decode_unsigned(const Tlv& element, std::string_view what);
[[nodiscard]] Expected<BitString> decode_bit_string(const Tlv& element, std::string_view what);
[[nodiscard]] Expected<void> decode_null(const Tlv& element, std::string_view what);

// Steps over one element of data that was already validated (a Name, a list of general
// names): bounds-checked, so garbage cannot make it read out of range, but without the DER
// checks or messages. Returns false at the end or on anything it cannot frame. Offsets in
// `out` are relative to `data`.
[[nodiscard]] bool next_element(ByteView data, std::size_t& pos, Tlv& out) noexcept;

// Checks that the contents of a constructed element are well-formed DER all the way down
// (for ANY values such as attribute values and extension contents we keep opaque). Primitive
// elements are only framed, not interpreted.
[[nodiscard]] Expected<void> check_tree(const Tlv& element, std::size_t depth,
                                        std::string_view what);

}  // namespace cpptls::x509::der
