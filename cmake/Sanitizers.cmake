# CPPTLS_SANITIZE=ON builds every target with AddressSanitizer and UndefinedBehaviorSanitizer,
# and makes any UB report fatal so that ctest sees it.
if(CPPTLS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
