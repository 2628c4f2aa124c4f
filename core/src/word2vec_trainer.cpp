#include "embscope/word2vec_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "embscope/generator.hpp"

namespace embscope {
namespace {

constexpr int kSigmoidTableSize = 1000;
constexpr float kMaxExponent = 6.0f;
constexpr size_t kNoiseTableSize = 10'000'000;

// A hash of (seed, run position): subsampling and window sizes depend only on where a word is in
// the run, never on how the run is cut into steps, so stepping reproduces a run in one go.
uint64_t position_hash(uint64_t seed, int64_t position) {
  uint64_t z =
      seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(position) + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The two vector kernels of SGNS. The rows they touch never overlap (an input row, an output
// row, a scratch row), and saying so with __restrict lets the compiler vectorise them.
inline float dot(const float* __restrict a, const float* __restrict b, int n) {
  // Eight independent partial sums: the order is fixed (so runs stay reproducible) and the
  // compiler can keep them in one vector register.
  float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; ++k) partial[k] += a[i + k] * b[i + k];
  }
  float sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
              ((partial[4] + partial[5]) + (partial[6] + partial[7]));
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

inline void axpy(float alpha, const float* __restrict x, float* __restrict y, int n) {
  for (int i = 0; i < n; ++i) y[i] += alpha * x[i];
}

}  // namespace

// Per-thread state: word2vec.c's linear congruential generator and scratch vectors.
struct Word2VecTrainer::Worker {
  uint64_t random = 1;
  std::vector<float> hidden;
  std::vector<float> error;
  double loss = 0;
  int64_t pairs = 0;

  uint64_t next() {
    random = random * 25214903917ULL + 11;
    return random;
  }
};

Word2VecTrainer::~Word2VecTrainer() = default;

double Word2VecTrainer::keep_probability(int64_t count, int64_t total, double sample) {
  if (sample <= 0 || count <= 0) return 1.0;
  const double threshold = sample * static_cast<double>(total);
  const double f = static_cast<double>(count);
  return std::min(1.0, (std::sqrt(f / threshold) + 1.0) * threshold / f);
}

Word2VecTrainer::Word2VecTrainer(const Corpus& corpus, const TrainerOptions& options)
    : corpus_(corpus), options_(options), input_(Embedding::from_pretrained(RowMatrixXf(), false)) {
  if (options_.dim < 1 || options_.window < 1 || options_.negative < 0 || options_.epochs < 1) {
    throw std::invalid_argument("trainer: dim, window and epochs must be positive, negative >= 0");
  }
  if (corpus.vocabulary().empty())
    throw std::invalid_argument("trainer: the corpus vocabulary is empty");
  if (options_.min_lr < 0) options_.min_lr = options_.lr * 1e-4f;
  const int64_t vocab = corpus.vocabulary().size();

  // Input vectors: uniform in [-0.5/dim, 0.5/dim) as word2vec.c, from the torch-compatible
  // generator; output (context) vectors start at zero.
  Generator generator(options_.seed);
  RowMatrixXf init(vocab, options_.dim);
  for (Eigen::Index i = 0; i < init.size(); ++i) {
    init.data()[i] = (generator.uniform_float() - 0.5f) / static_cast<float>(options_.dim);
  }
  input_ = Embedding::from_pretrained(std::move(init), false);
  output_ = RowMatrixXf::Zero(vocab, options_.dim);

  // Noise table: word i fills a share count^0.75 / sum of count^0.75 of the slots.
  double total_power = 0;
  for (int64_t count : corpus.counts()) total_power += std::pow(static_cast<double>(count), 0.75);
  noise_table_.resize(
      std::min<size_t>(kNoiseTableSize, std::max<size_t>(1000, static_cast<size_t>(vocab) * 100)));
  int64_t word = 0;
  double cumulative = std::pow(static_cast<double>(corpus.counts()[0]), 0.75) / total_power;
  for (size_t slot = 0; slot < noise_table_.size(); ++slot) {
    noise_table_[slot] = static_cast<int32_t>(word);
    if (static_cast<double>(slot + 1) / static_cast<double>(noise_table_.size()) > cumulative &&
        word + 1 < vocab) {
      ++word;
      cumulative +=
          std::pow(static_cast<double>(corpus.counts()[static_cast<size_t>(word)]), 0.75) /
          total_power;
    }
  }

  int64_t total_count = 0;
  for (int64_t count : corpus.counts()) total_count += count;
  keep_.resize(static_cast<size_t>(vocab));
  for (int64_t i = 0; i < vocab; ++i) {
    keep_[static_cast<size_t>(i)] = static_cast<float>(
        keep_probability(corpus.counts()[static_cast<size_t>(i)], total_count, options_.sample));
  }

  sigmoid_table_.resize(kSigmoidTableSize + 1);
  for (int i = 0; i <= kSigmoidTableSize; ++i) {
    const float x = (static_cast<float>(i) / kSigmoidTableSize * 2 - 1) * kMaxExponent;
    sigmoid_table_[static_cast<size_t>(i)] = 1.0f / (1.0f + std::exp(-x));
  }

  total_words_ = static_cast<int64_t>(corpus.tokens().size()) * options_.epochs;
  const int threads = options_.threads > 0
                          ? options_.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  workers_.resize(static_cast<size_t>(threads));
  for (size_t t = 0; t < workers_.size(); ++t) {
    workers_[t].random = options_.seed * 1000003ULL + t;
    workers_[t].hidden.resize(static_cast<size_t>(options_.dim));
    workers_[t].error.resize(static_cast<size_t>(options_.dim));
  }
}

float Word2VecTrainer::learning_rate(int64_t position) const {
  const double progress =
      static_cast<double>(position) / static_cast<double>(std::max<int64_t>(1, total_words_));
  return std::max(options_.min_lr, static_cast<float>(options_.lr * (1.0 - progress)));
}

double Word2VecTrainer::noise_probability(int64_t id) const {
  const auto slots = std::count(noise_table_.begin(), noise_table_.end(), static_cast<int32_t>(id));
  return static_cast<double>(slots) / static_cast<double>(noise_table_.size());
}

// Trains corpus positions [begin, end) of the whole run (epochs laid end to end).
void Word2VecTrainer::train_range(Worker& worker, int64_t begin, int64_t end) {
  const auto& tokens = corpus_.tokens();
  const auto& starts = corpus_.sentence_starts();
  const auto corpus_size = static_cast<int64_t>(tokens.size());
  const int dim = options_.dim;
  float* syn0 = input_.weight().data();
  float* syn1 = output_.data();
  float* hidden = worker.hidden.data();
  float* error = worker.error.data();

  // Updates the output vectors for one (input, target) pair and its noise words; accumulates
  // the input's gradient in `error`. Returns the pair's loss.
  const auto train_pair = [&](const float* in, int64_t target, float lr) {
    double loss = 0;
    for (int d = 0; d <= options_.negative; ++d) {
      int64_t word;
      float label;
      if (d == 0) {
        word = target;
        label = 1;
      } else {
        word = noise_table_[(worker.next() >> 16) % noise_table_.size()];
        if (word == target) continue;
        label = 0;
      }
      float* out = syn1 + word * dim;
      const float f = dot(in, out, dim);
      float p;
      if (f > kMaxExponent) {
        p = 1;
      } else if (f < -kMaxExponent) {
        p = 0;
      } else {
        p = sigmoid_table_[static_cast<size_t>((f + kMaxExponent) *
                                               (kSigmoidTableSize / kMaxExponent / 2))];
      }
      const float g = (label - p) * lr;
      loss -= std::log(std::max(1e-7f, label > 0 ? p : 1 - p));
      axpy(g, out, error, dim);
      axpy(g, in, out, dim);
    }
    return loss;
  };

  int64_t position = begin;
  while (position < end) {
    const int64_t in_corpus = position % corpus_size;
    // The sentence holding this position.
    const auto sentence =
        std::upper_bound(starts.begin(), starts.end(), in_corpus) - starts.begin() - 1;
    const int64_t sentence_begin = starts[static_cast<size_t>(sentence)];
    const int64_t sentence_end = starts[static_cast<size_t>(sentence) + 1];
    // Subsampled sentence positions (word2vec drops frequent words before windowing).
    const int64_t stop = std::min(end, position + (sentence_end - in_corpus));
    const int64_t epoch_start = position - in_corpus;
    // One rate per sentence, from where the sentence starts in the run (not where a step starts).
    const float lr = learning_rate(epoch_start + sentence_begin);
    std::vector<int64_t> kept;
    kept.reserve(static_cast<size_t>(sentence_end - sentence_begin));
    for (int64_t i = sentence_begin; i < sentence_end; ++i) {
      const float keep = keep_[static_cast<size_t>(tokens[static_cast<size_t>(i)])];
      const auto draw =
          static_cast<float>(position_hash(options_.seed, epoch_start + i) & 0xFFFF) / 65536.0f;
      if (keep >= 1.0f || keep > draw) kept.push_back(i);
    }
    for (size_t k = 0; k < kept.size(); ++k) {
      const int64_t i = kept[k];
      if (i < in_corpus || i >= in_corpus + (stop - position)) continue;  // outside this step
      const int64_t word = tokens[static_cast<size_t>(i)];
      const int b = static_cast<int>((position_hash(options_.seed + 1, epoch_start + i) >> 20) %
                                     static_cast<uint64_t>(options_.window));
      const auto from = static_cast<int64_t>(k) - (options_.window - b);
      const auto to = static_cast<int64_t>(k) + (options_.window - b);
      if (options_.model == Word2VecModel::SkipGram) {
        for (int64_t j = std::max<int64_t>(0, from);
             j <= std::min<int64_t>(static_cast<int64_t>(kept.size()) - 1, to); ++j) {
          if (j == static_cast<int64_t>(k)) continue;
          const int64_t context = tokens[static_cast<size_t>(kept[static_cast<size_t>(j)])];
          float* in = syn0 + context * dim;
          std::fill(error, error + dim, 0.0f);
          worker.loss += train_pair(in, word, lr);
          ++worker.pairs;
          axpy(1.0f, error, in, dim);
        }
      } else {
        std::fill(hidden, hidden + dim, 0.0f);
        int count = 0;
        for (int64_t j = std::max<int64_t>(0, from);
             j <= std::min<int64_t>(static_cast<int64_t>(kept.size()) - 1, to); ++j) {
          if (j == static_cast<int64_t>(k)) continue;
          const float* in = syn0 + tokens[static_cast<size_t>(kept[static_cast<size_t>(j)])] * dim;
          for (int c = 0; c < dim; ++c) hidden[c] += in[c];
          ++count;
        }
        if (count == 0) continue;
        for (int c = 0; c < dim; ++c) hidden[c] /= static_cast<float>(count);
        std::fill(error, error + dim, 0.0f);
        worker.loss += train_pair(hidden, word, lr);
        ++worker.pairs;
        for (int64_t j = std::max<int64_t>(0, from);
             j <= std::min<int64_t>(static_cast<int64_t>(kept.size()) - 1, to); ++j) {
          if (j == static_cast<int64_t>(k)) continue;
          float* in = syn0 + tokens[static_cast<size_t>(kept[static_cast<size_t>(j)])] * dim;
          for (int c = 0; c < dim; ++c) in[c] += error[c];
        }
      }
    }
    position = stop;
  }
}

bool Word2VecTrainer::step(int64_t words) {
  if (finished()) return false;
  // progress().loss is the average over the latest step.
  for (Worker& worker : workers_) {
    worker.loss = 0;
    worker.pairs = 0;
  }
  const int64_t end = std::min(total_words_, position_ + std::max<int64_t>(1, words));
  const auto threads = static_cast<int64_t>(workers_.size());
  if (threads == 1 || end - position_ < 10000) {
    train_range(workers_[0], position_, end);
  } else {
    std::vector<std::thread> pool;
    for (int64_t t = 0; t < threads; ++t) {
      const int64_t begin = position_ + (end - position_) * t / threads;
      const int64_t stop = position_ + (end - position_) * (t + 1) / threads;
      pool.emplace_back(
          [this, t, begin, stop] { train_range(workers_[static_cast<size_t>(t)], begin, stop); });
    }
    for (auto& thread : pool) thread.join();
  }
  position_ = end;
  return !finished();
}

void Word2VecTrainer::train(const TaskControl& control) {
  constexpr int64_t kBlock = 1'000'000;
  while (!finished()) {
    control.throw_if_cancelled();
    step(kBlock);
    control.report(static_cast<uint64_t>(position_), static_cast<uint64_t>(total_words_));
  }
}

TrainingProgress Word2VecTrainer::progress() const {
  TrainingProgress p;
  p.words_done = position_;
  p.total_words = total_words_;
  const auto corpus_size = static_cast<int64_t>(corpus_.tokens().size());
  p.epoch = corpus_size > 0
                ? static_cast<int>(std::min<int64_t>(position_ / corpus_size, options_.epochs - 1))
                : 0;
  p.lr = learning_rate(position_);
  double loss = 0;
  int64_t pairs = 0;
  for (const Worker& w : workers_) {
    loss += w.loss;
    pairs += w.pairs;
  }
  p.loss = pairs > 0 ? loss / static_cast<double>(pairs) : 0.0;
  return p;
}

VectorSet Word2VecTrainer::vectors() const {
  VectorSet set;
  set.vocabulary = corpus_.vocabulary();
  set.vectors = input_.weight();
  set.counts = corpus_.counts();
  return set;
}

}  // namespace embscope
