#include "x509/pem.hpp"

#include <gtest/gtest.h>

#include "test_pki.hpp"

namespace cpptls::x509 {
namespace {

std::string block(std::string_view label, std::string_view body) {
  return "-----BEGIN " + std::string(label) + "-----\n" + std::string(body) + "\n-----END " +
         std::string(label) + "-----\n";
}

void expect_error(const std::string& text, std::string_view expected) {
  auto result = read_pem_blocks(text);
  ASSERT_FALSE(result) << "accepted: " << text;
  EXPECT_EQ(result.error().kind(), ErrorKind::decode);
  EXPECT_NE(result.error().reason().find(expected), std::string::npos) << result.error().reason();
}

TEST(Pem, ReadsSeveralBlocksWithJunkBetween) {
  const std::string text = "subject=CN=leaf\nsome comment\n" + testing::pki_pem("leaf-rsa") +
                           "\n# between blocks -----\n\n" + testing::pki_pem("int-rsa") +
                           "trailing text without newline";
  auto certs = read_pem_certificates(text);
  ASSERT_TRUE(certs) << certs.error().reason();
  ASSERT_EQ(certs->size(), 2U);
  EXPECT_EQ((*certs)[0], testing::pki_der("leaf-rsa"));
  EXPECT_EQ((*certs)[1], testing::pki_der("int-rsa"));

  auto parsed = parse_pem_certificates(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)[1]->subject().to_string(), "CN=Test Intermediate RSA,O=cpptls tests,C=US");
}

TEST(Pem, ToleratesCrlfTrailingSpaceAndOtherLineLengths) {
  std::string pem = testing::pki_pem("leaf-ec");
  std::string crlf;
  for (const char c : pem) {
    if (c == '\n') crlf += " \r";
    crlf += c;
  }
  auto certs = read_pem_certificates(crlf);
  ASSERT_TRUE(certs) << certs.error().reason();
  ASSERT_EQ(certs->size(), 1U);
  EXPECT_EQ((*certs)[0], testing::pki_der("leaf-ec"));

  // The same base64 as one long line.
  std::string one_line;
  bool inside = false;
  std::string body;
  for (std::size_t pos = 0; pos < pem.size();) {
    const std::size_t end = pem.find('\n', pos);
    const std::string line = pem.substr(pos, end - pos);
    pos = end + 1;
    if (line.starts_with("-----BEGIN"))
      inside = true;
    else if (line.starts_with("-----END"))
      inside = false;
    else if (inside)
      body += line;
  }
  auto long_line = read_pem_certificates(block("CERTIFICATE", body));
  ASSERT_TRUE(long_line);
  EXPECT_EQ((*long_line)[0], testing::pki_der("leaf-ec"));
}

TEST(Pem, ReturnsPrivateKeyBlocksWithTheirLabels) {
  const std::string text =
      testing::read_text(testing::test_pki_dir() / "leaf-ec.key") + testing::pki_pem("leaf-ec");
  auto blocks = read_pem_blocks(text);
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 2U);
  EXPECT_EQ((*blocks)[0].label, "PRIVATE KEY");
  EXPECT_EQ((*blocks)[0].line, 1U);
  EXPECT_GT((*blocks)[0].der.size(), 60U);
  EXPECT_EQ((*blocks)[0].der[0], 0x30);
  EXPECT_EQ((*blocks)[1].label, "CERTIFICATE");
  // Certificates only: the key block is skipped.
  auto certs = read_pem_certificates(text);
  ASSERT_TRUE(certs);
  EXPECT_EQ(certs->size(), 1U);
}

TEST(Pem, DecodesBase64Strictly) {
  const std::vector<std::pair<std::string, Bytes>> good = {{"", {}},
                                                           {"QQ==", {'A'}},
                                                           {"QUI=", {'A', 'B'}},
                                                           {"QUJD", {'A', 'B', 'C'}},
                                                           {"+/+/", {0xfb, 0xff, 0xbf}}};
  for (const auto& [text, bytes] : good) {
    Bytes out;
    ASSERT_TRUE(decode_base64(text, out)) << text;
    EXPECT_EQ(out, bytes) << text;
  }
  for (const char* bad :
       {"QQ=", "Q===", "QQ=A", "QR==", "QUJ=QUJD", "QU!D", "QU D", "====", "QQ==QQ=="}) {
    Bytes out = {0x99};
    EXPECT_FALSE(decode_base64(bad, out)) << bad;
    EXPECT_EQ(out, Bytes{0x99}) << "nothing appended on failure";
  }
}

TEST(Pem, ErrorsNameTheBlockAndLine) {
  const std::string good = block("CERTIFICATE", "QUJD");
  expect_error(good + block("CERTIFICATE", "QU!D"),
               "PEM block 2 (CERTIFICATE, line 4): invalid base64 character '!'");
  expect_error(good + "-----BEGIN CERTIFICATE-----\nQUJD\n",
               "PEM block 2 (CERTIFICATE, line 4): no END line");
  expect_error("-----BEGIN CERTIFICATE-----\nQUJD\n-----END PRIVATE KEY-----\n",
               "PEM block 1 (CERTIFICATE, line 1): END line 3 is for 'PRIVATE KEY'");
  expect_error("-----BEGIN CERTIFICATE-----\nQUJD\n-----BEGIN CERTIFICATE-----\n",
               "no END line before line 3");
  expect_error(block("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nQUJD"),
               "header at line 2");
  expect_error(block("CERTIFICATE", "QQ=\nQUJD"), "'=' padding in the middle");
  expect_error(block("CERTIFICATE", "QR=="), "non-zero bits before the '=' padding");
  expect_error(block("BAD--LABEL", "QUJD"), "invalid label");
}

TEST(Pem, EnforcesLimits) {
  const std::string big = block("CERTIFICATE", std::string(4000, 'A'));
  PemLimits small;
  small.max_block_size = 2000;
  auto refused = read_pem_blocks(big, small);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().reason().find("larger than the 2000-byte limit"), std::string::npos);
  EXPECT_TRUE(read_pem_blocks(big));

  PemLimits few;
  few.max_blocks = 2;
  const std::string three = block("A", "QUJD") + block("B", "QUJD") + block("C", "QUJD");
  auto too_many = read_pem_blocks(three, few);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().reason().find("more than 2 blocks"), std::string::npos);
}

TEST(Pem, TextWithoutBlocksGivesNothing) {
  auto none =
      read_pem_blocks("no pem here -----BEGIN CERTIFICATE-----\n -----BEGIN CERTIFICATE-----\n");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Pem, ParseErrorsNameTheCertificate) {
  const std::string text = testing::pki_pem("leaf-ec") + block("CERTIFICATE", "MAA=");
  auto parsed = parse_pem_certificates(text);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().reason().find("certificate 2 of the PEM text: "), std::string::npos)
      << parsed.error().reason();
}

}  // namespace
}  // namespace cpptls::x509
