#include "serve/open_beneath.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>

#if __has_include(<linux/openat2.h>) && defined(SYS_openat2)
#include <linux/openat2.h>
#define CPPTLS_SERVE_HAVE_OPENAT2 1
#endif

namespace cpptls::tool::serve {
namespace {

// O_NOCTTY: a terminal device in the tree must not become our controlling terminal.
constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;

[[nodiscard]] Unexpected<int> failed(int error_number) {
  return Unexpected<int>(error_number);
}

[[nodiscard]] int open_at(int dir_fd, const char* name, int flags) {
  int fd = -1;
  do {
    fd = ::openat(dir_fd, name, flags);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

[[nodiscard]] BasicExpected<OpenFile, int> walk(int root_fd,
                                                std::span<const std::string> segments) {
  if (segments.empty()) {
    const int fd = open_at(root_fd, ".", kOpenFlags | O_DIRECTORY);
    if (fd < 0) return failed(errno);
    return OpenFile(fd);
  }
  OpenFile directory;  // the directory holding the next segment; root_fd at first
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool last = i + 1 == segments.size();
    const int from = directory.is_open() ? directory.fd() : root_fd;
    // O_NOFOLLOW refuses a link as this component (ELOOP), so every step stays on real
    // directories below root_fd: a rename elsewhere cannot move us out.
    const int flags = kOpenFlags | O_NOFOLLOW | (last ? 0 : O_DIRECTORY);
    const int fd = open_at(from, segments[i].c_str(), flags);
    if (fd < 0) return failed(errno);
    directory = OpenFile(fd);
  }
  return directory;
}

#ifdef CPPTLS_SERVE_HAVE_OPENAT2
// Cleared the first time the kernel says it has no openat2, so that later requests go straight
// to the walk.
std::atomic<bool> openat2_available{true};

// The relative path "a/b/c" (or "." for the root).
[[nodiscard]] std::string join(std::span<const std::string> segments) {
  if (segments.empty()) return ".";
  std::string path;
  for (const std::string& segment : segments) {
    if (!path.empty()) path += '/';
    path += segment;
  }
  return path;
}

// The fd, or -1 with errno; errno ENOSYS also when openat2 should not be tried (again).
[[nodiscard]] int open_with_openat2(int root_fd, std::span<const std::string> segments) {
  if (!openat2_available.load(std::memory_order_relaxed)) {
    errno = ENOSYS;
    return -1;
  }
  open_how how{};
  how.flags = static_cast<std::uint64_t>(kOpenFlags);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const std::string path = join(segments);
  // EAGAIN: a rename raced the lookup (openat2(2), RESOLVE_BENEATH); the kernel asks us to
  // try again, which a few times settles.
  for (int attempt = 0; attempt < 4; ++attempt) {
    const long fd = ::syscall(SYS_openat2, root_fd, path.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno != EAGAIN && errno != EINTR) break;
  }
  // ENOSYS: an older kernel; EPERM: a seccomp filter that does not know the call; E2BIG or
  // EINVAL: a kernel that does not know a flag. The walk is as safe, so fall back to it.
  if (errno == ENOSYS || errno == EPERM) {
    openat2_available.store(false, std::memory_order_relaxed);
    errno = ENOSYS;
  } else if (errno == E2BIG || errno == EINVAL || errno == EAGAIN) {
    errno = ENOSYS;
  }
  return -1;
}
#endif

}  // namespace

BasicExpected<OpenFile, int> open_beneath(int root_fd, std::span<const std::string> segments,
                                          BeneathMethod method) {
#ifdef CPPTLS_SERVE_HAVE_OPENAT2
  if (method == BeneathMethod::automatic) {
    const int fd = open_with_openat2(root_fd, segments);
    if (fd >= 0) return OpenFile(fd);
    if (errno != ENOSYS) return failed(errno);
  }
#else
  static_cast<void>(method);
#endif
  return walk(root_fd, segments);
}

}  // namespace cpptls::tool::serve
