// The URLs of `cpptls get` (tools/cpptls/http/url.hpp) and the requests made from them.

#include <string>

#include <gtest/gtest.h>

#include "http/request.hpp"
#include "http/text.hpp"
#include "http/url.hpp"

namespace cpptls::tool::http {
namespace {

[[nodiscard]] Url parsed(std::string_view text) {
  auto url = parse_url(text);
  EXPECT_TRUE(url) << text << ": " << (url ? "" : url.error().reason());
  return url ? *url : Url{};
}

[[nodiscard]] std::string refusal(std::string_view text) {
  auto url = parse_url(text);
  EXPECT_FALSE(url) << text << " was accepted";
  return url ? std::string() : url.error().reason();
}

TEST(HttpUrl, ReadsHostPortPathAndQuery) {
  const Url url = parsed("https://example.com:8443/a/b?x=1&y=2#fragment");
  EXPECT_EQ(url.host, "example.com");
  EXPECT_EQ(url.port, 8443);
  EXPECT_EQ(url.target, "/a/b?x=1&y=2");
  EXPECT_EQ(url.authority(), "example.com:8443");
  EXPECT_EQ(url.to_string(), "https://example.com:8443/a/b?x=1&y=2");
}

TEST(HttpUrl, DefaultsToPort443AndTheRootPath) {
  const Url url = parsed("HTTPS://Example.COM");
  EXPECT_EQ(url.host, "example.com");
  EXPECT_EQ(url.port, 443);
  EXPECT_EQ(url.target, "/");
  EXPECT_EQ(url.authority(), "example.com");  // no ":443" in Host (RFC 9110 7.2)
  EXPECT_EQ(parsed("https://example.com:/x").port, 443);
  EXPECT_EQ(parsed("https://example.com:443/x").authority(), "example.com");
}

TEST(HttpUrl, GivesAQueryWithoutPathTheRootPath) {
  EXPECT_EQ(parsed("https://h?q=1").target, "/?q=1");
  EXPECT_EQ(parsed("https://h#top").target, "/");
}

TEST(HttpUrl, ReadsBracketedIpv6AndIpv4Literals) {
  const Url v6 = parsed("https://[::1]:8443/x");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_TRUE(v6.host_is_ipv6());
  EXPECT_EQ(v6.port, 8443);
  EXPECT_EQ(v6.authority(), "[::1]:8443");
  EXPECT_EQ(v6.to_string(), "https://[::1]:8443/x");
  EXPECT_EQ(parsed("https://[2001:DB8::1]").host, "2001:db8::1");
  const Url v4 = parsed("https://127.0.0.1:4433");
  EXPECT_EQ(v4.host, "127.0.0.1");
  EXPECT_FALSE(v4.host_is_ipv6());
}

TEST(HttpUrl, RefusesHttpAndOtherSchemes) {
  EXPECT_NE(refusal("http://example.com/").find("http:// is not supported"), std::string::npos);
  EXPECT_NE(refusal("HTTP://example.com/").find("http:// is not supported"), std::string::npos);
  EXPECT_NE(refusal("ftp://example.com/").find("unsupported scheme 'ftp'"), std::string::npos);
  EXPECT_NE(refusal("example.com/x").find("is not a URL"), std::string::npos);
  EXPECT_FALSE(parse_url("https:/example.com"));
  EXPECT_FALSE(parse_url("https:example.com"));
  EXPECT_FALSE(parse_url(""));
}

TEST(HttpUrl, RefusesBadPorts) {
  for (const char* text : {"https://h:0/", "https://h:65536/", "https://h:123456/", "https://h:-1/",
                           "https://h:44a/", "https://h: 443/"}) {
    EXPECT_NE(refusal(text).find("bad port"), std::string::npos) << text;
  }
  EXPECT_EQ(parsed("https://h:65535/").port, 65535);
}

TEST(HttpUrl, RefusesUserInformation) {
  EXPECT_NE(refusal("https://user:secret@example.com/").find("user names and passwords"),
            std::string::npos);
}

TEST(HttpUrl, RefusesBadHosts) {
  for (const char* text :
       {"https:///x", "https://exa mple.com/", "https://[::1/", "https://[zz]/", "https://[::1]x/",
        "https://a:b:c/", "https://host%41/", "https://[fe80::1%25eth0]/", "https://h\\x/"}) {
    EXPECT_FALSE(parse_url(text)) << text;
  }
  EXPECT_FALSE(parse_url("https://" + std::string(254, 'a') + "/"));
  EXPECT_TRUE(parse_url("https://" + std::string(253, 'a') + "/"));
}

TEST(HttpUrl, RefusesControlCharactersThatWouldSplitTheRequest) {
  EXPECT_NE(refusal("https://h/a\r\nX-Injected: 1").find("control character"), std::string::npos);
  EXPECT_FALSE(parse_url(std::string("https://h/a\0b", 13)));
  EXPECT_FALSE(parse_url("https://h/a\tb"));
  EXPECT_FALSE(parse_url("https://h/a\x7f"));
}

TEST(HttpUrl, RefusesOverlongUrls) {
  const std::string base = "https://h/";
  EXPECT_TRUE(parse_url(base + std::string(kMaxUrlLength - base.size(), 'a')));
  EXPECT_NE(refusal(base + std::string(kMaxUrlLength - base.size() + 1, 'a')).find("longer"),
            std::string::npos);
}

TEST(HttpUrl, PercentEncodesSpacesAndNonAsciiBytes) {
  EXPECT_EQ(parsed("https://h/a b/\xc3\xa9?q=x y").target, "/a%20b/%C3%A9?q=x%20y");
  EXPECT_EQ(parsed("https://h/already%20encoded").target, "/already%20encoded");
}

TEST(HttpUrl, RemovesDotSegments) {
  EXPECT_EQ(parsed("https://h/a/./b/../c").target, "/a/c");
  EXPECT_EQ(parsed("https://h/../../x").target, "/x");
  EXPECT_EQ(parsed("https://h/a/..").target, "/");
  EXPECT_EQ(parsed("https://h/a/b/.").target, "/a/b/");
  EXPECT_EQ(parsed("https://h/a//b").target, "/a//b");
  EXPECT_EQ(parsed("https://h/a?x=/../y").target, "/a?x=/../y");  // not in the query
}

[[nodiscard]] std::string resolved(const Url& base, std::string_view reference) {
  auto url = resolve_reference(base, reference);
  EXPECT_TRUE(url) << reference << ": " << (url ? "" : url.error().reason());
  return url ? url->to_string() : std::string();
}

// RFC 3986 5.4.1 and 5.4.2, with https for http and a host name that is valid DNS.
TEST(HttpUrl, ResolvesTheReferenceExamplesOfRfc3986) {
  const Url base = parsed("https://a/b/c/d;p?q");
  const std::pair<const char*, const char*> examples[] = {
      {"g", "https://a/b/c/g"},
      {"./g", "https://a/b/c/g"},
      {"g/", "https://a/b/c/g/"},
      {"/g", "https://a/g"},
      {"//g", "https://g/"},
      {"?y", "https://a/b/c/d;p?y"},
      {"g?y", "https://a/b/c/g?y"},
      {"#s", "https://a/b/c/d;p?q"},
      {"g#s", "https://a/b/c/g"},
      {"g?y#s", "https://a/b/c/g?y"},
      {";x", "https://a/b/c/;x"},
      {"g;x", "https://a/b/c/g;x"},
      {"", "https://a/b/c/d;p?q"},
      {".", "https://a/b/c/"},
      {"./", "https://a/b/c/"},
      {"..", "https://a/b/"},
      {"../", "https://a/b/"},
      {"../g", "https://a/b/g"},
      {"../..", "https://a/"},
      {"../../", "https://a/"},
      {"../../g", "https://a/g"},
      {"../../../g", "https://a/g"},
      {"../../../../g", "https://a/g"},
      {"/./g", "https://a/g"},
      {"/../g", "https://a/g"},
      {"g.", "https://a/b/c/g."},
      {".g", "https://a/b/c/.g"},
      {"g..", "https://a/b/c/g.."},
      {"..g", "https://a/b/c/..g"},
      {"./../g", "https://a/b/g"},
      {"./g/.", "https://a/b/c/g/"},
      {"g/./h", "https://a/b/c/g/h"},
      {"g/../h", "https://a/b/c/h"},
      {"g;x=1/./y", "https://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "https://a/b/c/y"},
      {"g?y/./x", "https://a/b/c/g?y/./x"},
      {"g#s/../x", "https://a/b/c/g"},
  };
  for (const auto& [reference, expected] : examples) {
    EXPECT_EQ(resolved(base, reference), expected) << "reference " << reference;
  }
}

TEST(HttpUrl, ResolvesAbsoluteLocationsToOtherHostsAndPorts) {
  const Url base = parsed("https://a:8443/x");
  EXPECT_EQ(resolved(base, "https://b:9443/y"), "https://b:9443/y");
  EXPECT_EQ(resolved(base, "/z"), "https://a:8443/z");
  EXPECT_EQ(resolved(base, "//c/z"), "https://c/z");
}

TEST(HttpUrl, RefusesRedirectsToHttpAndOtherSchemes) {
  const Url base = parsed("https://a/x");
  auto to_http = resolve_reference(base, "http://a/x");
  ASSERT_FALSE(to_http);
  EXPECT_NE(to_http.error().reason().find("http:// is not supported"), std::string::npos);
  EXPECT_FALSE(resolve_reference(base, "g:h"));
  EXPECT_FALSE(resolve_reference(base, "javascript:alert(1)"));
  EXPECT_FALSE(resolve_reference(base, "/a\r\nSet-Cookie: x"));
  EXPECT_FALSE(resolve_reference(base, "/" + std::string(kMaxUrlLength + 1, 'a')));
}

TEST(HttpRequest, WritesGetWithHostAgentAcceptAndClose) {
  EXPECT_EQ(encode_request(Method::get, parsed("https://example.com/a?b"), "cpptls/1.2.3"),
            "GET /a?b HTTP/1.1\r\n"
            "Host: example.com\r\n"
            "User-Agent: cpptls/1.2.3\r\n"
            "Accept: */*\r\n"
            "Connection: close\r\n"
            "\r\n");
}

TEST(HttpRequest, WritesHeadWithThePortAndIpv6BracketsInHost) {
  EXPECT_EQ(encode_request(Method::head, parsed("https://[::1]:8443"), "ua"),
            "HEAD / HTTP/1.1\r\n"
            "Host: [::1]:8443\r\n"
            "User-Agent: ua\r\n"
            "Accept: */*\r\n"
            "Connection: close\r\n"
            "\r\n");
}

TEST(HttpText, EscapesBytesATerminalCouldObey) {
  EXPECT_EQ(escaped("Not Found"), "Not Found");
  EXPECT_EQ(escaped("a\xc2\x9b"
                    "31m\x1b\x7f"),
            "a\\xc2\\x9b31m\\x1b\\x7f");
  EXPECT_EQ(quote_untrusted(std::string(100, 'x')), "'" + std::string(80, 'x') + "...'");
}

}  // namespace
}  // namespace cpptls::tool::http
