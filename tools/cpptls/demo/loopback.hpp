#pragma once
// The demo's wire: a real TCP connection on 127.0.0.1 (an ephemeral port), both ends held by
// this process. What one side writes is read back from the other end of the socket, so the
// bytes the narration shows are the bytes that crossed the kernel's TCP stack.

#include <cstdint>
#include <string>

#include "cpptls/io/socket.hpp"
#include "cpptls/result.hpp"

#include "base/bytes.hpp"

namespace cpptls::tool::demo {

struct Loopback {
  io::Socket client;    // the client's end
  io::Socket server;    // the end the server accepted
  std::string address;  // "127.0.0.1:41234", the server's
  std::string client_address;
};

[[nodiscard]] Result<Loopback> open_loopback();

// Writes all of `bytes` to `from`, then reads exactly as many from `to` (5 s at most).
[[nodiscard]] Result<Bytes> carry(const io::Socket& from, const io::Socket& to, ByteView bytes);

}  // namespace cpptls::tool::demo
