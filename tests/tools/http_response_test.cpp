// The response parser of `cpptls get` (tools/cpptls/http/response_parser.hpp): framing by
// Content-Length, chunked coding and the end of the connection, and hostile responses.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http/response_parser.hpp"

namespace cpptls::tool::http {
namespace {

[[nodiscard]] std::vector<std::uint8_t> bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

[[nodiscard]] std::string text(const std::vector<std::uint8_t>& data) {
  return {data.begin(), data.end()};
}

// The outcome of feeding a whole response (in pieces of `piece` bytes).
struct Parsed {
  bool ok = false;
  std::string error;
  std::string body;
  std::size_t used = 0;  // bytes of the input that belonged to the response
};

[[nodiscard]] Parsed feed(ResponseParser& parser, std::string_view response,
                          std::size_t piece = 0) {
  Parsed out;
  const std::vector<std::uint8_t> input = bytes(response);
  const std::span<const std::uint8_t> all(input);
  std::vector<std::uint8_t> body;
  if (piece == 0) piece = all.size();
  for (std::size_t offset = 0; offset < all.size() && !parser.complete(); offset += piece) {
    auto used = parser.push(all.subspan(offset, std::min(piece, all.size() - offset)), body);
    if (!used) {
      out.error = used.error().reason();
      out.body = text(body);
      return out;
    }
    out.used += *used;
  }
  out.ok = true;
  out.body = text(body);
  return out;
}

// Feeds a response that must fail and returns the reason.
[[nodiscard]] std::string refusal(std::string_view response, bool expect_body = true,
                                  ResponseLimits limits = {}) {
  ResponseParser parser(expect_body, limits);
  const Parsed parsed = feed(parser, response);
  EXPECT_FALSE(parsed.ok) << "accepted: " << response.substr(0, 200);
  return parsed.error;
}

#define EXPECT_MENTIONS(text, word) EXPECT_NE((text).find(word), std::string::npos) << (text)

constexpr std::string_view kSimple =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

TEST(HttpResponse, ReadsStatusFieldsAndAContentLengthBody) {
  ResponseParser parser(true);
  const Parsed parsed = feed(parser, kSimple);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_TRUE(parser.complete());
  EXPECT_EQ(parser.head().version, "HTTP/1.1");
  EXPECT_EQ(parser.head().status, 200);
  EXPECT_EQ(parser.head().reason, "OK");
  EXPECT_EQ(parser.head().status_line(), "HTTP/1.1 200 OK");
  ASSERT_EQ(parser.head().fields.size(), 2U);
  EXPECT_EQ(parser.head().find("content-TYPE"), "text/plain");
  EXPECT_EQ(parser.framing(), BodyFraming::content_length);
  EXPECT_EQ(parsed.body, "hello");
  EXPECT_EQ(parser.body_size(), 5U);
}

TEST(HttpResponse, ParsesTheSameResponseFedOneByteAtATime) {
  ResponseParser parser(true);
  const Parsed parsed = feed(parser, kSimple, 1);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parsed.body, "hello");
  EXPECT_EQ(parser.head().fields.size(), 2U);
}

TEST(HttpResponse, StopsAtTheEndOfTheContent) {
  ResponseParser parser(true);
  const Parsed parsed = feed(parser, std::string(kSimple) + "HTTP/1.1 200 OK\r\n");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.body, "hello");
  EXPECT_EQ(parsed.used, kSimple.size());
}

TEST(HttpResponse, CompletesAnEmptyContentAtTheEndOfTheHead) {
  ResponseParser parser(true);
  ASSERT_TRUE(feed(parser, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").ok);
  EXPECT_TRUE(parser.complete());
}

TEST(HttpResponse, AcceptsBareLineFeedsAndAStatusWithoutReason) {
  ResponseParser parser(true);
  const Parsed parsed = feed(parser, "HTTP/1.0 404\nContent-Length: 2\n\nno");
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parser.head().status, 404);
  EXPECT_EQ(parser.head().reason, "");
  EXPECT_EQ(parser.head().status_line(), "HTTP/1.0 404");
  EXPECT_EQ(parsed.body, "no");
}

TEST(HttpResponse, TrimsFieldValuesAndJoinsObsoleteLineFolding) {
  ResponseParser parser(false);
  ASSERT_TRUE(feed(parser, "HTTP/1.1 200 OK\r\nX-A: \t spaced \t\r\nX-B: one\r\n  two\r\n\r\n").ok);
  EXPECT_EQ(parser.head().find("x-a"), "spaced");
  EXPECT_EQ(parser.head().find("x-b"), "one two");  // RFC 9112 5.2
}

TEST(HttpResponse, DecodesChunkedBodiesWithExtensionsAndTrailers) {
  ResponseParser parser(true);
  const std::string response =
      "HTTP/1.1 200 OK\r\n"
      "Transfer-Encoding: chunked\r\n"
      "\r\n"
      "5\r\nhello\r\n"
      "1;name=value ; other\r\n \r\n"
      "000000000000000000000000000006 \r\nworld!\r\n"
      "A\r\n0123456789\r\n"
      "0;last\r\n"
      "X-Checksum: 1234\r\n"
      "\r\n";
  for (const std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    ResponseParser fresh(true);
    const Parsed parsed = feed(fresh, response, piece);
    ASSERT_TRUE(parsed.ok) << parsed.error;
    EXPECT_TRUE(fresh.complete());
    EXPECT_EQ(fresh.framing(), BodyFraming::chunked);
    EXPECT_EQ(parsed.body, "hello world!0123456789");
    EXPECT_EQ(parsed.used, response.size());
  }
  ASSERT_TRUE(feed(parser, "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n").ok);
  EXPECT_TRUE(parser.complete());
}

TEST(HttpResponse, ReadsABodyWithoutLengthUntilTheServerCloses) {
  ResponseParser parser(true);
  const Parsed parsed = feed(parser, "HTTP/1.0 200 OK\r\n\r\npart one, part two");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parser.framing(), BodyFraming::until_close);
  EXPECT_FALSE(parser.complete());
  EXPECT_TRUE(parser.finish());
  EXPECT_TRUE(parser.complete());
  EXPECT_EQ(parsed.body, "part one, part two");
}

TEST(HttpResponse, GivesHeadNoContentAndNotModifiedNoBody) {
  ResponseParser head(/*expect_body=*/false);
  ASSERT_TRUE(feed(head, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n").ok);
  EXPECT_TRUE(head.complete());
  EXPECT_EQ(head.framing(), BodyFraming::none);
  for (const char* status : {"204 No Content", "304 Not Modified"}) {
    ResponseParser parser(true);
    const Parsed parsed =
        feed(parser, std::string("HTTP/1.1 ") + status + "\r\nContent-Length: 3\r\n\r\nabc");
    ASSERT_TRUE(parsed.ok);
    EXPECT_TRUE(parser.complete()) << status;
    EXPECT_EQ(parsed.body, "");
  }
}

TEST(HttpResponse, SkipsInterimResponsesBeforeTheFinalOne) {
  ResponseParser parser(true);
  const Parsed parsed = feed(parser,
                             "HTTP/1.1 100 Continue\r\n\r\n"
                             "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  ASSERT_TRUE(parsed.ok) << parsed.error;
  ASSERT_EQ(parser.interim().size(), 2U);
  EXPECT_EQ(parser.interim()[1].status, 103);
  EXPECT_EQ(parser.interim()[1].find("link"), "</style.css>; rel=preload");
  EXPECT_EQ(parser.head().status, 200);
  EXPECT_EQ(parsed.body, "ok");
}

TEST(HttpResponse, RefusesTooManyInterimResponsesAndSwitchingProtocols) {
  std::string many;
  for (int i = 0; i < 9; ++i)
    many += "HTTP/1.1 100 Continue\r\n\r\n";
  EXPECT_MENTIONS(refusal(many), "interim");
  EXPECT_MENTIONS(refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"),
                  "switched protocols");
}

TEST(HttpResponse, AcceptsRepeatedIdenticalContentLengths) {
  for (const char* fields :
       {"Content-Length: 3, 3\r\n", "Content-Length: 3\r\nContent-Length: 003\r\n"}) {
    ResponseParser parser(true);
    const Parsed parsed = feed(parser, std::string("HTTP/1.1 200 OK\r\n") + fields + "\r\nabc");
    ASSERT_TRUE(parsed.ok) << fields << parsed.error;
    EXPECT_EQ(parsed.body, "abc");
  }
}

TEST(HttpResponse, RefusesConflictingContentLengths) {
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
                  "conflicting Content-Length values 5 and 6");
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n"), "conflicting");
}

TEST(HttpResponse, RefusesNegativeGarbageAndHugeContentLengths) {
  for (const char* value : {"-1", "+5", "12abc", "0x10", "1 2", "1.0", "99999999999999999999999"}) {
    const std::string reason =
        refusal(std::string("HTTP/1.1 200 OK\r\nContent-Length: ") + value + "\r\n\r\n");
    EXPECT_MENTIONS(reason, "Content-Length") << value;
  }
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n"), "empty Content-Length");
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nContent-Length: ,\r\n\r\n"), "Content-Length");
}

TEST(HttpResponse, RefusesAmbiguousOrUnsupportedTransferEncodings) {
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n"
                          "\r\n"),
                  "both Transfer-Encoding and Content-Length");
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
                  "not supported");
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
                  "not supported");
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n\r\n"), "not supported");
  EXPECT_MENTIONS(refusal("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), "HTTP/1.0");
}

constexpr std::string_view kChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

TEST(HttpResponse, RefusesHugeChunkSizes) {
  for (const char* size : {"ffffffffffffffffffffffffffffffff", "10000000001", "FFFFFFFFFFFFFFFF"}) {
    EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + size + "\r\n"), "chunk size above") << size;
  }
}

TEST(HttpResponse, RefusesMalformedChunkSizeLines) {
  for (const char* line : {"xyz", "-1", "+5", "0x10", "5 garbage", "", " 5", "5;\x01"}) {
    EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + line + "\r\n"), "chunk-size line") << line;
  }
}

TEST(HttpResponse, RefusesChunkDataWithoutItsCrlf) {
  EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + "5\r\nhelloXY\r\n0\r\n\r\n"), "CRLF");
  EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + "5\r\nhello0\r\n\r\n"), "CRLF");
  EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + "5\r\nhelloX\n0\r\n\r\n"), "CRLF");
  EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + "5\r\nhello\r0\r\n\r\n"), "CR");
}

TEST(HttpResponse, RefusesChunkSizeLinesLongerThanTheirBound) {
  EXPECT_MENTIONS(refusal(std::string(kChunkedHead) + "5;" + std::string(5000, 'x')),
                  "chunk-size line is longer than 4 KiB");
}

TEST(HttpResponse, RefusesTrailersLargerThanTheHeadBound) {
  std::string response = std::string(kChunkedHead) + "0\r\n";
  for (int i = 0; i < 10; ++i)
    response += "X-T" + std::to_string(i) + ": " + std::string(8000, 'x') + "\r\n";
  EXPECT_MENTIONS(refusal(response), "trailer is larger than 64 KiB");
}

TEST(HttpResponse, RefusesHeaderLinesLongerThanTheLineBound) {
  const std::string line = "X-Long: " + std::string(16 * 1024, 'a') + "\r\n";
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\n" + line + "\r\n"), "longer than 16 KiB");
  // Found without waiting for the end of the line.
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\nX-Long: " + std::string(20000, 'a')),
                  "longer than 16 KiB");
}

TEST(HttpResponse, RefusesHeadsLargerThanTheHeadBound) {
  std::string response = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 10; ++i)
    response += "X-" + std::to_string(i) + ": " + std::string(8000, 'b') + "\r\n";
  EXPECT_MENTIONS(refusal(response + "\r\n"), "head is larger than 64 KiB");
}

TEST(HttpResponse, RefusesTooManyFields) {
  std::string response = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 101; ++i)
    response += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_MENTIONS(refusal(response + "\r\n"), "more than 100 header fields");
}

TEST(HttpResponse, RefusesMalformedStatusLines) {
  for (const char* line :
       {"HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 999 Odd", "HTTP/1.1 099 Low", "ICY 200 OK",
        "HTTP/1.1 200OK", "http/1.1 200 OK", "HTTP/1.1  200 OK", "", "HTTP/1.1 200 O\x01K"}) {
    EXPECT_FALSE(refusal(std::string(line) + "\r\n\r\n").empty()) << line;
  }
  EXPECT_MENTIONS(refusal("HTTP/2.0 200 OK\r\n\r\n"), "speaks HTTP/1.1");
}

TEST(HttpResponse, RefusesMalformedFieldLines) {
  using namespace std::string_literals;
  const std::pair<std::string, const char*> cases[] = {
      {"Content-Length : 5", "invalid header field name"},  // RFC 9112 5.1
      {": empty name", "malformed header line"},
      {"no colon here", "malformed header line"},
      {"Bad\x01Name: x", "invalid header field name"},
      {"X-Nul: a\0b"s, "control character"},  // RFC 9110 5.5
      {"X-Escape: \x1b[31m", "control character"},
      {"X-Cr: a\rb", "CR without LF"},  // RFC 9112 2.2
  };
  for (const auto& [line, reason] : cases) {
    EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\n" + line + "\r\n\r\n"), reason) << line;
  }
  EXPECT_MENTIONS(refusal("HTTP/1.1 200 OK\r\n folded-first: x\r\n\r\n"), "whitespace before");
}

TEST(HttpResponse, ReportsResponsesCutShort) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "without sending a response"},
      {"HTTP/1.1 200 OK\r\nContent-Le", "inside its head"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "after 3 of 10 bytes"},
      {std::string(kChunkedHead) + "5\r\nhel", "before its last chunk (3 bytes received)"},
      {std::string(kChunkedHead) + "5\r\nhello\r\n", "before its last chunk"},
      {std::string(kChunkedHead) + "0\r\nX-Trailer: 1\r\n", "before its last chunk"},
  };
  for (const auto& [response, reason] : cases) {
    ResponseParser parser(true);
    ASSERT_TRUE(feed(parser, response).ok);
    auto finished = parser.finish();
    ASSERT_FALSE(finished) << response;
    EXPECT_MENTIONS(finished.error().reason(), reason);
  }
}

// The outcome (body, error) cannot depend on how the bytes were cut into reads, for valid
// responses, truncated ones and seeded random garbage alike.
TEST(HttpResponse, GivesTheSameOutcomeWhateverTheReadSizes) {
  using namespace std::string_view_literals;
  std::vector<std::string> responses = {
      std::string(kSimple),
      std::string(kChunkedHead) + "3\r\nabc\r\n1;x=y\r\nd\r\n0\r\nT: 1\r\n\r\n",
      std::string(kChunkedHead) + "3\r\nabcX\r\n",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nX: a\r\n b\r\n\r\nuntil close",
      "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd",
  };
  std::uint32_t state = 12345;  // a fixed LCG: the same garbage on every run
  const auto next = [&state] {
    state = state * 1103515245U + 12345U;
    return state >> 16;
  };
  for (int i = 0; i < 200; ++i) {
    std::string garbage = i % 2 == 0 ? std::string(kChunkedHead) : "HTTP/1.1 200 OK\r\n";
    // sv: the NUL is part of the alphabet.
    const std::string_view alphabet = "0123456789abcdefxX:; \t\r\n\x00\x7f\xff"sv;
    for (std::uint32_t n = next() % 300; n > 0; --n)
      garbage += alphabet[next() % alphabet.size()];
    responses.push_back(garbage);
  }
  for (const std::string& response : responses) {
    ResponseParser whole_parser(true);
    const Parsed whole = feed(whole_parser, response);
    for (const std::size_t piece :
         {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{64}}) {
      ResponseParser parser(true);
      const Parsed split = feed(parser, response, piece);
      EXPECT_EQ(split.ok, whole.ok) << piece;
      EXPECT_EQ(split.error, whole.error) << piece;
      EXPECT_EQ(split.body, whole.body) << piece;
      EXPECT_EQ(parser.complete(), whole_parser.complete()) << piece;
    }
  }
}

TEST(HttpResponse, KeepsFailingAfterAnError) {
  ResponseParser parser(true);
  std::vector<std::uint8_t> body;
  ASSERT_FALSE(parser.push(bytes("HTTP/9.9 200 OK\r\n"), body));
  auto again = parser.push(bytes("HTTP/1.1 200 OK\r\n\r\n"), body);
  ASSERT_FALSE(again);
  EXPECT_MENTIONS(again.error().reason(), "HTTP/9.9");
  EXPECT_FALSE(parser.finish());
  EXPECT_FALSE(parser.head_complete());
}

}  // namespace
}  // namespace cpptls::tool::http
