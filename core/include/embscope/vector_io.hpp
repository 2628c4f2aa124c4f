// Reading and writing word-vector files.
//
// Formats (detected from content and extension, or chosen explicitly):
// - GloVe text (`word v1 ... vD`, no header), word2vec text (first line `count dim`) and fastText
//   `.vec` (word2vec text whose rows end with a space): parsed in parallel chunks with
//   std::from_chars; words may contain spaces (GloVe 840B) when the rest of the row is numbers.
// - word2vec binary (word2vec.c and gensim; records with or without a newline between them).
// - TensorFlow Embedding Projector TSV (`vectors.tsv`, numbers only) + `metadata.tsv` (one column
//   without a header, or several columns with a header row; the first column gives the words).
// - NumPy `.npy` (float16/32/64, C or Fortran order) and safetensors (a 2-D tensor chosen by name;
//   bf16/f16/f32/f64), with the words from a vocabulary file: `--vocab FILE`, or found beside the
//   matrix as `<name>.vocab.txt` or `vocab.txt`; without one, rows are named by their index.
// - any text format compressed with gzip.
// Every malformed input raises ParseError naming the file, the line (or byte offset) and what was
// expected. Writers go through AtomicFile: a failed or interrupted write leaves no half file.
//
//   ReadReport report;
//   VectorSet set = read_vectors("glove.6B.100d.txt.gz", {}, control, &report);
//   write_vectors(set, "glove.bin", {.format = VectorFormat::Word2VecBinary});
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "embscope/parse_error.hpp"
#include "embscope/task_control.hpp"
#include "embscope/vector_set.hpp"

namespace embscope {

enum class VectorFormat {
  Auto,            // detect from content and extension
  GloveText,       // no header line
  Word2VecText,    // header `count dim` (fastText .vec files are this format)
  Word2VecBinary,  // header `count dim`, then `word ` + dim little-endian float32 per row
  ProjectorTsv,    // tab-separated numbers, words in a metadata file
  Npy,             // NumPy array + vocabulary file
  Safetensors,     // safetensors tensor + vocabulary file
};

// The names used on the command line: glove, word2vec-text, word2vec-binary, projector-tsv,
// npy, safetensors (and auto).
std::string to_string(VectorFormat format);
// Accepts those names (and fasttext / vec for word2vec-text); nullopt for anything else.
std::optional<VectorFormat> vector_format_from_name(const std::string& name);
std::vector<std::string> vector_format_names();

struct ReadOptions {
  VectorFormat format = VectorFormat::Auto;
  int64_t limit = -1;                   // read at most this many rows; negative = all
  bool allow_non_finite = false;        // accept nan/inf values instead of rejecting the row
  bool lowercase = false;               // ASCII-lowercase words (later duplicates are then dropped)
  bool normalize = false;               // scale every row to unit L2 norm
  std::filesystem::path vocab_path;     // words for .npy / safetensors rows
  std::filesystem::path metadata_path;  // projector metadata.tsv
  std::string tensor_name;              // safetensors tensor; empty = pick the embedding
  int threads = 0;                      // 0 = one per hardware thread
};

struct ReadReport {
  VectorFormat format = VectorFormat::Auto;  // the format actually read
  bool compressed = false;
  int64_t duplicates_dropped = 0;  // later rows repeating an earlier word (the first is kept)
  int64_t invalid_utf8_words = 0;  // kept byte-exact, but reported
  std::string first_invalid_utf8;  // where the first one is, "line 12" / "row 12"
  std::string tensor_name;         // safetensors: the tensor read
  std::string vocabulary_source;   // where the words came from, for binary matrices
  uint64_t bytes = 0;              // bytes read (decompressed)
};

VectorSet read_vectors(const std::filesystem::path& path, const ReadOptions& options = {},
                       const TaskControl& control = {}, ReadReport* report = nullptr);

// Parses text already in memory; `path` is only used in error messages.
VectorSet parse_text_vectors(std::string_view text, const std::filesystem::path& path,
                             const ReadOptions& options = {}, const TaskControl& control = {},
                             ReadReport* report = nullptr);

// The format `read_vectors` would use for this file (content first, then the extension).
VectorFormat detect_vector_format(const std::filesystem::path& path);

struct WriteOptions {
  VectorFormat format = VectorFormat::Auto;  // Auto: from the extension (.bin, .tsv, .npy, ...)
};

// Writes `set` to `path`. Projector TSV also writes `<stem>.metadata.tsv` (or metadata.tsv beside
// vectors.tsv); .npy and safetensors also write `<stem>.vocab.txt`. Returns every file written.
std::vector<std::filesystem::path> write_vectors(const VectorSet& set,
                                                 const std::filesystem::path& path,
                                                 const WriteOptions& options = {},
                                                 const TaskControl& control = {});

// The format write_vectors picks for this path with format Auto.
VectorFormat format_for_extension(const std::filesystem::path& path);

}  // namespace embscope
