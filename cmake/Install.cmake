# `cmake --install <build> [--prefix DIR]`: what a user of the library gets.
#   include/cpptls/*.hpp                      the public API (and the generated version.hpp)
#   lib/libcpptls.a                           every product module's objects in one archive
#   lib/cmake/cpptls/cpptls*.cmake            find_package(cpptls) -> IMPORTED cpptls::cpptls
#   lib/pkgconfig/cpptls.pc                   pkg-config --cflags --libs cpptls
#   bin/cpptls                                the command-line tool
# Checked end to end by tests/packaging/package-test.sh (ctest -R packaging).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CPPTLS_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/cpptls)

# Only the public headers: include/cpptls holds nothing else, and its headers include only
# each other and the standard library (docs/design.md), so the install tree needs no
# internal header, OpenSSL header or tl/expected.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cpptls
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/generated/cpptls/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cpptls)

# libcpptls.a already bundles the objects of every module it needs (src/CMakeLists.txt), so
# the module libraries stay out of the export; its only link dependencies are libcrypto and
# threads, found again by cpptlsConfig.cmake.
set_target_properties(cpptls_lib PROPERTIES EXPORT_NAME cpptls)
install(TARGETS cpptls_lib EXPORT cpptlsTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET cpptls)  # the command-line tool (CPPTLS_BUILD_TOOLS)
  install(TARGETS cpptls RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT cpptlsTargets NAMESPACE cpptls:: FILE cpptlsTargets.cmake
        DESTINATION ${CPPTLS_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cpptlsConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/cpptlsConfig.cmake
                              INSTALL_DESTINATION ${CPPTLS_INSTALL_CMAKEDIR})
# Before 1.0 a minor version may change the API, so 0.1.x satisfies only a request for 0.1.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cpptlsConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cpptlsConfig.cmake
              ${PROJECT_BINARY_DIR}/cpptlsConfigVersion.cmake
        DESTINATION ${CPPTLS_INSTALL_CMAKEDIR})

# cpptls.pc finds the prefix from its own location (${pcfiledir}), so the files stay right
# when installed with `cmake --install --prefix DIR` to a prefix other than the configured one.
set(CPPTLS_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(CPPTLS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(CPPTLS_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(CPPTLS_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH pc_to_prefix /prefix/${CPPTLS_PC_DIR} /prefix)  # "../../"
  string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
  set(CPPTLS_PC_PREFIX "\${pcfiledir}/${pc_to_prefix}")
  set(CPPTLS_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(CPPTLS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/cpptls.pc.in ${PROJECT_BINARY_DIR}/cpptls.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cpptls.pc DESTINATION ${CPPTLS_PC_DIR})
