// safetensors files: the JSON header, the tensor chosen and its dtype.
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input.safetensors");
  fuzz::read_and_check(input.write(data, size),
                       {.format = embscope::VectorFormat::Safetensors, .threads = 1});
  return 0;
}
