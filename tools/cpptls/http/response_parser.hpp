#pragma once
// An HTTP/1.1 response parser (RFC 9112) fed with the bytes of a connection as they arrive:
// the status line, the header fields, then the body framed by Content-Length, by chunked
// transfer coding or by the end of the connection. Every byte is the server's and hostile:
// lines, the head, the number of fields and chunk sizes are bounded, and anything malformed
// is an error that names what was wrong.
//
//   ResponseParser parser(/*expect_body=*/true);
//   while (!parser.complete()) {
//     n = read(buffer);                       // 0: the server closed the connection cleanly
//     if (n == 0) { check(parser.finish()); break; }
//     check(parser.push(buffer.first(n), body));   // body gets the payload, framing removed
//   }

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/result.hpp"

namespace cpptls::tool::http {

struct HeaderField {
  std::string name;   // as received; compared case-insensitively (RFC 9110 5.1)
  std::string value;  // without surrounding whitespace; obs-fold replaced by one space
};

struct ResponseHead {
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  int status = 0;       // 100..599
  std::string reason;   // may be empty
  std::vector<HeaderField> fields;

  // The first field named `name`, if any.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const;
  // "HTTP/1.1 200 OK"
  [[nodiscard]] std::string status_line() const;
};

struct ResponseLimits {
  std::size_t max_line = 16 * 1024;           // one status, header or trailer line
  std::size_t max_head = 64 * 1024;           // all heads together (1xx ones included)
  std::size_t max_fields = 100;               // header fields in the head (and in the trailer)
  std::size_t max_interim = 8;                // 1xx responses before the final one
  std::size_t max_chunk_line = 4096;          // a chunk-size line with its extensions
  std::uint64_t max_chunk_size = 1ULL << 40;  // far above real chunks, far below overflow
};

// How the body of the final response ends (RFC 9112 6.3).
enum class BodyFraming : std::uint8_t {
  none,            // HEAD, 204 or 304: no body at all
  content_length,  // exactly Content-Length bytes
  chunked,         // Transfer-Encoding: chunked, up to the last chunk and trailer
  until_close,     // neither: the body is whatever arrives until the server closes
};

class ResponseParser {
 public:
  // `expect_body` is false for the response to a HEAD request, which has no body whatever
  // its fields say (RFC 9110 9.3.2).
  explicit ResponseParser(bool expect_body, ResponseLimits limits = {});

  // Parses the next bytes; appends body payload to `body`. Returns how many bytes of `input`
  // were part of the response: all of them until complete(), then the rest is not looked at.
  // After an error every call returns the same error.
  [[nodiscard]] Result<std::size_t> push(std::span<const std::uint8_t> input,
                                         std::vector<std::uint8_t>& body);

  // The server closed the connection cleanly (close_notify): completes a body that ends with
  // the connection, and fails if the response was not complete (truncated).
  [[nodiscard]] Result<void> finish();

  // The final (non-1xx) response head has been received: head() and framing() are valid.
  [[nodiscard]] bool head_complete() const noexcept;
  // The whole response has been received.
  [[nodiscard]] bool complete() const noexcept;
  [[nodiscard]] const ResponseHead& head() const noexcept { return head_; }
  // The 1xx responses received before the final one (RFC 9110 15.2), in order.
  [[nodiscard]] const std::vector<ResponseHead>& interim() const noexcept { return interim_; }
  [[nodiscard]] BodyFraming framing() const noexcept { return framing_; }
  // Payload bytes received so far.
  [[nodiscard]] std::uint64_t body_size() const noexcept { return body_size_; }

 private:
  // What the next bytes must be.
  enum class Expect : std::uint8_t {
    status_line,
    field_line,
    content,  // Content-Length bytes, content_left_ of them still to come
    chunk_size_line,
    chunk_data,      // content_left_ bytes of the current chunk
    chunk_data_end,  // the CRLF after a chunk's data
    trailer_line,
    content_until_close,
    nothing,  // complete
  };

  // One step on the input; returns the bytes it used (at least one).
  [[nodiscard]] Result<std::size_t> step(std::span<const std::uint8_t> input,
                                         std::vector<std::uint8_t>& body);
  [[nodiscard]] Result<std::size_t> step_line(std::span<const std::uint8_t> input);
  [[nodiscard]] std::size_t step_content(std::span<const std::uint8_t> input,
                                         std::vector<std::uint8_t>& body);

  // Collects bytes into line_ up to a LF; returns the bytes used and whether the line is
  // complete, failing when it grows past `limit` or holds a bare CR.
  struct LineProgress {
    std::size_t used = 0;
    bool complete = false;
  };
  [[nodiscard]] Result<LineProgress> take_line(std::span<const std::uint8_t> input,
                                               std::size_t limit, std::string_view what);

  [[nodiscard]] Result<void> on_line(std::string_view line);
  [[nodiscard]] Result<void> on_status_line(std::string_view line);
  [[nodiscard]] Result<void> on_field_line(std::string_view line, std::vector<HeaderField>& fields);
  [[nodiscard]] Result<void> on_head_end();
  [[nodiscard]] Result<BodyFraming> choose_framing();
  [[nodiscard]] Result<void> on_chunk_size_line(std::string_view line);

  ResponseLimits limits_;
  bool expect_body_;
  Expect expect_ = Expect::status_line;
  std::optional<TlsError> error_;
  std::string line_;  // the line being collected
  std::size_t head_bytes_ = 0;
  std::size_t trailer_bytes_ = 0;
  std::uint64_t content_left_ = 0;
  std::uint64_t content_length_ = 0;  // of a content_length body
  std::uint64_t body_size_ = 0;
  bool received_any_ = false;
  ResponseHead head_;
  std::vector<ResponseHead> interim_;
  std::vector<HeaderField> trailer_;  // parsed for validity, then unused (RFC 9110 6.5.1)
  BodyFraming framing_ = BodyFraming::none;
};

}  // namespace cpptls::tool::http
