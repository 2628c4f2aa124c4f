# Installs the build into a scratch prefix, then configures, builds and runs tests/consumer: a
# separate project that finds the core with find_package(embscope) and compiles with default
# flags. Fails when the package is missing, incomplete, or its usage requirements leave out a
# flag that changes the ABI.
#   cmake -DBUILD_DIR=... -DPREFIX=... -DSOURCE=... -DWORK=... -DCXX=... -P check_consumer.cmake
file(REMOVE_RECURSE "${PREFIX}" "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
# A clean environment for the consumer: nothing from this build's cache, the same compiler.
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}" -B "${WORK}" -G Ninja
                        -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${PREFIX}"
                        "-DCMAKE_CXX_COMPILER=${CXX}"
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed:\n${out}${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}"
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "building the consumer failed:\n${out}${err}")
endif()
execute_process(COMMAND "${WORK}/consumer" RESULT_VARIABLE result OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
message("${out}${err}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the consumer failed (${result})")
endif()
