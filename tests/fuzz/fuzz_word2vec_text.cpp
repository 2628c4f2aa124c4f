// word2vec text and fastText .vec (a `count dim` header, then rows), parsed from memory.
#include "vector_set_properties.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  embscope::fuzz::parse_text_with_each_option(
      std::string_view(reinterpret_cast<const char*>(data), size),
      embscope::VectorFormat::Word2VecText);
  return 0;
}
