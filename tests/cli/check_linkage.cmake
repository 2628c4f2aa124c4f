# Checks what an executable links at run time (ldd): never Qt 5; optionally no Qt/VTK at all.
#   cmake -DBINARY=path [-DFORBID_QT_AND_VTK=ON] -P check_linkage.cmake
execute_process(COMMAND ldd "${BINARY}" OUTPUT_VARIABLE libraries RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ldd failed on ${BINARY}")
endif()
message("${libraries}")
if(libraries MATCHES "libQt5")
  message(FATAL_ERROR "${BINARY} loads a Qt 5 library")
endif()
if(FORBID_QT_AND_VTK AND libraries MATCHES "libQt6|libvtk")
  message(FATAL_ERROR "${BINARY} must not load Qt or VTK")
endif()
