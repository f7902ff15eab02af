#include "conn/early_data_skip.hpp"

namespace cpptls::conn {

using Until = handshake::SkipEarlyData::Until;
using wire::ContentType;

void EarlyDataSkip::start(const handshake::SkipEarlyData& request) noexcept {
  active_ = true;
  until_ = request.until;
  budget_ = request.max_bytes;
}

bool EarlyDataSkip::take(std::size_t bytes) noexcept {
  if (bytes > budget_) {
    active_ = false;
    return false;
  }
  budget_ -= bytes;
  return true;
}

bool EarlyDataSkip::skip_unopened(const record::RecordHeader& header,
                                  bool read_protected) noexcept {
  if (!active_ || until_ != Until::second_client_hello || read_protected) return false;
  if (header.type == ContentType::handshake) {
    active_ = false;
    return false;
  }
  return header.type == ContentType::application_data && take(header.length);
}

bool EarlyDataSkip::skip_undecryptable(const record::RecordHeader& header,
                                       const Error& error) noexcept {
  if (!active_ || until_ != Until::a_record_decrypts) return false;
  // Only a failed authentication of a protected record: anything else (an oversized record, a
  // record in the clear) is an error whether or not early data was offered.
  if (header.type != ContentType::application_data || error.code() != ErrorCode::bad_record_mac)
    return false;
  return take(header.length);
}

void EarlyDataSkip::record_opened(const record::RecordHeader& header) noexcept {
  // A change_cipher_spec passes through the opener without decryption (RFC 8446 5): it says
  // nothing about the key.
  if (active_ && until_ == Until::a_record_decrypts && header.type == ContentType::application_data)
    active_ = false;
}

}  // namespace cpptls::conn
