// t-SNE against scikit-learn 1.2 (fixtures by tests/fixtures/make_layout_fixtures.py): the
// perplexity calibration and the joint P of 300 GloVe rows, the gradient against finite
// differences of the KL divergence (2D and 3D), Barnes-Hut against the exact repulsion,
// determinism, and the quality of a layout of 2,000 GloVe rows against scikit-learn's.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "embscope/base/resources.hpp"
#include "embscope/projection/layout.hpp"
#include "embscope/projection/trustworthiness.hpp"
#include "embscope/projection/tsne.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

using nlohmann::json;

const json& fixture() {
  static const json data = test::load_fixture("layouts.json");
  return data;
}

const RowMatrixXf& glove_2000() {
  static const RowMatrixXf rows = [] {
    ReadOptions options;
    options.limit = 2000;
    return read_vectors(default_dataset_path(), options).vectors;
  }();
  return rows;
}

TEST(Tsne, PerplexityCalibrationEqualsScikitLearns) {
  const json& expected = fixture()["tsne_perplexity"];
  const int rows = expected["rows"];
  const int k = expected["k"];
  const RowMatrixXf data = glove_2000().topRows(rows);
  const KnnGraph knn = knn_graph(data, k, Metric::Cosine);
  // scikit-learn's rows list the neighbours by index (sorted CSR); ours nearest first.
  for (int i = 0; i < rows; ++i) {
    RowMatrixXf squared(1, k);
    std::map<int, int> column_of;
    for (int j = 0; j < k; ++j) column_of[expected["indices"][i][j].get<int>()] = j;
    ASSERT_EQ(column_of.size(), static_cast<size_t>(k));
    for (int j = 0; j < k; ++j) {
      ASSERT_TRUE(column_of.count(knn.indices(i, j))) << "row " << i;
      squared(0, j) = 2 * knn.distances(i, j);
    }
    const RowMatrixXd p = binary_search_perplexity(squared, expected["perplexity"]);
    EXPECT_NEAR(p.sum(), 1.0, 1e-12);
    for (int j = 0; j < k; ++j) {
      const double theirs = expected["conditional_p"][i][column_of[knn.indices(i, j)]];
      ASSERT_NEAR(p(0, j), theirs, 1e-5) << "row " << i << " neighbour " << knn.indices(i, j);
    }
  }
}

TEST(Tsne, JointPEqualsScikitLearns) {
  const json& expected = fixture()["tsne_perplexity"];
  const int rows = expected["rows"];
  const RowMatrixXf data = glove_2000().topRows(rows);
  const SparseP p = tsne_joint_probabilities(knn_graph(data, expected["k"], Metric::Cosine),
                                             expected["perplexity"]);
  EXPECT_NEAR(p.sum(), 1.0, 1e-5);
  EXPECT_EQ(p.nonZeros(), static_cast<Eigen::Index>(expected["joint"].size()));
  for (const json& entry : expected["joint"]) {
    const double theirs = entry[2];
    EXPECT_NEAR(p.coeff(entry[0], entry[1]), theirs, 1e-4 * theirs)
        << entry[0] << " -> " << entry[1];
  }
}

// A small random P and layout: the gradient (exact repulsion) is the derivative of the KL.
TEST(Tsne, GradientIsTheKlDivergencesDerivative) {
  const RowMatrixXf data = glove_2000().topRows(60);
  const SparseP p = tsne_joint_probabilities(knn_graph(data, 10, Metric::Cosine), 3.0);
  std::mt19937 generator(3);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  for (int dims : {2, 3}) {
    RowMatrixXf layout(60, dims);
    for (Eigen::Index e = 0; e < layout.size(); ++e) layout.data()[e] = normal(generator);
    const RowMatrixXf gradient = tsne_gradient(p, layout, 0.0);
    for (int i : {0, 7, 33, 59}) {
      for (int d = 0; d < dims; ++d) {
        constexpr float h = 1e-2f;
        RowMatrixXf plus = layout, minus = layout;
        plus(i, d) += h;
        minus(i, d) -= h;
        const double numeric =
            (tsne_kl_divergence(p, plus) - tsne_kl_divergence(p, minus)) / (2.0 * h);
        EXPECT_NEAR(gradient(i, d), numeric, 1e-3 * std::fabs(numeric) + 2e-6)
            << dims << "D, point " << i << ", axis " << d;
      }
    }
    // Barnes-Hut at theta 0.5 is close to the exact repulsion.
    const RowMatrixXf approximate = tsne_gradient(p, layout, 0.5);
    EXPECT_LT((approximate - gradient).norm(), 0.05 * gradient.norm()) << dims << "D";
  }
}

LayoutSpec tsne_spec(int dims, uint64_t seed, int64_t iterations) {
  LayoutSpec spec;
  spec.method = LayoutMethod::Tsne;
  spec.dimensions = dims;
  spec.seed = seed;
  spec.tsne.iterations = iterations;
  return spec;
}

TEST(Tsne, SameSeedGivesIdenticalCoordinatesAndStepsInPiecesTheSame) {
  VectorSet set;
  set.vectors = glove_2000().topRows(500);
  LayoutSpec spec = tsne_spec(2, 4, 300);
  spec.init = LayoutInit::Random;
  const LayoutSnapshot first = compute_layout(set, spec);
  const LayoutSnapshot again = compute_layout(set, spec);
  spec.seed = 5;
  const LayoutSnapshot other = compute_layout(set, spec);
  EXPECT_EQ(first.positions, again.positions);
  EXPECT_NE(first.positions, other.positions);
  EXPECT_EQ(first.labels[0], "t-SNE 1");
  EXPECT_EQ(first.iteration, 300);
  spec.seed = 4;
  const std::unique_ptr<Layout> layout = make_layout(set, spec);
  while (layout->step(37, {})) {
  }
  EXPECT_EQ(layout->snapshot().positions, first.positions);
}

// The snapshot's loss is the KL divergence, measured where scikit-learn measures it.
TEST(Tsne, SnapshotLossIsTheKlDivergence) {
  VectorSet set;
  set.vectors = glove_2000().topRows(300);
  LayoutSpec spec = tsne_spec(2, 1, 400);
  spec.tsne.theta = 0;  // exact, so that the loss can be compared to the exact KL
  const std::unique_ptr<Layout> layout = make_layout(set, spec);
  layout->step(49, {});
  EXPECT_TRUE(std::isnan(layout->snapshot().loss));
  layout->step(1, {});
  const double at_50 = layout->snapshot().loss;
  while (layout->step(100, {})) {
  }
  const LayoutSnapshot last = layout->snapshot();
  EXPECT_LT(last.loss, at_50);
  const SparseP p = tsne_joint_probabilities(knn_graph(set.vectors, 91, Metric::Cosine), 30);
  const RowMatrixXf positions = last.positions.topRows(2).transpose();
  // Measured before the last step, which moves the points very little by then.
  EXPECT_NEAR(last.loss, tsne_kl_divergence(p, positions), 0.01 * last.loss);
}

TEST(Tsne, RefusesBadSpecs) {
  VectorSet set;
  set.vectors = glove_2000().topRows(20);
  LayoutSpec spec = tsne_spec(2, 0, 10);
  spec.tsne.perplexity = 30;  // needs more than 30 rows
  EXPECT_THROW(make_layout(set, spec), std::invalid_argument);
  spec.tsne.perplexity = 5;
  spec.metric = Metric::Dot;
  EXPECT_THROW(make_layout(set, spec), std::invalid_argument);
  EXPECT_THROW(make_layout(set, tsne_spec(1, 0, 10)), std::invalid_argument);
}

// scikit-learn's own layouts of these rows (unit-normalised, seed 0) reach the fixture's
// trustworthiness; embscope's must come within 0.02.
void expect_trustworthiness_of_scikit_learn(int dims) {
  VectorSet set;
  set.vectors = glove_2000();
  const LayoutSnapshot layout = compute_layout(set, tsne_spec(dims, 0, 1000));
  const double t = trustworthiness(set.vectors, layout.positions, {.k = 15});
  const double peer = fixture()["peers_2000"][dims == 2 ? "tsne_2d" : "tsne_3d"];
  EXPECT_GE(t, peer - 0.02) << dims << "D: embscope " << t << ", scikit-learn " << peer;
  std::printf("t-SNE %dD trustworthiness@15: embscope %.4f, scikit-learn %.4f\n", dims, t, peer);
}

TEST(Tsne, TrustworthinessOf2000GloveRowsIn2DMatchesScikitLearns) {
  expect_trustworthiness_of_scikit_learn(2);
}

TEST(Tsne, TrustworthinessOf2000GloveRowsIn3DMatchesScikitLearns) {
  expect_trustworthiness_of_scikit_learn(3);
}

}  // namespace
}  // namespace embscope
