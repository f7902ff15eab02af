#pragma once
// certificate_authorities (RFC 8446 4.2.4):
//
//   opaque DistinguishedName<1..2^16-1>;
//   struct {
//       DistinguishedName authorities<3..2^16-1>;
//   } CertificateAuthoritiesExtension;
//
// The same list, with bounds <0..2^16-1>, ends a TLS 1.2 CertificateRequest (RFC 5246
// 7.4.4). Each name is a DER Name, parsed by the X.509 module when it is used.

#include <cstddef>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace cpptls::wire {

// Reads the u16-prefixed list whose byte length lies in min_length..2^16-1.
[[nodiscard]] Expected<std::vector<ByteView>> read_distinguished_names(Reader& reader,
                                                                       std::string_view what,
                                                                       std::size_t min_length);
void write_distinguished_names(Writer& writer, const std::vector<ByteView>& names);

struct CertificateAuthorities {
  std::vector<ByteView> authorities;  // DER Names, views into the decoded input

  [[nodiscard]] static Expected<CertificateAuthorities> decode(ByteView data);
  void encode(Writer& writer) const;

  friend bool operator==(const CertificateAuthorities& a, const CertificateAuthorities& b) noexcept;
};

}  // namespace cpptls::wire
