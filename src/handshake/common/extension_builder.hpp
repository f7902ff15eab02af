#pragma once
// Builds the extension list of a message we send: each body is encoded into a buffer this
// object owns, and the wire::Extension entries view those buffers, so the builder must
// outlive the encoding of the message.

#include <deque>

#include "base/bytes.hpp"
#include "wire/enums.hpp"
#include "wire/messages/extensions.hpp"
#include "wire/writer.hpp"

namespace cpptls::handshake {

class ExtensionBuilder {
 public:
  // `body` is any extension struct with encode(wire::Writer&).
  template <class Body>
  void add(wire::ExtensionType type, const Body& body) {
    Bytes& data = bodies_.emplace_back();
    wire::Writer writer(data);
    body.encode(writer);
    ok_ = ok_ && writer.ok();
    list_.push_back(wire::Extension{type, data});
  }

  // False when a body outgrew its length prefix (our bug).
  [[nodiscard]] bool ok() const noexcept { return ok_; }
  [[nodiscard]] const wire::ExtensionList& list() const noexcept { return list_; }
  [[nodiscard]] bool empty() const noexcept { return list_.empty(); }

 private:
  std::deque<Bytes> bodies_;  // a deque: adding never moves the buffers the views point into
  wire::ExtensionList list_;
  bool ok_ = true;
};

}  // namespace cpptls::handshake
