# The core's concept areas and the order between them: a file of an area may include headers of
# its own area and of the areas listed after it, nothing else (no Qt, no VTK, no higher area).
# Lower areas know nothing of higher ones, so each can be read, tested and reused on its own.
#
#   base        matrices, tasks (progress/cancel), files, errors, UTF-8 text rules
#   vectors     vocabularies, loaded tables, the formats that read and write them
#   torch       torch's generator, nn.Embedding, optimisers, torch's print layout
#   space       nearest neighbours, queries, word arithmetic, benchmarks, CSV tables
#   projection  PCA, custom axes, clusters, per-point values, picking
#   training    corpora, SGNS, word2vec, training in the background
#
# Used twice: included by core/CMakeLists.txt (configuring fails on a violation) and run as the
# test core.layer_order (`cmake -DCORE_DIR=... -P check_layers.cmake`), so an include added after
# configuring fails the suite too.
cmake_policy(SET CMP0057 NEW) # if(... IN_LIST ...), also when run with -P
set(embscope_layer_deps_base "")
set(embscope_layer_deps_vectors base)
set(embscope_layer_deps_torch base)
set(embscope_layer_deps_space base vectors)
set(embscope_layer_deps_projection base vectors torch space)
set(embscope_layer_deps_training base vectors torch)
set(embscope_layers base vectors torch space projection training)

function(embscope_check_layers core_dir)
  get_filename_component(core_dir "${core_dir}" ABSOLUTE)
  set(violations "")
  foreach(layer IN LISTS embscope_layers)
    set(allowed ${layer} ${embscope_layer_deps_${layer}})
    file(GLOB_RECURSE files "${core_dir}/include/embscope/${layer}/*" "${core_dir}/src/${layer}/*")
    foreach(file IN LISTS files)
      file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
      foreach(line IN LISTS lines)
        # Public headers: "embscope/<area>/x.hpp"; private ones under src: "<area>/x.hpp".
        if(line MATCHES "#[ \t]*include[ \t]*[<\"](embscope/)?([a-z_]+)/[^>\"]+[>\"]")
          set(target ${CMAKE_MATCH_2})
          if(target IN_LIST embscope_layers AND NOT target IN_LIST allowed)
            file(RELATIVE_PATH rel "${core_dir}" "${file}")
            list(APPEND violations "  core/${rel} (${layer}) includes ${target}: ${line}")
          endif()
        endif()
        if(line MATCHES "[<\"](Q[A-Za-z]+|vtk[A-Za-z0-9]+\\.h)")
          file(RELATIVE_PATH rel "${core_dir}" "${file}")
          list(APPEND violations "  core/${rel} includes Qt or VTK: ${line}")
        endif()
      endforeach()
    endforeach()
  endforeach()
  # Every file belongs to an area: nothing directly under include/embscope or src.
  file(GLOB stray "${core_dir}/include/embscope/*.*" "${core_dir}/src/*.*")
  foreach(file IN LISTS stray)
    list(APPEND violations "  ${file} is in no area (put it in one of: ${embscope_layers})")
  endforeach()
  if(violations)
    list(JOIN violations "\n" text)
    message(FATAL_ERROR "core layer order broken (see core/cmake/check_layers.cmake):\n${text}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND CORE_DIR)
  embscope_check_layers("${CORE_DIR}")
  message(STATUS "core layer order holds")
endif()
