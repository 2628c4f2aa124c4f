// The words of a vector set, in row order, with O(1) lookup from word to row index.
//
// Words are kept byte-exact (UTF-8 is never normalised or re-encoded).
//
//   Vocabulary vocab;
//   vocab.add("cat");                  // -> true, row 0
//   std::optional<int64_t> row = vocab.find("cat");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  struct TransparentHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::vector<std::string> words_;
  std::unordered_map<std::string, int64_t, TransparentHash, std::equal_to<>> index_;
};

}  // namespace embscope
