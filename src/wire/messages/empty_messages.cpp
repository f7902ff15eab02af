#include "wire/messages/empty_messages.hpp"

#include <string>

namespace cpptls::wire {

Expected<void> expect_empty_message(ByteView body, HandshakeType type) {
  if (body.empty()) return {};
  return decode_failure(ErrorCode::trailing_data, to_string(type) + " must be empty but has " +
                                                      std::to_string(body.size()) + " bytes");
}

}  // namespace cpptls::wire
