#pragma once
// Which end of the connection this is.

#include <cstdint>

namespace cpptls::conn {

enum class Side : std::uint8_t { client, server };

}  // namespace cpptls::conn
