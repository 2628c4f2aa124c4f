#include <gtest/gtest.h>

#include <Eigen/QR>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "embscope/base/resources.hpp"
#include "embscope/projection/projection.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

using nlohmann::json;

const VectorSet& glove() {
  static const VectorSet set = read_vectors(default_dataset_path());
  return set;
}

using test::json_matrix;

TEST(Projection, PcaEqualsScikitLearnOnRealGloveWithBothSolvers) {
  const json fixture = test::load_fixture("sklearn_pca.json");
  const RowMatrixXf data = glove().vectors.topRows(fixture["rows"].get<int64_t>());
  for (const std::string variant : {"plain", "spherized"}) {
    const json& expected = fixture[variant];
    const RowMatrixXf components = json_matrix(expected["components"]);
    for (PcaSolver solver : {PcaSolver::Exact, PcaSolver::Randomized}) {
      PcaOptions options;
      options.components = 10;
      options.solver = solver;
      options.spherize = variant == "spherized";
      const Pca pca = fit_pca(data, options);
      const std::string what = variant + (solver == PcaSolver::Exact ? " exact" : " randomized");
      for (int c = 0; c < 10; ++c) {
        const double variance =
            expected["explained_variance"][static_cast<size_t>(c)].get<double>();
        const double ratio =
            expected["explained_variance_ratio"][static_cast<size_t>(c)].get<double>();
        EXPECT_NEAR(pca.explained_variance(c) / variance, 1.0, 1e-4) << what << " PC" << c + 1;
        EXPECT_NEAR(pca.explained_variance_ratio(c) / ratio, 1.0, 1e-4) << what << " PC" << c + 1;
        // Up to sign (scikit-learn 1.2 flips by U, embscope by V's largest coefficient).
        const Eigen::RowVectorXf ours = pca.components.row(c);
        Eigen::RowVectorXf theirs = components.row(c);
        if (ours.dot(theirs) < 0) theirs = -theirs;
        EXPECT_LT((ours - theirs).cwiseAbs().maxCoeff(), 1e-4 * theirs.cwiseAbs().maxCoeff())
            << what << " PC" << c + 1;
      }
      // The projected coordinates of the first rows agree too (up to each axis's sign).
      const Positions3D xyz = project_rows(data, pca);
      for (int r = 0; r < 5; ++r) {
        for (int a = 0; a < 3; ++a) {
          const double theirs =
              expected["first_rows_projected"][static_cast<size_t>(r)][static_cast<size_t>(a)]
                  .get<double>();
          EXPECT_NEAR(std::abs(xyz(a, r)), std::abs(theirs), 1e-4 * std::max(1.0, std::abs(theirs)))
              << what;
        }
      }
    }
  }
}

TEST(Projection, RandomizedSolverMatchesExactOnAKnownSpectrum) {
  std::mt19937 random(2);
  std::normal_distribution<double> normal(0, 1);
  const int dim = 200;
  Eigen::MatrixXd gaussian(dim, dim);
  for (int i = 0; i < dim * dim; ++i) gaussian.data()[i] = normal(random);
  const Eigen::MatrixXd axes = Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian).householderQ();
  RowMatrixXf data(20000, dim);
  Eigen::VectorXd z(dim);
  for (Eigen::Index r = 0; r < data.rows(); ++r) {
    for (int i = 0; i < dim; ++i) z(i) = normal(random) * 8.0 / (1.0 + i);
    data.row(r) = (axes * z).transpose().cast<float>();
  }
  PcaOptions options;
  options.components = 5;
  options.solver = PcaSolver::Exact;
  const Pca exact = fit_pca(data, options);
  options.solver = PcaSolver::Auto;
  EXPECT_EQ(fit_pca(data, options).solver_used, PcaSolver::Exact);  // 200 dims: exact is faster
  options.solver = PcaSolver::Randomized;
  const Pca fast = fit_pca(data, options);
  EXPECT_EQ(fast.solver_used, PcaSolver::Randomized);
  EXPECT_GT(fast.iterations, 1);
  for (int c = 0; c < 5; ++c) {
    EXPECT_NEAR(fast.explained_variance(c) / exact.explained_variance(c), 1.0, 1e-5) << c;
    EXPECT_GT(std::abs(fast.components.row(c).dot(exact.components.row(c))), 1.0f - 1e-4f) << c;
    // Same sign rule, same picture.
    EXPECT_GT(fast.components.row(c).dot(exact.components.row(c)), 0.0f) << c;
  }
}

TEST(Projection, ProcrustesKeepsARotatedAndFlippedFrameStill) {
  std::mt19937 random(8);
  std::normal_distribution<double> normal(0, 1);
  const int dim = 50;
  Eigen::MatrixXd gaussian(dim, 3);
  for (int i = 0; i < dim * 3; ++i) gaussian.data()[i] = normal(random);
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian).householderQ() *
                            Eigen::MatrixXd::Identity(dim, 3);
  const Eigen::Matrix<float, 3, Eigen::Dynamic> previous = q.transpose().cast<float>();
  // The same subspace, rotated by 40 degrees about z and with one axis flipped.
  Eigen::Matrix3d turn = Eigen::Matrix3d::Identity();
  turn(0, 0) = std::cos(0.7);
  turn(0, 1) = -std::sin(0.7);
  turn(1, 0) = std::sin(0.7);
  turn(1, 1) = std::cos(0.7);
  turn.row(2) *= -1;
  const Eigen::Matrix<float, 3, Eigen::Dynamic> refitted = (turn * q.transpose()).cast<float>();
  const auto aligned = align_to(refitted, previous);
  EXPECT_LT((aligned - previous).cwiseAbs().maxCoeff(), 1e-5f);
  // Points projected with the aligned frame do not move.
  RowMatrixXf points(100, dim);
  for (int i = 0; i < points.size(); ++i) points.data()[i] = static_cast<float>(normal(random));
  Projection before;
  before.basis = previous;
  before.centre = Eigen::RowVectorXf::Zero(dim);
  Projection after = before;
  after.basis = aligned;
  EXPECT_LT(displacement(after.apply(points), before.apply(points)).maxCoeff(), 1e-4f);
}

TEST(Projection, CustomAxesBehaveAsAUserExpects) {
  const VectorSpace space(glove());
  const Projection gender =
      custom_axes(space, {{.expression = "woman - man"}, {.expression = "queen - king"}}, true);
  EXPECT_EQ(gender.labels[0], "woman - man");
  const Positions3D xyz = gender.apply(glove().vectors);
  const auto x = [&](const std::string& word) { return xyz(0, space.index_of(word)); };
  for (const auto& [female, male] :
       std::vector<std::pair<std::string, std::string>>{{"queen", "king"},
                                                        {"actress", "actor"},
                                                        {"she", "he"},
                                                        {"her", "his"},
                                                        {"mother", "father"}}) {
    EXPECT_GT(x(female), x(male)) << female << " vs " << male;
  }
  // Orthogonalised axes are orthonormal.
  EXPECT_NEAR(gender.basis.row(0).dot(gender.basis.row(1)), 0.0f, 1e-5f);
  EXPECT_NEAR(gender.basis.row(1).norm(), 1.0f, 1e-5f);
  // Word groups: mean(good words) - mean(bad words).
  const Projection sentiment =
      custom_axes(space, {{.positive_group = {"good", "great", "excellent"},
                           .negative_group = {"bad", "awful", "terrible"}}});
  const Positions3D s = sentiment.apply(glove().vectors);
  EXPECT_GT(s(0, space.index_of("wonderful")), s(0, space.index_of("horrible")));
  EXPECT_THROW(custom_axes(space, {{.expression = "cat - cat"}}), std::invalid_argument);
  EXPECT_THROW(custom_axes(space, {{.expression = "cat - zzzzqx"}}), UnknownWordError);
}

TEST(Projection, KnnPreservationIsOneForThreeDimensionalDataAndLowForNoise) {
  std::mt19937 random(4);
  std::normal_distribution<float> normal(0, 1);
  RowMatrixXf flat(3000, 3);
  for (int i = 0; i < flat.size(); ++i) flat.data()[i] = normal(random);
  const Pca pca = fit_pca(flat, 3);
  const auto sample = sample_rows(flat.rows(), 200, 1);
  const auto kept = knn_preservation(flat, project_rows(flat, pca), sample);
  for (float k : kept) EXPECT_NEAR(k, 1.0f, 1e-6f);
  RowMatrixXf noise(3000, 100);
  for (int i = 0; i < noise.size(); ++i) noise.data()[i] = normal(random);
  const auto low = knn_preservation(noise, project_rows(noise, fit_pca(noise, 3)), sample);
  EXPECT_LT(std::accumulate(low.begin(), low.end(), 0.0f) / low.size(), 0.2f);
}

TEST(Projection, FitOnASubsetAndSampleRows) {
  const auto sample = sample_rows(50000, 1000, 7);
  EXPECT_EQ(sample.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
  EXPECT_EQ(std::adjacent_find(sample.begin(), sample.end()), sample.end());
  EXPECT_EQ(sample, sample_rows(50000, 1000, 7));
  PcaOptions options;
  options.components = 3;
  options.fit_rows = sample;
  const Pca pca = fit_pca(glove().vectors, options);
  const Positions3D all = project_rows(glove().vectors, pca);
  EXPECT_EQ(all.cols(), glove().rows());  // fitted on 1,000 rows, applied to all 50,000
}

}  // namespace
}  // namespace embscope
