#include "embscope/base/resources.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace embscope {
namespace {

std::vector<std::filesystem::path> resource_roots() {
  std::vector<std::filesystem::path> roots;
  if (const char* env = std::getenv("EMBSCOPE_RESOURCE_DIR"); env != nullptr && *env != '\0') {
    roots.emplace_back(env);
  }
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) roots.push_back(executable.parent_path().parent_path() / "share" / "embscope");
#ifdef EMBSCOPE_SOURCE_RESOURCE_DIR
  roots.emplace_back(EMBSCOPE_SOURCE_RESOURCE_DIR);
#endif
  return roots;
}

}  // namespace

std::filesystem::path resource_path(std::string_view relative) {
  std::string searched;
  for (const auto& root : resource_roots()) {
    const auto candidate = root / relative;
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
    searched += "\n  " + candidate.string();
  }
  throw std::runtime_error("cannot find the resource file '" + std::string(relative) +
                           "'; looked in:" + searched +
                           "\nSet EMBSCOPE_RESOURCE_DIR to the folder holding embscope's data.");
}

std::filesystem::path default_dataset_path() {
  return resource_path("data/glove.6B.100d.top50k.txt.gz");
}

std::filesystem::path default_corpus_path() {
  return resource_path("data/corpus/brown.txt.gz");
}

}  // namespace embscope
