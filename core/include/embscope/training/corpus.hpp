// A training corpus: text files split into whitespace tokens, a vocabulary of the frequent
// words with their counts, and the text as word ids, ready for the trainer.
//
// Sentences are the lines of the files; a line longer than `max_sentence` tokens is cut into
// pieces of that length, as word2vec.c cuts its token stream. Gzip files are read transparently.
//
//   CorpusOptions options;
//   options.min_count = 5;
//   Corpus corpus = Corpus::read({"brown.txt"}, options);
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/vectors/vocabulary.hpp"

namespace embscope {

struct CorpusOptions {
  int64_t min_count = 5;     // words seen fewer times are dropped (as in word2vec)
  int64_t max_vocab = -1;    // keep at most this many of the most frequent words
  bool lowercase = false;    // ASCII lowercase before counting
  int max_sentence = 10000;  // tokens per sentence at most
};

// The corpus options a user sets (CLI flags, Training panel), declared once.
namespace corpus_option {
inline constexpr OptionSpec<CorpusOptions, int64_t> min_count{.name = "min-count",
                                                              .help = "drop words seen fewer times",
                                                              .member = &CorpusOptions::min_count,
                                                              .min = 1,
                                                              .max = 1'000'000};
inline constexpr OptionSpec<CorpusOptions, int64_t> max_vocab{
    .name = "max-vocab",
    .help = "keep at most N most frequent words (-1: all)",
    .member = &CorpusOptions::max_vocab,
    .min = -1};
inline constexpr OptionSpec<CorpusOptions, bool> lowercase{
    .name = "lowercase", .help = "ASCII-lowercase the corpus", .member = &CorpusOptions::lowercase};
}  // namespace corpus_option

constexpr auto corpus_option_specs() {
  using namespace corpus_option;
  return std::tie(min_count, max_vocab, lowercase);
}

class Corpus {
 public:
  static Corpus read(const std::vector<std::filesystem::path>& files, const CorpusOptions& options,
                     const TaskControl& control = {});
  static Corpus from_text(std::string_view text, const CorpusOptions& options);

  const Vocabulary& vocabulary() const { return vocabulary_; }
  // counts()[id]: occurrences of word id in the text (descending by id).
  const std::vector<int64_t>& counts() const { return counts_; }
  // The kept tokens as word ids, sentence after sentence; sentence s is
  // tokens()[sentence_starts()[s] .. sentence_starts()[s + 1]).
  const std::vector<int32_t>& tokens() const { return tokens_; }
  const std::vector<int64_t>& sentence_starts() const { return sentence_starts_; }
  int64_t sentences() const { return static_cast<int64_t>(sentence_starts_.size()) - 1; }
  // All tokens of the text, dropped rare words included (what "raw words/s" counts).
  int64_t raw_words() const { return raw_words_; }

 private:
  Vocabulary vocabulary_;
  std::vector<int64_t> counts_;
  std::vector<int32_t> tokens_;
  std::vector<int64_t> sentence_starts_;
  int64_t raw_words_ = 0;
};

}  // namespace embscope
