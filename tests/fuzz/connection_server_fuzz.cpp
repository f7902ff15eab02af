// A TLS 1.2 server connection (conn::Engine with hs12::ServerHandshake) fed a script of
// operations: bytes from the client in chunks of any size or records sealed as it would, reads,
// writes, close, drains and buffer releases. The input format and the invariants checked are in
// connection_fuzz.hpp; the seeds (tests/fuzz/seeds/connection_server) are recorded conversations
// with a real client engine, made by this binary with CPPTLS_FUZZ_WRITE_SEEDS=DIR
// (connection_fuzz_seeds.hpp says how).
//
// The profile byte (server_profile): its value modulo 3 picks the credential (Ed25519,
// RSA-2048, ECDSA P-256), (value / 3) % 2 turns extended_master_secret off, (value / 6) % 2
// drops ALPN. The server accepts every TLS 1.2 suite we implement that its key serves, RSA key
// transport included.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "connection_fuzz.hpp"
#include "connection_fuzz_seeds.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (const char* directory = std::getenv("CPPTLS_FUZZ_WRITE_SEEDS")) {
    std::exit(cpptls::fuzz::seeds::write_seeds(cpptls::conn::Side::server, directory));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cpptls::fuzz::run_input(cpptls::conn::Side::server, data, size);
  return 0;
}
