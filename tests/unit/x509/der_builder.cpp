#include "der_builder.hpp"

#include <cstdlib>

namespace cpptls::x509::testing {

Bytes tlv(std::uint8_t tag, const Bytes& value) {
  Bytes out{tag};
  const std::size_t n = value.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    Bytes length;
    for (std::size_t v = n; v != 0; v >>= 8)
      length.insert(length.begin(), static_cast<std::uint8_t>(v & 0xff));
    out.push_back(static_cast<std::uint8_t>(0x80 | length.size()));
    out.insert(out.end(), length.begin(), length.end());
  }
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes seq(std::initializer_list<Bytes> parts) {
  return tlv(0x30, concat(parts));
}
Bytes set(std::initializer_list<Bytes> parts) {
  return tlv(0x31, concat(parts));
}

Bytes seq_of(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const Bytes& part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return tlv(0x30, out);
}

Bytes integer(std::int64_t value) {
  Bytes contents;
  // Minimal two's complement.
  for (int shift = 56; shift >= 0; shift -= 8) {
    contents.push_back(
        static_cast<std::uint8_t>((static_cast<std::uint64_t>(value) >> shift) & 0xff));
  }
  while (contents.size() > 1 && ((contents[0] == 0x00 && contents[1] < 0x80) ||
                                 (contents[0] == 0xff && contents[1] >= 0x80))) {
    contents.erase(contents.begin());
  }
  return tlv(0x02, contents);
}

Bytes integer_bytes(const Bytes& contents) {
  return tlv(0x02, contents);
}
Bytes boolean(bool value) {
  return tlv(0x01, Bytes{static_cast<std::uint8_t>(value ? 0xff : 0x00)});
}
Bytes null() {
  return tlv(0x05, {});
}

Bytes oid(std::string_view dotted) {
  std::vector<std::uint64_t> arcs;
  std::size_t pos = 0;
  while (pos <= dotted.size()) {
    const std::size_t dot = dotted.find('.', pos);
    const std::string part(
        dotted.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    arcs.push_back(std::strtoull(part.c_str(), nullptr, 10));
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  Bytes contents;
  auto append = [&contents](std::uint64_t v) {
    Bytes septets{static_cast<std::uint8_t>(v & 0x7f)};
    for (v >>= 7; v != 0; v >>= 7)
      septets.insert(septets.begin(), static_cast<std::uint8_t>(0x80 | (v & 0x7f)));
    contents.insert(contents.end(), septets.begin(), septets.end());
  };
  append(arcs[0] * 40 + (arcs.size() > 1 ? arcs[1] : 0));
  for (std::size_t i = 2; i < arcs.size(); ++i)
    append(arcs[i]);
  return tlv(0x06, contents);
}

Bytes text_bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}
Bytes octets(const Bytes& value) {
  return tlv(0x04, value);
}

Bytes bits(const Bytes& value, std::uint8_t unused) {
  Bytes contents{unused};
  contents.insert(contents.end(), value.begin(), value.end());
  return tlv(0x03, contents);
}

Bytes utf8(std::string_view text) {
  return tlv(0x0c, text_bytes(text));
}
Bytes printable(std::string_view text) {
  return tlv(0x13, text_bytes(text));
}
Bytes ia5(std::string_view text) {
  return tlv(0x16, text_bytes(text));
}
Bytes utc_time(std::string_view text) {
  return tlv(0x17, text_bytes(text));
}
Bytes generalized_time(std::string_view text) {
  return tlv(0x18, text_bytes(text));
}

Bytes ctx(std::uint8_t number, const Bytes& value) {
  return tlv(static_cast<std::uint8_t>(0x80 | number), value);
}
Bytes ctx_cons(std::uint8_t number, const Bytes& value) {
  return tlv(static_cast<std::uint8_t>(0xa0 | number), value);
}

Bytes name(std::initializer_list<Attr> rdns) {
  std::vector<Bytes> parts;
  for (const Attr& a : rdns)
    parts.push_back(set({seq({oid(a.type), a.value})}));
  return seq_of(parts);
}

Bytes cn(std::string_view common_name) {
  return name({{"2.5.4.3", utf8(common_name)}});
}

Bytes extension(std::string_view dotted, bool critical, const Bytes& value) {
  if (critical) return seq({oid(dotted), boolean(true), octets(value)});
  return seq({oid(dotted), octets(value)});
}

Bytes san(std::initializer_list<Bytes> general_names) {
  return seq(general_names);
}
Bytes dns(std::string_view name_text) {
  return ctx(2, text_bytes(name_text));
}
Bytes ip(const Bytes& address) {
  return ctx(7, address);
}

Bytes ecdsa_sha256() {
  return seq({oid("1.2.840.10045.4.3.2")});
}
Bytes sha256_rsa() {
  return seq({oid("1.2.840.113549.1.1.11"), null()});
}

Bytes p256_spki() {
  Bytes point(65, 0x11);
  point[0] = 0x04;
  return seq({seq({oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")}), bits(point)});
}

Bytes CertificateTemplate::tbs() const {
  Bytes body;
  auto add = [&body](const Bytes& part) { body.insert(body.end(), part.begin(), part.end()); };
  if (version) add(ctx_cons(0, integer(*version)));
  add(serial);
  add(signature);
  add(issuer);
  add(validity);
  add(subject);
  add(spki);
  add(tbs_extra);
  if (extensions_field) add(ctx_cons(3, seq_of(extensions)));
  return tlv(0x30, body);
}

Bytes CertificateTemplate::build() const {
  Bytes out = seq({tbs(), outer_signature.value_or(signature), signature_value});
  out.insert(out.end(), trailing.begin(), trailing.end());
  return out;
}

}  // namespace cpptls::x509::testing
