// NumPy .npy matrices (rows named by index: no vocabulary file beside it).
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input.npy");
  fuzz::read_and_check(input.write(data, size),
                       {.format = embscope::VectorFormat::Npy, .threads = 1});
  return 0;
}
