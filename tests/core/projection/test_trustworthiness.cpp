// Trustworthiness against scikit-learn's sklearn.manifold.trustworthiness (fixture by
// tests/fixtures/make_layout_fixtures.py), and the sampled estimate against the exact value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "embscope/base/resources.hpp"
#include "embscope/projection/trustworthiness.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

const RowMatrixXf& glove_rows() {
  static const RowMatrixXf rows = [] {
    ReadOptions options;
    options.limit = 3000;
    return read_vectors(default_dataset_path(), options).vectors;
  }();
  return rows;
}

TEST(Trustworthiness, EqualsScikitLearns) {
  const nlohmann::json expected = test::load_fixture("layouts.json")["trustworthiness"];
  const int rows = expected["rows"];
  const RowMatrixXf embedding = test::json_matrix(expected["embedding"]);
  Positions3D layout = Positions3D::Zero(3, rows);
  layout.topRows(2) = embedding.transpose();
  const RowMatrixXf data = glove_rows().topRows(rows);
  EXPECT_NEAR(trustworthiness(data, layout, {.k = 15, .metric = Metric::Cosine}),
              expected["value"].get<double>(), 1e-6);
  EXPECT_NEAR(trustworthiness(data, layout, {.k = 5, .metric = Metric::Euclidean}),
              expected["value_k5_euclidean"].get<double>(), 1e-6);
}

TEST(Trustworthiness, PerfectForTheDataItselfAndLowForNoise) {
  const RowMatrixXf data = glove_rows().topRows(400).leftCols(3);
  const Positions3D same = data.transpose();
  EXPECT_DOUBLE_EQ(trustworthiness(data, same, {.k = 10, .metric = Metric::Euclidean}), 1.0);
  const Positions3D noise = Positions3D::Random(3, 400);
  EXPECT_LT(trustworthiness(data, noise, {.k = 10, .metric = Metric::Euclidean}), 0.6);
}

TEST(Trustworthiness, SampleEstimatesTheWholeSum) {
  const RowMatrixXf& data = glove_rows();
  Positions3D layout = data.leftCols(3).transpose();  // a poor but structured layout
  const double exact = trustworthiness(data, layout, {.k = 15, .sample = 0});
  const double sampled = trustworthiness(data, layout, {.k = 15, .sample = 600, .seed = 4});
  EXPECT_NEAR(sampled, exact, 0.01);
  EXPECT_NE(sampled, exact);
  EXPECT_THROW(trustworthiness(data, layout, {.k = 2000}), std::invalid_argument);
  EXPECT_THROW(trustworthiness(data.topRows(10), layout, {}), std::invalid_argument);
}

}  // namespace
}  // namespace embscope
