# A scripted GUI run prints what it computed as embscope-cli prints it: runs the CLI's query
# (the peer), then the GUI's scripted run, and checks that the GUI's stdout holds the CLI's
# table line for line.
#   cmake "-DCLI=embscope-cli;args..." "-DGUI=embscope;args..." -P check_scripted_output.cmake
execute_process(COMMAND ${CLI} RESULT_VARIABLE cli_exit OUTPUT_VARIABLE expected
                ERROR_VARIABLE cli_err)
if(NOT cli_exit EQUAL 0 OR expected STREQUAL "")
  message(FATAL_ERROR "the CLI failed (${cli_exit}):\n${expected}\n${cli_err}")
endif()
execute_process(COMMAND ${GUI} RESULT_VARIABLE gui_exit OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("embscope exit code: ${gui_exit}\nstdout:\n${out}\nstderr:\n${err}\nexpected (embscope-cli):\n${expected}")
if(NOT gui_exit EQUAL 0)
  message(FATAL_ERROR "embscope exited with ${gui_exit}")
endif()
string(FIND "${out}" "${expected}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "embscope's stdout does not contain embscope-cli's table")
endif()
