// Finite float32 values whose squares are not finite (near 1e20-3e38) or vanish (near 1e-20):
// norms, cosines, neighbour search, PCA and k-means must give the answer a double-precision
// reference gives, never a cosine of 0, an inf norm of a representable one, or "eigen
// decomposition failed".
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <random>

#include "embscope/base/norms.hpp"
#include "embscope/projection/kmeans.hpp"
#include "embscope/projection/pca.hpp"
#include "embscope/projection/point_scalars.hpp"
#include "embscope/space/neighbour_search.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/torch/embedding.hpp"
#include "embscope/training/corpus.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

TEST(ExtremeValues, NormsOfHugeAndTinyRowsEqualDoublePrecision) {
  for (const float scale : {1.0f, 1e19f, 2e37f, 1e-20f, 1e-41f /* denormal */}) {
    Eigen::RowVectorXf row(4);
    row << 2 * scale, -3 * scale, 0.5f * scale, 0;
    const double reference = row.cast<double>().norm();
    EXPECT_NEAR(euclidean_norm(row) / reference, 1.0, 1e-6) << scale;
    Eigen::RowVectorXf unit = row;
    EXPECT_NEAR(to_unit_length(unit) / reference, 1.0, 1e-6) << scale;
    EXPECT_NEAR(unit.cast<double>().norm(), 1.0, 1e-6) << scale;
    EXPECT_NEAR(unit(1), -3 / std::sqrt(13.25), 1e-6) << scale;
  }
  // The norm of float values may pass FLT_MAX; it is a double.
  Eigen::RowVectorXf big(2);
  big << 3e38f, 3e38f;
  EXPECT_NEAR(euclidean_norm(big), std::hypot(3e38, 3e38), 1e32);
  Eigen::RowVectorXf zero = Eigen::RowVectorXf::Zero(3);
  EXPECT_EQ(to_unit_length(zero), 0.0);
  EXPECT_TRUE(zero.isZero(0));
  // The fast path is what Eigen's norm() gives, bit for bit.
  Eigen::RowVectorXf plain(3);
  plain << 0.1f, -0.7f, 2.5f;
  Eigen::RowVectorXf expected = plain / plain.norm();
  to_unit_length(plain);
  EXPECT_EQ(plain, expected);
}

// tests/data/extreme-values/big-and-one.txt: `big 2e38 3e38` and `one 1 1`.
TEST(ExtremeValues, CosineOfBigAndOneThroughTheCore) {
  const VectorSet set = read_vectors(test::data_path("extreme-values/big-and-one.txt"));
  const VectorSpace space(set);
  // numpy in float64 on the float32 values: 0.9805806726311448 (5 / sqrt(26) = 0.98058068).
  EXPECT_NEAR(space.similarity("big", "one"), 0.9805806726311448, 1e-6);
  const auto neighbours = space.neighbours("big", 1);
  ASSERT_EQ(neighbours.size(), 1u);
  EXPECT_EQ(neighbours[0].word, "one");
  EXPECT_NEAR(neighbours[0].score, 0.9805806726311448, 1e-6);
  EXPECT_NEAR(point_scalar(PointScalar::VectorNorm, set.vectors, Positions3D(3, 2), 2, 1)(1),
              std::sqrt(2.0), 1e-6);
}

// Rows of every magnitude at once: the fast search equals the double-precision brute force.
TEST(ExtremeValues, NeighbourSearchEqualsTheDoubleReferenceOnEveryMetric) {
  std::mt19937 random(5);
  std::normal_distribution<float> normal;
  RowMatrixXf vectors(60, 8);
  const float scales[] = {1.0f, 3e19f, 1e37f, 1e-22f};
  for (Eigen::Index r = 0; r < vectors.rows(); ++r) {
    for (Eigen::Index c = 0; c < vectors.cols(); ++c)
      vectors(r, c) = normal(random) * scales[r % 4];
  }
  const NeighbourSearch search(vectors, 2);
  EXPECT_TRUE(search.has_extreme_rows());
  for (const Metric metric : {Metric::Cosine, Metric::Euclidean, Metric::Dot}) {
    for (const Eigen::Index q : {0, 1, 2, 3}) {
      const NeighbourQuery query{.metric = metric, .k = 8, .exclude = {q}};
      const auto ours = search.nearest(vectors.row(q), query);
      const auto reference = nearest_brute_force(vectors, vectors.row(q), query);
      ASSERT_EQ(ours.size(), reference.size());
      for (size_t i = 0; i < ours.size(); ++i) {
        EXPECT_EQ(ours[i].index, reference[i].index) << to_string(metric) << " query " << q;
        if (std::isfinite(reference[i].score)) {
          EXPECT_NEAR(ours[i].score, reference[i].score, 1e-5 * std::abs(reference[i].score))
              << to_string(metric) << " query " << q;
        } else {
          EXPECT_EQ(ours[i].score, reference[i].score);
        }
      }
    }
  }
  // Cosines are never 0 for want of a norm: every unit row has length 1.
  for (Eigen::Index r = 0; r < vectors.rows(); ++r)
    EXPECT_NEAR(search.unit_vectors().row(r).norm(), 1.0f, 1e-6f) << r;
}

// PCA of huge (and tiny) data: components and variances of the double-precision covariance.
TEST(ExtremeValues, PcaOfHugeAndTinyValuesEqualsTheDoubleCovariance) {
  std::mt19937 random(9);
  std::normal_distribution<double> normal;
  RowMatrixXf base(400, 24);
  for (Eigen::Index r = 0; r < base.rows(); ++r) {
    for (Eigen::Index c = 0; c < base.cols(); ++c)
      base(r, c) = static_cast<float>(normal(random) * (1.0 + 0.3 * static_cast<double>(c)));
  }
  for (const float scale : {1e36f, 3e20f, 1e-25f}) {
    const RowMatrixXf data = base * scale;
    const Eigen::MatrixXd x = data.cast<double>();
    const Eigen::MatrixXd centred = x.rowwise() - x.colwise().mean();
    const Eigen::MatrixXd covariance =
        centred.transpose() * centred / static_cast<double>(x.rows() - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> reference(covariance);
    for (const PcaSolver solver : {PcaSolver::Exact, PcaSolver::Randomized}) {
      const Pca pca = fit_pca(data, {.components = 3, .solver = solver});
      ASSERT_TRUE(pca.explained_variance.allFinite()) << scale;
      for (int i = 0; i < 3; ++i) {
        const Eigen::Index column = reference.eigenvalues().size() - 1 - i;
        EXPECT_NEAR(pca.explained_variance(i) / reference.eigenvalues()(column), 1.0, 1e-4)
            << scale << " component " << i;
        EXPECT_NEAR(std::abs(pca.components.row(i).cast<double>().dot(
                        reference.eigenvectors().col(column))),
                    1.0, 1e-4)
            << scale << " component " << i;
      }
      EXPECT_NEAR(pca.total_variance / covariance.trace(), 1.0, 1e-5) << scale;
      EXPECT_NEAR(pca.mean(3) / x.col(3).mean(), 1.0, 1e-4) << scale;
    }
    // Spherized rows do not depend on the scale at all.
    const Pca spherized =
        fit_pca(data, {.components = 3, .solver = PcaSolver::Exact, .spherize = true});
    const Pca plain =
        fit_pca(base, {.components = 3, .solver = PcaSolver::Exact, .spherize = true});
    EXPECT_NEAR(spherized.explained_variance_ratio(0), plain.explained_variance_ratio(0), 1e-5);
    EXPECT_NEAR(std::abs(spherized.components.row(0).dot(plain.components.row(0))), 1.0f, 1e-4f);
    const Positions3D projected = project_rows(data, spherized);
    EXPECT_TRUE(projected.allFinite()) << scale;
  }
}

// k-means of huge data finds the same clusters as of the same data at ordinary scale.
TEST(ExtremeValues, KMeansOfHugeValuesFindsTheSameClusters) {
  std::mt19937 random(3);
  std::normal_distribution<float> normal;
  RowMatrixXf base(300, 6);
  for (Eigen::Index r = 0; r < base.rows(); ++r) {
    for (Eigen::Index c = 0; c < base.cols(); ++c)
      base(r, c) = normal(random) * 0.3f + static_cast<float>((r % 3) * 4 * (c == r % 6 ? 1 : 0));
  }
  const KMeans reference = kmeans(base, {.clusters = 3, .seed = 4});
  for (const float scale : {1e37f, 1e-30f}) {
    const KMeans clusters = kmeans(base * scale, {.clusters = 3, .seed = 4});
    EXPECT_EQ(clusters.labels, reference.labels) << scale;
    EXPECT_NEAR(clusters.inertia / (reference.inertia * double(scale) * double(scale)), 1.0, 1e-4)
        << scale;
    EXPECT_NEAR(clusters.centres(0, 0) / (reference.centres(0, 0) * scale), 1.0, 1e-4) << scale;
  }
}

// The trainer starts from loaded vectors as they are; with max_norm, each row is renormalised
// before use from a norm accumulated in double, so rows of 2e38 are scaled to max_norm in their
// own direction (torch: max_norm / (norm + 1e-7)) and training stays finite.
TEST(ExtremeValues, TrainerInitFromHugeVectorsIsRenormalisedByMaxNorm) {
  RowMatrixXf weights(2, 2);
  weights << 2e38f, 3e38f, 1, 1;
  Embedding table = Embedding::from_pretrained(weights, false, {.max_norm = 1.0f});
  const RowMatrixXf looked_up = table.forward(std::vector<int64_t>{0});
  EXPECT_NEAR(looked_up(0, 0), 2 / std::sqrt(13.0), 1e-6);
  EXPECT_NEAR(looked_up(0, 1), 3 / std::sqrt(13.0), 1e-6);

  const Corpus corpus =
      Corpus::from_text("the cat sat on the mat\nthe dog sat on the log\n", {.min_count = 1});
  VectorSet initial;
  for (const char* word : {"the", "cat", "dog"}) initial.vocabulary.add(word);
  initial.vectors.resize(3, 4);
  initial.vectors << 2e38f, -3e38f, 1e38f, 5e37f, 1, 2, 3, 4, -1e37f, 2e37f, 3e37f, -4e37f;
  // No subsampling: every row is used, so every row is renormalised.
  Word2VecTrainer trainer(corpus,
                          {.dim = 4,
                           .window = 2,
                           .negative = 2,
                           .sample = 0,
                           .epochs = 3,
                           .threads = 1,
                           .max_norm = 1.0f},
                          &initial);
  trainer.train();
  const RowMatrixXf& trained = trainer.input().weight();
  EXPECT_TRUE(trained.allFinite());
  for (Eigen::Index r = 0; r < trained.rows(); ++r)
    EXPECT_LE(trained.row(r).cast<double>().norm(), 1.0 + 1e-3) << r;
}

}  // namespace
}  // namespace embscope
