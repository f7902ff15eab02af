#pragma once
// A validated run of DER elements iterated in place: the parser checks every element once,
// records where the run is and how many there are, and callers walk it later without
// allocation. `Decode` turns one (already validated) element into a value.

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"
#include "x509/der/reader.hpp"

namespace cpptls::x509 {

template <class T, T (*Decode)(const der::Tlv&) noexcept>
class ElementList {
 public:
  class Iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;

    Iterator() = default;
    [[nodiscard]] const T& operator*() const noexcept { return current_; }
    [[nodiscard]] const T* operator->() const noexcept { return &current_; }
    Iterator& operator++() noexcept {
      der::Tlv element;
      if (done_ || !der::next_element(contents_, pos_, element)) {
        done_ = true;
      } else {
        current_ = Decode(element);
      }
      return *this;
    }
    Iterator operator++(int) noexcept {
      Iterator copy = *this;
      ++*this;
      return copy;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) noexcept {
      return a.done_ == b.done_ && (a.done_ || a.pos_ == b.pos_);
    }

   private:
    friend class ElementList;
    explicit Iterator(ByteView contents) noexcept : contents_(contents), done_(false) { ++*this; }

    ByteView contents_;
    std::size_t pos_ = 0;
    bool done_ = true;
    T current_{};
  };

  ElementList() = default;
  ElementList(ByteView contents, std::size_t count) noexcept
      : contents_(contents), count_(static_cast<std::uint32_t>(count)) {}

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] Iterator begin() const noexcept { return Iterator(contents_); }
  [[nodiscard]] Iterator end() const noexcept { return Iterator(); }

 private:
  ByteView contents_;
  std::uint32_t count_ = 0;
};

}  // namespace cpptls::x509
