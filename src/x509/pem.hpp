#pragma once
// PEM (RFC 7468): the "-----BEGIN LABEL-----" ... "-----END LABEL-----" text form of DER.
//
// Text outside blocks is ignored (bundles carry comments and openssl's "subject=" lines).
// Inside a block: strict base64 (RFC 4648 4 alphabet, '=' padding only at the very end, zero
// padding bits), lines of any length, CR LF or LF line ends, trailing spaces tolerated, blank
// lines skipped; RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") are refused. The END label must
// equal the BEGIN label. Errors name the block by number, label and line.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "x509/certificate.hpp"

namespace cpptls::x509 {

struct PemLimits {
  std::size_t max_block_size = std::size_t{1024} * 1024;  // decoded bytes per block
  std::size_t max_blocks = 100000;
};

// One block. The DER is held in wiping memory because blocks may be private keys.
struct PemBlock {
  std::string label;  // "CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY", ...
  SecretBytes der;
  std::size_t line = 0;  // line of the BEGIN, from 1
};

// Every block in the text, in order, whatever its label.
[[nodiscard]] Expected<std::vector<PemBlock>> read_pem_blocks(std::string_view text,
                                                              const PemLimits& limits = {});

// The DER of every CERTIFICATE block, in order; other blocks are skipped (still checked).
[[nodiscard]] Expected<std::vector<Bytes>> read_pem_certificates(std::string_view text,
                                                                 const PemLimits& limits = {});

// read_pem_certificates, then each block parsed; an error names the block that failed.
[[nodiscard]] Expected<std::vector<ParsedCertificate>> parse_pem_certificates(
    std::string_view text, const PemLimits& limits = {});

// Strict base64 of RFC 4648 4 without white space: a multiple of 4 characters, padding only
// at the end, zero padding bits. Appends to `out`; nothing appended on failure, whose
// reason says what and at which character.
[[nodiscard]] Expected<void> decode_base64(std::string_view text, Bytes& out);

}  // namespace cpptls::x509
