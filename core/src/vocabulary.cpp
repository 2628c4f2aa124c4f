#include "embscope/vocabulary.hpp"

#include <bit>
#include <functional>

namespace embscope {
namespace {

size_t hash_of(std::string_view word) {
  return std::hash<std::string_view>{}(word);
}

}  // namespace

size_t Vocabulary::slot_of(std::string_view word, size_t hash) const {
  const size_t mask = slots_.size() - 1;
  const auto tag = static_cast<uint32_t>(hash >> 32);
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {  // linear probing
    const int64_t stored = slots_[slot];
    if (stored == 0) return slot;
    if (slot_hashes_[slot] == tag && words_[static_cast<size_t>(stored - 1)] == word) return slot;
  }
}

void Vocabulary::grow(size_t capacity) {
  // At most half full, so probes stay short.
  const size_t size = std::bit_ceil(std::max<size_t>(16, capacity * 2));
  if (size <= slots_.size()) return;
  slots_.assign(size, 0);
  slot_hashes_.assign(size, 0);
  for (size_t row = 0; row < words_.size(); ++row) {
    const size_t hash = hash_of(words_[row]);
    const size_t slot = slot_of(words_[row], hash);
    slots_[slot] = static_cast<int64_t>(row) + 1;
    slot_hashes_[slot] = static_cast<uint32_t>(hash >> 32);
  }
}

bool Vocabulary::add(std::string word) {
  if ((words_.size() + 1) * 2 > slots_.size())
    grow(std::max<size_t>(words_.size() + 1, words_.size() * 2));
  const size_t hash = hash_of(word);
  const size_t slot = slot_of(word, hash);
  if (slots_[slot] != 0) return false;
  words_.push_back(std::move(word));
  slots_[slot] = static_cast<int64_t>(words_.size());
  slot_hashes_[slot] = static_cast<uint32_t>(hash >> 32);
  return true;
}

void Vocabulary::reserve(size_t count) {
  words_.reserve(count);
  grow(count);
}

std::optional<int64_t> Vocabulary::find(std::string_view word) const {
  if (slots_.empty()) return std::nullopt;
  const int64_t stored = slots_[slot_of(word, hash_of(word))];
  if (stored == 0) return std::nullopt;
  return stored - 1;
}

}  // namespace embscope
