# The warnings we hold our own code to. Linked PRIVATE by every target we build; they are
# errors under CPPTLS_WERROR (on in scripts/dev.sh and CI, off for consumers).
add_library(cpptls_warnings INTERFACE)
target_compile_options(cpptls_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wformat=2
  -Wimplicit-fallthrough)
if(CPPTLS_WERROR)
  target_compile_options(cpptls_warnings INTERFACE -Werror)
endif()
# g++ 12 at -O3 reports false -Wrestrict overlaps inside libstdc++'s std::string operator+
# (GCC bug 105329); it fires on ordinary string concatenation, so it is off for g++.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(cpptls_warnings INTERFACE -Wno-restrict)
endif()
