#include "wire/messages/certificate_request.hpp"

#include "wire/messages/codec_support.hpp"
#include "wire/messages/ext_certificate_authorities.hpp"

namespace cpptls::wire {

Expected<CertificateRequest12> CertificateRequest12::decode(ByteView body) {
  return decode_whole(body, "CertificateRequest", [](Reader& r) -> Expected<CertificateRequest12> {
    CertificateRequest12 out;
    auto types =
        read_u8_list<ClientCertificateType>(r, "CertificateRequest certificate_types", 1, 0xff);
    if (!types) return propagate(types);
    out.certificate_types = std::move(*types);
    auto schemes = read_u16_list<SignatureScheme>(
        r, Prefix::u16, "CertificateRequest supported_signature_algorithms", 2, 0xfffe);
    if (!schemes) return propagate(schemes);
    out.supported_signature_algorithms = std::move(*schemes);
    auto authorities = read_distinguished_names(r, "CertificateRequest certificate_authorities", 0);
    if (!authorities) return propagate(authorities);
    out.certificate_authorities = std::move(*authorities);
    return out;
  });
}

void CertificateRequest12::encode(Writer& writer) const {
  write_u8_list(writer, certificate_types);
  write_u16_list(writer, Prefix::u16, supported_signature_algorithms);
  write_distinguished_names(writer, certificate_authorities);
}

bool operator==(const CertificateRequest12& a, const CertificateRequest12& b) noexcept {
  return a.certificate_types == b.certificate_types &&
         a.supported_signature_algorithms == b.supported_signature_algorithms &&
         same_bytes(a.certificate_authorities, b.certificate_authorities);
}

Expected<CertificateRequest13> CertificateRequest13::decode(ByteView body) {
  return decode_whole(body, "CertificateRequest", [](Reader& r) -> Expected<CertificateRequest13> {
    CertificateRequest13 out;
    auto context = r.u8_prefixed("CertificateRequest certificate_request_context", 0, 0xff);
    if (!context) return propagate(context);
    out.certificate_request_context = *context;
    auto block = decode_extensions(r, ExtensionContext::certificate_request);
    if (!block) return propagate(block);
    out.extensions = std::move(*block);
    if (find_extension(out.extensions, ExtensionType::signature_algorithms) == nullptr) {
      return fail(ErrorKind::peer_misbehaved, ErrorCode::missing_extension,
                  AlertDescription::missing_extension,
                  "CertificateRequest lacks the signature_algorithms extension (RFC 8446 "
                  "4.3.2: it MUST be specified)");
    }
    return out;
  });
}

void CertificateRequest13::encode(Writer& writer) const {
  {
    auto context = writer.u8_prefixed();
    writer.bytes(certificate_request_context);
  }
  encode_extensions(writer, extensions);
}

bool operator==(const CertificateRequest13& a, const CertificateRequest13& b) noexcept {
  return same_bytes(a.certificate_request_context, b.certificate_request_context) &&
         a.extensions == b.extensions;
}

}  // namespace cpptls::wire
