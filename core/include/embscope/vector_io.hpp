// Reading word-vector files into a VectorSet.
//
// Text formats handled: GloVe (`word v1 ... vD`, no header), word2vec text (first line
// `count dim`), fastText `.vec` (word2vec text whose rows end with a space); each may be
// gzip-compressed. Text is parsed in parallel chunks with std::from_chars, and every malformed
// row raises a ParseError naming the file, the line and what was expected.
//
//   ReadOptions options;
//   options.limit = 10000;
//   ReadReport report;
//   VectorSet set = read_vectors("glove.6B.100d.txt.gz", options, control, &report);
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "embscope/parse_error.hpp"
#include "embscope/task_control.hpp"
#include "embscope/vector_set.hpp"

namespace embscope {

enum class VectorFormat {
  Auto,          // detect from content
  GloveText,     // no header line
  Word2VecText,  // header `count dim` (fastText .vec files are this format)
};

std::string to_string(VectorFormat format);

struct ReadOptions {
  VectorFormat format = VectorFormat::Auto;
  int64_t limit = -1;             // read at most this many rows; negative = all
  bool allow_non_finite = false;  // accept nan/inf values instead of rejecting the row
  int threads = 0;                // 0 = one per hardware thread
};

struct ReadReport {
  VectorFormat format = VectorFormat::Auto;  // the format actually read
  bool compressed = false;
  int64_t duplicates_dropped = 0;  // later rows repeating an earlier word (the first is kept)
  uint64_t bytes = 0;              // bytes of (decompressed) text parsed
};

VectorSet read_vectors(const std::filesystem::path& path, const ReadOptions& options = {},
                       const TaskControl& control = {}, ReadReport* report = nullptr);

// Parses text already in memory; `path` is only used in error messages.
VectorSet parse_text_vectors(std::string_view text, const std::filesystem::path& path,
                             const ReadOptions& options = {}, const TaskControl& control = {},
                             ReadReport* report = nullptr);

}  // namespace embscope
