#include "wire/reader.hpp"

#include <string>

namespace cpptls::wire {
namespace {

Unexpected<Error> truncated(std::string_view what, std::size_t needed, std::size_t left) {
  return decode_failure(ErrorCode::truncated, std::string(what) + " is truncated: needs " +
                                                  std::to_string(needed) + " bytes, " +
                                                  std::to_string(left) + " left");
}

}  // namespace

Expected<std::uint64_t> Reader::big_endian(std::size_t width, std::string_view what) {
  if (remaining() < width) return truncated(what, width, remaining());
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i)
    value = (value << 8) | data_[offset_ + i];
  offset_ += width;
  return value;
}

Expected<std::uint8_t> Reader::u8(std::string_view what) {
  return big_endian(1, what).map([](std::uint64_t v) { return static_cast<std::uint8_t>(v); });
}
Expected<std::uint16_t> Reader::u16(std::string_view what) {
  return big_endian(2, what).map([](std::uint64_t v) { return static_cast<std::uint16_t>(v); });
}
Expected<std::uint32_t> Reader::u24(std::string_view what) {
  return big_endian(3, what).map([](std::uint64_t v) { return static_cast<std::uint32_t>(v); });
}
Expected<std::uint32_t> Reader::u32(std::string_view what) {
  return big_endian(4, what).map([](std::uint64_t v) { return static_cast<std::uint32_t>(v); });
}
Expected<std::uint64_t> Reader::u64(std::string_view what) {
  return big_endian(8, what);
}

Expected<ByteView> Reader::bytes(std::size_t count, std::string_view what) {
  if (remaining() < count) return truncated(what, count, remaining());
  const ByteView out = data_.subspan(offset_, count);
  offset_ += count;
  return out;
}

Expected<ByteView> Reader::prefixed(std::size_t width, std::string_view what, std::size_t min,
                                    std::size_t max) {
  const std::size_t start = offset_;
  auto length = big_endian(width, what);
  if (!length) return Unexpected<Error>(std::move(length.error()));
  if (*length < min || *length > max) {
    offset_ = start;
    return decode_failure(ErrorCode::length_out_of_range,
                          std::string(what) + " length " + std::to_string(*length) +
                              " is outside " + std::to_string(min) + ".." + std::to_string(max));
  }
  auto body = bytes(static_cast<std::size_t>(*length), what);
  if (!body) offset_ = start;
  return body;
}

Expected<ByteView> Reader::u8_prefixed(std::string_view what, std::size_t min, std::size_t max) {
  return prefixed(1, what, min, max);
}
Expected<ByteView> Reader::u16_prefixed(std::string_view what, std::size_t min, std::size_t max) {
  return prefixed(2, what, min, max);
}
Expected<ByteView> Reader::u24_prefixed(std::string_view what, std::size_t min, std::size_t max) {
  return prefixed(3, what, min, max);
}

Expected<void> Reader::expect_end(std::string_view what) const {
  if (empty()) return {};
  return decode_failure(
      ErrorCode::trailing_data,
      std::to_string(remaining()) + " unexpected bytes after " + std::string(what));
}

}  // namespace cpptls::wire
