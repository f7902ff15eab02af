#include "base/wipe.hpp"

#include <string.h>  // explicit_bzero (glibc 2.25)

namespace cpptls {

void secure_wipe(void* data, std::size_t size) noexcept {
  if (data != nullptr && size != 0) explicit_bzero(data, size);
}

}  // namespace cpptls
