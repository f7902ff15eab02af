#include "wire/writer.hpp"

namespace cpptls::wire {

void Writer::big_endian(std::uint64_t value, std::size_t width) {
  for (std::size_t i = width; i > 0; --i) {
    out_.push_back(static_cast<std::uint8_t>(value >> (8 * (i - 1))));
  }
}

void Writer::u16(std::uint16_t value) {
  big_endian(value, 2);
}
void Writer::u24(std::uint32_t value) {
  if (value > 0xffffff) ok_ = false;
  big_endian(value, 3);
}
void Writer::u32(std::uint32_t value) {
  big_endian(value, 4);
}
void Writer::u64(std::uint64_t value) {
  big_endian(value, 8);
}

Writer::LengthPrefix::LengthPrefix(Writer& writer, std::size_t width)
    : writer_(writer), width_(width), start_(0) {
  writer_.big_endian(0, width_);
  start_ = writer_.out_.size();
}

Writer::LengthPrefix::~LengthPrefix() {
  const std::size_t length = writer_.out_.size() - start_;
  const std::size_t max = (std::size_t{1} << (8 * width_)) - 1;
  if (length > max) writer_.ok_ = false;
  for (std::size_t i = 0; i < width_; ++i) {
    writer_.out_[start_ - 1 - i] = static_cast<std::uint8_t>(length >> (8 * i));
  }
}

}  // namespace cpptls::wire
