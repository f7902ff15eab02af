#pragma once
// The whole public API of cpptls. Each header says what its types promise between threads.

#include "cpptls/algorithms.hpp"
#include "cpptls/config.hpp"
#include "cpptls/connection.hpp"
#include "cpptls/error.hpp"
#include "cpptls/printable_text.hpp"
#include "cpptls/provider.hpp"
#include "cpptls/result.hpp"
#include "cpptls/verifier.hpp"
#include "cpptls/version.hpp"
#include "cpptls/x509.hpp"
