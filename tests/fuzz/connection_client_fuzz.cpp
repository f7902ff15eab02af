// A TLS 1.2 client connection (conn::Engine with hs12::ClientHandshake) fed a script of
// operations: bytes from the server in chunks of any size or records sealed as it would, reads,
// writes, close, drains and buffer releases. The input format and the invariants checked are in
// connection_fuzz.hpp; the seeds (tests/fuzz/seeds/connection_client) are recorded conversations
// with a real server engine, made by this binary with CPPTLS_FUZZ_WRITE_SEEDS=DIR
// (connection_fuzz_seeds.hpp says how).
//
// The profile byte (client_profile): bit 0 verifies the server against the three fixed
// certificates, bit 1 requires extended_master_secret, bit 2 drops ALPN. The client offers
// every TLS 1.2 suite we implement, RSA key transport included.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "connection_fuzz.hpp"
#include "connection_fuzz_seeds.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (const char* directory = std::getenv("CPPTLS_FUZZ_WRITE_SEEDS")) {
    std::exit(cpptls::fuzz::seeds::write_seeds(cpptls::conn::Side::client, directory));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cpptls::fuzz::run_input(cpptls::conn::Side::client, data, size);
  return 0;
}
