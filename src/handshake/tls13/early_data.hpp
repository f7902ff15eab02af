#pragma once
// 0-RTT data (RFC 8446 2.3, 4.2.10): we never accept it. A client that offers it has sent it
// already, so the server has its records skipped (handshake::SkipEarlyData).

#include <cstddef>

namespace cpptls::hs13 {

// The 0-RTT data a server that refuses it skips, counted as the record bodies it could not
// read. A client may send up to its ticket's max_early_data_size; we issue no ticket that
// allows early data, so the bound is our own: 2^14 bytes of early data (the
// max_early_data_size OpenSSL's server allows by default, and one full record) and 2^12 for
// the AEAD tag, content type and padding of its records (17 bytes a record without padding).
// Past it, a record is read as if no early data had been offered, and fails.
inline constexpr std::size_t kMaxSkippedEarlyData = (std::size_t{1} << 14) + (std::size_t{1} << 12);

}  // namespace cpptls::hs13
