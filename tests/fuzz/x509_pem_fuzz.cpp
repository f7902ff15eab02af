// Reads arbitrary text as PEM and as bare base64.
//
// Invariants: failures are decode errors with a reason naming the block; blocks respect the
// limits; strict base64 has one encoding per value, so re-encoding what was decoded gives the
// input back (for bare base64) and re-writing each block as PEM reads back to the same label
// and bytes; read_pem_certificates returns exactly the CERTIFICATE blocks, and
// parse_pem_certificates succeeds only if each of them parses.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/pem.hpp"

namespace {

using namespace cpptls;        // NOLINT(google-build-using-namespace)
using namespace cpptls::x509;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

std::string encode_base64(ByteView bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = bytes.size() - i < 3 ? bytes.size() - i : 3;
    std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (n > 1) v |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (n > 2) v |= bytes[i + 2];
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += n > 1 ? kAlphabet[v >> 6 & 63] : '=';
    out += n > 2 ? kAlphabet[v & 63] : '=';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_chars(ByteView(data, size));

  Bytes decoded = {0x42};
  if (decode_base64(text, decoded)) {
    FUZZ_CHECK(encode_base64(ByteView(decoded).subspan(1)) == text);
  } else {
    FUZZ_CHECK(decoded.size() == 1);
  }

  PemLimits limits;
  limits.max_block_size = 4096;
  limits.max_blocks = 16;
  auto blocks = read_pem_blocks(text, limits);
  auto certificates = read_pem_certificates(text, limits);
  FUZZ_CHECK(blocks.has_value() == certificates.has_value());
  if (!blocks) {
    FUZZ_CHECK(blocks.error().kind() == ErrorKind::decode);
    FUZZ_CHECK(blocks.error().reason().starts_with("PEM block "));
    FUZZ_CHECK(blocks.error().reason() == certificates.error().reason());
    return 0;
  }
  FUZZ_CHECK(blocks->size() <= limits.max_blocks);
  std::size_t certificate_blocks = 0;
  std::string rewritten;
  for (const PemBlock& block : *blocks) {
    FUZZ_CHECK(block.der.size() <= limits.max_block_size);
    FUZZ_CHECK(block.line >= 1);
    if (block.label == "CERTIFICATE") {
      FUZZ_CHECK(std::equal(block.der.begin(), block.der.end(),
                            (*certificates)[certificate_blocks].begin(),
                            (*certificates)[certificate_blocks].end()));
      ++certificate_blocks;
    }
    rewritten += "-----BEGIN " + block.label + "-----\n" + encode_base64(block.der) +
                 "\n-----END " + block.label + "-----\n";
  }
  FUZZ_CHECK(certificate_blocks == certificates->size());

  auto again = read_pem_blocks(rewritten, limits);
  FUZZ_CHECK(again && again->size() == blocks->size());
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    FUZZ_CHECK((*again)[i].label == (*blocks)[i].label);
    FUZZ_CHECK((*again)[i].der == (*blocks)[i].der);
  }

  auto parsed = parse_pem_certificates(text, limits);
  bool all_parse = true;
  for (const Bytes& der : *certificates)
    all_parse = all_parse && Certificate::parse(der);
  FUZZ_CHECK(parsed.has_value() == all_parse);
  return 0;
}
