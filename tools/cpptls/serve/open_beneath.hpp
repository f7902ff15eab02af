#pragma once
// Opens a file or directory below a directory descriptor without ever leaving it, whatever
// happens to the tree meanwhile (issue 11, item 10). Checking a path and then opening it by
// name is a race: a directory swapped for a symbolic link between the two (renameat2
// RENAME_EXCHANGE) leads the open elsewhere. Here no name is looked up twice and no symbolic
// link is followed, in any component: the kernel resolves each name once, from the
// descriptor of the directory above it.
//
// With openat2 (Linux 5.6) one call does it: RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
// RESOLVE_NO_MAGICLINKS. Where the kernel (or a seccomp filter) refuses openat2, the path is
// walked one component at a time: openat(O_DIRECTORY | O_NOFOLLOW) for each directory,
// openat(O_NOFOLLOW) for the last. Both end on the same answer.

#include <span>
#include <string>

#include "serve/expected.hpp"
#include "serve/open_file.hpp"

namespace cpptls::tool::serve {

enum class BeneathMethod {
  automatic,  // openat2 where the kernel has it, else the walk
  walk,       // the component walk only (what older kernels get; tests pin it)
};

// Opens root_fd/segments[0]/.../segments[n-1] read-only, close-on-exec and non-blocking (a
// FIFO must not stall the open); no segments: the root itself. Each segment must be a single
// name: not empty, not "." or "..", without '/' (the caller splits and refuses those). On
// failure, the errno: ELOOP for a symbolic link met on the way, ENOENT, ENOTDIR, EACCES...
[[nodiscard]] BasicExpected<OpenFile, int> open_beneath(
    int root_fd, std::span<const std::string> segments,
    BeneathMethod method = BeneathMethod::automatic);

}  // namespace cpptls::tool::serve
