#pragma once
// A bounds-checked cursor over peer bytes (design rule 6). Every read is [[nodiscard]],
// checks the remaining length first, and on failure leaves the cursor where it was and returns
// a decode error naming the field that was being read.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace cpptls::wire {

class Reader {
 public:
  explicit Reader(ByteView data) noexcept : data_(data) {}

  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - offset_; }
  [[nodiscard]] bool empty() const noexcept { return remaining() == 0; }
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }
  // The bytes not yet read, without consuming them.
  [[nodiscard]] ByteView rest() const noexcept { return data_.subspan(offset_); }

  // `what` names the field in the error reason ("cipher suite", "session id").
  [[nodiscard]] Expected<std::uint8_t> u8(std::string_view what = "u8");
  [[nodiscard]] Expected<std::uint16_t> u16(std::string_view what = "u16");
  [[nodiscard]] Expected<std::uint32_t> u24(std::string_view what = "u24");
  [[nodiscard]] Expected<std::uint32_t> u32(std::string_view what = "u32");
  [[nodiscard]] Expected<std::uint64_t> u64(std::string_view what = "u64");
  [[nodiscard]] Expected<ByteView> bytes(std::size_t count, std::string_view what = "bytes");

  // A vector with a 1-, 2- or 3-byte length prefix (RFC 8446 3.4): returns its body.
  // min/max bound the body's length in bytes; outside them the read fails.
  [[nodiscard]] Expected<ByteView> u8_prefixed(std::string_view what, std::size_t min = 0,
                                               std::size_t max = 0xff);
  [[nodiscard]] Expected<ByteView> u16_prefixed(std::string_view what, std::size_t min = 0,
                                                std::size_t max = 0xffff);
  [[nodiscard]] Expected<ByteView> u24_prefixed(std::string_view what, std::size_t min = 0,
                                                std::size_t max = 0xffffff);

  // Success if every byte has been read; otherwise a trailing_data error naming `what`.
  [[nodiscard]] Expected<void> expect_end(std::string_view what) const;

 private:
  [[nodiscard]] Expected<std::uint64_t> big_endian(std::size_t width, std::string_view what);
  [[nodiscard]] Expected<ByteView> prefixed(std::size_t width, std::string_view what,
                                            std::size_t min, std::size_t max);

  ByteView data_;
  std::size_t offset_ = 0;
};

}  // namespace cpptls::wire
