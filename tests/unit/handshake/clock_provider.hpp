#pragma once
// The real provider with a clock the test moves: ticket ages and lifetimes without waiting.

#include <atomic>
#include <cstdint>

#include "crypto/testing/forwarding_provider.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {

class ClockProvider final : public crypto::testing::ForwardingProvider {
 public:
  ClockProvider() noexcept : ForwardingProvider(real_provider()) {}

  void advance(std::int64_t seconds) noexcept { offset_ += seconds; }
  // Moves the clock to `unix_time` (a certificate's expiry, say).
  void move_to(std::int64_t unix_time) noexcept { offset_ += unix_time - now(); }
  std::int64_t now() const noexcept override { return ForwardingProvider::now() + offset_; }

 private:
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace cpptls::handshake::testing
