#include "x509/general_name.hpp"

#include <string>

#include "x509/der/failure.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"

namespace cpptls::x509 {
namespace {

using der::Tlv;
namespace tag = der::tag;

Expected<void> check_ia5(const Tlv& element, GeneralNameKind kind) {
  Tlv as_ia5 = element;
  as_ia5.tag = tag::kIa5String;
  return der::check_string(as_ia5, name(kind));
}

Expected<void> check_ip(const Tlv& element, GeneralNameUse use) {
  const std::size_t size = element.value.size();
  if (use == GeneralNameUse::alt_name) {
    if (size == 4 || size == 16) return {};
    return der::malformed(
        ErrorCode::invalid_value, "iPAddress",
        "address of " + std::to_string(size) + " octets (an address has 4 or 16; RFC 5280 4.2.1.6)",
        element.offset);
  }
  if (size != 8 && size != 32) {
    return der::malformed(ErrorCode::invalid_value, "iPAddress",
                          "constraint of " + std::to_string(size) +
                              " octets (address and mask take 8 or 32; RFC 5280 4.2.1.10)",
                          element.offset);
  }
  if (!mask_prefix_length(element.value.subspan(size / 2))) {
    return der::malformed(ErrorCode::invalid_value, "iPAddress",
                          "constraint mask is not a CIDR prefix (ones then zeros)", element.offset);
  }
  return {};
}

// An element that holds exactly one well-formed element (EXPLICIT tagging).
Expected<Tlv> single_inner(const Tlv& element, std::size_t depth, std::string_view what) {
  der::Reader outer(ByteView{}, 0, depth);
  auto inner = outer.nested(element, what);
  if (!inner) return Unexpected<Error>(std::move(inner.error()));
  auto child = inner->read_any(what);
  if (!child) return Unexpected<Error>(std::move(child.error()));
  if (auto end = inner->expect_end(what); !end) return Unexpected<Error>(std::move(end.error()));
  return child;
}

Expected<void> check_other_name(const Tlv& element, std::size_t depth) {
  // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
  der::Reader outer(ByteView{}, 0, depth);
  auto inner = outer.nested(element, "otherName");
  if (!inner) return Unexpected<Error>(std::move(inner.error()));
  auto type = inner->read(tag::kOid, "otherName type-id");
  if (!type) return Unexpected<Error>(std::move(type.error()));
  if (auto oid = der::decode_oid(*type, "otherName type-id"); !oid) {
    return Unexpected<Error>(std::move(oid.error()));
  }
  auto value = inner->read(der::context_constructed(0), "otherName value");
  if (!value) return Unexpected<Error>(std::move(value.error()));
  if (auto ok = der::check_tree(*value, inner->depth(), "otherName value"); !ok) return ok;
  return inner->expect_end("otherName");
}

}  // namespace

std::string_view name(GeneralNameKind kind) noexcept {
  switch (kind) {
    case GeneralNameKind::other_name:
      return "otherName";
    case GeneralNameKind::rfc822_name:
      return "rfc822Name";
    case GeneralNameKind::dns_name:
      return "dNSName";
    case GeneralNameKind::x400_address:
      return "x400Address";
    case GeneralNameKind::directory_name:
      return "directoryName";
    case GeneralNameKind::edi_party_name:
      return "ediPartyName";
    case GeneralNameKind::uri:
      return "uniformResourceIdentifier";
    case GeneralNameKind::ip_address:
      return "iPAddress";
    case GeneralNameKind::registered_id:
      return "registeredID";
  }
  return "GeneralName";
}

Expected<GeneralName> decode_general_name(const Tlv& element, std::size_t depth,
                                          GeneralNameUse use) {
  GeneralName out;
  out.encoding = element.encoding;
  out.value = element.value;
  const std::uint8_t number = der::tag_number(element.tag);
  const bool context_class = der::tag_class(element.tag) == der::TagClass::context;
  if (!context_class || number > 8) {
    return der::malformed(ErrorCode::invalid_value, "GeneralName",
                          "unknown alternative " + der::tag_name(element.tag), element.offset);
  }
  out.kind = static_cast<GeneralNameKind>(number);
  // [0], [3], [4], [5] are constructed (SEQUENCE types, or EXPLICIT for the Name CHOICE);
  // the others are IMPLICIT primitive types.
  const bool constructed = number == 0 || number == 3 || number == 4 || number == 5;
  if (der::is_constructed(element.tag) != constructed) {
    return der::malformed(ErrorCode::invalid_value, name(out.kind),
                          std::string("must be ") + (constructed ? "constructed" : "primitive"),
                          element.offset);
  }
  switch (out.kind) {
    case GeneralNameKind::rfc822_name:
    case GeneralNameKind::dns_name:
    case GeneralNameKind::uri:
      if (auto ok = check_ia5(element, out.kind); !ok) return Unexpected<Error>(ok.error());
      break;
    case GeneralNameKind::ip_address:
      if (auto ok = check_ip(element, use); !ok) return Unexpected<Error>(ok.error());
      break;
    case GeneralNameKind::registered_id:
      if (auto oid = der::decode_oid(element, "registeredID"); !oid) {
        return Unexpected<Error>(std::move(oid.error()));
      }
      break;
    case GeneralNameKind::directory_name: {
      auto inner = single_inner(element, depth, "directoryName");
      if (!inner) return Unexpected<Error>(std::move(inner.error()));
      auto parsed = Name::from_element(*inner, depth + 1, "directoryName");
      if (!parsed) return Unexpected<Error>(std::move(parsed.error()));
      out.value = inner->encoding;
      break;
    }
    case GeneralNameKind::other_name:
      if (auto ok = check_other_name(element, depth); !ok) return Unexpected<Error>(ok.error());
      break;
    case GeneralNameKind::x400_address:
    case GeneralNameKind::edi_party_name:
      if (auto ok = der::check_tree(element, depth, name(out.kind)); !ok) {
        return Unexpected<Error>(ok.error());
      }
      break;
  }
  return out;
}

GeneralName general_name_from_validated(const Tlv& element) noexcept {
  GeneralName out;
  out.kind = static_cast<GeneralNameKind>(der::tag_number(element.tag) & 0x0f);
  out.encoding = element.encoding;
  out.value = element.value;
  if (out.kind == GeneralNameKind::directory_name) {
    // The value is the Name inside the EXPLICIT [4].
    std::size_t pos = 0;
    Tlv name_element;
    if (der::next_element(element.value, pos, name_element)) out.value = name_element.encoding;
  }
  return out;
}

Name GeneralName::directory_name() const noexcept {
  if (kind != GeneralNameKind::directory_name) return Name();
  return Name::from_validated(value);
}

der::Oid GeneralName::other_name_type() const noexcept {
  if (kind != GeneralNameKind::other_name) return der::Oid();
  Tlv type;
  std::size_t pos = 0;
  if (!der::next_element(value, pos, type)) return der::Oid();
  return der::Oid(type.value);
}

Expected<GeneralNameList> GeneralNameList::read_names(der::Reader contents, GeneralNameUse use) {
  GeneralNameList list;
  list.contents_ = ByteView();
  const std::size_t start = contents.offset();
  std::size_t count = 0;
  ByteView all;
  while (!contents.empty()) {
    if (++count > kMaxGeneralNames) {
      return der::malformed(ErrorCode::length_out_of_range, "GeneralNames",
                            "more than " + std::to_string(kMaxGeneralNames) + " names",
                            contents.offset());
    }
    auto element = contents.read_any("GeneralName");
    if (!element) return Unexpected<Error>(std::move(element.error()));
    auto general = decode_general_name(*element, contents.depth(), use);
    if (!general) return Unexpected<Error>(std::move(general.error()));
    // The list's contents: from the first element to the end of the last.
    all = all.empty() ? element->encoding
                      : ByteView(all.data(),
                                 static_cast<std::size_t>(element->encoding.data() +
                                                          element->encoding.size() - all.data()));
  }
  if (count == 0) {
    return der::malformed(ErrorCode::empty_list, "GeneralNames", "empty list (SIZE (1..MAX))",
                          start);
  }
  list.contents_ = all;
  list.count_ = static_cast<std::uint32_t>(count);
  return list;
}

Expected<GeneralNameList> GeneralNameList::read_subtrees(der::Reader contents) {
  GeneralNameList list;
  const std::size_t start = contents.offset();
  std::size_t count = 0;
  ByteView all;
  while (!contents.empty()) {
    if (++count > kMaxGeneralNames) {
      return der::malformed(ErrorCode::length_out_of_range, "GeneralSubtrees",
                            "more than " + std::to_string(kMaxGeneralNames) + " subtrees",
                            contents.offset());
    }
    auto subtree_element = contents.read(tag::kSequence, "GeneralSubtree");
    if (!subtree_element) return Unexpected<Error>(std::move(subtree_element.error()));
    auto subtree = contents.nested(*subtree_element, "GeneralSubtree");
    if (!subtree) return Unexpected<Error>(std::move(subtree.error()));
    auto base = subtree->read_any("GeneralSubtree base");
    if (!base) return Unexpected<Error>(std::move(base.error()));
    auto general = decode_general_name(*base, subtree->depth(), GeneralNameUse::name_constraint);
    if (!general) return Unexpected<Error>(std::move(general.error()));
    // RFC 5280 4.2.1.10: "minimum MUST be zero, and maximum MUST be absent". DER omits a
    // DEFAULT value; an explicit 0 is accepted since it means the same.
    auto minimum = subtree->read_optional(der::context(0), "GeneralSubtree minimum");
    if (!minimum) return Unexpected<Error>(std::move(minimum.error()));
    if (*minimum) {
      auto value = der::decode_unsigned(**minimum, "GeneralSubtree minimum");
      if (!value) return Unexpected<Error>(std::move(value.error()));
      if (*value != 0) {
        return der::malformed(
            ErrorCode::invalid_value, "GeneralSubtree",
            "minimum is " + std::to_string(*value) + ", but RFC 5280 4.2.1.10 requires 0",
            (*minimum)->offset);
      }
    }
    if (subtree->next_is(der::context(1))) {
      return der::malformed(ErrorCode::invalid_value, "GeneralSubtree",
                            "maximum is present, but RFC 5280 4.2.1.10 requires it absent",
                            subtree->offset());
    }
    if (auto end = subtree->expect_end("GeneralSubtree"); !end) {
      return Unexpected<Error>(std::move(end.error()));
    }
    all = all.empty()
              ? subtree_element->encoding
              : ByteView(all.data(),
                         static_cast<std::size_t>(subtree_element->encoding.data() +
                                                  subtree_element->encoding.size() - all.data()));
  }
  if (count == 0) {
    return der::malformed(ErrorCode::empty_list, "GeneralSubtrees", "empty list (SIZE (1..MAX))",
                          start);
  }
  list.contents_ = all;
  list.count_ = static_cast<std::uint32_t>(count);
  list.subtrees_ = true;
  return list;
}

GeneralNameList::Iterator GeneralNameList::begin() const noexcept {
  return Iterator(contents_, subtrees_);
}
GeneralNameList::Iterator GeneralNameList::end() const noexcept {
  return Iterator();
}

GeneralNameList::Iterator::Iterator(ByteView contents, bool subtrees) noexcept
    : contents_(contents), subtrees_(subtrees), done_(false) {
  ++*this;
}

GeneralNameList::Iterator& GeneralNameList::Iterator::operator++() noexcept {
  if (done_) return *this;
  Tlv element;
  if (!der::next_element(contents_, pos_, element)) {
    done_ = true;
    return *this;
  }
  if (subtrees_) {
    std::size_t inner = 0;
    Tlv base;
    if (!der::next_element(element.value, inner, base)) {
      done_ = true;
      return *this;
    }
    element = base;
  }
  current_ = general_name_from_validated(element);
  return *this;
}

std::optional<unsigned> mask_prefix_length(ByteView mask) noexcept {
  unsigned prefix = 0;
  bool in_zeros = false;
  for (const std::uint8_t octet : mask) {
    for (int bit = 7; bit >= 0; --bit) {
      const bool one = ((octet >> bit) & 1) != 0;
      if (one && in_zeros) return std::nullopt;
      if (one) ++prefix;
      if (!one) in_zeros = true;
    }
  }
  return prefix;
}

}  // namespace cpptls::x509
