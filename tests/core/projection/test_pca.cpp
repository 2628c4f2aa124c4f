#include <gtest/gtest.h>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <random>

#include "embscope/projection/pca.hpp"

namespace embscope {
namespace {

// Rows drawn from N(mean, R diag(scales^2) R^T): the principal axes are the columns of R and
// the variances are scales^2, known in advance.
struct KnownSpectrum {
  RowMatrixXf data;
  Eigen::MatrixXd axes;  // D x D orthonormal
  Eigen::VectorXd scales;
};

KnownSpectrum make_known_spectrum(int rows, int dim, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd gaussian(dim, dim);
  for (int i = 0; i < dim; ++i) {
    for (int j = 0; j < dim; ++j) gaussian(i, j) = normal(random);
  }
  KnownSpectrum result;
  result.axes = Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian).householderQ();
  result.scales.resize(dim);
  for (int i = 0; i < dim; ++i) result.scales(i) = 10.0 / (1.0 + i * 1.5);
  Eigen::RowVectorXd mean(dim);
  for (int i = 0; i < dim; ++i) mean(i) = 3.0 * normal(random);
  result.data.resize(rows, dim);
  Eigen::VectorXd z(dim);
  for (int r = 0; r < rows; ++r) {
    for (int i = 0; i < dim; ++i) z(i) = normal(random) * result.scales(i);
    result.data.row(r) = (result.axes * z).transpose().cast<float>() + mean.cast<float>();
  }
  return result;
}

TEST(Pca, FindsKnownPrincipalAxesAndVariances) {
  const KnownSpectrum known = make_known_spectrum(40000, 12, 11);
  const Pca pca = fit_pca(known.data, 4);
  ASSERT_EQ(pca.components.rows(), 4);
  for (int k = 0; k < 4; ++k) {
    const double alignment =
        std::abs(pca.components.row(k).cast<double>().dot(known.axes.col(k).transpose()));
    EXPECT_GT(alignment, 0.999) << "component " << k;
    const double expected_variance = known.scales(k) * known.scales(k);
    EXPECT_NEAR(pca.explained_variance(k) / expected_variance, 1.0, 0.03) << "component " << k;
    EXPECT_NEAR(pca.components.row(k).norm(), 1.0, 1e-5);
  }
  const double total = known.scales.squaredNorm();
  EXPECT_NEAR(pca.total_variance / total, 1.0, 0.03);
  EXPECT_NEAR(pca.explained_variance_ratio(0), pca.explained_variance(0) / pca.total_variance,
              1e-12);
}

TEST(Pca, MatchesSvdOfTheCentredMatrix) {
  const KnownSpectrum known = make_known_spectrum(5000, 8, 5);
  const Pca pca = fit_pca(known.data, 8);
  const Eigen::MatrixXd data = known.data.cast<double>();
  const Eigen::MatrixXd centred = data.rowwise() - data.colwise().mean();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinV);
  for (int k = 0; k < 8; ++k) {
    const double variance = svd.singularValues()(k) * svd.singularValues()(k) / (5000 - 1);
    // Block products run in float (accumulated in double): about 1e-6 relative.
    EXPECT_NEAR(pca.explained_variance(k) / variance, 1.0, 1e-5) << "component " << k;
    const Eigen::VectorXd axis = svd.matrixV().col(k);
    EXPECT_NEAR(std::abs(pca.components.row(k).cast<double>().dot(axis.transpose())), 1.0, 1e-5);
  }
}

TEST(Pca, SignRuleMakesTheLargestCoefficientPositive) {
  const KnownSpectrum known = make_known_spectrum(3000, 6, 3);
  const Pca pca = fit_pca(known.data, 3);
  for (int k = 0; k < 3; ++k) {
    Eigen::Index largest = 0;
    pca.components.row(k).cwiseAbs().maxCoeff(&largest);
    EXPECT_GT(pca.components(k, largest), 0.0f);
  }
  // Negated data has the same covariance; whatever signs the eigen solver returns, the rule
  // gives identical components.
  const RowMatrixXf negated = -known.data;
  const Pca again = fit_pca(negated, 3);
  EXPECT_TRUE(again.components.isApprox(pca.components, 1e-5f));
}

TEST(Pca, ProjectionIsCentredAndCarriesTheComponentVariance) {
  const KnownSpectrum known = make_known_spectrum(20000, 10, 9);
  const Pca pca = fit_pca(known.data, 3);
  const Positions3D xyz = project_rows(known.data, pca);
  ASSERT_EQ(xyz.cols(), known.data.rows());
  const Eigen::Vector3d mean = xyz.cast<double>().rowwise().mean();
  EXPECT_LT(mean.cwiseAbs().maxCoeff(), 1e-3);
  for (int a = 0; a < 3; ++a) {
    const double variance = xyz.row(a).cast<double>().squaredNorm() / (xyz.cols() - 1);
    EXPECT_NEAR(variance / pca.explained_variance(a), 1.0, 1e-4);
  }
  // Choosing other components, and an absent one (zero axis), as the 2-D case needs.
  const Positions3D swapped = project_rows(known.data, pca, {2, 0, 7});
  EXPECT_TRUE(swapped.row(0).isApprox(xyz.row(2)));
  EXPECT_TRUE(swapped.row(1).isApprox(xyz.row(0)));
  EXPECT_EQ(swapped.row(2).cwiseAbs().maxCoeff(), 0.0f);
}

TEST(Pca, RejectsTooFewRowsAndHonoursCancel) {
  RowMatrixXf one_row = RowMatrixXf::Ones(1, 4);
  EXPECT_THROW(fit_pca(one_row, 3), std::invalid_argument);
  const KnownSpectrum known = make_known_spectrum(10000, 4, 1);
  std::atomic<bool> cancel{true};
  TaskControl control;
  control.cancel_requested = &cancel;
  EXPECT_THROW(fit_pca(known.data, 3, control), Cancelled);
}

}  // namespace
}  // namespace embscope
