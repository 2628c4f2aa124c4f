// word2vec binary (word2vec.c and gensim), read from a file.
#include "embscope/vector_io.hpp"
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input.bin");
  const embscope::ReadOptions options{.format = embscope::VectorFormat::Word2VecBinary,
                                      .threads = 1};
  fuzz::expect_clean_failure([&] {
    const auto set = embscope::read_vectors(input.write(data, size), options);
    fuzz::check_vector_set(set, options);
  });
  return 0;
}
