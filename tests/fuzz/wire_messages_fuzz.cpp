// Drives every handshake message, extension body and alert decoder of src/wire/messages.
// Input layout:
//   byte 0     selects the decoder: the index into kDecoders below (modulo its size)
//   the rest   the body handed to that decoder
// Seeds (tests/fuzz/seeds/wire_messages/*.hex) start with the index of their decoder.
//
// Invariants: a failure carries a non-empty reason, and its alert matches its kind
// (decode ⇔ decode_error; a well-formed but illegal value gets illegal_parameter or
// missing_extension). A success re-encodes to exactly the input (the decoders keep every
// field, so the encoding is canonical), and decoding that encoding again gives an equal
// value. Every extension of a decoded message also goes through the typed decoder its
// type and message call for, under the same invariants.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <type_traits>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "wire/messages/messages.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace {

using namespace cpptls;        // NOLINT(google-build-using-namespace)
using namespace cpptls::wire;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

void check_failure(const Error& error) {
  FUZZ_CHECK(!error.reason().empty());
  switch (error.kind()) {
    case ErrorKind::decode:
      FUZZ_CHECK(error.alert() == AlertDescription::decode_error);
      break;
    case ErrorKind::peer_misbehaved:
      FUZZ_CHECK(error.alert() == AlertDescription::illegal_parameter ||
                 error.alert() == AlertDescription::missing_extension);
      break;
    default:
      FUZZ_CHECK(false);  // peer bytes can only be malformed or illegal
  }
}

template <class T>
Bytes encode(const T& value) {
  Bytes out;
  Writer writer(out);
  value.encode(writer);
  FUZZ_CHECK(writer.ok());
  return out;
}

bool same(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Decode, and on success: re-encode to the input, decode again to an equal value.
template <class Decode>
auto round_trip(ByteView input, Decode&& decode) -> decltype(decode(input)) {
  auto first = decode(input);
  if (!first) {
    check_failure(first.error());
    return first;
  }
  const Bytes encoded = encode(*first);
  FUZZ_CHECK(same(encoded, input));
  const auto second = decode(ByteView(encoded));
  FUZZ_CHECK(second.has_value());
  FUZZ_CHECK(*second == *first);
  return first;
}

template <class T>
void round_trip_as(ByteView input) {
  (void)round_trip(input, [](ByteView b) { return T::decode(b); });
}

// The typed body an extension of `type` has in a message of `context`.
void decode_typed(const Extension& extension, ExtensionContext context) {
  const ByteView data = extension.data;
  const bool from_client = context == ExtensionContext::client_hello;
  const bool hrr = context == ExtensionContext::hello_retry_request;
  switch (extension.type) {
    case ExtensionType::server_name:
      return from_client ? round_trip_as<ServerNameList>(data)
                         : round_trip_as<ServerNameAcknowledgement>(data);
    case ExtensionType::status_request:
      if (context == ExtensionContext::certificate_entry)
        return round_trip_as<CertificateStatus>(data);
      return context == ExtensionContext::server_hello_tls12
                 ? round_trip_as<StatusRequestAcknowledgement>(data)
                 : round_trip_as<CertificateStatusRequest>(data);
    case ExtensionType::supported_groups:
      return round_trip_as<NamedGroupList>(data);
    case ExtensionType::ec_point_formats:
      return round_trip_as<EcPointFormatList>(data);
    case ExtensionType::signature_algorithms:
    case ExtensionType::signature_algorithms_cert:
      return round_trip_as<SignatureSchemeList>(data);
    case ExtensionType::application_layer_protocol_negotiation:
      return from_client ? round_trip_as<ProtocolNameList>(data)
                         : round_trip_as<SelectedProtocol>(data);
    case ExtensionType::extended_master_secret:
      return round_trip_as<ExtendedMasterSecret>(data);
    case ExtensionType::record_size_limit:
      return round_trip_as<RecordSizeLimit>(data);
    case ExtensionType::session_ticket:
      return round_trip_as<SessionTicketExtension>(data);
    case ExtensionType::pre_shared_key:
      return from_client ? round_trip_as<OfferedPsks>(data) : round_trip_as<SelectedPsk>(data);
    case ExtensionType::early_data:
      return context == ExtensionContext::new_session_ticket
                 ? round_trip_as<MaxEarlyDataSize>(data)
                 : round_trip_as<EarlyDataIndication>(data);
    case ExtensionType::supported_versions:
      return from_client ? round_trip_as<SupportedVersionsClientHello>(data)
                         : round_trip_as<SupportedVersionsServerHello>(data);
    case ExtensionType::cookie:
      return round_trip_as<Cookie>(data);
    case ExtensionType::psk_key_exchange_modes:
      return round_trip_as<PskKeyExchangeModes>(data);
    case ExtensionType::certificate_authorities:
      return round_trip_as<CertificateAuthorities>(data);
    case ExtensionType::post_handshake_auth:
      return round_trip_as<PostHandshakeAuth>(data);
    case ExtensionType::key_share:
      if (from_client) return round_trip_as<KeyShareClientHello>(data);
      return hrr ? round_trip_as<KeyShareHelloRetryRequest>(data)
                 : round_trip_as<KeyShareServerHello>(data);
    case ExtensionType::renegotiation_info:
      return round_trip_as<RenegotiationInfo>(data);
    default:
      return;  // not parsed by us
  }
}

void decode_all_typed(const ExtensionList& extensions, ExtensionContext context) {
  for (const Extension& extension : extensions)
    decode_typed(extension, context);
}

template <class T>
void message_with_extensions(ByteView input) {
  const auto message = round_trip(input, [](ByteView b) { return T::decode(b); });
  if (!message) return;
  if constexpr (std::is_same_v<T, ServerHello>) {
    decode_all_typed(message->extensions, message->extension_context());
  } else if constexpr (std::is_same_v<T, ClientHello>) {
    decode_all_typed(message->extensions, ExtensionContext::client_hello);
    if (message->binders_offset) {
      // The binders list ends the body, and its length prefix is where the offset points.
      FUZZ_CHECK(*message->binders_offset + 2 <= input.size());
      const std::size_t length =
          (std::size_t{input[*message->binders_offset]} << 8) | input[*message->binders_offset + 1];
      FUZZ_CHECK(*message->binders_offset + 2 + length == input.size());
    }
  } else if constexpr (std::is_same_v<T, EncryptedExtensions>) {
    decode_all_typed(message->extensions, ExtensionContext::encrypted_extensions);
  } else if constexpr (std::is_same_v<T, CertificateRequest13>) {
    decode_all_typed(message->extensions, ExtensionContext::certificate_request);
  } else if constexpr (std::is_same_v<T, NewSessionTicket13>) {
    decode_all_typed(message->extensions, ExtensionContext::new_session_ticket);
  } else if constexpr (std::is_same_v<T, Certificate13>) {
    for (const CertificateEntry& entry : message->certificate_list)
      decode_all_typed(entry.extensions, ExtensionContext::certificate_entry);
  }
}

void handshake_framing(ByteView input) {
  Reader reader(input);
  const auto message = HandshakeMessage::decode(reader);
  if (!message) {
    check_failure(message.error());
    FUZZ_CHECK(reader.offset() == 0);
    return;
  }
  FUZZ_CHECK(reader.offset() == kHandshakeHeaderSize + message->body.size());
  FUZZ_CHECK(same(encode(*message), input.first(reader.offset())));
}

void finished(ByteView input, std::size_t size) {
  (void)round_trip(input, [size](ByteView b) { return Finished::decode(b, size); });
}

// A bare extension block read with one column of the table.
void extension_block(ByteView input, ExtensionContext context) {
  Reader reader(input);
  const auto list = decode_extensions(reader, context);
  if (!list) {
    check_failure(list.error());
    return;
  }
  Bytes out;
  Writer writer(out);
  encode_extensions(writer, *list);
  FUZZ_CHECK(same(out, input.first(reader.offset())));
  decode_all_typed(*list, context);
}

using Decoder = void (*)(ByteView);

constexpr Decoder kDecoders[] = {
    /* 0 */ handshake_framing,
    /* 1 */ message_with_extensions<ClientHello>,
    /* 2 */ message_with_extensions<ServerHello>,
    /* 3 */ message_with_extensions<EncryptedExtensions>,
    /* 4 */ round_trip_as<Certificate12>,
    /* 5 */ message_with_extensions<Certificate13>,
    /* 6 */ round_trip_as<ServerKeyExchangeEcdhe>,
    /* 7 */ round_trip_as<CertificateRequest12>,
    /* 8 */ message_with_extensions<CertificateRequest13>,
    /* 9 */ round_trip_as<ServerHelloDone>,
    /* 10 */ round_trip_as<ClientKeyExchangeRsa>,
    /* 11 */ round_trip_as<ClientKeyExchangeEcdhe>,
    /* 12 */ round_trip_as<CertificateVerify>,
    /* 13 */ [](ByteView b) { finished(b, kTls12VerifyDataSize); },
    /* 14 */ [](ByteView b) { finished(b, 32); },
    /* 15 */ [](ByteView b) { finished(b, 48); },
    /* 16 */ round_trip_as<NewSessionTicket12>,
    /* 17 */ message_with_extensions<NewSessionTicket13>,
    /* 18 */ round_trip_as<KeyUpdate>,
    /* 19 */ round_trip_as<EndOfEarlyData>,
    /* 20 */ round_trip_as<HelloRequest>,
    /* 21 */ round_trip_as<AlertMessage>,
    /* 22 */ round_trip_as<ServerNameList>,
    /* 23 */ round_trip_as<ProtocolNameList>,
    /* 24 */ round_trip_as<SelectedProtocol>,
    /* 25 */ round_trip_as<NamedGroupList>,
    /* 26 */ round_trip_as<SignatureSchemeList>,
    /* 27 */ round_trip_as<EcPointFormatList>,
    /* 28 */ round_trip_as<PskKeyExchangeModes>,
    /* 29 */ round_trip_as<SupportedVersionsClientHello>,
    /* 30 */ round_trip_as<SupportedVersionsServerHello>,
    /* 31 */ round_trip_as<KeyShareClientHello>,
    /* 32 */ round_trip_as<KeyShareServerHello>,
    /* 33 */ round_trip_as<KeyShareHelloRetryRequest>,
    /* 34 */ round_trip_as<OfferedPsks>,
    /* 35 */ round_trip_as<SelectedPsk>,
    /* 36 */ round_trip_as<Cookie>,
    /* 37 */ round_trip_as<ExtendedMasterSecret>,
    /* 38 */ round_trip_as<PostHandshakeAuth>,
    /* 39 */ round_trip_as<EarlyDataIndication>,
    /* 40 */ round_trip_as<MaxEarlyDataSize>,
    /* 41 */ round_trip_as<RenegotiationInfo>,
    /* 42 */ round_trip_as<SessionTicketExtension>,
    /* 43 */ round_trip_as<CertificateStatusRequest>,
    /* 44 */ round_trip_as<RecordSizeLimit>,
    /* 45 */ round_trip_as<CertificateAuthorities>,
    /* 46 */ round_trip_as<ServerNameAcknowledgement>,
    /* 47 */ [](ByteView b) { extension_block(b, ExtensionContext::client_hello); },
    /* 48 */ [](ByteView b) { extension_block(b, ExtensionContext::server_hello_tls12); },
    /* 49 */ [](ByteView b) { extension_block(b, ExtensionContext::server_hello); },
    /* 50 */ [](ByteView b) { extension_block(b, ExtensionContext::hello_retry_request); },
    /* 51 */ [](ByteView b) { extension_block(b, ExtensionContext::encrypted_extensions); },
    /* 52 */ [](ByteView b) { extension_block(b, ExtensionContext::certificate_entry); },
    /* 53 */ [](ByteView b) { extension_block(b, ExtensionContext::certificate_request); },
    /* 54 */ [](ByteView b) { extension_block(b, ExtensionContext::new_session_ticket); },
    /* 55 */ round_trip_as<CertificateStatus>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView all(data, size);
  if (all.empty()) return 0;
  const std::size_t index = all[0] % std::size(kDecoders);
  kDecoders[index](all.subspan(1));
  return 0;
}
