#include "embscope/vectors/vocabulary.hpp"

#include <bit>
#include <functional>

#include "embscope/base/utf8.hpp"

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
    if (slots_[slot] != 0) continue;  // a repeated label: the index keeps its first row
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

bool Vocabulary::append(std::string label) {
  if ((words_.size() + 1) * 2 > slots_.size())
    grow(std::max<size_t>(words_.size() + 1, words_.size() * 2));
  const size_t hash = hash_of(label);
  const size_t slot = slot_of(label, hash);
  words_.push_back(std::move(label));
  if (slots_[slot] != 0) {
    ++repeated_rows_;
    return false;
  }
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

std::vector<int64_t> Vocabulary::rows_of(std::string_view word) const {
  const std::optional<int64_t> first = find(word);
  if (!first) return {};
  std::vector<int64_t> rows = {*first};
  if (repeated_rows_ == 0) return rows;
  for (auto row = static_cast<size_t>(*first) + 1; row < words_.size(); ++row) {
    if (words_[row] == word) rows.push_back(static_cast<int64_t>(row));
  }
  return rows;
}

std::string repeated_label_note(const Vocabulary& vocabulary, std::string_view word) {
  if (vocabulary.repeated_rows() == 0) return {};
  const std::vector<int64_t> rows = vocabulary.rows_of(word);
  if (rows.size() < 2) return {};
  constexpr size_t kListed = 10;
  std::string list;
  for (size_t i = 0; i < std::min(rows.size(), kListed); ++i)
    list += (i ? ", " : "") + std::to_string(rows[i]);
  if (rows.size() > kListed) list += ", ...";
  return std::to_string(rows.size()) + " rows are labelled \"" + escape_invalid_utf8(word) +
         "\" (rows " + list + ", counting from 0); using the first, row " +
         std::to_string(rows.front());
}

}  // namespace embscope
