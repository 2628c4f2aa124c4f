// Any vector file, format detected from its content as for a file the user opens: covers
// detection and gzip streams (valid or damaged) in front of every reader.
#include "embscope/vector_io.hpp"
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input");
  const embscope::ReadOptions options{.format = embscope::VectorFormat::Auto, .threads = 1};
  fuzz::expect_clean_failure([&] {
    const auto set = embscope::read_vectors(input.write(data, size), options);
    fuzz::check_vector_set(set, options);
  });
  return 0;
}
