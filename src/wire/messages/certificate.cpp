#include "wire/messages/certificate.hpp"

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

// The lists are not reserved from their byte length: a 16 MiB list of 4-byte entries would
// ask for 64 MiB of views. Chains are a handful of certificates, so growing is cheap.

Expected<Certificate12> Certificate12::decode(ByteView body) {
  return decode_whole(body, "Certificate", [](Reader& r) -> Expected<Certificate12> {
    auto list = r.u24_prefixed("Certificate certificate_list", 0, 0xffffff);
    if (!list) return propagate(list);
    Reader entries(*list);
    Certificate12 out;
    while (!entries.empty()) {
      auto certificate = entries.u24_prefixed("Certificate ASN.1Cert", 1, 0xffffff);
      if (!certificate) return propagate(certificate);
      out.certificate_list.push_back(*certificate);
    }
    return out;
  });
}

void Certificate12::encode(Writer& writer) const {
  auto list = writer.u24_prefixed();
  for (const ByteView certificate : certificate_list) {
    auto field = writer.u24_prefixed();
    writer.bytes(certificate);
  }
}

bool operator==(const Certificate12& a, const Certificate12& b) noexcept {
  return same_bytes(a.certificate_list, b.certificate_list);
}

bool operator==(const CertificateEntry& a, const CertificateEntry& b) noexcept {
  return same_bytes(a.cert_data, b.cert_data) && a.extensions == b.extensions;
}

Expected<Certificate13> Certificate13::decode(ByteView body) {
  return decode_whole(body, "Certificate", [](Reader& r) -> Expected<Certificate13> {
    Certificate13 out;
    auto context = r.u8_prefixed("Certificate certificate_request_context", 0, 0xff);
    if (!context) return propagate(context);
    out.certificate_request_context = *context;
    auto list = r.u24_prefixed("Certificate certificate_list", 0, 0xffffff);
    if (!list) return propagate(list);
    Reader entries(*list);
    while (!entries.empty()) {
      auto cert_data = entries.u24_prefixed("Certificate cert_data", 1, 0xffffff);
      if (!cert_data) return propagate(cert_data);
      auto extensions = decode_extensions(entries, ExtensionContext::certificate_entry);
      if (!extensions) return propagate(extensions);
      out.certificate_list.push_back({*cert_data, std::move(*extensions)});
    }
    return out;
  });
}

void Certificate13::encode(Writer& writer) const {
  {
    auto context = writer.u8_prefixed();
    writer.bytes(certificate_request_context);
  }
  auto list = writer.u24_prefixed();
  for (const CertificateEntry& entry : certificate_list) {
    {
      auto field = writer.u24_prefixed();
      writer.bytes(entry.cert_data);
    }
    encode_extensions(writer, entry.extensions);
  }
}

bool operator==(const Certificate13& a, const Certificate13& b) noexcept {
  return same_bytes(a.certificate_request_context, b.certificate_request_context) &&
         a.certificate_list == b.certificate_list;
}

}  // namespace cpptls::wire
