#pragma once
// A test seam of the TLS 1.3 client, for reproducing recorded handshakes (the TLS 1.3 traces of
// draft-ietf-tls-tls13-vectors) whose client sent extensions we never send.
//
// replace_client_hellos makes the client send, instead of each ClientHello it built (index 0
// for the first, 1 for the one after a HelloRetryRequest), the bytes `replace` returns for it.
// The client then reads its offer (random, session id, suites, groups, schemes, ALPN, server
// name) from what it actually sent, hashes those bytes into the transcript, and checks that
// their key_share carries exactly the public values of its own key shares (which a test makes
// equal to the trace's through crypto::testing::DeterministicProvider): a replacement with
// other shares makes start() fail with internal_error. Never use this outside tests.

#include "handshake/tls13/client.hpp"

namespace cpptls::hs13::testing {

// Call before start().
void replace_client_hellos(ClientHandshake& client, HelloReplacer replace);

// The resumption master secret once connected (RFC 8446 7.1), else empty: for known-answer
// tests until tickets use it.
[[nodiscard]] ByteView resumption_master_secret(const ClientHandshake& client) noexcept;

}  // namespace cpptls::hs13::testing
