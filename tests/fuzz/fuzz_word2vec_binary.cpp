// word2vec binary (word2vec.c and gensim), read from a file.
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input.bin");
  fuzz::read_and_check(input.write(data, size),
                       {.format = embscope::VectorFormat::Word2VecBinary, .threads = 1});
  return 0;
}
