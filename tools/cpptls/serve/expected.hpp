#pragma once
// The value-or-failure type of `cpptls serve`'s checks: tl::expected (libexpected-dev, which
// the library is built with too), used directly since a command sees only the public headers
// of cpptls.

#include <tl/expected.hpp>

namespace cpptls::tool::serve {

template <class T, class E>
using BasicExpected = tl::expected<T, E>;

template <class E>
using Unexpected = tl::unexpected<E>;

}  // namespace cpptls::tool::serve
