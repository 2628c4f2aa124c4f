// Any vector file, format detected from its content as for a file the user opens: covers
// detection and gzip streams (valid or damaged) in front of every reader.
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input");
  fuzz::read_and_check(input.write(data, size),
                       {.format = embscope::VectorFormat::Auto, .threads = 1});
  return 0;
}
