#pragma once
// The Boost the adapter is written for: 1.81 or later (older Boost.Asio lacks parts of the
// asynchronous model it uses, so the build would fail far from the cause). Thread-safety: none
// needed.

#include <boost/version.hpp>

#if BOOST_VERSION < 108100
#error "cpptls/asio needs Boost 1.81 or later (Debian: libboost1.81-dev); link cpptls::asio"
#endif
