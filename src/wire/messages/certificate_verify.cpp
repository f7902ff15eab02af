#include "wire/messages/certificate_verify.hpp"

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<CertificateVerify> CertificateVerify::decode(ByteView body) {
  return decode_whole(body, "CertificateVerify", [](Reader& r) -> Expected<CertificateVerify> {
    auto scheme = r.u16("CertificateVerify algorithm");
    if (!scheme) return propagate(scheme);
    auto signature_bytes = r.u16_prefixed("CertificateVerify signature", 0, 0xffff);
    if (!signature_bytes) return propagate(signature_bytes);
    return CertificateVerify{static_cast<SignatureScheme>(*scheme), *signature_bytes};
  });
}

void CertificateVerify::encode(Writer& writer) const {
  writer.u16(static_cast<std::uint16_t>(algorithm));
  auto field = writer.u16_prefixed();
  writer.bytes(signature);
}

bool operator==(const CertificateVerify& a, const CertificateVerify& b) noexcept {
  return a.algorithm == b.algorithm && same_bytes(a.signature, b.signature);
}

}  // namespace cpptls::wire
