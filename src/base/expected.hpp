#pragma once
// Expected<T> is tl::expected today; the aliases here make a move to std::expected (C++23)
// a change of these lines only.

#include <tl/expected.hpp>

namespace cpptls {

template <class T, class E>
using BasicExpected = tl::expected<T, E>;

template <class E>
using Unexpected = tl::unexpected<E>;

}  // namespace cpptls
