# Runs COMMAND (a ;-list) and checks its exit code and output.
#   cmake -DCOMMAND=... -DEXPECT_EXIT=0 [-DEXPECT_OUTPUT=regex] [-DEXPECT_STDOUT_FILE=file]
#         [-DREMOVE_FIRST=file]
#         -P expect_command.cmake
if(DEFINED REMOVE_FIRST)
  file(REMOVE "${REMOVE_FIRST}")
endif()
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE exit_code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
message("exit code: ${exit_code}\nstdout:\n${out}\nstderr:\n${err}")
if(NOT "${exit_code}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}, got ${exit_code}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT "${out}${err}" MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "output does not match: ${EXPECT_OUTPUT}")
endif()
if(DEFINED EXPECT_STDOUT_FILE)
  file(READ "${EXPECT_STDOUT_FILE}" expected)
  if(NOT out STREQUAL expected)
    message(FATAL_ERROR "stdout differs from ${EXPECT_STDOUT_FILE}; expected:\n${expected}")
  endif()
endif()
