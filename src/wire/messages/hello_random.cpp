#include "wire/messages/hello_random.hpp"

#include <algorithm>

#include "wire/messages/codec_support.hpp"

namespace cpptls::wire {
namespace {

// "DOWNGRD" followed by the version byte.
constexpr std::array<std::uint8_t, 7> kDowngradePrefix = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44};
constexpr std::size_t kSentinelOffset = 24;

}  // namespace

DowngradeSentinel downgrade_sentinel(const Random& random) noexcept {
  if (!std::equal(kDowngradePrefix.begin(), kDowngradePrefix.end(),
                  random.begin() + kSentinelOffset))
    return DowngradeSentinel::none;
  switch (random.back()) {
    case 0x01:
      return DowngradeSentinel::tls12;
    case 0x00:
      return DowngradeSentinel::tls11_or_below;
    default:
      return DowngradeSentinel::none;
  }
}

void set_downgrade_sentinel(Random& random, DowngradeSentinel sentinel) noexcept {
  if (sentinel == DowngradeSentinel::none) return;
  std::copy(kDowngradePrefix.begin(), kDowngradePrefix.end(), random.begin() + kSentinelOffset);
  random.back() = sentinel == DowngradeSentinel::tls12 ? 0x01 : 0x00;
}

Expected<Random> read_random(Reader& reader, std::string_view what) {
  auto bytes = reader.bytes(32, what);
  if (!bytes) return propagate(bytes);
  Random out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace cpptls::wire
