#pragma once
// Distinguished names (RFC 5280 4.1.2.4): a validated view of an RDNSequence, iteration over
// its attributes, a printable form for messages, and the RFC 5280 7.1 comparison that matches
// an issuer name to a subject name.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"

namespace cpptls::x509 {

// Bounds the work on one name (comparison, printing) whatever the input; real names have
// fewer than 20 attributes.
constexpr std::size_t kMaxNameAttributes = 64;

// One AttributeTypeAndValue.
struct Attribute {
  der::Oid type;
  std::uint8_t value_tag = 0;  // a string type in practice (der::is_string_tag)
  ByteView value;              // the value's contents octets
  ByteView value_encoding;     // the value's whole element
  std::size_t rdn_index = 0;   // which RelativeDistinguishedName, in DER order from 0
};

class Name {
 public:
  class Iterator;

  Name() = default;

  // Reads a Name (SEQUENCE OF RelativeDistinguishedName) from `reader` and checks it whole:
  // each RDN a non-empty SET of AttributeTypeAndValue, each type an OID, each value one
  // well-formed element and, if a string, legal for its type. `what` prefixes errors. The
  // DER ordering of the elements of a multi-valued RDN (X.690 11.6) is not enforced: real
  // CAs get it wrong, and names_match compares such RDNs as sets anyway.
  [[nodiscard]] static Expected<Name> read(der::Reader& reader, std::string_view what);
  // The same for an element already read (its tag may be anything: directoryName is [4]).
  [[nodiscard]] static Expected<Name> from_element(const der::Tlv& name_sequence, std::size_t depth,
                                                   std::string_view what);

  // A Name over an element that from_element already accepted (a directoryName inside a
  // validated list of names): no checks, only the counts are recomputed.
  [[nodiscard]] static Name from_validated(ByteView name_element) noexcept;

  // The whole DER element (what RFC 5280 4.1.2.4 calls the encoded name).
  [[nodiscard]] ByteView der() const noexcept { return der_; }
  [[nodiscard]] bool empty() const noexcept { return rdn_count_ == 0; }
  [[nodiscard]] std::size_t rdn_count() const noexcept { return rdn_count_; }
  [[nodiscard]] std::size_t attribute_count() const noexcept { return attribute_count_; }

  [[nodiscard]] Iterator begin() const noexcept;
  [[nodiscard]] Iterator end() const noexcept;

  // RFC 4514 form, most specific RDN first: "CN=leaf,O=Example,C=US"; an empty name is "".
  [[nodiscard]] std::string to_string() const;

  // Byte equality of the encodings (the fast path of names_match).
  friend bool operator==(const Name& a, const Name& b) noexcept;

 private:
  ByteView der_;
  ByteView rdns_;  // contents of the SEQUENCE
  std::uint16_t rdn_count_ = 0;
  std::uint16_t attribute_count_ = 0;
};

// Forward iteration over every attribute, RDN by RDN in DER order.
class Name::Iterator {
 public:
  using value_type = Attribute;
  using difference_type = std::ptrdiff_t;

  Iterator() = default;
  [[nodiscard]] const Attribute& operator*() const noexcept { return current_; }
  [[nodiscard]] const Attribute* operator->() const noexcept { return &current_; }
  Iterator& operator++() noexcept;
  Iterator operator++(int) noexcept {
    Iterator copy = *this;
    ++*this;
    return copy;
  }
  friend bool operator==(const Iterator& a, const Iterator& b) noexcept {
    return a.done_ == b.done_ &&
           (a.done_ || (a.rdn_pos_ == b.rdn_pos_ && a.atv_pos_ == b.atv_pos_));
  }

 private:
  friend class Name;
  explicit Iterator(ByteView rdns) noexcept;
  void advance() noexcept;

  ByteView rdns_;
  ByteView set_;             // contents of the current RDN
  std::size_t rdn_pos_ = 0;  // offset in rdns_ after the current RDN
  std::size_t atv_pos_ = 0;  // offset in set_ after the current attribute
  std::size_t rdns_seen_ = 0;
  Attribute current_;
  bool done_ = true;
};

// RFC 5280 7.1: do these names denote the same entity? Names match if they have the same
// RDNs in the same order, each RDN with the same set of attributes (in any order). Two
// attributes match if their types are equal and their values are
//  - both PrintableString or UTF8String (in either combination): equal after folding, that
//    is ASCII letters compared case-insensitively, leading and trailing white space dropped
//    and inner runs of white space taken as one space. This is the part of the LDAP StringPrep
//    profile that RFC 5280 7.1 requires that matters in practice; non-ASCII text is compared
//    as bytes (no Unicode case folding or normalisation);
//  - otherwise: the same tag and the same bytes.
// Byte-identical encodings take a fast path.
[[nodiscard]] bool names_match(const Name& a, const Name& b) noexcept;

// RFC 5280 4.2.1.10 directoryName constraints: is `name` within the subtree rooted at
// `base`, that is, do the first RDNs of `name` match all the RDNs of `base` (compared as
// names_match compares them)? An empty base contains every name.
[[nodiscard]] bool name_within_subtree(const Name& name, const Name& base) noexcept;

// A byte string such that names_match(a, b) exactly when name_key(a) == name_key(b): for
// indexing certificates by subject in a trust store or path builder.
[[nodiscard]] std::string name_key(const Name& name);

// The value of the last (most specific) attribute of this type, as text for messages, or ""
// (e.g. the common name).
[[nodiscard]] std::string attribute_text(const Name& name, const der::Oid& type);

}  // namespace cpptls::x509
