// TensorFlow Embedding Projector files: the input is `vectors.tsv`, a NUL byte, then
// `metadata.tsv` (without a NUL, no metadata file: rows are named by index).
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile vectors("vectors.tsv");
  static const fuzz::InputFile metadata("metadata.tsv");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const size_t separator = bytes.find('\0');
  vectors.write(bytes.substr(0, separator));
  std::filesystem::remove(metadata.path());
  if (separator != std::string_view::npos) metadata.write(bytes.substr(separator + 1));
  fuzz::read_and_check(vectors.path(),
                       {.format = embscope::VectorFormat::ProjectorTsv, .threads = 1});
  return 0;
}
