#include "crypto/provider.hpp"

namespace cpptls::crypto {

Expected<void> hash_once(const Provider& provider, HashAlgorithm algorithm, ByteView data,
                         MutableByteView out) {
  auto hash = provider.hash(algorithm);
  if (!hash) return Unexpected<Error>(std::move(hash.error()));
  (*hash)->update(data);
  return (*hash)->finish(out);
}

Expected<void> hmac_once(const Provider& provider, HashAlgorithm algorithm, ByteView key,
                         ByteView data, MutableByteView out) {
  auto mac = provider.hmac(algorithm, key);
  if (!mac) return Unexpected<Error>(std::move(mac.error()));
  (*mac)->update(data);
  return (*mac)->finish(out);
}

}  // namespace cpptls::crypto
