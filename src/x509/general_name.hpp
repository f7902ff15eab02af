#pragma once
// GeneralName and GeneralNames (RFC 5280 4.2.1.6): the names in subjectAltName, in the
// subtrees of nameConstraints, in authorityKeyIdentifier and authorityInfoAccess. Lists are
// validated once when the certificate is parsed and then iterated in place, so a certificate
// with many names costs no allocation.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"
#include "x509/name.hpp"

namespace cpptls::x509 {

// Bounds the parsing and later matching work on one list. Real certificates carry at most a
// few hundred names; the x509-limbo denial-of-service cases carry 2,048 names and 2,048
// constraints, which stay within it.
constexpr std::size_t kMaxGeneralNames = 4096;

// The CHOICE alternatives, numbered as their context tags.
enum class GeneralNameKind : std::uint8_t {
  other_name = 0,
  rfc822_name = 1,
  dns_name = 2,
  x400_address = 3,
  directory_name = 4,
  edi_party_name = 5,
  uri = 6,
  ip_address = 7,
  registered_id = 8,
};

[[nodiscard]] std::string_view name(GeneralNameKind kind) noexcept;  // "dNSName", ...

struct GeneralName {
  GeneralNameKind kind = GeneralNameKind::dns_name;
  // rfc822Name, dNSName, URI: the IA5String text. iPAddress: 4 or 16 octets in
  // subjectAltName, address then mask (8 or 32 octets) in name constraints. registeredID:
  // the OID contents. directoryName: the Name's SEQUENCE element. otherName, x400Address,
  // ediPartyName: the contents of the [0], [3] or [5] element, kept opaque.
  ByteView value;
  ByteView encoding;  // the whole GeneralName element

  [[nodiscard]] std::string_view text() const noexcept { return as_chars(value); }
  // directoryName only: the name (validated when the list was parsed).
  [[nodiscard]] Name directory_name() const noexcept;
  // otherName only: its type-id (the value stays opaque).
  [[nodiscard]] der::Oid other_name_type() const noexcept;
};

// Where a GeneralName appears decides what its iPAddress looks like.
enum class GeneralNameUse : std::uint8_t {
  alt_name,         // an address: 4 or 16 octets
  name_constraint,  // address and mask: 8 or 32 octets, mask a CIDR prefix (RFC 5280 4.2.1.10)
};

// Reads and checks one GeneralName. `depth` is the nesting depth of the element.
[[nodiscard]] Expected<GeneralName> decode_general_name(const der::Tlv& element, std::size_t depth,
                                                        GeneralNameUse use);

// The view of an element that decode_general_name already accepted (no checks).
[[nodiscard]] GeneralName general_name_from_validated(const der::Tlv& element) noexcept;

// A validated list of GeneralNames, or of GeneralSubtrees (whose `base` is yielded).
class GeneralNameList {
 public:
  class Iterator;

  GeneralNameList() = default;

  // Reads the elements of `contents` (the inside of a GeneralNames SEQUENCE or an
  // IMPLICIT-tagged one) as GeneralName. At least one; at most kMaxGeneralNames.
  [[nodiscard]] static Expected<GeneralNameList> read_names(der::Reader contents,
                                                            GeneralNameUse use);
  // Reads the elements of `contents` as GeneralSubtree (RFC 5280 4.2.1.10): base, minimum
  // absent or 0, maximum absent. At least one; at most kMaxGeneralNames.
  [[nodiscard]] static Expected<GeneralNameList> read_subtrees(der::Reader contents);

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] Iterator begin() const noexcept;
  [[nodiscard]] Iterator end() const noexcept;
  // The raw contents (for messages and tests).
  [[nodiscard]] ByteView contents() const noexcept { return contents_; }

 private:
  ByteView contents_;
  std::uint32_t count_ = 0;
  bool subtrees_ = false;
};

class GeneralNameList::Iterator {
 public:
  using value_type = GeneralName;
  using difference_type = std::ptrdiff_t;

  Iterator() = default;
  [[nodiscard]] const GeneralName& operator*() const noexcept { return current_; }
  [[nodiscard]] const GeneralName* operator->() const noexcept { return &current_; }
  Iterator& operator++() noexcept;
  Iterator operator++(int) noexcept {
    Iterator copy = *this;
    ++*this;
    return copy;
  }
  friend bool operator==(const Iterator& a, const Iterator& b) noexcept {
    return a.done_ == b.done_ && (a.done_ || a.pos_ == b.pos_);
  }

 private:
  friend class GeneralNameList;
  Iterator(ByteView contents, bool subtrees) noexcept;

  ByteView contents_;
  std::size_t pos_ = 0;
  bool subtrees_ = false;
  bool done_ = true;
  GeneralName current_;
};

// The prefix length of a name-constraint mask (4 or 16 octets of ones then zeros), or
// nothing if the mask is not contiguous.
[[nodiscard]] std::optional<unsigned> mask_prefix_length(ByteView mask) noexcept;

}  // namespace cpptls::x509
