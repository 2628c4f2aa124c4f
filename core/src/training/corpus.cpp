#include "embscope/training/corpus.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "embscope/base/file_bytes.hpp"

namespace embscope {
namespace {

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Calls visit(token) for every token and end_sentence() at every line end or every
// max_sentence tokens.
template <typename Token, typename End>
void tokenize(std::string_view text, int max_sentence, Token&& visit, End&& end_sentence) {
  int in_sentence = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '\n') {
      if (in_sentence > 0) end_sentence();
      in_sentence = 0;
      ++pos;
      continue;
    }
    if (is_space(c)) {
      ++pos;
      continue;
    }
    const size_t start = pos;
    while (pos < text.size() && text[pos] != '\n' && !is_space(text[pos])) ++pos;
    visit(text.substr(start, pos - start));
    if (++in_sentence >= max_sentence) {
      end_sentence();
      in_sentence = 0;
    }
  }
  if (in_sentence > 0) end_sentence();
}

std::string lower(std::string_view token) {
  std::string out(token);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Corpus Corpus::from_text(std::string_view text, const CorpusOptions& options) {
  if (options.max_sentence < 1) throw std::invalid_argument("max_sentence must be at least 1");
  Corpus corpus;
  // Pass 1: counts.
  std::unordered_map<std::string, int64_t, TransparentHash, std::equal_to<>> counts;
  tokenize(
      text, options.max_sentence,
      [&](std::string_view token) {
        ++corpus.raw_words_;
        if (options.lowercase) {
          ++counts[lower(token)];
        } else if (auto it = counts.find(token); it != counts.end()) {
          ++it->second;
        } else {
          counts.emplace(std::string(token), 1);
        }
      },
      [] {});
  // Vocabulary: frequent first (ties by word, so the order is deterministic).
  std::vector<std::pair<std::string, int64_t>> kept;
  for (auto& [word, count] : counts) {
    if (count >= options.min_count) kept.emplace_back(word, count);
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (options.max_vocab >= 0 && static_cast<int64_t>(kept.size()) > options.max_vocab) {
    kept.resize(static_cast<size_t>(options.max_vocab));
  }
  corpus.vocabulary_.reserve(kept.size());
  for (auto& [word, count] : kept) {
    corpus.vocabulary_.add(word);
    corpus.counts_.push_back(count);
  }
  // Pass 2: the text as ids, rare words dropped (as word2vec.c does when reading).
  corpus.sentence_starts_.push_back(0);
  tokenize(
      text, options.max_sentence,
      [&](std::string_view token) {
        const auto id = options.lowercase ? corpus.vocabulary_.find(lower(token))
                                          : corpus.vocabulary_.find(token);
        if (id) corpus.tokens_.push_back(static_cast<int32_t>(*id));
      },
      [&] {
        if (static_cast<int64_t>(corpus.tokens_.size()) > corpus.sentence_starts_.back()) {
          corpus.sentence_starts_.push_back(static_cast<int64_t>(corpus.tokens_.size()));
        }
      });
  return corpus;
}

Corpus Corpus::read(const std::vector<std::filesystem::path>& files, const CorpusOptions& options,
                    const TaskControl& control) {
  if (files.empty()) throw std::invalid_argument("no corpus files given");
  std::string text;
  for (size_t i = 0; i < files.size(); ++i) {
    const FileBytes bytes = FileBytes::open(files[i], control);
    text.append(bytes.view());
    if (!text.empty() && text.back() != '\n') text += '\n';
    control.report(i + 1, files.size());
  }
  Corpus corpus = from_text(text, options);
  if (corpus.vocabulary_.empty()) {
    throw std::runtime_error(files.front().string() + ": no word occurs at least " +
                             std::to_string(options.min_count) +
                             " times (lower min_count, or give a larger corpus)");
  }
  return corpus;
}

}  // namespace embscope
