// Word2VecTrainer: skip-gram and CBOW with negative sampling (Mikolov et al. 2013), the
// algorithms of word2vec.c: frequent-word subsampling, a dynamic window, noise words drawn from
// the unigram distribution raised to 0.75, a linear learning-rate decay from `lr` to `min_lr`
// over the whole run, and lock-free (Hogwild) threads.
//
// The input table is a core Embedding (word2vec's uniform init, drawn from the torch-compatible
// Generator, or rows of loaded vectors to fine-tune), with its semantics kept: a frozen table
// is never updated, the padding row never receives a gradient, rows above max_norm are
// renormalised when they are looked up. Training can run to the end or in steps of N corpus
// words, which the GUI uses to animate the space; with one thread and a seed every run is
// bit-for-bit the same, and a checkpoint resumes it exactly.
//
//   Word2VecTrainer trainer(corpus, {.dim = 100, .epochs = 5});
//   while (trainer.step(100000)) show(trainer.progress());
//   VectorSet vectors = trainer.vectors();
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/torch/embedding.hpp"
#include "embscope/training/corpus.hpp"
#include "embscope/training/sgns.hpp"
#include "embscope/vectors/vector_set.hpp"

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
  // nn.Embedding semantics for the input table.
  bool freeze = false;
  std::optional<int64_t> padding_idx = std::nullopt;  // negative counts from the end
  std::optional<float> max_norm = std::nullopt;
  float norm_type = 2.0f;
};

// The options a user sets (CLI flags, Training panel, checkpoint), declared once: the defaults
// are the initializers above. dim 100 for the CLI and the GUI alike: the default data set is
// GloVe 100d, so a trained space and a fine-tune of it have its shape (the panel's 50 was only
// quicker). threads 0 is every hardware thread; the panel starts one lower (see training_panel).
namespace trainer_option {
inline constexpr OptionChoice<Word2VecModel> kModels[] = {{"skipgram", Word2VecModel::SkipGram},
                                                          {"cbow", Word2VecModel::Cbow},
                                                          {"sg", Word2VecModel::SkipGram}};
inline constexpr OptionSpec<TrainerOptions, Word2VecModel> model{
    .name = "model",
    .help = "word2vec architecture (sg is skipgram)",
    .member = &TrainerOptions::model,
    .choices = kModels};
inline constexpr OptionSpec<TrainerOptions, int> dim{.name = "dim",
                                                     .help = "vector dimension",
                                                     .member = &TrainerOptions::dim,
                                                     .min = 2,
                                                     .max = 1000};
inline constexpr OptionSpec<TrainerOptions, int> window{
    .name = "window",
    .help = "largest context window (words each side)",
    .member = &TrainerOptions::window,
    .min = 1,
    .max = 50};
inline constexpr OptionSpec<TrainerOptions, int> negative{.name = "negative",
                                                          .help = "noise words per pair",
                                                          .member = &TrainerOptions::negative,
                                                          .min = 0,
                                                          .max = 50};
inline constexpr OptionSpec<TrainerOptions, double> sample{
    .name = "sample",
    .help = "subsampling threshold of frequent words (0: off)",
    .member = &TrainerOptions::sample,
    .min = 0.0,
    .max = 1.0};
inline constexpr OptionSpec<TrainerOptions, int> epochs{.name = "epochs",
                                                        .help = "passes over the corpus",
                                                        .member = &TrainerOptions::epochs,
                                                        .min = 1,
                                                        .max = 100};
inline constexpr OptionSpec<TrainerOptions, float> lr{
    .name = "lr",
    .help = "starting learning rate (decays linearly)",
    .member = &TrainerOptions::lr,
    .min = 0.0001f,
    .max = 1.0f};
inline constexpr OptionSpec<TrainerOptions, int> threads{
    .name = "threads",
    .help = "training threads (0: one per hardware thread)",
    .member = &TrainerOptions::threads,
    .min = 0,
    .max = 256};
inline constexpr OptionSpec<TrainerOptions, uint64_t> seed{
    .name = "seed",
    .help = "random seed (one thread and a seed: the same run every time)",
    .member = &TrainerOptions::seed,
    .min = 0,
    .max = 2'147'483'647};
}  // namespace trainer_option

constexpr auto trainer_option_specs() {
  using namespace trainer_option;
  return std::tie(model, dim, window, negative, sample, epochs, lr, threads, seed);
}

struct TrainingProgress {
  int64_t words_done = 0;   // corpus positions processed, over all epochs
  int64_t total_words = 0;  // epochs x corpus tokens
  int epoch = 0;            // 0-based epoch of the next word
  float lr = 0;
  double loss = 0;              // average SGNS loss per trained pair over the latest step
  double words_per_second = 0;  // corpus positions per second of step() time
  double fraction() const {
    return total_words > 0 ? static_cast<double>(words_done) / total_words : 1.0;
  }
};

namespace detail {
class WorkerPool;
}

class Word2VecTrainer {
 public:
  // Keeps a reference to `corpus`, which must outlive the trainer. With `initial`, the rows of
  // words it holds start from its vectors (same dimension required), the others at random.
  Word2VecTrainer(const Corpus& corpus, const TrainerOptions& options,
                  const VectorSet* initial = nullptr);
  ~Word2VecTrainer();
  Word2VecTrainer(const Word2VecTrainer&) = delete;
  Word2VecTrainer& operator=(const Word2VecTrainer&) = delete;

  // Trains on the next `words` corpus positions. Returns false once the run is complete.
  bool step(int64_t words);
  // Trains to the end, reporting progress in words; cancellable between blocks.
  void train(const TaskControl& control = {});
  bool finished() const { return position_ >= total_words_; }

  TrainingProgress progress() const;
  const TrainerOptions& options() const { return options_; }
  const Corpus& corpus() const { return corpus_; }
  // Rows of the input table that `initial` supplied.
  int64_t pretrained_rows() const { return pretrained_rows_; }
  // Input rows updated since the previous call (sorted); call between steps.
  std::vector<int64_t> take_changed_rows();
  // The input table, copied by the step's threads; call between steps.
  void copy_input_to(RowMatrixXf& destination);

  // Everything needed to continue exactly where the run is: options, position, the generators
  // of the workers, both tables. Written atomically.
  void save_checkpoint(const std::filesystem::path& path) const;
  // Continues a run from a checkpoint of a trainer on the same corpus (checked: token count and
  // vocabulary); throws std::runtime_error naming the file when it is not such a checkpoint.
  static std::unique_ptr<Word2VecTrainer> resume(const Corpus& corpus,
                                                 const std::filesystem::path& path);
  const Embedding& input() const { return input_; }
  const RowMatrixXf& output() const { return output_; }
  VectorSet vectors() const;

  // word2vec's subsampling: the probability that a word seen `count` times out of `total` is
  // kept: (sqrt(f / (sample * total)) + 1) * sample * total / f (at most 1).
  static double keep_probability(int64_t count, int64_t total, double sample);
  // The probability that a noise draw picks word `id` (from the alias table).
  double noise_probability(int64_t id) const;

 private:
  struct Worker;
  // work(slice, begin, end) over consecutive slices of [0, count), numbered from 0, on the
  // step's threads when they are running.
  void for_each_slice(int64_t count, const std::function<void(int, int64_t, int64_t)>& work);
  void train_range(Worker& worker, int64_t begin, int64_t end);
  void train_window(Worker& worker, int64_t word, int contexts, float lr);
  void draw_targets(Worker& worker, int64_t word, std::vector<float*>& targets);
  float learning_rate(int64_t position) const;
  bool input_trainable(int64_t id) const;

  const Corpus& corpus_;
  TrainerOptions options_;
  Embedding input_;
  RowMatrixXf output_;
  struct NoiseCell {
    float keep;     // probability that the cell gives its own word
    int32_t alias;  // the word it gives otherwise
  };
  std::vector<NoiseCell> noise_;
  std::vector<float> keep_;  // per word id
  LogisticTable logistic_;
  int64_t total_words_ = 0;
  int64_t position_ = 0;
  int64_t pretrained_rows_ = 0;
  double step_seconds_ = 0;
  int64_t step_words_ = 0;
  std::vector<Worker> workers_;
  // Started by the first step that uses more than one thread.
  std::unique_ptr<detail::WorkerPool> pool_;
};

}  // namespace embscope
