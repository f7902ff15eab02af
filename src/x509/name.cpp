#include "x509/name.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "base/hex.hpp"
#include "x509/der/failure.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509 {
namespace {

using der::Tlv;
namespace tag = der::tag;

Expected<void> check_attribute_value(const Tlv& value, std::size_t depth) {
  constexpr std::string_view kWhat = "attribute value";
  if (der::is_string_tag(value.tag)) return der::check_string(value, kWhat);
  return der::check_tree(value, depth, kWhat);
}

Expected<void> read_attribute(der::Reader& set) {
  auto atv = set.enter(tag::kSequence, "AttributeTypeAndValue");
  if (!atv) return Unexpected<Error>(std::move(atv.error()));
  auto type = atv->read(tag::kOid, "attribute type");
  if (!type) return Unexpected<Error>(std::move(type.error()));
  if (auto oid = der::decode_oid(*type, "attribute type"); !oid) {
    return Unexpected<Error>(std::move(oid.error()));
  }
  auto value = atv->read_any("attribute value");
  if (!value) return Unexpected<Error>(std::move(value.error()));
  if (auto ok = check_attribute_value(*value, atv->depth()); !ok) return ok;
  return atv->expect_end("AttributeTypeAndValue");
}

// RFC 4514 3 short names, plus the few other types that appear in Web PKI names.
std::string type_label(const der::Oid& type) {
  struct Entry {
    der::Oid oid;
    std::string_view label;
  };
  static constexpr std::array<Entry, 16> kLabels = {{
      {der::Oid(oid::kCommonName), "CN"},
      {der::Oid(oid::kLocalityName), "L"},
      {der::Oid(oid::kStateOrProvinceName), "ST"},
      {der::Oid(oid::kOrganizationName), "O"},
      {der::Oid(oid::kOrganizationalUnitName), "OU"},
      {der::Oid(oid::kCountryName), "C"},
      {der::Oid(oid::kStreetAddress), "STREET"},
      {der::Oid(oid::kDomainComponent), "DC"},
      {der::Oid(oid::kUserId), "UID"},
      {der::Oid(oid::kSerialNumber), "serialNumber"},
      {der::Oid(oid::kSurname), "SN"},
      {der::Oid(oid::kGivenName), "GN"},
      {der::Oid(oid::kTitle), "title"},
      {der::Oid(oid::kPostalCode), "postalCode"},
      {der::Oid(oid::kOrganizationIdentifier), "organizationIdentifier"},
      {der::Oid(oid::kEmailAddress), "emailAddress"},
  }};
  for (const auto& entry : kLabels) {
    if (entry.oid == type) return std::string(entry.label);
  }
  return type.to_string();
}

// RFC 4514 2.4: escape the special characters, a leading '#' or space, a trailing space.
void append_escaped(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool special =
        c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';';
    const bool edge = (i == 0 && (c == '#' || c == ' ')) || (i + 1 == text.size() && c == ' ');
    if (special || edge) out += '\\';
    out += c;
  }
}

bool foldable(std::uint8_t value_tag) noexcept {
  return value_tag == tag::kPrintableString || value_tag == tag::kUtf8String;
}

bool is_space(std::uint8_t c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::uint8_t ascii_lower(std::uint8_t c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c;
}

// Yields the folded characters of a string value one at a time (see names_match).
class Folded {
 public:
  explicit Folded(ByteView text) noexcept : text_(text) {
    while (pos_ < text_.size() && is_space(text_[pos_]))
      ++pos_;
  }
  // The next folded byte, or -1 at the end.
  int next() noexcept {
    if (pos_ >= text_.size()) return -1;
    if (is_space(text_[pos_])) {
      while (pos_ < text_.size() && is_space(text_[pos_]))
        ++pos_;
      if (pos_ >= text_.size()) return -1;  // trailing white space
      return ' ';
    }
    return ascii_lower(text_[pos_++]);
  }

 private:
  ByteView text_;
  std::size_t pos_ = 0;
};

bool values_match(const Attribute& a, const Attribute& b) noexcept {
  if (foldable(a.value_tag) && foldable(b.value_tag)) {
    Folded x(a.value);
    Folded y(b.value);
    for (;;) {
      const int cx = x.next();
      const int cy = y.next();
      if (cx != cy) return false;
      if (cx < 0) return true;
    }
  }
  return a.value_tag == b.value_tag && a.value.size() == b.value.size() &&
         std::equal(a.value.begin(), a.value.end(), b.value.begin());
}

bool attributes_match(const Attribute& a, const Attribute& b) noexcept {
  return a.type == b.type && values_match(a, b);
}

// Attributes of one RDN, at most kMaxNameAttributes.
struct RdnAttributes {
  std::array<Attribute, kMaxNameAttributes> items;
  std::size_t count = 0;
};

// Collects the attributes of the RDN the iterator is at and moves past it.
void collect_rdn(Name::Iterator& it, const Name::Iterator& end, RdnAttributes& out) noexcept {
  out.count = 0;
  const std::size_t rdn = it->rdn_index;
  while (it != end && it->rdn_index == rdn && out.count < out.items.size()) {
    out.items[out.count++] = *it;
    ++it;
  }
}

bool rdns_match(const RdnAttributes& a, const RdnAttributes& b) noexcept {
  if (a.count != b.count) return false;
  if (a.count == 1) return attributes_match(a.items[0], b.items[0]);
  // A SET: match each attribute of a to a distinct one of b.
  std::uint64_t used = 0;
  for (std::size_t i = 0; i < a.count; ++i) {
    bool found = false;
    for (std::size_t j = 0; j < b.count; ++j) {
      if ((used >> j & 1) == 0 && attributes_match(a.items[i], b.items[j])) {
        used |= std::uint64_t{1} << j;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

void append_key_attribute(const Attribute& a, std::string& out) {
  auto append_length = [&out](std::size_t n) {
    out += static_cast<char>(n >> 8 & 0xff);
    out += static_cast<char>(n & 0xff);
  };
  append_length(a.type.bytes().size());
  out.append(as_chars(a.type.bytes()));
  if (foldable(a.value_tag)) {
    std::string folded;
    Folded f(a.value);
    for (int c = f.next(); c >= 0; c = f.next())
      folded += static_cast<char>(c);
    out += 'f';
    append_length(folded.size());
    out += folded;
  } else {
    out += static_cast<char>(a.value_tag);
    append_length(a.value.size());
    out.append(as_chars(a.value));
  }
}

}  // namespace

Expected<Name> Name::from_element(const Tlv& name_sequence, std::size_t depth,
                                  std::string_view what) {
  if (!der::is_constructed(name_sequence.tag)) {
    return der::malformed(
        ErrorCode::invalid_value, what,
        "a Name must be a constructed SEQUENCE, found " + der::tag_name(name_sequence.tag),
        name_sequence.offset);
  }
  der::Reader outer(ByteView{}, 0, depth);
  auto rdns = outer.nested(name_sequence, what);
  if (!rdns) return Unexpected<Error>(std::move(rdns.error()));
  Name name;
  name.der_ = name_sequence.encoding;
  name.rdns_ = name_sequence.value;
  std::size_t rdn_count = 0;
  std::size_t attribute_count = 0;
  while (!rdns->empty()) {
    auto set = rdns->enter(tag::kSet, "RelativeDistinguishedName");
    if (!set) return der::in_context(std::move(set.error()), what);
    if (set->empty()) {
      return der::malformed(
          ErrorCode::empty_list, what,
          "RelativeDistinguishedName " + std::to_string(rdn_count + 1) + " is an empty SET",
          set->offset());
    }
    while (!set->empty()) {
      if (++attribute_count > kMaxNameAttributes) {
        return der::malformed(ErrorCode::length_out_of_range, what,
                              "more than " + std::to_string(kMaxNameAttributes) + " attributes",
                              set->offset());
      }
      if (auto ok = read_attribute(*set); !ok) {
        return der::in_context(std::move(ok.error()), what);
      }
    }
    ++rdn_count;
  }
  name.rdn_count_ = static_cast<std::uint16_t>(rdn_count);
  name.attribute_count_ = static_cast<std::uint16_t>(attribute_count);
  return name;
}

Expected<Name> Name::read(der::Reader& reader, std::string_view what) {
  auto element = reader.read(tag::kSequence, what);
  if (!element) return Unexpected<Error>(std::move(element.error()));
  return from_element(*element, reader.depth(), what);
}

Name Name::from_validated(ByteView name_element) noexcept {
  Name name;
  Tlv element;
  std::size_t pos = 0;
  if (!der::next_element(name_element, pos, element)) return name;
  name.der_ = element.encoding;
  name.rdns_ = element.value;
  std::size_t attributes = 0;
  std::size_t last_rdn = 0;
  for (const Attribute& a : name) {
    ++attributes;
    last_rdn = a.rdn_index + 1;
  }
  name.rdn_count_ = static_cast<std::uint16_t>(last_rdn);
  name.attribute_count_ = static_cast<std::uint16_t>(attributes);
  return name;
}

Name::Iterator Name::begin() const noexcept {
  return Iterator(rdns_);
}
Name::Iterator Name::end() const noexcept {
  return Iterator();
}

Name::Iterator::Iterator(ByteView rdns) noexcept : rdns_(rdns), done_(false) {
  advance();
}

void Name::Iterator::advance() noexcept {
  for (;;) {
    if (atv_pos_ < set_.size()) {
      Tlv atv;
      Tlv type;
      Tlv value;
      std::size_t pos = 0;
      if (!der::next_element(set_, atv_pos_, atv) || !der::next_element(atv.value, pos, type) ||
          !der::next_element(atv.value, pos, value)) {
        done_ = true;  // not reached for a validated name
        return;
      }
      current_.type = der::Oid(type.value);
      current_.value_tag = value.tag;
      current_.value = value.value;
      current_.value_encoding = value.encoding;
      current_.rdn_index = rdns_seen_ - 1;
      return;
    }
    Tlv set;
    if (!der::next_element(rdns_, rdn_pos_, set)) {
      done_ = true;
      return;
    }
    set_ = set.value;
    atv_pos_ = 0;
    ++rdns_seen_;
  }
}

Name::Iterator& Name::Iterator::operator++() noexcept {
  if (!done_) advance();
  return *this;
}

bool operator==(const Name& a, const Name& b) noexcept {
  return a.der_.size() == b.der_.size() && std::equal(a.der_.begin(), a.der_.end(), b.der_.begin());
}

std::string Name::to_string() const {
  // Collect RDN boundaries, then print the RDNs in reverse (RFC 4514 2.1).
  std::vector<std::string> rdns;
  std::size_t current = static_cast<std::size_t>(-1);
  for (const Attribute& a : *this) {
    if (a.rdn_index != current) {
      rdns.emplace_back();
      current = a.rdn_index;
    } else {
      rdns.back() += '+';
    }
    std::string& out = rdns.back();
    out += type_label(a.type);
    out += '=';
    if (der::is_string_tag(a.value_tag)) {
      append_escaped(der::display_string(a.value_tag, a.value), out);
    } else {
      out += '#' + to_hex(a.value_encoding);  // RFC 4514 2.4
    }
  }
  std::string out;
  for (std::size_t i = rdns.size(); i-- > 0;) {
    out += rdns[i];
    if (i != 0) out += ',';
  }
  return out;
}

namespace {

// Compares the RDNs of `a` and `b` in order until `b` ends; true when every RDN of `b` has a
// matching RDN in `a` at the same position. With `whole`, `a` must end there too.
bool rdn_prefix_matches(const Name& a, const Name& b, bool whole) noexcept {
  Name::Iterator ia = a.begin();
  Name::Iterator ib = b.begin();
  const Name::Iterator end = a.end();
  // Fast path per RDN of one attribute; RdnAttributes only for multi-valued RDNs.
  while (ib != end) {
    if (ia == end) return false;
    Name::Iterator na = ia;
    Name::Iterator nb = ib;
    ++na;
    ++nb;
    const bool single_a = na == end || na->rdn_index != ia->rdn_index;
    const bool single_b = nb == end || nb->rdn_index != ib->rdn_index;
    if (single_a != single_b) return false;
    if (single_a) {
      if (!attributes_match(*ia, *ib)) return false;
      ia = na;
      ib = nb;
      continue;
    }
    RdnAttributes ra;
    RdnAttributes rb;
    collect_rdn(ia, end, ra);
    collect_rdn(ib, end, rb);
    if (!rdns_match(ra, rb)) return false;
  }
  return !whole || ia == end;
}

}  // namespace

bool names_match(const Name& a, const Name& b) noexcept {
  if (a == b) return true;
  if (a.rdn_count() != b.rdn_count() || a.attribute_count() != b.attribute_count()) return false;
  return rdn_prefix_matches(a, b, true);
}

bool name_within_subtree(const Name& name, const Name& base) noexcept {
  if (base.rdn_count() > name.rdn_count()) return false;
  return rdn_prefix_matches(name, base, false);
}

std::string name_key(const Name& name) {
  std::string out;
  std::vector<std::string> rdn;
  auto flush = [&] {
    std::sort(rdn.begin(), rdn.end());
    out += static_cast<char>(rdn.size());
    for (const auto& item : rdn)
      out += item;
    rdn.clear();
  };
  std::size_t current = static_cast<std::size_t>(-1);
  for (const Attribute& a : name) {
    if (a.rdn_index != current && !rdn.empty()) flush();
    current = a.rdn_index;
    std::string item;
    append_key_attribute(a, item);
    rdn.push_back(std::move(item));
  }
  if (!rdn.empty()) flush();
  return out;
}

std::string attribute_text(const Name& name, const der::Oid& type) {
  std::string out;
  for (const Attribute& a : name) {
    if (a.type == type) out = der::display_string(a.value_tag, a.value);
  }
  return out;
}

}  // namespace cpptls::x509
