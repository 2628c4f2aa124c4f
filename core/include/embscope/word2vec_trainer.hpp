// Word2VecTrainer: skip-gram and CBOW with negative sampling (Mikolov et al. 2013), the
// algorithms of word2vec.c: frequent-word subsampling, a dynamic window, noise words drawn from
// the unigram distribution raised to 0.75, a linear learning-rate decay from `lr` to `min_lr`
// over the whole run, and lock-free (Hogwild) threads.
//
// The input table is a core Embedding (word2vec's uniform init, drawn from the torch-compatible
// Generator), so what the GUI shows about embeddings applies to it. Training can run to the end
// or in steps of N corpus words, which the GUI uses to animate the space; with one thread and a
// seed every run is bit-for-bit the same.
//
//   Word2VecTrainer trainer(corpus, {.dim = 100, .epochs = 5});
//   while (trainer.step(100000)) show(trainer.progress());
//   VectorSet vectors = trainer.vectors();
#pragma once

#include <cstdint>
#include <vector>

#include "embscope/corpus.hpp"
#include "embscope/embedding.hpp"
#include "embscope/task_control.hpp"
#include "embscope/vector_set.hpp"

namespace embscope {

enum class Word2VecModel { SkipGram, Cbow };

struct TrainerOptions {
  Word2VecModel model = Word2VecModel::SkipGram;
  int dim = 100;
  int window = 5;
  int negative = 5;
  double sample = 1e-3;
  int epochs = 5;
  float lr = 0.025f;
  float min_lr = -1;  // < 0: lr / 10,000, as word2vec.c
  int threads = 0;    // 0: one per hardware thread
  uint64_t seed = 1;
};

struct TrainingProgress {
  int64_t words_done = 0;   // corpus positions processed, over all epochs
  int64_t total_words = 0;  // epochs x corpus tokens
  int epoch = 0;            // 0-based epoch of the next word
  float lr = 0;
  double loss = 0;  // average SGNS loss per trained pair over the latest step
  double fraction() const {
    return total_words > 0 ? static_cast<double>(words_done) / total_words : 1.0;
  }
};

class Word2VecTrainer {
 public:
  // Keeps a reference to `corpus`, which must outlive the trainer.
  Word2VecTrainer(const Corpus& corpus, const TrainerOptions& options);
  ~Word2VecTrainer();
  Word2VecTrainer(const Word2VecTrainer&) = delete;
  Word2VecTrainer& operator=(const Word2VecTrainer&) = delete;

  // Trains on the next `words` corpus positions. Returns false once the run is complete.
  bool step(int64_t words);
  // Trains to the end, reporting progress in words; cancellable between blocks.
  void train(const TaskControl& control = {});
  bool finished() const { return position_ >= total_words_; }

  TrainingProgress progress() const;
  const Embedding& input() const { return input_; }
  const RowMatrixXf& output() const { return output_; }
  VectorSet vectors() const;

  // word2vec's subsampling: the probability that a word seen `count` times out of `total` is
  // kept: (sqrt(f / (sample * total)) + 1) * sample * total / f (at most 1).
  static double keep_probability(int64_t count, int64_t total, double sample);
  // The probability that a noise draw picks word `id` (from the sampling table).
  double noise_probability(int64_t id) const;

 private:
  struct Worker;
  void train_range(Worker& worker, int64_t begin, int64_t end);
  float learning_rate(int64_t position) const;

  const Corpus& corpus_;
  TrainerOptions options_;
  Embedding input_;
  RowMatrixXf output_;
  std::vector<int32_t> noise_table_;
  std::vector<float> keep_;  // per word id
  std::vector<float> sigmoid_table_;
  int64_t total_words_ = 0;
  int64_t position_ = 0;
  std::vector<Worker> workers_;
};

}  // namespace embscope
