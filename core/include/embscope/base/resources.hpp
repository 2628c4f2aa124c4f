// Locates the data files that ship with embscope (the default vector set, corpora, licences).
//
// Search order: $EMBSCOPE_RESOURCE_DIR, then `<executable>/../share/embscope` (installed), then the
// source tree's resources/ folder (developer builds).
//
//   std::filesystem::path glove = default_dataset_path();
#pragma once

#include <filesystem>
#include <string_view>

namespace embscope {

// Throws std::runtime_error listing the folders searched when the file is not found.
std::filesystem::path resource_path(std::string_view relative);

// The embedded default data set: GloVe 6B 100d, the 50,000 most frequent words.
std::filesystem::path default_dataset_path();

// The default training corpus: the Brown corpus, one sentence per line, lowercased (gzip).
std::filesystem::path default_corpus_path();

}  // namespace embscope
