# Warnings are errors everywhere in our own code. Linked PRIVATE by every target we build.
add_library(cpptls_warnings INTERFACE)
target_compile_options(cpptls_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wformat=2
  -Wimplicit-fallthrough -Werror)
