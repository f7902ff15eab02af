#pragma once
// RFC 8446 4.1.2: after a HelloRetryRequest the client "MUST send the same ClientHello
// without modification, except as follows". This is the comparison of the second ClientHello
// with the first, kept apart from the state machine so that each allowed and each forbidden
// change can be tested alone.

#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/messages/client_hello.hpp"

namespace cpptls::hs13::server {

// Refuses with illegal_parameter, naming what changed, a second ClientHello that differs from
// `first` in anything but what RFC 8446 4.1.2 lets change:
//  - key_share is replaced (whether it holds the one share asked for is the caller's check,
//    4.2.8);
//  - early_data is removed: still present is refused (4.2.10);
//  - pre_shared_key is updated (ages and binders recomputed, incompatible PSKs dropped) or
//    removed, so its identities are a subsequence of the first's; it cannot be added;
//  - padding is changed, added or removed.
//  - cookie is added when the HelloRetryRequest carried one (`retry_cookie`, its extension
//    body), with the same contents (4.2.2: "the client MUST copy the contents of the
//    extension"). We send none ourselves, so without one cookie must be as it was.
// Everything else must be the same: legacy_version, random, legacy_session_id, cipher_suites,
// legacy_compression_methods, and every other extension with its exact bytes, in its order.
[[nodiscard]] Expected<void> check_retried_hello(const wire::ClientHello& first,
                                                 const wire::ClientHello& second,
                                                 std::optional<ByteView> retry_cookie);

}  // namespace cpptls::hs13::server
