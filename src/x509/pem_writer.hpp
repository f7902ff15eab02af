#pragma once
// Writing PEM (RFC 7468): "-----BEGIN LABEL-----", the DER in base64 (RFC 4648 4) in lines of
// 64 characters, "-----END LABEL-----", each line ended by LF. This is the strict form of
// RFC 7468 3 that every reader accepts, ours (x509/pem.hpp) included.

#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/wipe.hpp"

namespace cpptls::x509 {

// One block, e.g. encode_pem("CERTIFICATE", der).
[[nodiscard]] std::string encode_pem(std::string_view label, ByteView der);

// The same text in wiping memory, for private keys ("PRIVATE KEY").
[[nodiscard]] SecretBytes encode_pem_secret(std::string_view label, ByteView der);

}  // namespace cpptls::x509
