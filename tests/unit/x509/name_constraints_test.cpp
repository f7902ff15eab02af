// Name constraints (RFC 5280 4.2.1.10, 6.1.3 (b)-(c)): the matching rules of each name form,
// and their application along a path.

#include "x509/name_constraints.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"

namespace cpptls::x509::testing {
namespace {

using ::testing::HasSubstr;

TEST(NameConstraintMatching, DnsNamesMatchByAddingLabelsOnTheLeft) {
  EXPECT_TRUE(dns_name_within("example.com", "example.com"));
  EXPECT_TRUE(dns_name_within("www.host.EXAMPLE.com", "example.COM"));
  EXPECT_FALSE(dns_name_within("host1example.com", "example.com"));
  EXPECT_FALSE(dns_name_within("example.com", "www.example.com"));
  EXPECT_FALSE(dns_name_within("notexample.com", "example.com"));
  EXPECT_TRUE(dns_name_within("anything.at.all", ""));
}

TEST(NameConstraintMatching, WildcardNamesCoverAllSomeOrNone) {
  EXPECT_EQ(dns_name_coverage("*.example.com", "example.com"), Coverage::all);
  EXPECT_EQ(dns_name_coverage("*.example.com", "foo.example.com"), Coverage::some);
  EXPECT_EQ(dns_name_coverage("*.example.com", "a.b.example.com"), Coverage::none);
  EXPECT_EQ(dns_name_coverage("*.example.com", "example.org"), Coverage::none);
  EXPECT_EQ(dns_name_coverage("*.foo.example.com", "example.com"), Coverage::all);
  EXPECT_EQ(dns_name_coverage("www.example.com", "example.com"), Coverage::all);
}

TEST(NameConstraintMatching, IpAddressesMatchUnderTheMaskAndFamily) {
  const Bytes net24 = {192, 0, 2, 0, 255, 255, 255, 0};
  EXPECT_TRUE(ip_address_within(Bytes{192, 0, 2, 77}, net24));
  EXPECT_FALSE(ip_address_within(Bytes{192, 0, 3, 1}, net24));
  Bytes v6(16, 0);
  v6[15] = 1;
  EXPECT_FALSE(ip_address_within(v6, net24)) << "IPv6 never matches an IPv4 subtree";
  Bytes v6net(32, 0);
  for (std::size_t i = 16; i < 32; ++i)
    v6net[i] = 0xff;
  v6net[15] = 1;
  EXPECT_TRUE(ip_address_within(v6, v6net));
}

TEST(NameConstraintMatching, MailboxesMatchMailboxHostAndDomainForms) {
  EXPECT_EQ(mailbox_within("foo@example.com", "foo@example.com"), true);
  EXPECT_EQ(mailbox_within("foo@EXAMPLE.com", "foo@example.com"), true);
  EXPECT_EQ(mailbox_within("Foo@example.com", "foo@example.com"), false) << "local part exact";
  EXPECT_EQ(mailbox_within("user@example.com", "*@example.com"), false) << "'*' is literal";
  EXPECT_EQ(mailbox_within("*@example.com", "*@example.com"), true);
  EXPECT_EQ(mailbox_within("anyone@example.com", "example.com"), true);
  EXPECT_EQ(mailbox_within("anyone@mail.example.com", "example.com"), false);
  EXPECT_EQ(mailbox_within("anyone@mail.example.com", ".example.com"), true);
  EXPECT_EQ(mailbox_within("anyone@example.com", ".example.com"), false);
  EXPECT_EQ(mailbox_within("bad@address@example.com", "example.com"), std::nullopt);
}

TEST(NameConstraintMatching, UrisMatchByTheirHost) {
  EXPECT_EQ(uri_within("https://www.example.com/path", ".example.com"), true);
  EXPECT_EQ(uri_within("https://user@example.com:8443/", "example.com"), true);
  EXPECT_EQ(uri_within("https://example.com/", ".example.com"), false);
  EXPECT_EQ(uri_within("https://evil.org/", "example.com"), false);
  EXPECT_EQ(uri_within("urn:isbn:12345", "example.com"), std::nullopt) << "no host to judge";
  EXPECT_EQ(uri_within("https://192.0.2.1/", "example.com"), std::nullopt);
}

TEST(NameConstraintMatching, DirectoryNamesMatchByLeadingRdns) {
  auto parse = [](const Bytes& der) { return Name::from_validated(der); };
  const Bytes base = name({{"2.5.4.6", printable("US")}, {"2.5.4.10", utf8("Example")}});
  const Bytes below = name(
      {{"2.5.4.6", printable("us")}, {"2.5.4.10", printable("EXAMPLE")}, {"2.5.4.3", utf8("x")}});
  const Bytes beside = name({{"2.5.4.6", printable("US")}, {"2.5.4.10", utf8("Other")}});
  const Bytes multi =
      seq({set({seq({oid("2.5.4.10"), utf8("Example")}), seq({oid("2.5.4.6"), printable("US")})})});
  EXPECT_TRUE(name_within_subtree(parse(below), parse(base)));
  EXPECT_TRUE(name_within_subtree(parse(base), parse(base)));
  EXPECT_FALSE(name_within_subtree(parse(beside), parse(base)));
  EXPECT_FALSE(name_within_subtree(parse(base), parse(below))) << "shorter than the base";
  EXPECT_FALSE(name_within_subtree(parse(multi), parse(base))) << "one RDN of two is not two RDNs";
  EXPECT_TRUE(name_within_subtree(parse(multi), parse(multi)));
  EXPECT_TRUE(name_within_subtree(parse(beside), parse(seq({})))) << "an empty base holds all";
}

TEST(NameConstraintMatching, ValidatesDnsNamesAndMailboxes) {
  EXPECT_TRUE(is_valid_dns_name("www.example.com", false));
  EXPECT_TRUE(is_valid_dns_name("localhost", false));
  EXPECT_FALSE(is_valid_dns_name("*.example.com", false));
  EXPECT_TRUE(is_valid_dns_name("*.example.com", true));
  EXPECT_FALSE(is_valid_dns_name("-bad.example.com", false));
  EXPECT_FALSE(is_valid_dns_name("bad-.example.com", false));
  EXPECT_FALSE(is_valid_dns_name(std::string(64, 'a') + ".com", false));
  EXPECT_TRUE(is_valid_mailbox("a@example.com"));
  EXPECT_FALSE(is_valid_mailbox("@example.com"));
  EXPECT_FALSE(is_valid_mailbox("a b@example.com"));
}

// --- along a path ---

Entity constrained_ca(const Entity& root, const std::vector<Bytes>& permitted,
                      const std::vector<Bytes>& excluded) {
  CertSpec spec = ca_spec("NC CA");
  spec.extensions.push_back(ext_name_constraints(permitted, excluded));
  return issue(spec, make_key(), &root);
}

struct Constrained {
  Entity root = make_root("NC Root");
  Entity ca;
  explicit Constrained(const std::vector<Bytes>& permitted, const std::vector<Bytes>& excluded = {})
      : ca(constrained_ca(root, permitted, excluded)) {}
  [[nodiscard]] Expected<CertificateVerified> leaf_with(const std::vector<Bytes>& names,
                                                        const Bytes& subject = cn("leaf"),
                                                        std::string_view host = "") const {
    CertSpec spec = leaf_spec();
    spec.subject = subject;
    spec.extensions.back() = ext_san(names);
    const Entity leaf = issue(spec, make_key(), &ca);
    return verify_chain(leaf, {&ca}, {&root}, options_for(host));
  }
};

void expect_nc_failure(const Expected<CertificateVerified>& result, std::string_view text) {
  ASSERT_FALSE(result) << "accepted, expected: " << text;
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_invalid);
  EXPECT_THAT(result.error().reason(), HasSubstr(std::string(text)));
}

TEST(NameConstraintPath, AcceptsNamesInsidePermittedDnsSubtrees) {
  const Constrained c({dns("example.com")});
  EXPECT_TRUE(
      c.leaf_with({dns("www.example.com"), dns("example.com")}, cn("x"), "www.example.com"));
}

TEST(NameConstraintPath, RejectsANameOutsidePermittedDnsSubtrees) {
  const Constrained c({dns("example.com")});
  expect_nc_failure(c.leaf_with({dns("www.example.com"), dns("www.example.net")}),
                    "has dNSName www.example.net, which is outside the names CN=NC CA may "
                    "certify (permitted dNSName example.com");
}

TEST(NameConstraintPath, ExcludedSubtreesWinOverPermittedOnes) {
  const Constrained c({dns("example.com")}, {dns("bad.example.com")});
  EXPECT_TRUE(c.leaf_with({dns("good.example.com")}));
  expect_nc_failure(
      c.leaf_with({dns("x.bad.example.com")}),
      "which the name constraints of CN=NC CA exclude (excluded dNSName bad.example.com");
}

TEST(NameConstraintPath, TreatsAWildcardNameAsEveryNameItMatches) {
  // CVE-2025-61727: *.example.com covers bar.example.com, which is excluded.
  const Constrained excluded({}, {dns("bar.example.com")});
  expect_nc_failure(excluded.leaf_with({dns("*.example.com")}), "exclude");
  const Constrained permitted({dns("foo.example.com")});
  expect_nc_failure(permitted.leaf_with({dns("*.example.com")}), "outside the names");
  const Constrained broad({dns("example.com")});
  EXPECT_TRUE(broad.leaf_with({dns("*.example.com")}));
}

TEST(NameConstraintPath, ChecksIpAddressesAgainstAddressAndMask) {
  const Constrained c({ip_net({192, 0, 2, 0, 255, 255, 255, 0})});
  EXPECT_TRUE(c.leaf_with({ip({192, 0, 2, 9})}));
  expect_nc_failure(c.leaf_with({ip({198, 51, 100, 1})}),
                    "iPAddress 198.51.100.1, which is outside");
  const Constrained excluded({}, {ip_net({10, 0, 0, 0, 255, 0, 0, 0})});
  expect_nc_failure(excluded.leaf_with({dns("www.example.com"), ip({10, 1, 2, 3})}),
                    "(excluded iPAddress 10.0.0.0/8");
}

TEST(NameConstraintPath, AConstraintOnOneFormLeavesOtherFormsFree) {
  const Constrained c({ip_net({192, 0, 2, 0, 255, 255, 255, 0})});
  EXPECT_TRUE(c.leaf_with({dns("anything.example.org")}));
}

TEST(NameConstraintPath, ChecksMailboxesInSubjectAltNameAndInTheSubject) {
  const Constrained c({email("example.com")});
  EXPECT_TRUE(c.leaf_with({dns("www.example.com"), email("ops@example.com")}));
  expect_nc_failure(c.leaf_with({dns("www.example.com"), email("ops@example.org")}),
                    "rfc822Name ops@example.org");
  // RFC 5280 4.2.1.10: emailAddress attributes of the subject are checked as rfc822Names.
  const Bytes subject =
      name({{"2.5.4.3", utf8("leaf")}, {"1.2.840.113549.1.9.1", ia5("x@evil.org")}});
  expect_nc_failure(c.leaf_with({dns("www.example.com")}, subject), "rfc822Name x@evil.org");
}

TEST(NameConstraintPath, ChecksDirectoryNamesAgainstTheSubjectAndSubjectAltName) {
  const Bytes base = name({{"2.5.4.6", printable("US")}, {"2.5.4.10", utf8("Example")}});
  const Constrained c({dir_name(base)});
  const Bytes inside = name(
      {{"2.5.4.6", printable("US")}, {"2.5.4.10", utf8("example")}, {"2.5.4.3", utf8("leaf")}});
  EXPECT_TRUE(c.leaf_with({dns("www.example.com")}, inside)) << "compared as RFC 5280 7.1 names";
  const Bytes outside = name({{"2.5.4.6", printable("FR")}, {"2.5.4.3", utf8("leaf")}});
  expect_nc_failure(c.leaf_with({dns("www.example.com")}, outside),
                    "directoryName \"CN=leaf,C=FR\"");
  expect_nc_failure(c.leaf_with({dns("www.example.com"), dir_name(outside)}, inside),
                    "directoryName \"CN=leaf,C=FR\"");
}

TEST(NameConstraintPath, ChecksUriHosts) {
  const Constrained c({uri(".example.com")});
  EXPECT_TRUE(c.leaf_with({dns("www.example.com"), uri("https://api.example.com/v1")}));
  expect_nc_failure(c.leaf_with({dns("www.example.com"), uri("https://api.example.org/")}),
                    "uniformResourceIdentifier https://api.example.org/");
}

TEST(NameConstraintPath, RefusesNamesOfAFormItCannotProcessOnlyWhenConstrained) {
  const Constrained c({}, {other_name("1.3.6.1.4.1.99999.1", utf8("x"))});
  EXPECT_TRUE(c.leaf_with({dns("www.example.com")}));
  expect_nc_failure(
      c.leaf_with({dns("www.example.com"), other_name("1.3.6.1.4.1.99999.1", utf8("y"))}),
      "constrain otherName names, which cpptls cannot process");
}

TEST(NameConstraintPath, RefusesMalformedConstraints) {
  for (const Bytes& base : {dns(".example.com"), dns("*.example.com"), email("a@b@example.com")}) {
    const Constrained c({base});
    expect_nc_failure(c.leaf_with({dns("www.example.com")}), "which is not a valid");
  }
}

TEST(NameConstraintPath, AppliesConstraintsToIntermediatesButNotToSelfIssuedOnes) {
  const Entity root = make_root("NC Root");
  CertSpec spec = ca_spec("Constrained CA");
  spec.extensions.push_back(ext_name_constraints({dns("example.com")}, {}));
  const Entity ca = issue(spec, make_key(), &root);
  // A self-issued CA (key rollover) whose SAN is outside: exempt (RFC 5280 6.1.3 (b)).
  CertSpec rolled_spec = ca_spec("Constrained CA");
  rolled_spec.extensions.push_back(ext_san({dns("outside.org")}));
  const Entity rolled = issue(rolled_spec, make_key(), &ca);
  const Entity leaf = make_leaf(rolled);
  EXPECT_TRUE(verify_chain(leaf, {&rolled, &ca}, {&root}));
  // The same SAN on a CA that is not self-issued is refused.
  CertSpec sub_spec = ca_spec("Sub CA");
  sub_spec.extensions.push_back(ext_san({dns("outside.org")}));
  const Entity sub = issue(sub_spec, make_key(), &ca);
  expect_nc_failure(verify_chain(make_leaf(sub), {&sub, &ca}, {&root}),
                    "certificate CN=Sub CA has dNSName outside.org");
}

TEST(NameConstraintPath, AppliesTheTrustAnchorsConstraints) {
  CertSpec spec = root_spec("NC Anchor");
  spec.extensions.push_back(ext_name_constraints({dns("example.com")}, {}));
  const Entity root = issue(spec, make_key(), nullptr);
  EXPECT_TRUE(verify_chain(make_leaf(root, "www.example.com"), {}, {&root}));
  expect_nc_failure(
      verify_chain(make_leaf(root, "www.example.org"), {}, {&root}, options_for("www.example.org")),
      "outside the names CN=NC Anchor may certify");
}

TEST(NameConstraintPath, AcceptsNonCriticalNameConstraintsAndStillEnforcesThem) {
  const Entity root = make_root();
  CertSpec spec = ca_spec("Soft NC CA");
  spec.extensions.push_back(ext_name_constraints({dns("example.com")}, {}, false));
  const Entity ca = issue(spec, make_key(), &root);
  EXPECT_TRUE(verify_chain(make_leaf(ca), {&ca}, {&root}));
  expect_nc_failure(verify_chain(make_leaf(ca, "www.example.org"), {&ca}, {&root},
                                 options_for("www.example.org")),
                    "outside the names");
}

TEST(NameConstraintPath, RefusesNameConstraintsInALeaf) {
  const Entity root = make_root();
  CertSpec spec = leaf_spec();
  spec.extensions.push_back(ext_name_constraints({dns("example.com")}, {}));
  const Entity leaf = issue(spec, make_key(), &root);
  expect_nc_failure(verify_chain(leaf, {}, {&root}), "allows only in CA certificates");
}

TEST(NameConstraintPath, StopsAtTheBudgetOfComparisons) {
  std::vector<Bytes> permitted;
  for (int i = 0; i < 300; ++i)
    permitted.push_back(dns("p" + std::to_string(i) + ".example.com"));
  const Constrained c(permitted);
  std::vector<Bytes> names;
  for (int i = 0; i < 300; ++i)
    names.push_back(dns("p" + std::to_string(i) + ".example.com"));
  EXPECT_TRUE(c.leaf_with(names)) << "90,000 comparisons are within the default budget";
  CertSpec spec = leaf_spec();
  spec.extensions.back() = ext_san(names);
  const Entity leaf = issue(spec, make_key(), &c.ca);
  VerifyOptions options = options_for("");
  options.max_name_constraint_checks = 10000;
  expect_nc_failure(verify_chain(leaf, {&c.ca}, {&c.root}, options),
                    "would pass the verifier's budget of name comparisons");
}

}  // namespace
}  // namespace cpptls::x509::testing
