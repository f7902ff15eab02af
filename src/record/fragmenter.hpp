#pragma once
// Splits outgoing data into records (RFC 8446 5.1, RFC 5246 6.2.1) and seals each one into the
// connection's output buffer.

#include <cstddef>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "record/header.hpp"
#include "record/limits.hpp"
#include "record/sealer.hpp"

namespace cpptls::record {

// Appends to `out` the records that carry `data` as fragments of at most `max_fragment` bytes
// (1..kMaxPlaintext; a peer's record_size_limit may lower it). `out` is a buffer the caller
// owns and reuses: it grows only when its capacity is short, so once it has grown no record
// allocates. Empty application data makes one empty record (RFC 5246 6.2.1 allows it); empty
// data of another type makes none. On failure `out` is left as it was, but the sealer may have
// used sequence numbers for records that were dropped: the failure is fatal to the connection.
[[nodiscard]] Expected<void> seal_records(RecordSealer& sealer, ContentType type, ByteView data,
                                          Bytes& out, std::size_t max_fragment = kMaxPlaintext);

}  // namespace cpptls::record
