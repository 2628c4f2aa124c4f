# Installs the build into a scratch prefix and checks what a desktop user gets.
#   cmake -DBUILD_DIR=... -DPREFIX=... -DGUI=ON|OFF -P check_install.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
set(expected bin/embscope-cli share/embscope/data/glove.6B.100d.top50k.txt.gz
    share/embscope/data/corpus/brown.txt.gz share/embscope/data/LICENSES.md)
if(GUI)
  list(APPEND expected bin/embscope share/applications/embscope.desktop
       share/icons/hicolor/scalable/apps/embscope.svg share/icons/hicolor/256x256/apps/embscope.png)
endif()
foreach(file IN LISTS expected)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
# The installed CLI finds its data beside itself (no source tree needed).
execute_process(COMMAND "${PREFIX}/bin/embscope-cli" info RESULT_VARIABLE result
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0 OR NOT out MATCHES "share/embscope/data/glove")
  message(FATAL_ERROR "installed embscope-cli info failed: ${out}${err}")
endif()
