#pragma once
// The server's side of RFC 8446 4.2.10 when it refuses a client's 0-RTT data: the client has
// already sent it, so its early records are skipped rather than read. The handshake says when
// (handshake::SkipEarlyData); the engine asks this object about each record it reads:
//
//  - Until::a_record_decrypts (a 1-RTT answer): "the server then skips past early data by
//    attempting to deprotect received records using the handshake traffic key, discarding
//    records which fail deprotection (up to the configured max_early_data_size). Once a record
//    is deprotected successfully, it is treated as the start of the client's second flight".
//  - Until::second_client_hello (after a HelloRetryRequest): "the server then ignores early
//    data by skipping all records with an external content type of "application_data"
//    (indicating that they are encrypted), up to the configured max_early_data_size." They
//    arrive before any read key, so they are dropped unopened; the second ClientHello ends it.
//
// Skipped record bodies count against the handshake's bound; the record that would pass it is
// handled as if nothing were skipped (bad_record_mac, or unexpected_message in the clear).

#include <cstddef>

#include "base/error.hpp"
#include "handshake/common/actions.hpp"
#include "record/header.hpp"

namespace cpptls::conn {

class EarlyDataSkip {
 public:
  void start(const handshake::SkipEarlyData& request) noexcept;

  // Before opening a record: true to drop it unopened (application_data in the clear after a
  // HelloRetryRequest). A handshake record ends this mode.
  [[nodiscard]] bool skip_unopened(const record::RecordHeader& header,
                                   bool read_protected) noexcept;
  // After a record failed to open with `error`: true to drop it (a record the handshake key
  // cannot authenticate).
  [[nodiscard]] bool skip_undecryptable(const record::RecordHeader& header,
                                        const Error& error) noexcept;
  // A protected record was opened: early data is over.
  void record_opened(const record::RecordHeader& header) noexcept;

  // True while records in the clear may be early data, so longer than a plaintext record.
  [[nodiscard]] bool before_second_client_hello() const noexcept {
    return active_ && until_ == handshake::SkipEarlyData::Until::second_client_hello;
  }

 private:
  [[nodiscard]] bool take(std::size_t bytes) noexcept;

  bool active_ = false;
  handshake::SkipEarlyData::Until until_ = handshake::SkipEarlyData::Until::a_record_decrypts;
  std::size_t budget_ = 0;
};

}  // namespace cpptls::conn
