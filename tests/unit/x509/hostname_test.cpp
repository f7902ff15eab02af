#include "x509/hostname.hpp"

#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "test_pki.hpp"

namespace cpptls::x509 {
namespace {

using testing::CertificateTemplate;

// A certificate with these subjectAltName entries (and CN=cn).
ParsedCertificate with_sans(std::initializer_list<Bytes> names, std::string_view cn = "leaf") {
  CertificateTemplate t;
  t.subject = testing::cn(cn);
  if (names.size() != 0)
    t.extensions.push_back(testing::extension("2.5.29.17", false, testing::san(names)));
  auto cert = ParsedCertificate::copy_of(t.build());
  EXPECT_TRUE(cert) << cert.error().reason();
  if (!cert) std::abort();
  return *cert;
}

Bytes dns(std::string_view name) {
  return testing::dns(name);
}
Bytes ip(std::initializer_list<std::uint8_t> octets) {
  return testing::ip(Bytes(octets));
}

struct Case {
  std::string presented;
  std::string host;
  bool matches;
};

TEST(Hostname, MatchesDnsNamesByRfc9525Rules) {
  const std::vector<Case> cases = {
      {"example.com", "example.com", true},
      {"Example.COM", "eXample.com", true},
      {"example.com", "example.com.", true},  // trailing dot on the host
      {"example.com.", "example.com", true},  // and on the certificate
      {"example.com", "www.example.com", false},
      {"www.example.com", "example.com", false},
      {"example.com", "example.co", false},
      {"example.com", "example.comm", false},
      {"*.example.com", "a.example.com", true},
      {"*.example.com", "A.EXAMPLE.COM", true},
      {"*.example.com", "xn--bcher-kva.example.com", true},
      {"*.example.com", "example.com", false},  // a wildcard is one whole label
      {"*.example.com", "a.b.example.com", false},
      {"*.example.com", ".example.com", false},
      {"*.com", "example.com", false},  // no wildcard over a single label
      {"*", "example", false},
      {"*.", "example.", false},
      {"f*o.example.com", "foo.example.com", false},
      {"*o.example.com", "foo.example.com", false},
      {"f*.example.com", "foo.example.com", false},
      {"a.*.example.com", "a.b.example.com", false},
      {"*.*.example.com", "a.b.example.com", false},
      {"xn--*-1b3c148a.example.com", "xn--bliss-1b3c148a.example.com", false},
      {"**.example.com", "a.example.com", false},
      {"*..example.com", "a..example.com", false},
      {"xn--bcher-kva.example", "XN--BCHER-KVA.example", true},  // A-labels as ASCII
  };
  for (const Case& c : cases) {
    const ParsedCertificate cert = with_sans({dns(c.presented)});
    const auto result = match_host(*cert, c.host);
    EXPECT_EQ(static_cast<bool>(result), c.matches) << c.presented << " vs " << c.host;
  }
}

TEST(Hostname, IpLiteralsMatchOnlyIpEntries) {
  const ParsedCertificate cert = with_sans(
      {ip({192, 0, 2, 1}), ip({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
       dns("198.51.100.7"), dns("*.example.com")});
  EXPECT_TRUE(match_host(*cert, "192.0.2.1"));
  EXPECT_TRUE(match_host(*cert, "2001:db8::1"));
  EXPECT_TRUE(match_host(*cert, "2001:DB8:0:0:0:0:0:1"));
  EXPECT_TRUE(match_host(*cert, "[2001:db8::1]"));
  EXPECT_FALSE(match_host(*cert, "192.0.2.2"));
  EXPECT_FALSE(match_host(*cert, "::ffff:192.0.2.1"));  // a 16-octet address, not the v4 one
  EXPECT_FALSE(match_host(*cert, "198.51.100.7"));      // an address in a dNSName never counts
  EXPECT_FALSE(match_host(*cert, "198.51.100.7."));
  EXPECT_TRUE(match_ip(*cert, Bytes{192, 0, 2, 1}));
  EXPECT_FALSE(match_ip(*cert, Bytes{192, 0, 2, 9}));
  // The wildcard does not match an IP address.
  const ParsedCertificate wild = with_sans({dns("*.2.1")});
  EXPECT_FALSE(match_host(*wild, "192.0.2.1"));
}

TEST(Hostname, CommonNameIsNeverUsed) {
  const ParsedCertificate no_san = with_sans({}, "example.com");
  const auto result = match_host(*no_san, "example.com");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason(),
            "certificate CN=example.com has no DNS or IP subjectAltName, so it matches no host "
            "(the common name is not used, RFC 9525); host was example.com");
  const ParsedCertificate email_only =
      with_sans({testing::ctx(1, testing::text_bytes("a@example.com"))}, "example.com");
  EXPECT_FALSE(match_host(*email_only, "example.com"));
}

TEST(Hostname, MismatchListsWhatTheCertificateIsFor) {
  const ParsedCertificate cert = with_sans({dns("www.example.org"), dns("example.org")});
  const auto result = match_host(*cert, "example.com");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::certificate);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_name_mismatch);
  EXPECT_EQ(result.error().alert(), AlertDescription::bad_certificate);
  EXPECT_EQ(result.error().reason(),
            "certificate for www.example.org, example.org does not match host example.com");
}

TEST(Hostname, MismatchMessageIsBoundedForManyNames) {
  const ParsedCertificate cert = *ParsedCertificate::parse(testing::pki_der("leaf-many-sans"));
  const auto result = match_host(*cert, "example.com");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().reason().find("host8.example.com and 2992 more does not match"),
            std::string::npos)
      << result.error().reason();
  EXPECT_TRUE(match_host(*cert, "host2999.example.com"));
}

TEST(Hostname, PkiLeafMatchesItsNames) {
  const ParsedCertificate rsa = *ParsedCertificate::parse(testing::pki_der("leaf-rsa"));
  EXPECT_TRUE(match_host(*rsa, "www.example.org"));
  EXPECT_TRUE(match_host(*rsa, "EXAMPLE.org."));
  EXPECT_TRUE(match_host(*rsa, "192.0.2.1"));
  EXPECT_TRUE(match_host(*rsa, "[2001:db8::1]"));
  EXPECT_FALSE(match_host(*rsa, "admin@example.org"));
  const auto result = match_host(*rsa, "example.com");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason(),
            "certificate for www.example.org, example.org, 192.0.2.1, 2001:db8::1 does not match "
            "host example.com");

  const ParsedCertificate ec = *ParsedCertificate::parse(testing::pki_der("leaf-ec"));
  EXPECT_TRUE(match_host(*ec, "www.example.com"));
  EXPECT_TRUE(match_host(*ec, "example.com"));
  EXPECT_FALSE(match_host(*ec, "a.b.example.com"));
}

TEST(Hostname, InvalidHostsAreMisuse) {
  const ParsedCertificate cert = with_sans({dns("*.example.com")});
  for (const char* bad : {"", ".", "*.example.com", "a..b", "exa mple.com", "caf\xc3\xa9.example",
                          "[192.0.2.1]", "[example.com]", "a/b"}) {
    const auto result = match_host(*cert, bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().kind(), ErrorKind::api_misuse) << bad;
  }
  const std::string long_label = std::string(64, 'a') + ".example.com";
  EXPECT_EQ(match_host(*cert, long_label).error().kind(), ErrorKind::api_misuse);
  EXPECT_FALSE(match_ip(*cert, Bytes{1, 2, 3}));
}

}  // namespace
}  // namespace cpptls::x509
