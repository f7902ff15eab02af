#pragma once
// The TCP connection to the runner: the shim connects to loopback on -port and introduces
// itself with its -shim-id as 8 little-endian bytes (BoringSSL ssl/test/PORTING.md).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "status.hpp"

namespace cpptls::bogo {

class Transport {
 public:
  [[nodiscard]] static std::optional<Transport> connect(int port, bool ipv6, std::uint64_t shim_id,
                                                        Status& status);
  Transport(Transport&& other) noexcept;
  Transport& operator=(Transport&& other) = delete;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;
  ~Transport();

  [[nodiscard]] Status send_all(std::span<const std::uint8_t> bytes);
  // Appends what arrives (blocking); 0 bytes means the runner closed the connection.
  [[nodiscard]] Status receive(std::span<std::uint8_t> buffer, std::size_t& received);

 private:
  explicit Transport(int fd) noexcept : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace cpptls::bogo
