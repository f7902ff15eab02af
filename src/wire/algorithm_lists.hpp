#pragma once
// Parses the comma-separated lists of IANA names that a user gives on the command line or in
// a configuration ("TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256", "x25519,secp256r1",
// "ecdsa_secp256r1_sha256,rsa_pss_rsae_sha256"). Only what we implement is accepted; the
// order given is kept, since it is the order of preference.

#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "wire/enums.hpp"

namespace cpptls::wire {

// Names match without regard to ASCII case and may be surrounded by spaces. An empty list,
// an empty entry, a repeated entry, or a name we do not implement fails with
// api_misuse/invalid_argument and a reason that lists the valid names.
[[nodiscard]] Expected<std::vector<CipherSuite>> parse_cipher_suites(std::string_view comma_list);
[[nodiscard]] Expected<std::vector<NamedGroup>> parse_named_groups(std::string_view comma_list);
[[nodiscard]] Expected<std::vector<SignatureScheme>> parse_signature_schemes(
    std::string_view comma_list);

}  // namespace cpptls::wire
