// Queries and benchmarks on the embedded GloVe set against gensim 4.2's answers
// (tests/fixtures/gensim_queries.json, written by tests/fixtures/make_gensim_fixtures.py), and
// every fast path against a plain reference.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "embscope/base/resources.hpp"
#include "embscope/space/approximate_index.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

using nlohmann::json;

const json& gensim() {
  static const json data = test::load_fixture("gensim_queries.json");
  return data;
}

class GloveSpace : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ = new VectorSet(read_vectors(default_dataset_path()));
    space_ = new VectorSpace(*set_);
  }
  static void TearDownTestSuite() {
    delete space_;
    delete set_;
  }
  static std::filesystem::path eval(const std::string& name) {
    return default_dataset_path().parent_path() / "eval" / name;
  }
  static VectorSet* set_;
  static VectorSpace* space_;
};
VectorSet* GloveSpace::set_ = nullptr;
VectorSpace* GloveSpace::space_ = nullptr;

void expect_same_answers(const std::vector<ScoredWord>& ours, const json& theirs,
                         const std::string& what) {
  ASSERT_EQ(ours.size(), theirs.size()) << what;
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i].word, theirs[i][0].get<std::string>()) << what << " rank " << i;
    EXPECT_NEAR(ours[i].score, theirs[i][1].get<double>(), 2e-6) << what << " rank " << i;
  }
}

TEST_F(GloveSpace, CatsNeighbourIsDogAndQueenAnswersTheAnalogy) {
  EXPECT_EQ(space_->neighbours("cat", 10).front().word, "dog");
  EXPECT_EQ(space_->analogy("man", "king", "woman", 10).front().word, "queen");
  EXPECT_EQ(space_->analogy("man", "king", "woman", 10, AnalogyMethod::Mul).front().word, "queen");
}

TEST_F(GloveSpace, MostSimilarMatchesGensim) {
  for (const json& c : gensim()["most_similar"]) {
    std::vector<WeightedWord> terms;
    for (const auto& w : c["positive"]) terms.push_back({w.get<std::string>(), 1.0f});
    for (const auto& w : c["negative"]) terms.push_back({w.get<std::string>(), -1.0f});
    expect_same_answers(space_->most_similar(terms, c["topn"].get<int>()), c["result"],
                        c.dump().substr(0, 60));
  }
}

TEST_F(GloveSpace, CosMulDoesntMatchAndSimilarityMatchGensim) {
  for (const json& c : gensim()["cosmul"]) {
    expect_same_answers(space_->most_similar_cosmul(c["positive"].get<std::vector<std::string>>(),
                                                    c["negative"].get<std::vector<std::string>>(),
                                                    c["topn"].get<int>()),
                        c["result"], "cosmul");
  }
  for (const json& c : gensim()["doesnt_match"]) {
    EXPECT_EQ(space_->doesnt_match(c["words"].get<std::vector<std::string>>()),
              c["result"].get<std::string>());
  }
  for (const json& c : gensim()["similarity"]) {
    EXPECT_NEAR(space_->similarity(c["a"], c["b"]), c["result"].get<double>(), 1e-6);
  }
}

TEST_F(GloveSpace, ExpressionsAreMostSimilarQueries) {
  const auto parsed = space_->evaluate(parse_vector_expression("king - man + woman"), 10);
  expect_same_answers(parsed, gensim()["most_similar"][5]["result"], "expression");
  const auto weighted = space_->evaluate(parse_vector_expression("0.5*paris + 0.5 * rome"), 3);
  const auto averaged = space_->evaluate(parse_vector_expression("avg(paris, rome)"), 3);
  ASSERT_EQ(weighted.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(weighted[i].word, averaged[i].word);
}

TEST_F(GloveSpace, UnknownWordsSayWhichAndSuggestLowercase) {
  try {
    space_->neighbours("Paris", 5);
    FAIL();
  } catch (const UnknownWordError& error) {
    EXPECT_EQ(error.word(), "Paris");
    EXPECT_NE(std::string(error.what()).find("did you mean 'paris'?"), std::string::npos);
  }
}

TEST_F(GloveSpace, AnalogyEvaluationEqualsGensimSectionBySection) {
  struct Config {
    int64_t restrict;
    bool case_insensitive;
  };
  for (const Config config : {Config{300000, true}, Config{10000, true}, Config{300000, false}}) {
    const std::string key = "analogies restrict=" + std::to_string(config.restrict) +
                            " case_insensitive=" + (config.case_insensitive ? "True" : "False");
    const json& expected = gensim()["evaluation"][key];
    AnalogyOptions options;
    options.restrict_vocab = config.restrict;
    options.case_insensitive = config.case_insensitive;
    const AnalogyEvaluation result =
        evaluate_analogies(*space_, eval("questions-words.txt"), options);
    const auto& sections = expected["sections"];
    ASSERT_EQ(result.sections.size() + 1, sections.size()) << key;
    for (size_t i = 0; i < result.sections.size(); ++i) {
      EXPECT_EQ(result.sections[i].name, sections[i]["section"].get<std::string>()) << key;
      EXPECT_EQ(result.sections[i].correct, sections[i]["correct"].get<int64_t>())
          << key << " " << result.sections[i].name;
      EXPECT_EQ(result.sections[i].incorrect, sections[i]["incorrect"].get<int64_t>())
          << key << " " << result.sections[i].name;
    }
    EXPECT_EQ(result.total.correct, sections.back()["correct"].get<int64_t>()) << key;
    EXPECT_NEAR(result.total.accuracy(), expected["score"].get<double>(), 1e-12) << key;
    EXPECT_EQ(result.questions, 19544);
  }
}

TEST_F(GloveSpace, WordPairEvaluationEqualsGensim) {
  for (const char* name : {"wordsim353.tsv", "simlex999.txt", "EN-MEN-TR-3k.txt",
                           "EN-RW-STANFORD.txt", "EN-SimVerb-3500.txt", "EN-MTurk-771.txt"}) {
    const json& expected = gensim()["evaluation"][std::string("pairs ") + name];
    const WordPairEvaluation result = evaluate_word_pairs(*space_, eval(name));
    EXPECT_NEAR(result.pearson, expected["pearson"].get<double>(), 1e-6) << name;
    EXPECT_NEAR(result.spearman, expected["spearman"].get<double>(), 1e-6) << name;
    EXPECT_NEAR(result.oov_ratio(), expected["oov_ratio"].get<double>(), 1e-9) << name;
    for (const char* p : {"pearson_p", "spearman_p"}) {
      const double theirs = expected[p].get<double>();
      const double ours = std::string(p) == "pearson_p" ? result.pearson_p : result.spearman_p;
      if (theirs < 1e-300) {
        EXPECT_LT(ours, 1e-200) << name << " " << p;
      } else {
        EXPECT_NEAR(ours / theirs, 1.0, 1e-4)
            << name << " " << p << " " << ours << " vs " << theirs;
      }
    }
  }
}

TEST_F(GloveSpace, ApproximateIndexRecallAtTenOnRealVectors) {
  if (!ApproximateIndex::available()) GTEST_SKIP() << "built without hnswlib";
  // The 20,000 most frequent GloVe words, default index settings.
  constexpr int64_t kRows = 20000;
  const ApproximateIndex index(space_->search(), {}, {}, kRows);
  std::mt19937 random(11);
  std::uniform_int_distribution<int64_t> pick(0, kRows - 1);
  int64_t found = 0;
  int64_t wanted = 0;
  for (int q = 0; q < 300; ++q) {
    const int64_t row = pick(random);
    const NeighbourQuery query{.k = 10, .restrict_rows = kRows, .exclude = {row}};
    const auto exact = space_->search().nearest(set_->vectors.row(row), query);
    const auto approximate = index.nearest(set_->vectors.row(row), query);
    for (const Neighbour& n : exact) {
      wanted += 1;
      found += std::any_of(approximate.begin(), approximate.end(),
                           [&](const Neighbour& a) { return a.index == n.index; });
    }
    // Re-ranked scores are exact cosines.
    for (const Neighbour& a : approximate) {
      EXPECT_NEAR(a.score,
                  space_->search().unit_vectors().row(a.index).dot(
                      space_->search().unit_vectors().row(row)),
                  1e-5f);
    }
  }
  const double recall = static_cast<double>(found) / static_cast<double>(wanted);
  std::printf("HNSW recall@10 on %lld GloVe words: %.4f\n", static_cast<long long>(kRows), recall);
  EXPECT_GE(recall, 0.95);
}

TEST(NeighbourSearch, EveryMetricRestrictAndExcludeEqualsBruteForce) {
  std::mt19937 random(5);
  std::normal_distribution<float> normal(0, 1);
  RowMatrixXf vectors(30000, 24);
  for (Eigen::Index i = 0; i < vectors.size(); ++i) vectors.data()[i] = normal(random);
  vectors.row(17).setZero();  // a zero vector must not break cosine
  const NeighbourSearch search(vectors, 3);
  RowMatrixXf queries(40, 24);
  for (Eigen::Index i = 0; i < queries.size(); ++i) queries.data()[i] = normal(random);
  for (Metric metric : {Metric::Cosine, Metric::Euclidean, Metric::Dot}) {
    for (int64_t restrict : {int64_t{-1}, int64_t{9000}}) {
      NeighbourQuery query{
          .metric = metric, .k = 12, .restrict_rows = restrict, .exclude = {3, 5, 8000}};
      const auto batch = search.nearest_batch(queries, query);
      for (Eigen::Index q = 0; q < queries.rows(); ++q) {
        const auto single = search.nearest(queries.row(q), query);
        const auto reference = nearest_brute_force(vectors, queries.row(q), query);
        ASSERT_EQ(single.size(), reference.size());
        for (size_t i = 0; i < single.size(); ++i) {
          EXPECT_EQ(single[i].index, reference[i].index)
              << to_string(metric) << " q" << q << " #" << i;
          EXPECT_NEAR(single[i].score, reference[i].score, 2e-4f);
          // Matrix-matrix and matrix-vector products may round the last bit differently.
          EXPECT_EQ(batch[static_cast<size_t>(q)][i].index, single[i].index);
          EXPECT_NEAR(batch[static_cast<size_t>(q)][i].score, single[i].score,
                      1e-6f * std::max(1.0f, std::abs(single[i].score)));
        }
      }
    }
  }
}

TEST(VectorExpression, ParsesOperatorsWeightsAveragesAndHyphenatedWords) {
  EXPECT_EQ(parse_vector_expression("king - man + woman").terms,
            (std::vector<WeightedWord>{{"king", 1}, {"man", -1}, {"woman", 1}}));
  EXPECT_EQ(parse_vector_expression("0.5*paris + 0.25 * rome").terms,
            (std::vector<WeightedWord>{{"paris", 0.5f}, {"rome", 0.25f}}));
  EXPECT_EQ(parse_vector_expression("-x-ray + avg(a, b)").terms,
            (std::vector<WeightedWord>{{"x-ray", -1}, {"a", 0.5f}, {"b", 0.5f}}));
  EXPECT_THROW(parse_vector_expression(""), ExpressionError);
  EXPECT_THROW(parse_vector_expression("king -"), ExpressionError);
  EXPECT_THROW(parse_vector_expression("avg(a, b"), ExpressionError);
  try {
    parse_vector_expression("abc*king");
    FAIL();
  } catch (const ExpressionError& error) {
    EXPECT_EQ(error.column(), 0u);
    EXPECT_NE(std::string(error.what()).find("expected a number before '*'"), std::string::npos);
  }
}

TEST(Statistics, CorrelationsWithTiesAndPValues) {
  const std::vector<double> x = {1, 2, 2, 3, 4, 5};
  const std::vector<double> y = {2, 1, 4, 3, 6, 5};
  // Values from scipy 1.10 (Debian python3-scipy): spearmanr, pearsonr and their p-values.
  EXPECT_NEAR(spearman_correlation(x, y), 0.753702346348183, 1e-12);
  EXPECT_NEAR(pearson_correlation(x, y), 0.7625866911626911, 1e-12);
  EXPECT_NEAR(correlation_p_value(spearman_correlation(x, y), 6), 0.0835232813732598, 1e-10);
  EXPECT_NEAR(correlation_p_value(pearson_correlation(x, y), 6), 0.07785670884019204, 1e-10);
  EXPECT_NEAR(correlation_p_value(0.5, 30), 0.004899933667068092, 1e-12);
  EXPECT_EQ(correlation_p_value(1.0, 10), 0.0);
}

}  // namespace
}  // namespace embscope
