# Warnings are errors everywhere in our own code. Linked PRIVATE by every target we build.
add_library(cpptls_warnings INTERFACE)
target_compile_options(cpptls_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wformat=2
  -Wimplicit-fallthrough -Werror)
# g++ 12 at -O3 reports false -Wrestrict overlaps inside libstdc++'s std::string operator+
# (GCC bug 105329); it fires on ordinary string concatenation, so it is off for g++.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(cpptls_warnings INTERFACE -Wno-restrict)
endif()
