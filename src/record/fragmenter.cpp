#include "record/fragmenter.hpp"

#include <algorithm>
#include <string>

#include "base/checked.hpp"

namespace cpptls::record {

Expected<void> seal_records(RecordSealer& sealer, ContentType type, ByteView data, Bytes& out,
                            std::size_t max_fragment) {
  if (max_fragment == 0 || max_fragment > kMaxPlaintext) {
    return misuse(ErrorCode::invalid_argument, "the largest fragment must be 1.." +
                                                   std::to_string(kMaxPlaintext) + " bytes, not " +
                                                   std::to_string(max_fragment));
  }
  if (data.empty() && type != ContentType::application_data) return {};

  // Room for every record at once, so that the buffer grows at most once per call.
  const std::size_t full_records = data.size() / max_fragment;
  const std::size_t last_fragment = data.size() % max_fragment;
  std::size_t room = full_records * sealer.max_record_size(max_fragment);
  if (last_fragment > 0 || data.empty()) room += sealer.max_record_size(last_fragment);
  const std::size_t start = out.size();
  const auto total = checked_add(start, room);
  if (!total || *total > out.max_size()) {
    return misuse(ErrorCode::invalid_argument,
                  std::to_string(data.size()) + " bytes of data do not fit in one buffer");
  }
  out.resize(*total);

  std::size_t written = start;
  std::size_t offset = 0;
  do {
    const std::size_t length = std::min(max_fragment, data.size() - offset);
    auto sealed =
        sealer.seal(type, data.subspan(offset, length), MutableByteView(out).subspan(written));
    if (!sealed) {
      out.resize(start);
      return Unexpected<Error>(std::move(sealed.error()));
    }
    written += *sealed;
    offset += length;
  } while (offset < data.size());
  out.resize(written);
  return {};
}

}  // namespace cpptls::record
