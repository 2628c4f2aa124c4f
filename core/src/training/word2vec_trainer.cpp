#include "embscope/training/word2vec_trainer.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

#include "base/worker_pool.hpp"
#include "embscope/base/atomic_file.hpp"
#include "embscope/torch/generator.hpp"
#include "embscope/training/sgns.hpp"

namespace embscope {
namespace {

// About 2 ms of skip-gram for one thread, against tens of microseconds to start it.
constexpr int64_t kMinWordsPerThread = 500;
constexpr int64_t kChunksPerThread = 4;

// A hash of (seed, run position): subsampling and window sizes depend only on where a word is in
// the run, never on how the run is cut into steps, so stepping reproduces a run in one go.
uint64_t position_hash(uint64_t seed, int64_t position) {
  uint64_t z =
      seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(position) + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

// Per-thread state: word2vec.c's linear congruential generator and scratch vectors.
struct Word2VecTrainer::Worker {
  uint64_t random = 1;
  std::vector<float> hidden;
  std::vector<float> error;
  std::vector<int64_t> contexts;     // the window's context words
  std::vector<float*> targets;       // output rows: the centre word's, then the noise words'
  std::vector<float*> next_targets;  // the next pair's, drawn (and prefetched) ahead

  double loss = 0;
  int64_t pairs = 0;
  std::vector<uint8_t> changed;  // per input row: updated since take_changed_rows()
  std::vector<int64_t> kept;     // the current sentence's positions left by subsampling

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

Word2VecTrainer::Word2VecTrainer(const Corpus& corpus, const TrainerOptions& options,
                                 const VectorSet* initial)
    : corpus_(corpus), options_(options), input_(Embedding::from_pretrained(RowMatrixXf(), false)) {
  if (options_.dim < 1 || options_.window < 1 || options_.negative < 0 || options_.epochs < 1) {
    throw std::invalid_argument("trainer: dim, window and epochs must be positive, negative >= 0");
  }
  // Bounds no real run comes near, so that a mistyped value (or a damaged checkpoint) is an
  // error rather than a run that never ends.
  if (options_.window > 10000 || options_.negative > 1000 || options_.threads > 1024) {
    throw std::invalid_argument(
        "trainer: window must be at most 10000, negative at most 1000, threads at most 1024");
  }
  if (!(options_.lr > 0 && std::isfinite(options_.lr)) || !std::isfinite(options_.min_lr) ||
      !(options_.sample >= 0 && std::isfinite(options_.sample))) {
    throw std::invalid_argument("trainer: lr must be a positive number and sample >= 0");
  }
  if (!(options_.norm_type > 0 && std::isfinite(options_.norm_type)))
    throw std::invalid_argument("trainer: norm_type must be a positive number");
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
  if (options_.padding_idx) {
    if (*options_.padding_idx < -vocab || *options_.padding_idx >= vocab) {
      throw std::invalid_argument("trainer: padding_idx " + std::to_string(*options_.padding_idx) +
                                  " is outside the vocabulary of " + std::to_string(vocab) +
                                  " words");
    }
    if (*options_.padding_idx < 0) *options_.padding_idx += vocab;
    // A new table's padding row is zero, as in torch; loaded vectors keep theirs.
    init.row(*options_.padding_idx).setZero();
  }
  if (initial != nullptr) {
    if (initial->dim() != options_.dim) {
      throw std::invalid_argument("trainer: the initial vectors have dimension " +
                                  std::to_string(initial->dim()) + ", the trainer " +
                                  std::to_string(options_.dim));
    }
    for (int64_t id = 0; id < vocab; ++id) {
      if (const auto row = initial->vocabulary.find(corpus.vocabulary().word(id))) {
        init.row(id) = initial->vectors.row(*row);
        ++pretrained_rows_;
      }
    }
  }
  EmbeddingOptions table_options;
  table_options.padding_idx = options_.padding_idx;
  table_options.max_norm = options_.max_norm;
  table_options.norm_type = options_.norm_type;
  input_ = Embedding::from_pretrained(std::move(init), options_.freeze, table_options);
  output_ = RowMatrixXf::Zero(vocab, options_.dim);

  // Noise distribution: word i with probability count^0.75 / sum of count^0.75, sampled with
  // Vose's alias method. Its table has one 8-byte cell per word and stays in L2 cache, where
  // word2vec's 100-slots-per-word table costs a cache miss per draw.
  std::vector<double> weight(static_cast<size_t>(vocab));
  double total_power = 0;
  for (int64_t id = 0; id < vocab; ++id) {
    weight[static_cast<size_t>(id)] =
        std::pow(static_cast<double>(corpus.counts()[static_cast<size_t>(id)]), 0.75);
    total_power += weight[static_cast<size_t>(id)];
  }
  noise_.resize(static_cast<size_t>(vocab));
  std::vector<int32_t> small, large;
  for (int64_t id = 0; id < vocab; ++id) {
    weight[static_cast<size_t>(id)] *= static_cast<double>(vocab) / total_power;
    (weight[static_cast<size_t>(id)] < 1.0 ? small : large).push_back(static_cast<int32_t>(id));
  }
  while (!small.empty() && !large.empty()) {
    const int32_t low = small.back();
    small.pop_back();
    const int32_t high = large.back();
    noise_[static_cast<size_t>(low)] = {static_cast<float>(weight[static_cast<size_t>(low)]), high};
    weight[static_cast<size_t>(high)] -= 1.0 - weight[static_cast<size_t>(low)];
    if (weight[static_cast<size_t>(high)] < 1.0) {
      large.pop_back();
      small.push_back(high);
    }
  }
  for (int32_t id : small) noise_[static_cast<size_t>(id)] = {1.0f, id};
  for (int32_t id : large) noise_[static_cast<size_t>(id)] = {1.0f, id};

  int64_t total_count = 0;
  for (int64_t count : corpus.counts()) total_count += count;
  keep_.resize(static_cast<size_t>(vocab));
  for (int64_t i = 0; i < vocab; ++i) {
    keep_[static_cast<size_t>(i)] = static_cast<float>(
        keep_probability(corpus.counts()[static_cast<size_t>(i)], total_count, options_.sample));
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
    const auto max_contexts = static_cast<size_t>(2 * options_.window);
    const auto max_targets = static_cast<size_t>(1 + options_.negative);
    workers_[t].changed.assign(static_cast<size_t>(vocab), 0);
    workers_[t].contexts.resize(max_contexts);
    workers_[t].targets.reserve(max_targets);
    workers_[t].next_targets.reserve(max_targets);
  }
}

float Word2VecTrainer::learning_rate(int64_t position) const {
  const double progress =
      static_cast<double>(position) / static_cast<double>(std::max<int64_t>(1, total_words_));
  return std::max(options_.min_lr, static_cast<float>(options_.lr * (1.0 - progress)));
}

double Word2VecTrainer::noise_probability(int64_t id) const {
  // Cell `id` gives `id` with its probability; every cell whose alias is `id` gives the rest.
  double cells = noise_[static_cast<size_t>(id)].keep;
  for (const NoiseCell& cell : noise_) {
    if (cell.alias == id && &cell != &noise_[static_cast<size_t>(id)]) cells += 1.0 - cell.keep;
  }
  return cells / static_cast<double>(noise_.size());
}

bool Word2VecTrainer::input_trainable(int64_t id) const {
  return !input_.frozen() && id != options_.padding_idx;
}

// Between steps every training thread waits for the snapshot; with the pool's threads sharing
// the copy, the wait on 16 cores fell from ~1.6 ms to a fraction (the copy of a 14,206 x 100
// table and the scan of the changed flags, each on one thread, were ~4% of the live view's time).
void Word2VecTrainer::for_each_slice(int64_t count,
                                     const std::function<void(int, int64_t, int64_t)>& work) {
  constexpr int64_t kMinSlice = 1024;
  const int64_t slices =
      pool_ ? std::clamp<int64_t>(count / kMinSlice, 1, pool_->size()) : int64_t{1};
  if (slices == 1) {
    work(0, 0, count);
    return;
  }
  pool_->run(static_cast<int>(slices),
             [&](int t) { work(t, count * t / slices, count * (t + 1) / slices); });
}

void Word2VecTrainer::copy_input_to(RowMatrixXf& destination) {
  const RowMatrixXf& weight = input_.weight();
  destination.resize(weight.rows(), weight.cols());
  for_each_slice(weight.rows(), [&](int, int64_t begin, int64_t end) {
    destination.middleRows(begin, end - begin) = weight.middleRows(begin, end - begin);
  });
}

std::vector<int64_t> Word2VecTrainer::take_changed_rows() {
  const auto vocab = static_cast<int64_t>(corpus_.vocabulary().size());
  std::vector<std::vector<int64_t>> slices(workers_.size());
  for_each_slice(vocab, [&](int slice, int64_t begin, int64_t end) {
    std::vector<int64_t>& rows = slices[static_cast<size_t>(slice)];
    for (int64_t id = begin; id < end; ++id) {
      const auto i = static_cast<size_t>(id);
      bool changed = false;
      for (Worker& worker : workers_) {
        changed = changed || worker.changed[i] != 0;
        worker.changed[i] = 0;
      }
      if (changed) rows.push_back(id);
    }
  });
  std::vector<int64_t> rows;  // slices are in id order
  for (auto& slice : slices) rows.insert(rows.end(), slice.begin(), slice.end());
  return rows;
}

// The centre word's output row, then `negative` noise rows (a draw equal to the word is skipped).
void Word2VecTrainer::draw_targets(Worker& worker, int64_t word, std::vector<float*>& targets) {
  const int dim = options_.dim;
  targets.clear();
  targets.push_back(output_.data() + word * dim);
  for (int d = 0; d < options_.negative; ++d) {
    const uint64_t draw = worker.next() >> 16;  // 48 good bits: 24 pick a cell, 24 the coin
    const NoiseCell& cell = noise_[(draw & 0xFFFFFF) % noise_.size()];
    const int64_t noise = static_cast<float>(draw >> 24) * (1.0f / 16777216.0f) < cell.keep
                              ? static_cast<int64_t>(&cell - noise_.data())
                              : cell.alias;
    if (noise != word) targets.push_back(output_.data() + noise * dim);
  }
}

// One skip-gram window: each context word predicts the centre word against noise words of its
// own, pair after pair, exactly as word2vec.c. What bounds word2vec.c's speed is waiting for the
// noise rows to come from memory, so the next pair's noise words are drawn one pair ahead and
// their rows prefetched while the current pair trains. (Sharing one set of noise words across
// the window, as Ji et al. 2016 do, was as fast but cost about 0.01 SimLex-999 on Brown.)
void Word2VecTrainer::train_window(Worker& worker, int64_t word, int contexts, float lr) {
  const int dim = options_.dim;
  draw_targets(worker, word, worker.targets);
  float* step = worker.error.data();
  for (int m = 0; m < contexts; ++m) {
    if (m + 1 < contexts) {
      draw_targets(worker, word, worker.next_targets);
      for (size_t r = 1; r < worker.next_targets.size(); ++r) {
        const char* row = reinterpret_cast<const char*>(worker.next_targets[r]);
        for (int offset = 0; offset < dim * 4; offset += 64) __builtin_prefetch(row + offset, 1);
      }
    }
    const int64_t context = worker.contexts[static_cast<size_t>(m)];
    float* in = input_.weight().data() + context * dim;
    if (options_.max_norm) renormalise_row(in, dim, *options_.max_norm, options_.norm_type);
    std::fill(step, step + dim, 0.0f);
    worker.loss += sgns_update(in, worker.targets, lr, dim, step, logistic_);
    if (input_trainable(context)) {
      sgns_detail::axpy(1.0f, step, in, dim);
      worker.changed[static_cast<size_t>(context)] = 1;
    }
    std::swap(worker.targets, worker.next_targets);
  }
  worker.pairs += contexts;
}

// Trains corpus positions [begin, end) of the whole run (epochs laid end to end).
void Word2VecTrainer::train_range(Worker& worker, int64_t begin, int64_t end) {
  const auto& tokens = corpus_.tokens();
  const auto& starts = corpus_.sentence_starts();
  const auto corpus_size = static_cast<int64_t>(tokens.size());
  const int dim = options_.dim;
  float* syn0 = input_.weight().data();
  float* hidden = worker.hidden.data();
  float* error = worker.error.data();

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
    // The worker's buffer: no allocation per sentence.
    std::vector<int64_t>& kept = worker.kept;
    kept.clear();
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
        int contexts = 0;
        for (int64_t j = std::max<int64_t>(0, from);
             j <= std::min<int64_t>(static_cast<int64_t>(kept.size()) - 1, to); ++j) {
          if (j == static_cast<int64_t>(k)) continue;
          worker.contexts[static_cast<size_t>(contexts++)] =
              tokens[static_cast<size_t>(kept[static_cast<size_t>(j)])];
        }
        if (contexts > 0) train_window(worker, word, contexts, lr);
      } else {
        std::fill(hidden, hidden + dim, 0.0f);
        int count = 0;
        for (int64_t j = std::max<int64_t>(0, from);
             j <= std::min<int64_t>(static_cast<int64_t>(kept.size()) - 1, to); ++j) {
          if (j == static_cast<int64_t>(k)) continue;
          float* in = syn0 + tokens[static_cast<size_t>(kept[static_cast<size_t>(j)])] * dim;
          if (options_.max_norm) renormalise_row(in, dim, *options_.max_norm, options_.norm_type);
          for (int c = 0; c < dim; ++c) hidden[c] += in[c];
          ++count;
        }
        if (count == 0) continue;
        for (int c = 0; c < dim; ++c) hidden[c] /= static_cast<float>(count);
        std::fill(error, error + dim, 0.0f);
        draw_targets(worker, word, worker.targets);
        worker.loss += sgns_update(hidden, worker.targets, lr, dim, error, logistic_);
        ++worker.pairs;
        for (int64_t j = std::max<int64_t>(0, from);
             j <= std::min<int64_t>(static_cast<int64_t>(kept.size()) - 1, to); ++j) {
          if (j == static_cast<int64_t>(k)) continue;
          const int64_t context = tokens[static_cast<size_t>(kept[static_cast<size_t>(j)])];
          if (!input_trainable(context)) continue;
          sgns_detail::axpy(1.0f, error, syn0 + context * dim, dim);
          worker.changed[static_cast<size_t>(context)] = 1;
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
  // Each thread gets at least kMinWordsPerThread positions: fewer cost more to start than to train.
  const int64_t threads = std::clamp<int64_t>((end - position_) / kMinWordsPerThread, 1,
                                              static_cast<int64_t>(workers_.size()));
  const auto start = std::chrono::steady_clock::now();
  if (threads == 1) {
    train_range(workers_[0], position_, end);
  } else {
    // Threads take the step's chunks as they finish their last one: a preempted thread, or one
    // that drew a slow stretch, holds up the end of the step by at most a chunk, not a quarter.
    const int64_t chunks = threads * kChunksPerThread;
    const int64_t first = position_;
    const int64_t length = end - position_;
    std::atomic<int64_t> next_chunk{0};
    // The threads stay between steps: the live view's steps last ~30 ms, and starting and
    // joining 15 threads for each one cost a few percent of the training.
    if (!pool_) pool_ = std::make_unique<detail::WorkerPool>(static_cast<int>(workers_.size()));
    pool_->run(static_cast<int>(threads), [&](int t) {
      for (int64_t c; (c = next_chunk.fetch_add(1)) < chunks;) {
        train_range(workers_[static_cast<size_t>(t)], first + length * c / chunks,
                    first + length * (c + 1) / chunks);
      }
    });
  }
  step_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  step_words_ += end - position_;
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
  p.words_per_second = step_seconds_ > 0 ? static_cast<double>(step_words_) / step_seconds_ : 0.0;
  return p;
}

VectorSet Word2VecTrainer::vectors() const {
  VectorSet set;
  set.vocabulary = corpus_.vocabulary();
  set.vectors = input_.weight();
  set.counts = corpus_.counts();
  return set;
}

namespace {

constexpr char kCheckpointMagic[8] = {'E', 'M', 'B', 'W', '2', 'V', 'C', 'K'};
// 2: a CRC-32 of everything before it ends the file (version 1 files, without it, still resume).
constexpr uint32_t kCheckpointVersion = 2;

uint32_t checksum(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes at most 4 GiB per call.
  for (size_t offset = 0; offset < bytes.size(); offset += 1u << 30) {
    const size_t length = std::min<size_t>(bytes.size() - offset, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + offset),
                static_cast<uInt>(length));
  }
  return static_cast<uint32_t>(crc);
}

// FNV-1a over the vocabulary and its counts: a checkpoint only resumes on the corpus it left.
uint64_t corpus_fingerprint(const Corpus& corpus) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&hash](const void* data, size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
  };
  for (int64_t id = 0; id < corpus.vocabulary().size(); ++id) {
    const std::string& word = corpus.vocabulary().word(id);
    mix(word.data(), word.size() + 1);  // with its terminating zero as a separator
    mix(&corpus.counts()[static_cast<size_t>(id)], sizeof(int64_t));
  }
  const auto tokens = static_cast<int64_t>(corpus.tokens().size());
  mix(&tokens, sizeof tokens);
  return hash;
}

class CheckpointWriter {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void put_floats(const float* data, Eigen::Index count) {
    bytes_.append(reinterpret_cast<const char*>(data), static_cast<size_t>(count) * sizeof(float));
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class CheckpointReader {
 public:
  CheckpointReader(std::string bytes, std::filesystem::path path)
      : bytes_(std::move(bytes)), path_(std::move(path)) {}
  template <typename T>
  T get(const char* what) {
    T value;
    take(&value, sizeof value, what);
    return value;
  }
  void get_floats(float* data, Eigen::Index count, const char* what) {
    take(data, static_cast<size_t>(count) * sizeof(float), what);
  }
  [[noreturn]] void fail(const std::string& message) const {
    throw std::runtime_error(path_.string() + ": " + message);
  }
  bool at_end() const { return offset_ == bytes_.size(); }
  size_t remaining() const { return bytes_.size() - offset_; }
  const std::string& bytes() const { return bytes_; }

 private:
  void take(void* out, size_t size, const char* what) {
    if (bytes_.size() - offset_ < size) {
      fail("truncated checkpoint at byte " + std::to_string(offset_) + " (expected " + what + ")");
    }
    std::memcpy(out, bytes_.data() + offset_, size);
    offset_ += size;
  }
  std::string bytes_;
  std::filesystem::path path_;
  size_t offset_ = 0;
};

}  // namespace

void Word2VecTrainer::save_checkpoint(const std::filesystem::path& path) const {
  CheckpointWriter out;
  out.put(kCheckpointMagic);
  out.put(kCheckpointVersion);
  out.put(corpus_fingerprint(corpus_));
  out.put(static_cast<int32_t>(options_.model));
  out.put(options_.dim);
  out.put(options_.window);
  out.put(options_.negative);
  out.put(options_.sample);
  out.put(options_.epochs);
  out.put(options_.lr);
  out.put(options_.min_lr);
  out.put(options_.seed);
  out.put(static_cast<uint8_t>(input_.frozen()));
  out.put(options_.padding_idx.value_or(-1));
  out.put(options_.max_norm.value_or(-1.0f));
  out.put(options_.norm_type);
  out.put(position_);
  out.put(pretrained_rows_);
  out.put(static_cast<int32_t>(workers_.size()));
  for (const Worker& worker : workers_) out.put(worker.random);
  out.put_floats(input_.weight().data(), input_.weight().size());
  out.put_floats(output_.data(), output_.size());
  out.put(checksum(out.bytes()));
  AtomicFile file(path);
  file.write(out.bytes());
  file.commit();
}

std::unique_ptr<Word2VecTrainer> Word2VecTrainer::resume(const Corpus& corpus,
                                                         const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw std::runtime_error(path.string() + ": cannot open the checkpoint");
  std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  CheckpointReader in(std::move(bytes), path);
  const auto magic = in.get<std::array<char, 8>>("the checkpoint signature");
  if (std::memcmp(magic.data(), kCheckpointMagic, sizeof kCheckpointMagic) != 0)
    in.fail("not an embscope training checkpoint");
  const auto version = in.get<uint32_t>("the version");
  if (version != 1 && version != kCheckpointVersion)
    in.fail("checkpoint version " + std::to_string(version) + " is not supported");
  if (in.get<uint64_t>("the corpus fingerprint") != corpus_fingerprint(corpus)) {
    in.fail("the checkpoint was made on another corpus (its vocabulary or size differs)");
  }
  TrainerOptions options;
  options.model = static_cast<Word2VecModel>(in.get<int32_t>("the model"));
  options.dim = in.get<int>("the dimension");
  options.window = in.get<int>("the window");
  options.negative = in.get<int>("the negative count");
  options.sample = in.get<double>("the sample threshold");
  options.epochs = in.get<int>("the epochs");
  options.lr = in.get<float>("the learning rate");
  options.min_lr = in.get<float>("the final learning rate");
  options.seed = in.get<uint64_t>("the seed");
  options.freeze = in.get<uint8_t>("the freeze flag") != 0;
  if (const auto padding = in.get<int64_t>("the padding index"); padding >= 0)
    options.padding_idx = padding;
  if (const auto max_norm = in.get<float>("max_norm"); max_norm >= 0) options.max_norm = max_norm;
  options.norm_type = in.get<float>("norm_type");
  const auto position = in.get<int64_t>("the position");
  const auto pretrained = in.get<int64_t>("the pretrained row count");
  options.threads = in.get<int32_t>("the thread count");
  if (options.model != Word2VecModel::SkipGram && options.model != Word2VecModel::Cbow)
    in.fail("unknown model in the checkpoint");
  if (options.dim < 1 || options.dim > (1 << 20) || options.threads < 1 || options.threads > 1024) {
    in.fail("the checkpoint's dimension or thread count is invalid");
  }
  // The size is checked before the tables are allocated, and the checksum before they are used.
  const uint64_t table_bytes = static_cast<uint64_t>(corpus.vocabulary().size()) *
                               static_cast<uint64_t>(options.dim) * sizeof(float);
  const uint64_t expected = static_cast<uint64_t>(options.threads) * sizeof(uint64_t) +
                            2 * table_bytes + (version >= 2 ? sizeof(uint32_t) : 0);
  if (in.remaining() < expected) {
    in.fail("truncated checkpoint: " + std::to_string(in.bytes().size()) + " bytes, expected " +
            std::to_string(in.bytes().size() - in.remaining() + expected));
  }
  if (in.remaining() > expected) in.fail("unexpected bytes after the output table");
  if (version >= 2) {
    const std::string_view bytes = in.bytes();
    uint32_t stored = 0;
    std::memcpy(&stored, bytes.data() + bytes.size() - sizeof stored, sizeof stored);
    if (stored != checksum(bytes.substr(0, bytes.size() - sizeof stored)))
      in.fail("the checkpoint is damaged (its checksum does not match)");
  }
  std::unique_ptr<Word2VecTrainer> trainer;
  try {
    trainer = std::make_unique<Word2VecTrainer>(corpus, options);
  } catch (const std::invalid_argument& error) {
    in.fail(std::string("the checkpoint's settings are invalid (") + error.what() + ")");
  }
  if (position < 0 || position > trainer->total_words_)
    in.fail("the checkpoint's position is outside the run");
  if (pretrained < 0 || pretrained > corpus.vocabulary().size())
    in.fail("the checkpoint's pretrained row count is outside the vocabulary");
  trainer->position_ = position;
  trainer->pretrained_rows_ = pretrained;
  for (Worker& worker : trainer->workers_) worker.random = in.get<uint64_t>("a worker state");
  in.get_floats(trainer->input_.weight().data(), trainer->input_.weight().size(),
                "the input table");
  in.get_floats(trainer->output_.data(), trainer->output_.size(), "the output table");
  if (version >= 2) in.get<uint32_t>("the checksum");
  if (!in.at_end()) in.fail("unexpected bytes after the output table");
  return trainer;
}

}  // namespace embscope
