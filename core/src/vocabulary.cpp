#include "embscope/vocabulary.hpp"

namespace embscope {

bool Vocabulary::add(std::string word) {
  auto [it, inserted] = index_.try_emplace(word, static_cast<int64_t>(words_.size()));
  if (!inserted) return false;
  words_.push_back(std::move(word));
  return true;
}

void Vocabulary::reserve(size_t count) {
  words_.reserve(count);
  index_.reserve(count);
}

std::optional<int64_t> Vocabulary::find(std::string_view word) const {
  auto it = index_.find(word);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace embscope
