#pragma once
// Appends big-endian fields to a byte vector, with length prefixes that are written as
// placeholders and back-patched when their guard goes out of scope (design rule 6):
//
//   Writer w(out);
//   w.u16(0x0303);
//   {
//     auto body = w.u16_prefixed();
//     w.bytes(session_id);
//   }  // the two length bytes now hold the body's size
//
// A body larger than its prefix can express is our bug, not the peer's: the writer then
// records the failure and ok() turns false, which every encoder's caller checks.

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"

namespace cpptls::wire {

class Writer {
 public:
  explicit Writer(Bytes& out) noexcept : out_(out) {}

  void u8(std::uint8_t value) { out_.push_back(value); }
  void u16(std::uint16_t value);
  void u24(std::uint32_t value);
  void u32(std::uint32_t value);
  void u64(std::uint64_t value);
  void bytes(ByteView data) { out_.insert(out_.end(), data.begin(), data.end()); }

  // Back-patches a length prefix of `width` bytes when destroyed.
  class [[nodiscard]] LengthPrefix {
   public:
    LengthPrefix(const LengthPrefix&) = delete;
    LengthPrefix& operator=(const LengthPrefix&) = delete;
    LengthPrefix(LengthPrefix&&) = delete;
    LengthPrefix& operator=(LengthPrefix&&) = delete;
    ~LengthPrefix();

   private:
    friend class Writer;
    LengthPrefix(Writer& writer, std::size_t width);
    Writer& writer_;
    std::size_t width_;
    std::size_t start_;  // offset of the first body byte
  };

  LengthPrefix u8_prefixed() { return LengthPrefix(*this, 1); }
  LengthPrefix u16_prefixed() { return LengthPrefix(*this, 2); }
  LengthPrefix u24_prefixed() { return LengthPrefix(*this, 3); }

  [[nodiscard]] std::size_t size() const noexcept { return out_.size(); }
  // False once a body outgrew its length prefix.
  [[nodiscard]] bool ok() const noexcept { return ok_; }

 private:
  void big_endian(std::uint64_t value, std::size_t width);

  Bytes& out_;
  bool ok_ = true;
};

}  // namespace cpptls::wire
