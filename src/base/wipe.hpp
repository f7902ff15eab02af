#pragma once
// Wiping key material in a way the optimiser may not remove, and containers that wipe
// themselves when they release memory.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/bytes.hpp"

namespace cpptls {

// Overwrites the bytes with zeros; never elided as a dead store.
void secure_wipe(void* data, std::size_t size) noexcept;
inline void secure_wipe(MutableByteView bytes) noexcept {
  secure_wipe(bytes.data(), bytes.size());
}

// An allocator that wipes memory before giving it back, so that a std::vector of secrets
// leaves nothing behind on reallocation or destruction.
template <class T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() noexcept = default;
  template <class U>
  WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}  // NOLINT: rebinding
  [[nodiscard]] T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  template <class U>
  bool operator==(const WipingAllocator<U>& /*other*/) const noexcept {
    return true;
  }
};

// Owned secret bytes (premaster, master and traffic secrets, private scalars).
using SecretBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

[[nodiscard]] inline SecretBytes to_secret(ByteView bytes) {
  return SecretBytes(bytes.begin(), bytes.end());
}

}  // namespace cpptls
