#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <thread>

#include "embscope/base/resources.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/training/background_trainer.hpp"
#include "embscope/training/sgns.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

const Corpus& lee() {
  static const Corpus corpus =
      Corpus::read({test::data_path("corpus/lee_background.cor")}, {.min_count = 5});
  return corpus;
}

TEST(Corpus, CountsFrequentWordsFirstAndDropsRareOnes) {
  const Corpus corpus = Corpus::from_text("b a c a\nb a\nd\n", {.min_count = 2});
  EXPECT_EQ(corpus.vocabulary().words(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(corpus.counts(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(corpus.raw_words(), 7);
  EXPECT_EQ(corpus.tokens(), (std::vector<int32_t>{1, 0, 0, 1, 0}));
  EXPECT_EQ(corpus.sentences(), 2);  // the line holding only a rare word is empty
  const Corpus cut = Corpus::from_text("a a a a a\n", {.min_count = 1, .max_sentence = 2});
  EXPECT_EQ(cut.sentences(), 3);
}

TEST(Word2VecTrainer, SubsamplingFollowsWord2VecsFormula) {
  // f = 1e5 of 1e6 words, sample 1e-3: threshold 1e3, keep (sqrt(100) + 1) * 1e3 / 1e5 = 0.11.
  EXPECT_NEAR(Word2VecTrainer::keep_probability(100000, 1000000, 1e-3), 0.11, 1e-12);
  EXPECT_EQ(Word2VecTrainer::keep_probability(10, 1000000, 1e-3), 1.0);  // rare words always kept
  EXPECT_EQ(Word2VecTrainer::keep_probability(100000, 1000000, 0), 1.0);
}

TEST(Word2VecTrainer, NoiseDistributionIsUnigramToThePowerThreeQuarters) {
  const Word2VecTrainer trainer(lee(), {.dim = 8, .epochs = 1, .threads = 1});
  double total = 0;
  for (int64_t count : lee().counts()) total += std::pow(static_cast<double>(count), 0.75);
  for (int64_t id : {0, 1, 10, 100}) {
    const double expected =
        std::pow(static_cast<double>(lee().counts()[static_cast<size_t>(id)]), 0.75) / total;
    EXPECT_NEAR(trainer.noise_probability(id) / expected, 1.0, 0.01) << "word " << id;
  }
}

TEST(Word2VecTrainer, OneThreadWithASeedIsBitReproducible) {
  for (Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    const TrainerOptions options{.model = model, .dim = 16, .epochs = 1, .threads = 1, .seed = 7};
    Word2VecTrainer first(lee(), options);
    Word2VecTrainer second(lee(), options);
    first.train();
    // Steps of any size give the same run as training in one go.
    while (second.step(12345)) {
    }
    EXPECT_TRUE(first.input().weight() == second.input().weight());
    EXPECT_TRUE(first.output() == second.output());
    EXPECT_FALSE(first.input().weight().isZero());
  }
}

// Each thread draws its own noise words, so a step that used several threads leaves a table
// unlike the one-thread run's. The live view trains in steps of a few thousand positions: they
// once stayed on one thread (a 10,000-position threshold), 3.6x slower on 16 cores.
TEST(Word2VecTrainer, StepsOfAFewThousandPositionsUseEveryThreadAndTinyOnesOne) {
  const TrainerOptions one_thread{.dim = 16, .epochs = 1, .threads = 1, .seed = 5};
  TrainerOptions four_threads = one_thread;
  four_threads.threads = 4;
  Word2VecTrainer alone(lee(), one_thread);
  Word2VecTrainer shared(lee(), four_threads);
  alone.step(400);  // too few positions to share
  shared.step(400);
  EXPECT_TRUE(alone.input().weight() == shared.input().weight());
  alone.step(8000);
  shared.step(8000);
  EXPECT_FALSE(alone.input().weight() == shared.input().weight());
  EXPECT_EQ(alone.progress().words_done, shared.progress().words_done);
}

TEST(Word2VecTrainer, TrainingLowersTheLossAndDecaysTheLearningRate) {
  Word2VecTrainer trainer(lee(), {.dim = 32, .epochs = 5, .threads = 2, .seed = 3});
  const int64_t step = lee().tokens().size() / 4;
  trainer.step(step);
  const TrainingProgress early = trainer.progress();
  while (trainer.step(step)) {
  }
  const TrainingProgress late = trainer.progress();
  EXPECT_LT(late.loss, early.loss * 0.9) << early.loss << " -> " << late.loss;
  EXPECT_LT(late.lr, early.lr);
  EXPECT_EQ(late.words_done, late.total_words);
  EXPECT_EQ(late.epoch, 4);
  const VectorSet vectors = trainer.vectors();
  EXPECT_EQ(vectors.rows(), lee().vocabulary().size());
  EXPECT_TRUE(vectors.vectors.allFinite());
}

// The exact SGNS loss in double precision: -log s(in . out_0) - sum_r log s(-in . out_r).
double exact_sgns_loss(const std::vector<double>& input,
                       const std::vector<std::vector<double>>& rows) {
  double loss = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    double score = 0;
    for (size_t c = 0; c < input.size(); ++c) score += input[c] * rows[r][c];
    loss += std::log1p(std::exp(r == 0 ? -score : score));
  }
  return loss;
}

TEST(Sgns, UpdateIsMinusTheLearningRateTimesTheLossGradient) {
  constexpr int kDim = 12;
  std::mt19937 random(5);
  std::uniform_real_distribution<float> value(-0.8f, 0.8f);
  std::vector<float> input(kDim);
  std::vector<std::vector<float>> rows(4, std::vector<float>(kDim));
  for (float& x : input) x = value(random);
  for (auto& row : rows)
    for (float& x : row) x = value(random);
  const auto as_double = [](const std::vector<float>& v) {
    return std::vector<double>(v.begin(), v.end());
  };
  std::vector<std::vector<double>> exact_rows;
  for (const auto& row : rows) exact_rows.push_back(as_double(row));

  // Central finite differences of the exact loss.
  constexpr double h = 1e-5;
  std::vector<double> input_gradient(kDim);
  std::vector<std::vector<double>> row_gradient(rows.size(), std::vector<double>(kDim));
  for (int c = 0; c < kDim; ++c) {
    auto plus = as_double(input), minus = as_double(input);
    plus[static_cast<size_t>(c)] += h;
    minus[static_cast<size_t>(c)] -= h;
    input_gradient[static_cast<size_t>(c)] =
        (exact_sgns_loss(plus, exact_rows) - exact_sgns_loss(minus, exact_rows)) / (2 * h);
    for (size_t r = 0; r < rows.size(); ++r) {
      auto rows_plus = exact_rows, rows_minus = exact_rows;
      rows_plus[r][static_cast<size_t>(c)] += h;
      rows_minus[r][static_cast<size_t>(c)] -= h;
      row_gradient[r][static_cast<size_t>(c)] = (exact_sgns_loss(as_double(input), rows_plus) -
                                                 exact_sgns_loss(as_double(input), rows_minus)) /
                                                (2 * h);
    }
  }

  const float lr = 0.5f;
  std::vector<float> step(kDim, 0.0f);
  auto updated = rows;
  std::vector<float*> targets;
  for (auto& row : updated) targets.push_back(row.data());
  const LogisticTable logistic;
  const double loss = sgns_update(input.data(), targets, lr, kDim, step.data(), logistic);

  // The logistic table has cells of 0.012 (sigmoid off by at most 0.003), so the steps agree
  // with the exact gradient to about 1% of their size.
  EXPECT_NEAR(loss, exact_sgns_loss(as_double(input), exact_rows), 0.02);
  const auto relative_error = [lr](const std::vector<float>& step,
                                   const std::vector<double>& gradient) {
    double error = 0, size = 0;
    for (size_t c = 0; c < step.size(); ++c) {
      error += std::pow(step[c] + lr * gradient[c], 2);
      size += std::pow(lr * gradient[c], 2);
    }
    return std::sqrt(error / size);
  };
  EXPECT_LT(relative_error(step, input_gradient), 0.015);
  double largest = 0;
  for (double g : input_gradient) largest = std::max(largest, std::abs(g));
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<float> row_step(kDim);
    for (size_t c = 0; c < row_step.size(); ++c) row_step[c] = updated[r][c] - rows[r][c];
    EXPECT_LT(relative_error(row_step, row_gradient[r]), 0.015) << "output row " << r;
  }
  EXPECT_GT(largest, 0.1);  // the gradient is not trivially small
}

const Corpus& brown() {
  static const Corpus corpus = Corpus::read({default_corpus_path()}, {.min_count = 5});
  return corpus;
}

TEST(Word2VecTrainer, TrainingOnTheDefaultCorpusPullsRelatedWordsTogether) {
  EXPECT_GT(brown().raw_words(), 1'000'000);
  Word2VecTrainer trainer(brown(), {.dim = 64, .epochs = 3, .threads = 2, .seed = 11});
  trainer.step(100000);
  const double early_loss = trainer.progress().loss;
  trainer.train();
  EXPECT_LT(trainer.progress().loss, early_loss * 0.9);
  const VectorSet vectors = trainer.vectors();
  const VectorSpace space(vectors);
  const auto top10 = [&space](const std::string& word) {
    std::vector<std::string> words;
    for (const ScoredWord& neighbour : space.neighbours(word, 10)) words.push_back(neighbour.word);
    return words;
  };
  const auto contains = [](const std::vector<std::string>& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
  };
  EXPECT_TRUE(contains(top10("man"), "woman") || contains(top10("woman"), "man"))
      << "man: " << ::testing::PrintToString(top10("man"));
  EXPECT_TRUE(contains(top10("two"), "three")) << ::testing::PrintToString(top10("two"));
  EXPECT_TRUE(contains(top10("monday"), "friday") || contains(top10("monday"), "saturday") ||
              contains(top10("monday"), "sunday"))
      << ::testing::PrintToString(top10("monday"));
  // And unrelated words stay apart.
  EXPECT_LT(space.similarity("two", "woman"), space.similarity("two", "three"));
}

TEST(Word2VecTrainer, ACheckpointResumesExactlyWhereTheRunStopped) {
  test::ScratchDir scratch;
  const TrainerOptions options{
      .model = Word2VecModel::SkipGram, .dim = 16, .epochs = 2, .threads = 1, .seed = 9};
  Word2VecTrainer uninterrupted(lee(), options);
  uninterrupted.train();

  Word2VecTrainer first_half(lee(), options);
  first_half.step(first_half.progress().total_words / 2 + 777);
  const auto checkpoint = scratch.file("run.ckpt");
  first_half.save_checkpoint(checkpoint);
  auto resumed = Word2VecTrainer::resume(lee(), checkpoint);
  EXPECT_EQ(resumed->progress().words_done, first_half.progress().words_done);
  resumed->train();
  EXPECT_TRUE(resumed->input().weight() == uninterrupted.input().weight());
  EXPECT_TRUE(resumed->output() == uninterrupted.output());

  // A checkpoint belongs to its corpus, and a damaged one is refused with the file's name.
  const Corpus other = Corpus::from_text("a b c a b c a b\n", {.min_count = 1});
  EXPECT_NE(test::error_message([&] {
              Word2VecTrainer::resume(other, checkpoint);
            }).find("another corpus"),
            std::string::npos);
  const std::string bytes = test::read_file(checkpoint);
  const auto resume_error = [&](const std::string& name, const std::string& content) {
    const auto path = scratch.write(name, content);
    return test::error_message([&] { Word2VecTrainer::resume(lee(), path); });
  };
  const std::string message = resume_error("truncated.ckpt", bytes.substr(0, bytes.size() - 100));
  EXPECT_NE(message.find("truncated.ckpt"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  // One flipped bit in the middle of a table: the size is right, the checksum is not.
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x10;
  EXPECT_NE(resume_error("damaged.ckpt", flipped)
                .find("damaged.ckpt: the checkpoint is damaged (its checksum does not match)"),
            std::string::npos);
  // A header declaring a huge dimension is refused by the file's size, before any allocation.
  std::string huge = bytes;
  const int huge_dim = 1 << 20;
  std::memcpy(huge.data() + 8 + 4 + 8 + 4, &huge_dim, sizeof huge_dim);
  EXPECT_NE(resume_error("lying.ckpt", huge).find("lying.ckpt: truncated checkpoint"),
            std::string::npos);
  const auto not_checkpoint = test::data_path("corpus/lee_background.cor");
  EXPECT_NE(test::error_message([&] {
              Word2VecTrainer::resume(lee(), not_checkpoint);
            }).find("not an embscope training checkpoint"),
            std::string::npos);
}

TEST(Word2VecTrainer, KeepsTheEmbeddingSemanticsOfItsInputTable) {
  // freeze: the input table never changes, the context vectors still learn.
  Word2VecTrainer frozen(lee(), {.dim = 8, .epochs = 1, .threads = 1, .freeze = true});
  const RowMatrixXf before = frozen.input().weight();
  frozen.train();
  EXPECT_TRUE(frozen.input().weight() == before);
  EXPECT_FALSE(frozen.output().isZero());
  EXPECT_TRUE(frozen.take_changed_rows().empty());

  // padding_idx (negative counts from the end): that row starts at zero and stays there.
  Word2VecTrainer padded(lee(), {.dim = 8, .epochs = 1, .threads = 1, .padding_idx = -1});
  const int64_t last = lee().vocabulary().size() - 1;
  padded.step(20000);
  const std::vector<int64_t> changed = padded.take_changed_rows();
  EXPECT_TRUE(std::is_sorted(changed.begin(), changed.end()));
  EXPECT_GT(changed.size(), 100u);
  EXPECT_TRUE(padded.take_changed_rows().empty());  // taken
  padded.train();
  EXPECT_TRUE(padded.input().weight().row(last).isZero());
  EXPECT_FALSE(padded.input().weight().row(0).isZero());

  // max_norm: looked-up rows are scaled back to max_norm, so norms stay near it.
  const auto largest_norm = [](const Word2VecTrainer& trainer) {
    return trainer.input().weight().rowwise().norm().maxCoeff();
  };
  Word2VecTrainer free_run(lee(), {.dim = 16, .epochs = 3, .threads = 1, .seed = 4});
  free_run.train();
  Word2VecTrainer bounded(lee(),
                          {.dim = 16, .epochs = 3, .threads = 1, .seed = 4, .max_norm = 0.5f});
  bounded.train();
  ASSERT_GT(largest_norm(free_run), 1.0f);
  EXPECT_LT(largest_norm(bounded), 0.6f);
}

TEST(Word2VecTrainer, StartsFromLoadedVectorsToFineTuneThem) {
  VectorSet initial;
  for (const char* word : {"the", "government", "not-in-the-corpus"}) initial.vocabulary.add(word);
  initial.vectors = RowMatrixXf::Constant(3, 8, 0.25f);
  initial.vectors.row(1).setConstant(-0.5f);
  Word2VecTrainer trainer(lee(), {.dim = 8, .epochs = 1, .threads = 1}, &initial);
  EXPECT_EQ(trainer.pretrained_rows(), 2);
  const auto the = *lee().vocabulary().find("the");
  const auto government = *lee().vocabulary().find("government");
  EXPECT_TRUE(trainer.input().weight().row(the).isApproxToConstant(0.25f));
  EXPECT_TRUE(trainer.input().weight().row(government).isApproxToConstant(-0.5f));
  EXPECT_NE(test::error_message([&] {
              Word2VecTrainer(lee(), {.dim = 9}, &initial);
            }).find("dimension 8"),
            std::string::npos);
}

// Found by fuzzing checkpoints: a NaN row (loaded vectors, a diverged run) made the sigmoid
// lookup convert NaN to a table index, which is undefined (UBSan reports it in --sanitize runs).
TEST(Word2VecTrainer, TrainsOnWhenARowHoldsNaN) {
  const LogisticTable logistic;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(logistic.sigmoid(nan), 0.0f);
  EXPECT_TRUE(std::isnan(logistic.log_sigmoid(nan)));
  VectorSet initial;
  initial.vocabulary.add("the");
  initial.vectors = RowMatrixXf::Constant(1, 8, nan);
  Word2VecTrainer trainer(lee(), {.dim = 8, .epochs = 1, .threads = 1}, &initial);
  EXPECT_TRUE(trainer.step(20000));
  EXPECT_EQ(trainer.progress().words_done, 20000);
}

TEST(BackgroundTrainer, PausesResumesStopsAndPublishesSnapshotsOfTheSameRun) {
  const TrainerOptions options{.dim = 16, .epochs = 3, .threads = 1, .seed = 21};
  Word2VecTrainer reference(lee(), options);
  reference.train();

  Word2VecTrainer trainer(lee(), options);
  BackgroundTrainer run(trainer,
                        {.snapshot_interval = std::chrono::milliseconds(1), .step_words = 2000});
  EXPECT_EQ(run.state(), BackgroundTrainer::State::Idle);
  EXPECT_EQ(run.latest(), nullptr);
  run.start();
  while (!run.latest() || run.latest()->progress.words_done == 0) std::this_thread::yield();
  run.pause();
  while (run.state() != BackgroundTrainer::State::Paused &&
         run.state() != BackgroundTrainer::State::Finished) {
    std::this_thread::yield();
  }
  const auto paused = run.latest();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(run.latest()->progress.words_done, paused->progress.words_done);  // really paused
  EXPECT_TRUE(paused->input == trainer.input().weight());
  run.resume();
  run.stop();
  EXPECT_EQ(run.state(), BackgroundTrainer::State::Stopped);
  const uint64_t serial = run.latest()->serial;
  run.start();  // continues where it stopped
  run.wait();
  EXPECT_EQ(run.state(), BackgroundTrainer::State::Finished);
  const auto last = run.latest();
  EXPECT_GT(last->serial, serial);
  EXPECT_EQ(last->progress.words_done, last->progress.total_words);
  // Pausing and stopping change nothing: one thread gives the uninterrupted run's numbers.
  EXPECT_EQ(run.latest()->progress.words_done, reference.progress().words_done);
  EXPECT_TRUE(last->input == reference.input().weight());
  EXPECT_TRUE(trainer.output() == reference.output());
}

TEST(BackgroundTrainer, StepTrainsExactlyThatManyWordsThenPauses) {
  Word2VecTrainer trainer(lee(), {.dim = 8, .epochs = 1, .threads = 1});
  std::atomic<uint64_t> announced{0};  // every snapshot is announced to a waiting reader
  BackgroundTrainer run(trainer, {.snapshot_interval = std::chrono::milliseconds(5),
                                  .step_words = 3000,
                                  .on_publish = [&] { ++announced; }});
  const auto wait_paused = [&] {
    while (run.state() != BackgroundTrainer::State::Paused) std::this_thread::yield();
  };
  run.step(10000);
  wait_paused();
  EXPECT_EQ(run.latest()->progress.words_done, 10000);
  run.step(2500);  // from Paused
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  wait_paused();
  while (run.latest()->progress.words_done != 12500) std::this_thread::yield();
  EXPECT_EQ(trainer.progress().words_done, 12500);
  run.resume();  // Play: to the end
  run.wait();
  EXPECT_EQ(run.state(), BackgroundTrainer::State::Finished);
  EXPECT_EQ(announced.load(), run.latest()->serial);
}

}  // namespace
}  // namespace embscope
