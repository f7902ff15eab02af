#include "wire/messages/new_session_ticket.hpp"

#include <string>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {

Expected<NewSessionTicket12> NewSessionTicket12::decode(ByteView body) {
  return decode_whole(body, "NewSessionTicket", [](Reader& r) -> Expected<NewSessionTicket12> {
    auto lifetime = r.u32("NewSessionTicket ticket_lifetime_hint");
    if (!lifetime) return propagate(lifetime);
    auto ticket_bytes = r.u16_prefixed("NewSessionTicket ticket", 0, 0xffff);
    if (!ticket_bytes) return propagate(ticket_bytes);
    return NewSessionTicket12{*lifetime, *ticket_bytes};
  });
}

void NewSessionTicket12::encode(Writer& writer) const {
  writer.u32(ticket_lifetime_hint);
  auto field = writer.u16_prefixed();
  writer.bytes(ticket);
}

bool operator==(const NewSessionTicket12& a, const NewSessionTicket12& b) noexcept {
  return a.ticket_lifetime_hint == b.ticket_lifetime_hint && same_bytes(a.ticket, b.ticket);
}

Expected<NewSessionTicket13> NewSessionTicket13::decode(ByteView body) {
  return decode_whole(body, "NewSessionTicket", [](Reader& r) -> Expected<NewSessionTicket13> {
    NewSessionTicket13 out;
    auto lifetime = r.u32("NewSessionTicket ticket_lifetime");
    if (!lifetime) return propagate(lifetime);
    if (*lifetime > kMaxTicketLifetime) {
      return illegal_parameter("NewSessionTicket ticket_lifetime " + std::to_string(*lifetime) +
                               " s exceeds 604800 s, 7 days (RFC 8446 4.6.1)");
    }
    out.ticket_lifetime = *lifetime;
    auto age_add = r.u32("NewSessionTicket ticket_age_add");
    if (!age_add) return propagate(age_add);
    out.ticket_age_add = *age_add;
    auto nonce = r.u8_prefixed("NewSessionTicket ticket_nonce", 0, 0xff);
    if (!nonce) return propagate(nonce);
    out.ticket_nonce = *nonce;
    auto ticket_bytes = r.u16_prefixed("NewSessionTicket ticket", 1, 0xffff);
    if (!ticket_bytes) return propagate(ticket_bytes);
    out.ticket = *ticket_bytes;
    auto block = decode_extensions(r, ExtensionContext::new_session_ticket);
    if (!block) return propagate(block);
    out.extensions = std::move(*block);
    return out;
  });
}

void NewSessionTicket13::encode(Writer& writer) const {
  writer.u32(ticket_lifetime);
  writer.u32(ticket_age_add);
  {
    auto field = writer.u8_prefixed();
    writer.bytes(ticket_nonce);
  }
  {
    auto field = writer.u16_prefixed();
    writer.bytes(ticket);
  }
  encode_extensions(writer, extensions);
}

bool operator==(const NewSessionTicket13& a, const NewSessionTicket13& b) noexcept {
  return a.ticket_lifetime == b.ticket_lifetime && a.ticket_age_add == b.ticket_age_add &&
         same_bytes(a.ticket_nonce, b.ticket_nonce) && same_bytes(a.ticket, b.ticket) &&
         a.extensions == b.extensions;
}

}  // namespace cpptls::wire
