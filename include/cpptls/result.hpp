#pragma once
// Result<T>: a value or a TlsError, returned by every fallible call of the public API
// (no exceptions are thrown). Check it before using the value:
//
//   auto connection = cpptls::ClientConnection::create(config);
//   if (!connection) { std::cerr << connection.error().to_string() << "\n"; return 1; }
//   connection->read_tls(bytes);
// Thread-safety: plain values.

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "cpptls/error.hpp"

namespace cpptls {

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, TlsError>);

 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit
  Result(TlsError error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }

  // Only when has_value().
  [[nodiscard]] T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  [[nodiscard]] const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  [[nodiscard]] T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  [[nodiscard]] T& operator*() & { return value(); }
  [[nodiscard]] const T& operator*() const& { return value(); }
  [[nodiscard]] T&& operator*() && { return std::move(*this).value(); }
  [[nodiscard]] T* operator->() { return &value(); }
  [[nodiscard]] const T* operator->() const { return &value(); }
  // The value, or `fallback` on error.
  template <class U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

  // Only when !has_value().
  [[nodiscard]] const TlsError& error() const& {
    assert(!has_value());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, TlsError> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(TlsError error) : error_(std::move(error)) {}  // NOLINT: implicit

  [[nodiscard]] bool has_value() const noexcept { return !error_.has_value(); }
  [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] const TlsError& error() const& {
    assert(!has_value());
    return *error_;
  }

 private:
  std::optional<TlsError> error_;
};

}  // namespace cpptls
