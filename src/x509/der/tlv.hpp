#pragma once
// One DER element (tag, length, value) as views into the bytes it was read from.

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"

namespace cpptls::x509::der {

struct Tlv {
  std::uint8_t tag = 0;
  ByteView value;                // the contents octets
  ByteView encoding;             // identifier, length and contents: the whole element
  std::size_t offset = 0;        // absolute offset of the identifier octet (for messages)
  std::size_t value_offset = 0;  // absolute offset of the first contents octet
};

}  // namespace cpptls::x509::der
