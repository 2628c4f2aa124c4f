#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "embscope/projection/kmeans.hpp"
#include "embscope/projection/point_scalars.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

TEST(KMeans, RecoversWellSeparatedBlobs) {
  constexpr int kBlobs = 5, kPerBlob = 200, kDim = 8;
  std::mt19937 random(3);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  RowMatrixXf data(kBlobs * kPerBlob, kDim);
  std::vector<int> truth;
  for (int b = 0; b < kBlobs; ++b) {
    for (int i = 0; i < kPerBlob; ++i) {
      const int row = b * kPerBlob + i;
      for (int c = 0; c < kDim; ++c) data(row, c) = noise(random) + (c == b ? 10.0f : 0.0f);
      truth.push_back(b);
    }
  }
  const KMeans result = kmeans(data, {.clusters = kBlobs, .seed = 4});
  // Every blob maps to one cluster and no two blobs share one.
  std::map<int, int32_t> cluster_of_blob;
  for (size_t r = 0; r < truth.size(); ++r) {
    const auto [it, inserted] = cluster_of_blob.emplace(truth[r], result.labels[r]);
    EXPECT_EQ(it->second, result.labels[r]) << "row " << r;
  }
  std::set<int32_t> distinct;
  for (const auto& [blob, cluster] : cluster_of_blob) distinct.insert(cluster);
  EXPECT_EQ(distinct.size(), size_t{kBlobs});
  // The inertia is what the noise alone gives: about rows x dim x 0.09.
  EXPECT_NEAR(result.inertia / (kBlobs * kPerBlob * kDim), 0.09, 0.01);
  // Seeded: the same seed, the same answer.
  const KMeans again = kmeans(data, {.clusters = kBlobs, .seed = 4});
  EXPECT_EQ(again.labels, result.labels);
  EXPECT_THROW(kmeans(data, {.clusters = 0}), std::invalid_argument);
  EXPECT_THROW(kmeans(data.topRows(3), {.clusters = 4}), std::invalid_argument);
}

TEST(PointScalars, ClustersAndMetadataColumns) {
  const VectorSet set = read_vectors(test::data_path("formats/test_glove.txt"));
  const Positions3D positions = Positions3D::Zero(3, set.rows());
  const Eigen::VectorXf clusters = point_scalar(PointScalar::Cluster, set.vectors, positions);
  EXPECT_EQ(clusters.size(), set.rows());
  EXPECT_GE(clusters.minCoeff(), 0);
  EXPECT_LE(clusters.maxCoeff(), 9);

  bool categorical = false;
  const Eigen::VectorXf numbers = metadata_scalar({"1.5", "2", "-3e2", ""}, &categorical);
  EXPECT_FALSE(categorical);
  EXPECT_EQ(numbers(0), 1.5f);
  EXPECT_EQ(numbers(2), -300.0f);
  EXPECT_TRUE(std::isnan(numbers(3)));  // an empty cell is unknown
  const Eigen::VectorXf categories = metadata_scalar({"noun", "verb", "noun", "adj"}, &categorical);
  EXPECT_TRUE(categorical);
  EXPECT_EQ(categories(0), categories(2));
  EXPECT_NE(categories(0), categories(1));
  EXPECT_NE(categories(1), categories(3));
}

}  // namespace
}  // namespace embscope
