#pragma once
// What the connection fuzz harness (connection_fuzz.hpp) checks beside the engine's own
// answers: the records the engine sends, and the actions its handshake gives it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "connection_fuzz_config.hpp"
#include "crypto/descriptors.hpp"
#include "handshake/common/actions.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/session_summary.hpp"
#include "record/limits.hpp"
#include "wire/messages/handshake_header.hpp"

namespace cpptls::fuzz {

// Cuts the sent stream into records and checks each header: a known content type, version
// 0x0303 (0x0301 allowed for the first record, RFC 5246 E.1) and a length a TLS 1.2 peer
// accepts (RFC 5246 6.2.3: at most 2^14 + 2048).
class SentRecords {
 public:
  void append(ByteView bytes) {
    partial_.insert(partial_.end(), bytes.begin(), bytes.end());
    std::size_t offset = 0;
    while (partial_.size() - offset >= record::kHeaderSize) {
      const ByteView header = ByteView(partial_).subspan(offset, record::kHeaderSize);
      const std::uint8_t type = header[0];
      const unsigned version = (unsigned{header[1]} << 8) | header[2];
      const std::size_t length = (std::size_t{header[3]} << 8) | header[4];
      CONN_FUZZ_CHECK(type >= 20 && type <= 23);
      CONN_FUZZ_CHECK(version == 0x0303 || (version == 0x0301 && records_ == 0));
      CONN_FUZZ_CHECK(length >= 1 && length <= record::kMaxTls12Ciphertext);
      if (partial_.size() - offset < record::kHeaderSize + length) break;
      offset += record::kHeaderSize + length;
      last_type_ = type;
      ++records_;
    }
    partial_.erase(partial_.begin(), partial_.begin() + static_cast<std::ptrdiff_t>(offset));
  }

  [[nodiscard]] bool at_record_boundary() const noexcept { return partial_.empty(); }
  [[nodiscard]] std::optional<std::uint8_t> last_type() const noexcept { return last_type_; }
  [[nodiscard]] std::size_t records() const noexcept { return records_; }

 private:
  Bytes partial_;  // the start of a record not yet sent whole
  std::optional<std::uint8_t> last_type_;
  std::size_t records_ = 0;
};

// What KeyWatcher saw: the keys the engine opens the peer's records with (the peer's write
// keys), so that the harness can seal records as the peer would.
struct Observed {
  std::optional<handshake::InstallKeys> peer_write;
  std::size_t read_installs = 0;
  std::size_t write_installs = 0;
  bool complete = false;
};

// The real handshake, wrapped so that the actions it gives the engine can be checked and its
// read keys copied. Everything is forwarded unchanged.
class KeyWatcher final : public handshake::Handshake {
 public:
  KeyWatcher(std::unique_ptr<handshake::Handshake> inner, Observed& observed)
      : inner_(std::move(inner)), observed_(&observed) {}

  [[nodiscard]] Expected<void> start(handshake::Output& out) override {
    return watch(inner_->start(out), out);
  }
  [[nodiscard]] Expected<void> on_message(const wire::HandshakeMessage& message, ByteView encoded,
                                          handshake::Output& out) override {
    return watch(inner_->on_message(message, encoded, out), out);
  }
  [[nodiscard]] Expected<void> on_change_cipher_spec(handshake::Output& out) override {
    return watch(inner_->on_change_cipher_spec(out), out);
  }
  [[nodiscard]] Expected<void> update_write_key(bool request_peer_update,
                                                handshake::Output& out) override {
    return watch(inner_->update_write_key(request_peer_update, out), out);
  }
  [[nodiscard]] bool is_complete() const noexcept override { return inner_->is_complete(); }
  [[nodiscard]] std::string_view state_name() const noexcept override {
    return inner_->state_name();
  }
  [[nodiscard]] const handshake::SessionSummary& summary() const noexcept override {
    return inner_->summary();
  }

 private:
  [[nodiscard]] Expected<void> watch(Expected<void> result, handshake::Output& out) {
    if (!result) {
      if (result.error().kind() != ErrorKind::api_misuse)
        CONN_FUZZ_CHECK(inner_->state_name() == "Failed");
      CONN_FUZZ_CHECK(!inner_->is_complete());
      return result;
    }
    for (const handshake::Action& action : out.actions()) {
      if (const auto* install = std::get_if<handshake::InstallKeys>(&action)) {
        CONN_FUZZ_CHECK(install->version == crypto::SuiteVersion::tls12);
        CONN_FUZZ_CHECK(install->keys.key.size() == crypto::key_size(install->keys.aead));
        CONN_FUZZ_CHECK(install->keys.iv.size() == 4 || install->keys.iv.size() == 12);
        if (install->direction == handshake::Direction::read) {
          observed_->peer_write = *install;
          ++observed_->read_installs;
        } else {
          ++observed_->write_installs;
        }
      } else if (std::holds_alternative<handshake::HandshakeComplete>(action)) {
        CONN_FUZZ_CHECK(!observed_->complete);
        CONN_FUZZ_CHECK(observed_->read_installs == 1 && observed_->write_installs == 1);
        CONN_FUZZ_CHECK(inner_->is_complete());
        observed_->complete = true;
      }
    }
    return result;
  }

  std::unique_ptr<handshake::Handshake> inner_;
  Observed* observed_;
};

}  // namespace cpptls::fuzz
