#include <gtest/gtest.h>

#include <cmath>

#include "embscope/word2vec_trainer.hpp"
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

}  // namespace
}  // namespace embscope
