# cpptls_module(NAME DIR <dir under src/> [DEPS targets...] [LIBS libs...] [EXCLUDE subdirs...]
#               [PUBLIC_HEADERS files...])
#
# Makes the static library cpptls_<NAME> from the sources under src/<DIR>. Its headers are
# published through a private include folder made of symbolic links
# (build/module-include/<NAME>/<DIR>/...), so `#include "<DIR>/x.hpp"` resolves only in targets
# that link this module. Modules link their dependencies PRIVATE and name each one, so an
# include that the architecture does not allow fails to compile (docs/design.md, "Layers").
function(cpptls_module name)
  cmake_parse_arguments(M "" "DIR" "DEPS;LIBS;EXCLUDE;PUBLIC_HEADERS" ${ARGN})
  set(root ${PROJECT_SOURCE_DIR}/src/${M_DIR})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${root}/*.cpp)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS ${root}/*.hpp)
  foreach(sub IN LISTS M_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "^${root}/${sub}/")
    list(FILTER headers EXCLUDE REGEX "^${root}/${sub}/")
  endforeach()

  set(include_root ${PROJECT_BINARY_DIR}/module-include/${name})
  set(private_root ${PROJECT_BINARY_DIR}/module-include-private/${name})
  file(REMOVE_RECURSE ${include_root} ${private_root})
  file(MAKE_DIRECTORY ${include_root})
  foreach(header IN LISTS headers)
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR}/src ${header})
    file(RELATIVE_PATH rel_in_module ${root} ${header})
    set(target_root ${include_root})
    if(M_PUBLIC_HEADERS AND NOT rel_in_module IN_LIST M_PUBLIC_HEADERS)
      set(target_root ${private_root})
    endif()
    get_filename_component(dir ${target_root}/${rel} DIRECTORY)
    file(MAKE_DIRECTORY ${dir})
    file(CREATE_LINK ${header} ${target_root}/${rel} SYMBOLIC)
  endforeach()

  if(sources)
    add_library(cpptls_${name} STATIC ${sources})
    target_include_directories(cpptls_${name} PUBLIC $<BUILD_INTERFACE:${include_root}>)
    if(M_PUBLIC_HEADERS)
      target_include_directories(cpptls_${name} PRIVATE ${private_root})
    endif()
    target_link_libraries(cpptls_${name} PRIVATE cpptls_warnings ${M_DEPS} ${M_LIBS})
    set_target_properties(cpptls_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  else()
    add_library(cpptls_${name} INTERFACE)
    target_include_directories(cpptls_${name} INTERFACE $<BUILD_INTERFACE:${include_root}>)
  endif()
  add_library(cpptls::${name} ALIAS cpptls_${name})
endfunction()
