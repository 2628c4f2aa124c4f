// GloVe text (word and values per line, no header), parsed from memory.
#include "embscope/vector_io.hpp"
#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Default options, then every option that changes what is kept.
  embscope::ReadOptions plain{.format = embscope::VectorFormat::GloveText, .threads = 1};
  embscope::ReadOptions changed = plain;
  changed.limit = 3;
  changed.allow_non_finite = true;
  changed.lowercase = true;
  changed.normalize = true;
  for (const embscope::ReadOptions& options : {plain, changed}) {
    fuzz::expect_clean_failure([&] {
      const auto set = embscope::parse_text_vectors(text, "input.txt", options);
      fuzz::check_vector_set(set, options);
    });
  }
  return 0;
}
