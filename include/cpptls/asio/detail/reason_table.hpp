#pragma once
// A boost::system::error_code is an int and a category, not a string, yet the message of a TLS
// error should be the connection's own reason ("certificate for www.example.org does not
// match host example.com"). So each distinct reason is given a number here, and the category
// looks the number up again when asked for the message.
//
// The table is bounded: it keeps the last kCapacity distinct reasons (a reason seen again keeps
// its number), so a long-running server that meets endless distinct failures holds a fixed
// amount of memory. The message of a code whose reason has been dropped since falls back to the
// kind of error, never to another error's reason. Only failures pay for this (a lock and a
// string); the data path never touches it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "cpptls/error.hpp"

namespace cpptls::asio::detail {

class reason_table {
 public:
  // The error value layout: the reason's number above, the TlsErrorKind in the low bits.
  static constexpr int kKindBits = 4;
  static constexpr std::size_t kCapacity = 1024;

  static reason_table& instance() {
    static reason_table table;
    return table;
  }

  // A nonzero value that stands for (kind, reason).
  [[nodiscard]] int intern(TlsErrorKind kind, const std::string& reason) {
    std::string key(1, static_cast<char>('a' + static_cast<int>(kind)));
    key += reason;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const auto found = numbers_.find(key); found != numbers_.end()) {
      return value_of(found->second, kind);
    }
    const std::uint32_t number = next_number_;
    // Numbers stay below 2^26 so that the value fits an int; 0 is never used.
    next_number_ = next_number_ >= kMaxNumber ? 1 : next_number_ + 1;
    entry& slot = slots_[number % kCapacity];
    if (slot.number != 0) numbers_.erase(slot.key);
    slot.number = number;
    slot.key = key;
    numbers_.emplace(std::move(key), number);
    return value_of(number, kind);
  }

  // The reason behind `value`, if the table still holds it.
  [[nodiscard]] std::optional<std::string> reason(int value) const {
    const auto number = static_cast<std::uint32_t>(value) >> kKindBits;
    const std::lock_guard<std::mutex> lock(mutex_);
    const entry& slot = slots_[number % kCapacity];
    if (number == 0 || slot.number != number) return std::nullopt;
    return slot.key.substr(1);
  }

  [[nodiscard]] static TlsErrorKind kind(int value) noexcept {
    return static_cast<TlsErrorKind>(static_cast<std::uint32_t>(value) & ((1U << kKindBits) - 1));
  }

 private:
  static constexpr std::uint32_t kMaxNumber = (1U << 26) - 1;

  struct entry {
    std::uint32_t number = 0;  // 0: empty
    std::string key;           // the kind as one letter, then the reason
  };

  [[nodiscard]] static int value_of(std::uint32_t number, TlsErrorKind kind) noexcept {
    return static_cast<int>((number << kKindBits) | static_cast<std::uint32_t>(kind));
  }

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::uint32_t> numbers_;
  std::array<entry, kCapacity> slots_{};
  std::uint32_t next_number_ = 1;
};

}  // namespace cpptls::asio::detail
