// The exact k-NN graph against the obviously-correct reference (score every row, sort), on real
// GloVe rows and on rows with duplicates, for cosine and Euclidean distances.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <stdexcept>

#include "embscope/base/resources.hpp"
#include "embscope/projection/knn_graph.hpp"
#include "embscope/vectors/vector_io.hpp"

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

void expect_matches_brute_force(const RowMatrixXf& data, int k, Metric metric) {
  const KnnGraph graph = knn_graph(data, k, metric);
  ASSERT_EQ(graph.rows(), data.rows());
  ASSERT_EQ(graph.k(), k);
  int64_t index_mismatches = 0;
  for (Eigen::Index r = 0; r < data.rows(); r += 7) {
    const auto expected = nearest_brute_force(
        data, data.row(r), {.metric = metric, .k = k, .exclude = {static_cast<int64_t>(r)}});
    for (int j = 0; j < k; ++j) {
      const double distance =
          metric == Metric::Cosine ? 1.0 - expected[j].score : expected[j].score;
      EXPECT_NEAR(graph.distances(r, j), distance, 2e-5) << "row " << r << " neighbour " << j;
      EXPECT_NE(graph.indices(r, j), r);
      // Float blocks and double reference may order near-ties differently; the distances above
      // are what must agree, the indices nearly always.
      if (graph.indices(r, j) != expected[j].index) ++index_mismatches;
    }
  }
  EXPECT_LE(index_mismatches, 3);
}

TEST(KnnGraph, CosineGraphOfGloveEqualsBruteForce) {
  expect_matches_brute_force(glove_rows(), 15, Metric::Cosine);
}

TEST(KnnGraph, EuclideanGraphOfGloveEqualsBruteForce) {
  expect_matches_brute_force(glove_rows(), 10, Metric::Euclidean);
}

// Rows in later query blocks and score tiles (512 and 2,048 rows) and past the old 8,192-row
// slices.
TEST(KnnGraph, RowsOfLaterBlocksAndTilesAreRight) {
  ReadOptions options;
  options.limit = 9000;
  const RowMatrixXf data = read_vectors(default_dataset_path(), options).vectors;
  const KnnGraph graph = knn_graph(data, 5, Metric::Cosine);
  for (Eigen::Index r : {0, 8191, 8192, 8999}) {
    const auto expected = nearest_brute_force(
        data, data.row(r),
        {.metric = Metric::Cosine, .k = 5, .exclude = {static_cast<int64_t>(r)}});
    EXPECT_EQ(graph.indices(r, 0), expected[0].index) << "row " << r;
  }
}

TEST(KnnGraph, DuplicatesAreNeighboursAtDistanceZeroButNeverSelf) {
  RowMatrixXf data(4, 2);
  data << 1, 0, 1, 0, 0, 1, -1, -1;
  const KnnGraph graph = knn_graph(data, 2, Metric::Euclidean);
  EXPECT_EQ(graph.indices(0, 0), 1);
  EXPECT_EQ(graph.indices(1, 0), 0);
  EXPECT_FLOAT_EQ(graph.distances(0, 0), 0.0f);
  EXPECT_EQ(graph.indices(2, 0), 0);  // tie between rows 0 and 1: the lower index
  EXPECT_NEAR(graph.distances(2, 0), std::sqrt(2.0f), 1e-6);
  // k beyond the other rows is clamped.
  EXPECT_EQ(knn_graph(data, 10, Metric::Cosine).k(), 3);
}

// Components near 1e20, whose float squares overflow: the search's scaled and double paths.
TEST(KnnGraph, ExtremeValuesGoThroughTheSearchsSafePaths) {
  RowMatrixXf data = glove_rows().topRows(300) * 1e19f;
  for (Metric metric : {Metric::Cosine, Metric::Euclidean}) {
    const KnnGraph graph = knn_graph(data, 5, metric);
    for (Eigen::Index r : {0, 150, 299}) {
      const auto expected = nearest_brute_force(
          data, data.row(r), {.metric = metric, .k = 5, .exclude = {static_cast<int64_t>(r)}});
      EXPECT_EQ(graph.indices(r, 0), expected[0].index) << "row " << r;
      EXPECT_TRUE(std::isfinite(graph.distances(r, 4))) << "row " << r;
    }
  }
}

TEST(KnnGraph, RefusesDotAndCancels) {
  EXPECT_THROW(knn_graph(glove_rows(), 5, Metric::Dot), std::invalid_argument);
  EXPECT_THROW(knn_graph(glove_rows(), 0, Metric::Cosine), std::invalid_argument);
  std::atomic<bool> cancel{true};
  TaskControl control;
  control.cancel_requested = &cancel;
  EXPECT_THROW(knn_graph(glove_rows(), 5, Metric::Cosine, control), Cancelled);
}

}  // namespace
}  // namespace embscope
