#include "wire/messages/codec_support.hpp"

#include <algorithm>

namespace cpptls::wire {

Unexpected<Error> illegal_parameter(std::string reason) {
  return fail(ErrorKind::peer_misbehaved, ErrorCode::illegal_parameter,
              AlertDescription::illegal_parameter, std::move(reason));
}

Unexpected<Error> ragged_vector(std::string_view what, std::size_t length,
                                std::size_t element_size) {
  return decode_failure(ErrorCode::length_out_of_range,
                        std::string(what) + " length " + std::to_string(length) +
                            " is not a multiple of " + std::to_string(element_size));
}

Expected<ByteView> read_prefixed(Reader& reader, Prefix prefix, std::string_view what,
                                 std::size_t min, std::size_t max) {
  return prefix == Prefix::u8 ? reader.u8_prefixed(what, min, max)
                              : reader.u16_prefixed(what, min, max);
}

std::optional<std::uint16_t> first_repeated(std::vector<std::uint16_t> values) {
  std::sort(values.begin(), values.end());
  const auto twice = std::adjacent_find(values.begin(), values.end());
  if (twice == values.end()) return std::nullopt;
  return *twice;
}

bool same_bytes(ByteView a, ByteView b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool same_bytes(const std::vector<ByteView>& a, const std::vector<ByteView>& b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](ByteView x, ByteView y) { return same_bytes(x, y); });
}

}  // namespace cpptls::wire
