// Reading and writing word-vector files.
//
// Formats (detected from content and extension, or chosen explicitly):
// - GloVe text (`word v1 ... vD`, no header), word2vec text (first line `count dim`) and fastText
//   `.vec` (word2vec text whose rows end with a space): parsed in parallel chunks with
//   std::from_chars; words may contain spaces (GloVe 840B) when the rest of the row is numbers.
// - word2vec binary (word2vec.c and gensim; records with or without a newline between them).
// - TensorFlow Embedding Projector TSV (`vectors.tsv`, numbers only) + `metadata.tsv` (one column
//   without a header, or several columns with a header row; the first column gives the words).
//   A row is a point and its label is not a key: labels may repeat (class labels), every row is
//   kept, and every metadata column is kept in VectorSet::metadata (the one column of a
//   headerless file as "label"); a query by a repeated label uses its first row.
// - NumPy `.npy` (float16/32/64, C or Fortran order) and safetensors (a 2-D tensor chosen by name;
//   bf16/f16/f32/f64), with the words from a vocabulary file: `--vocab FILE`, or found beside the
//   matrix as `<name>.vocab.txt` or `vocab.txt`; without one, rows are named by their index.
// - any text format compressed with gzip.
// Every malformed input raises ParseError naming the file, the line (or byte offset) and what was
// expected. Writers go through AtomicFile: a failed or interrupted write leaves no half file.
// Writers are faithful or refuse: a file they write reads back with the same words, in the same
// order, and the same float32 values bit for bit (text is written with the shortest digits that
// read back as the same float), or they throw UnwritableRowError before writing anything.
//
//   ReadReport report;
//   VectorSet set = read_vectors("glove.6B.100d.txt.gz", {}, control, &report);
//   write_vectors(set, "glove.bin", {.format = VectorFormat::Word2VecBinary});
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "embscope/base/parse_error.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/vectors/vector_set.hpp"

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
// npy, safetensors (and auto), from the format table (embscope/vectors/format_registry.hpp).
std::string to_string(VectorFormat format);
// Accepts those names and the table's aliases (fasttext / vec for word2vec-text, ...); nullopt
// for anything else.
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
  int64_t repeated_labels = 0;     // projector rows whose label an earlier row has (all kept)
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

// A set that a format cannot hold so that it reads back the same, found before anything is
// written. Per format, a word may not contain:
// - GloVe / word2vec text: a space, tab, newline or carriage return, nor be empty (rows are split
//   on blanks); in GloVe (no header) the first word may not start with a byte-order mark, nor,
//   with dimension 1, make a first line of two whole numbers (a word2vec header);
// - word2vec binary: a space, newline or carriage return, nor be empty or over 10,000 bytes;
// - projector metadata.tsv (words and every metadata column): a tab, newline or carriage return;
//   with one column, the last word may not be empty (a blank last line);
// - the vocabulary file of .npy / safetensors: a newline or carriage return, a blank at either
//   end, nor be empty; and not every word may end in a blank and a whole number (the file would
//   read as `word count` lines).
// A byte-order mark may not start any file. Word-keyed formats (all but the projector's) refuse
// a word that an earlier row has (a repeated projector label): a reader would drop the row.
// Words that are not valid UTF-8, NBSP and other characters are written byte for byte.
class UnwritableRowError : public std::runtime_error {
 public:
  UnwritableRowError(int64_t row, const std::string& message)
      : std::runtime_error(message), row_(row) {}
  // The row that cannot be written, counting from 0 (-1 for a metadata column name); the message
  // counts from 1, as the readers' messages do.
  int64_t row() const { return row_; }

 private:
  int64_t row_;
};

struct WriteOptions {
  VectorFormat format = VectorFormat::Auto;  // Auto: from the extension (.bin, .tsv, .npy, ...)
};

// Writes `set` to `path`. Projector TSV also writes `<stem>.metadata.tsv` (or metadata.tsv beside
// vectors.tsv); .npy and safetensors also write `<stem>.vocab.txt`. Returns every file written.
// Throws UnwritableRowError (nothing written) for a set `format` cannot hold, std::runtime_error
// for an empty set or a failed write.
std::vector<std::filesystem::path> write_vectors(const VectorSet& set,
                                                 const std::filesystem::path& path,
                                                 const WriteOptions& options = {},
                                                 const TaskControl& control = {});

// The format write_vectors picks for this path with format Auto.
VectorFormat format_for_extension(const std::filesystem::path& path);

}  // namespace embscope
