#pragma once
// Credentials and settings for the TLS 1.2 tests of client certificates (mutual TLS) and of the
// server's choice of certificate by name, from the test PKI (tests/pki/make-test-pki.sh).

#include <initializer_list>
#include <memory>
#include <string_view>

#include "handshake/common/settings.hpp"
#include "unit/handshake/test_pki.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::handshake::testing {

// leaf-client-ec (ECDSA P-256, extKeyUsage clientAuth only) with int-ec, under root-ec.
[[nodiscard]] const Credential& client_ec_credential();
// leaf-ec-org (ECDSA P-256, www.example.org and example.org, serverAuth) with int-ec: the same
// names as rsa_credential(), with the other kind of key.
[[nodiscard]] const Credential& ec_org_credential();

// A trust store holding the named roots ("root-ec").
[[nodiscard]] std::shared_ptr<const x509::TrustStore> trust_store_of(
    std::initializer_list<std::string_view> roots);

// client_settings() presenting `certificate` when asked for one.
[[nodiscard]] ClientSettings client_presenting(const Credential& certificate);
// server_settings(ec_credential()) asking for client certificates as `mode` says, verified
// against `roots`.
[[nodiscard]] ServerSettings server_asking(ClientAuth mode,
                                           std::initializer_list<std::string_view> roots);

}  // namespace cpptls::handshake::testing
