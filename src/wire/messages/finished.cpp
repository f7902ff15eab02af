#include "wire/messages/finished.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<Finished> Finished::decode(ByteView body, std::size_t verify_data_size) {
  if (body.size() != verify_data_size) {
    return decode_failure(
        body.size() < verify_data_size ? ErrorCode::truncated : ErrorCode::trailing_data,
        "Finished verify_data has " + std::to_string(body.size()) + " bytes, expected " +
            std::to_string(verify_data_size));
  }
  return Finished{body};
}

void Finished::encode(Writer& writer) const {
  writer.bytes(verify_data);
}

bool operator==(const Finished& a, const Finished& b) noexcept {
  return same_bytes(a.verify_data, b.verify_data);
}

}  // namespace cpptls::wire
