// `cpptls serve`'s request head parser (tools/cpptls/serve/request_parser.hpp) and what the
// server answers to a parsed request (request_handler.hpp, mime_types.hpp, listing.hpp).

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "serve/listing.hpp"
#include "serve/mime_types.hpp"
#include "serve/request_parser.hpp"

namespace cpptls::tool::serve {
namespace {

[[nodiscard]] std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The status of parsing `head` in one push: 0 when it needs more, 200 when complete.
[[nodiscard]] int status_of(std::string_view head, RequestParser& parser) {
  std::size_t used = 0;
  auto state = parser.push(bytes_of(head), used);
  if (!state) return state.error().status;
  return *state == RequestParser::State::complete ? 200 : 0;
}

[[nodiscard]] int status_of(std::string_view head) {
  RequestParser parser;
  return status_of(head, parser);
}

TEST(RequestParser, ParsesASimpleGet) {
  RequestParser parser;
  ASSERT_EQ(status_of("GET /a/b.txt?x HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n", parser),
            200);
  EXPECT_EQ(parser.request().method, "GET");
  EXPECT_EQ(parser.request().target, "/a/b.txt?x");
  EXPECT_EQ(parser.request().minor_version, 1);
  EXPECT_EQ(parser.request().find("accept"), "*/*");
  EXPECT_TRUE(parser.request().keep_alive());
}

TEST(RequestParser, TakesBytesOneAtATimeAndStopsAtTheEndOfTheHead) {
  const std::string two = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n";
  RequestParser parser;
  std::size_t offset = 0;
  while (true) {
    std::size_t used = 0;
    auto state = parser.push(bytes_of(std::string_view(two).substr(offset, 1)), used);
    ASSERT_TRUE(state);
    offset += used;
    if (*state == RequestParser::State::complete) break;
  }
  EXPECT_EQ(parser.request().target, "/1");
  parser.reset();
  std::size_t used = 0;
  auto state = parser.push(bytes_of(std::string_view(two).substr(offset)), used);
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, RequestParser::State::complete);
  EXPECT_EQ(parser.request().target, "/2");
  EXPECT_EQ(offset + used, two.size());
}

TEST(RequestParser, AcceptsBareLineFeedsAndLeadingEmptyLines) {
  EXPECT_EQ(status_of("\r\nGET / HTTP/1.1\nHost: h\n\n"), 200);
}

TEST(RequestParser, ConnectionRules) {
  RequestParser parser;
  ASSERT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n", parser), 200);
  EXPECT_FALSE(parser.request().keep_alive());
  parser.reset();
  ASSERT_EQ(status_of("GET / HTTP/1.0\r\n\r\n", parser), 200);
  EXPECT_FALSE(parser.request().keep_alive());
  parser.reset();
  ASSERT_EQ(status_of("GET / HTTP/1.0\r\nConnection: foo, Keep-Alive\r\n\r\n", parser), 200);
  EXPECT_TRUE(parser.request().keep_alive());
  parser.reset();
  ASSERT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n", parser), 200);
  EXPECT_FALSE(parser.request().keep_alive());  // its body is not read
}

TEST(RequestParser, RefusesMalformedRequestLines) {
  EXPECT_EQ(status_of("GET /\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTX/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505);
  EXPECT_EQ(status_of("GET / HTTP/1.1\rX\r\nHost: h\r\n\r\n"), 400);
}

TEST(RequestParser, RefusesMalformedFields) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\n\r\n"), 400);  // no Host
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost : h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nX: a\x01z\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(
      status_of("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
      400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), 501);
}

TEST(RequestParser, BoundsTheHead) {
  const std::string big = "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(9000, 'a') + "\r\n\r\n";
  EXPECT_EQ(status_of(big), 431);
  // Endless input without an end of head stops at the bound, not at the end of memory.
  RequestParser parser;
  const std::string chunk(1000, 'a');
  int status = 0;
  for (int i = 0; i < 20 && status == 0; ++i)
    status = status_of(chunk, parser);
  EXPECT_EQ(status, 431);
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 150; ++i)
    many += "X: y\r\n";
  EXPECT_EQ(status_of(many + "\r\n"), 431);
  EXPECT_EQ(status_of(std::string(40, '\n')), 400);
}

TEST(RequestParser, EveryTruncationNeedsMore) {
  const std::string head = "GET /x HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n";
  for (std::size_t size = 0; size < head.size(); ++size) {
    EXPECT_EQ(status_of(head.substr(0, size)), 0) << size;
  }
}

TEST(MimeTypes, ByExtension) {
  EXPECT_EQ(content_type_for("a/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("x.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("x.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("x.json"), "application/json");
  EXPECT_EQ(content_type_for("x.png"), "image/png");
  EXPECT_EQ(content_type_for("x.jpg"), "image/jpeg");
  EXPECT_EQ(content_type_for("x.gif"), "image/gif");
  EXPECT_EQ(content_type_for("x.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("x.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("x.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("x.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("x.pdf"), "application/pdf");
  EXPECT_EQ(content_type_for("x.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

TEST(Listing, EscapesNames) {
  EXPECT_EQ(html_escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  EXPECT_EQ(percent_encode("a b/<c>?#%"), "a%20b%2F%3Cc%3E%3F%23%25");
}

}  // namespace
}  // namespace cpptls::tool::serve
