// The words of a vector set, in row order, with O(1) lookup from word to row index.
//
// In word-keyed formats (word2vec, GloVe, fastText) a word names one vector: add() refuses a
// word already present. In the TensorFlow projector format a row is a point and its label is not
// a key (class labels repeat): append() keeps every row, and find() gives the first row with the
// label, as the projector's own search does; rows_of() lists them all.
//
// Words are kept byte-exact (UTF-8 is never normalised or re-encoded). The index is an
// open-addressing table of row numbers (no node or key copy per word), which keeps building a
// 400,000-word vocabulary cheap.
//
//   Vocabulary vocab;
//   vocab.add("cat");                  // -> true, row 0
//   std::optional<int64_t> row = vocab.find("cat");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embscope {

class Vocabulary {
 public:
  Vocabulary() = default;

  // Appends a word as the next row. Returns false (and changes nothing) if it is already present.
  bool add(std::string word);
  // Appends a label as the next row even when an earlier row has it (find() keeps giving that
  // first row). Returns false when the label repeats an earlier row's.
  bool append(std::string label);
  void reserve(size_t count);

  // The first row with this word.
  std::optional<int64_t> find(std::string_view word) const;
  bool contains(std::string_view word) const { return find(word).has_value(); }
  // Every row with this word, in order: empty, one row, or several for a repeated label.
  // O(rows) when the vocabulary has repeated labels, O(1) otherwise.
  std::vector<int64_t> rows_of(std::string_view word) const;
  // Rows whose word an earlier row already has (0 unless labels were appended).
  int64_t repeated_rows() const { return repeated_rows_; }

  const std::string& word(int64_t index) const { return words_.at(static_cast<size_t>(index)); }
  const std::vector<std::string>& words() const { return words_; }
  int64_t size() const { return static_cast<int64_t>(words_.size()); }
  bool empty() const { return words_.empty(); }

 private:
  // Slot of `word` in slots_: where it is stored, or the empty slot where it would go.
  size_t slot_of(std::string_view word, size_t hash) const;
  void grow(size_t capacity);

  std::vector<std::string> words_;
  std::vector<int64_t> slots_;         // row + 1, or 0 for empty; size is a power of two
  std::vector<uint32_t> slot_hashes_;  // low bits of each stored word's hash, to skip compares
  int64_t repeated_rows_ = 0;          // rows not in the index: their word is an earlier row's
};

// One line for a query by a label that several rows share, naming the row used and the others,
// e.g. `4 rows are labelled "none" (rows 0, 3, 7, 9, counting from 0); using the first, row 0`;
// empty when at most one row has `word`. The label is quoted with escape_invalid_utf8.
std::string repeated_label_note(const Vocabulary& vocabulary, std::string_view word);

}  // namespace embscope
