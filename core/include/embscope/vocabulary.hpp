// The words of a vector set, in row order, with O(1) lookup from word to row index.
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
  void reserve(size_t count);

  std::optional<int64_t> find(std::string_view word) const;
  bool contains(std::string_view word) const { return find(word).has_value(); }

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
};

}  // namespace embscope
