#include "x509/der/tag.hpp"

#include "base/hex.hpp"

namespace cpptls::x509::der {

std::string tag_name(std::uint8_t tag) {
  switch (tag) {
    case tag::kBoolean:
      return "BOOLEAN";
    case tag::kInteger:
      return "INTEGER";
    case tag::kBitString:
      return "BIT STRING";
    case tag::kOctetString:
      return "OCTET STRING";
    case tag::kNull:
      return "NULL";
    case tag::kOid:
      return "OBJECT IDENTIFIER";
    case tag::kEnumerated:
      return "ENUMERATED";
    case tag::kUtf8String:
      return "UTF8String";
    case tag::kNumericString:
      return "NumericString";
    case tag::kPrintableString:
      return "PrintableString";
    case tag::kTeletexString:
      return "TeletexString";
    case tag::kIa5String:
      return "IA5String";
    case tag::kUtcTime:
      return "UTCTime";
    case tag::kGeneralizedTime:
      return "GeneralizedTime";
    case tag::kVisibleString:
      return "VisibleString";
    case tag::kUniversalString:
      return "UniversalString";
    case tag::kBmpString:
      return "BMPString";
    case tag::kSequence:
      return "SEQUENCE";
    case tag::kSet:
      return "SET";
    default:
      break;
  }
  if (tag_class(tag) == TagClass::context && tag_number(tag) != 0x1f) {
    return "[" + std::to_string(tag_number(tag)) + "]" +
           (is_constructed(tag) ? " constructed" : "");
  }
  return "tag 0x" + to_hex_u8(tag);
}

}  // namespace cpptls::x509::der
