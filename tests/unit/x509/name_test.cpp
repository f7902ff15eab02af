#include "x509/name.hpp"

#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509 {
namespace {

using testing::oid;
using testing::printable;
using testing::seq;
using testing::set;
using testing::utf8;

constexpr const char* kCN = "2.5.4.3";
constexpr const char* kO = "2.5.4.10";
constexpr const char* kOU = "2.5.4.11";
constexpr const char* kC = "2.5.4.6";

// Keeps the bytes alive beside the Name that views them.
struct OwnedName {
  Bytes der;
  Name name;
};

OwnedName parse(Bytes der) {
  OwnedName out{std::move(der), {}};
  der::Reader reader(out.der);
  auto name = Name::read(reader, "name");
  EXPECT_TRUE(name) << name.error().reason();
  if (name) out.name = *name;
  return out;
}

Expected<Name> try_parse(const Bytes& der) {
  der::Reader reader(der);
  return Name::read(reader, "subject");
}

TEST(Name, IteratesAttributesInDerOrder) {
  const auto n =
      parse(testing::name({{kC, printable("US")}, {kO, utf8("Example")}, {kCN, utf8("leaf")}}));
  EXPECT_EQ(n.name.rdn_count(), 3U);
  EXPECT_EQ(n.name.attribute_count(), 3U);
  std::vector<std::string> seen;
  std::vector<std::size_t> rdns;
  for (const Attribute& a : n.name) {
    seen.emplace_back(as_chars(a.value));
    rdns.push_back(a.rdn_index);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"US", "Example", "leaf"}));
  EXPECT_EQ(rdns, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Name, PrintsRfc4514MostSpecificFirst) {
  const auto n =
      parse(testing::name({{kC, printable("US")}, {kO, utf8("Example")}, {kCN, utf8("leaf")}}));
  EXPECT_EQ(n.name.to_string(), "CN=leaf,O=Example,C=US");
  EXPECT_EQ(attribute_text(n.name, der::Oid(oid::kCommonName)), "leaf");
}

TEST(Name, PrintsMultiValuedRdnsEscapesAndUnknownTypes) {
  const auto n = parse(seq({
      set({seq({oid(kOU), utf8("A")}), seq({oid(kOU), utf8("B")})}),
      set({seq({oid(kCN), utf8("a,b+c \"q\" ")})}),
      set({seq({oid("1.2.3.4"), testing::octets({0x01, 0x02})})}),
      set({seq({oid(kO), utf8("#hash")})}),
  }));
  EXPECT_EQ(n.name.rdn_count(), 4U);
  EXPECT_EQ(n.name.attribute_count(), 5U);
  EXPECT_EQ(n.name.to_string(), "O=\\#hash,1.2.3.4=#04020102,CN=a\\,b\\+c \\\"q\\\"\\ ,OU=A+OU=B");
}

TEST(Name, EmptyNameIsValid) {
  const auto n = parse(seq({}));
  EXPECT_TRUE(n.name.empty());
  EXPECT_EQ(n.name.to_string(), "");
  EXPECT_EQ(n.name.begin(), n.name.end());
}

TEST(Name, RejectsEmptyRdn) {
  const auto result = try_parse(seq({set({})}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::empty_list);
  EXPECT_NE(result.error().reason().find("subject: RelativeDistinguishedName 1 is an empty SET"),
            std::string::npos)
      << result.error().reason();
}

TEST(Name, RejectsMalformedAttributes) {
  // Value missing, extra field, type not an OID, invalid string contents.
  EXPECT_FALSE(try_parse(seq({set({seq({oid(kCN)})})})));
  EXPECT_FALSE(try_parse(seq({set({seq({oid(kCN), utf8("a"), utf8("b")})})})));
  EXPECT_FALSE(try_parse(seq({set({seq({utf8("x"), utf8("a")})})})));
  const auto bad_string = try_parse(testing::name({{kCN, printable("a@b")}}));
  ASSERT_FALSE(bad_string);
  EXPECT_NE(bad_string.error().reason().find("subject: "), std::string::npos);
  EXPECT_NE(bad_string.error().reason().find("PrintableString"), std::string::npos);
  // An RDN that is a SEQUENCE instead of a SET.
  EXPECT_FALSE(try_parse(seq({seq({seq({oid(kCN), utf8("a")})})})));
}

TEST(Name, RefusesMoreAttributesThanTheLimit) {
  std::vector<Bytes> rdns;
  for (std::size_t i = 0; i < kMaxNameAttributes; ++i)
    rdns.push_back(set({seq({oid(kOU), utf8("u")})}));
  const Bytes at_limit = testing::seq_of(rdns);
  EXPECT_TRUE(try_parse(at_limit));
  rdns.push_back(set({seq({oid(kOU), utf8("u")})}));
  const auto over = try_parse(testing::seq_of(rdns));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::length_out_of_range);
  EXPECT_NE(over.error().reason().find("more than 64 attributes"), std::string::npos);
}

TEST(Name, MatchesIgnoringCaseAndWhitespaceAcrossPrintableAndUtf8) {
  const auto a = parse(testing::name(
      {{kC, printable("US")}, {kO, printable("Example  Org")}, {kCN, utf8("Leaf CA")}}));
  const auto b = parse(testing::name(
      {{kC, utf8("us")}, {kO, utf8(" example org ")}, {kCN, printable("LEAF   ca")}}));
  EXPECT_FALSE(a.name == b.name);  // different bytes
  EXPECT_TRUE(names_match(a.name, b.name));
  EXPECT_TRUE(names_match(b.name, a.name));
  EXPECT_EQ(name_key(a.name), name_key(b.name));
}

TEST(Name, DoesNotMatchDifferentValuesTypesOrOrder) {
  const auto base = parse(testing::name({{kO, utf8("Example")}, {kCN, utf8("leaf")}}));
  const auto other_value = parse(testing::name({{kO, utf8("Example")}, {kCN, utf8("leaf2")}}));
  const auto other_type = parse(testing::name({{kO, utf8("Example")}, {kOU, utf8("leaf")}}));
  const auto reordered = parse(testing::name({{kCN, utf8("leaf")}, {kO, utf8("Example")}}));
  const auto shorter = parse(testing::name({{kO, utf8("Example")}}));
  const auto inner_space = parse(testing::name({{kO, utf8("Exam ple")}, {kCN, utf8("leaf")}}));
  for (const OwnedName* other : {&other_value, &other_type, &reordered, &shorter, &inner_space}) {
    EXPECT_FALSE(names_match(base.name, other->name)) << other->name.to_string();
    EXPECT_NE(name_key(base.name), name_key(other->name));
  }
}

TEST(Name, ComparesOtherStringTypesByBytes) {
  const auto ia5_lower =
      parse(testing::name({{"1.2.840.113549.1.9.1", testing::ia5("a@example.com")}}));
  const auto ia5_upper =
      parse(testing::name({{"1.2.840.113549.1.9.1", testing::ia5("A@example.com")}}));
  const auto utf8_lower = parse(testing::name({{"1.2.840.113549.1.9.1", utf8("a@example.com")}}));
  EXPECT_FALSE(names_match(ia5_lower.name, ia5_upper.name));
  EXPECT_FALSE(names_match(ia5_lower.name, utf8_lower.name));  // different tags, not folded
}

TEST(Name, MultiValuedRdnsMatchInAnyOrder) {
  const auto a = parse(seq({set({seq({oid(kOU), utf8("A")}), seq({oid(kOU), utf8("B")})}),
                            set({seq({oid(kCN), utf8("x")})})}));
  const auto b = parse(seq({set({seq({oid(kOU), utf8("b")}), seq({oid(kOU), printable("a")})}),
                            set({seq({oid(kCN), utf8("X")})})}));
  const auto c = parse(seq({set({seq({oid(kOU), utf8("A")}), seq({oid(kOU), utf8("A")})}),
                            set({seq({oid(kCN), utf8("x")})})}));
  const auto split =
      parse(seq({set({seq({oid(kOU), utf8("A")})}), set({seq({oid(kOU), utf8("B")})}),
                 set({seq({oid(kCN), utf8("x")})})}));
  EXPECT_TRUE(names_match(a.name, b.name));
  EXPECT_EQ(name_key(a.name), name_key(b.name));
  EXPECT_FALSE(names_match(a.name, c.name));
  EXPECT_FALSE(names_match(a.name, split.name));
  EXPECT_NE(name_key(a.name), name_key(split.name));
}

TEST(Name, FromValidatedRecomputesCounts) {
  const auto n = parse(testing::name({{kO, utf8("Example")}, {kCN, utf8("leaf")}}));
  const Name copy = Name::from_validated(n.name.der());
  EXPECT_EQ(copy.rdn_count(), 2U);
  EXPECT_EQ(copy.attribute_count(), 2U);
  EXPECT_TRUE(copy == n.name);
}

}  // namespace
}  // namespace cpptls::x509
