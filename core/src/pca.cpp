#include "embscope/pca.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace embscope {
namespace {

constexpr Eigen::Index kBlockRows = 4096;

int worker_count(Eigen::Index rows) {
  const auto hardware =
      static_cast<Eigen::Index>(std::max(1u, std::thread::hardware_concurrency()));
  return static_cast<int>(std::clamp<Eigen::Index>(rows / kBlockRows, 1, hardware));
}

// Runs body(begin, end) over [0, rows) split into one contiguous range per worker.
template <typename Body>
void parallel_row_ranges(Eigen::Index rows, int workers, Body&& body) {
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] { body(w, rows * w / workers, rows * (w + 1) / workers); });
  }
  body(0, 0, rows / workers);
  for (auto& thread : threads) thread.join();
}

Eigen::RowVectorXd column_mean(const RowMatrixXf& data, int workers) {
  std::vector<Eigen::RowVectorXd> partial(workers, Eigen::RowVectorXd::Zero(data.cols()));
  parallel_row_ranges(data.rows(), workers, [&](int w, Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index r = begin; r < end; ++r) partial[w] += data.row(r).cast<double>();
  });
  Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(data.cols());
  for (const auto& p : partial) sum += p;
  return sum / static_cast<double>(data.rows());
}

// Sum over rows of (x - mean)^T (x - mean). Each block product runs in float (fast GEMM) on
// already-centred values and is accumulated in double, so rounding does not grow with n.
Eigen::MatrixXd centred_scatter(const RowMatrixXf& data, const Eigen::RowVectorXd& mean,
                                int workers, const TaskControl& control) {
  const Eigen::Index dim = data.cols();
  const Eigen::RowVectorXf mean_f = mean.cast<float>();
  std::vector<Eigen::MatrixXd> partial(workers, Eigen::MatrixXd::Zero(dim, dim));
  parallel_row_ranges(data.rows(), workers, [&](int w, Eigen::Index begin, Eigen::Index end) {
    Eigen::MatrixXf block;
    Eigen::MatrixXf product(dim, dim);
    for (Eigen::Index start = begin; start < end; start += kBlockRows) {
      if (control.cancelled()) return;
      const Eigen::Index count = std::min(kBlockRows, end - start);
      block = data.middleRows(start, count).rowwise() - mean_f;
      product.noalias() = block.transpose() * block;
      partial[w] += product.cast<double>();
    }
  });
  control.throw_if_cancelled();
  Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(dim, dim);
  for (const auto& p : partial) scatter += p;
  return scatter;
}

}  // namespace

Pca fit_pca(const RowMatrixXf& data, int components, const TaskControl& control) {
  if (data.rows() < 2) throw std::invalid_argument("PCA needs at least 2 rows");
  if (data.cols() < 1) throw std::invalid_argument("PCA needs at least 1 column");
  const int k = std::clamp<int>(components, 1, static_cast<int>(data.cols()));
  const int workers = worker_count(data.rows());

  const Eigen::RowVectorXd mean = column_mean(data, workers);
  const Eigen::MatrixXd covariance =
      centred_scatter(data, mean, workers, control) / static_cast<double>(data.rows() - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
  if (solver.info() != Eigen::Success) throw std::runtime_error("PCA: eigen decomposition failed");

  // Eigen returns ascending eigenvalues; principal components are the largest.
  const Eigen::Index dim = data.cols();
  Pca pca;
  pca.mean = mean.cast<float>();
  pca.components.resize(k, dim);
  pca.explained_variance.resize(k);
  pca.total_variance = std::max(0.0, covariance.trace());
  for (int i = 0; i < k; ++i) {
    Eigen::VectorXd axis = solver.eigenvectors().col(dim - 1 - i);
    Eigen::Index largest = 0;
    axis.cwiseAbs().maxCoeff(&largest);
    if (axis(largest) < 0) axis = -axis;
    pca.components.row(i) = axis.transpose().cast<float>();
    pca.explained_variance(i) = std::max(0.0, solver.eigenvalues()(dim - 1 - i));
  }
  pca.explained_variance_ratio = pca.total_variance > 0
                                     ? Eigen::VectorXd(pca.explained_variance / pca.total_variance)
                                     : Eigen::VectorXd::Zero(k);
  return pca;
}

Positions3D project_rows(const RowMatrixXf& data, const Pca& pca, std::array<int, 3> axes) {
  Eigen::Matrix<float, 3, Eigen::Dynamic> basis =
      Eigen::Matrix<float, 3, Eigen::Dynamic>::Zero(3, data.cols());
  for (int a = 0; a < 3; ++a) {
    if (axes[a] >= 0 && axes[a] < pca.components.rows()) basis.row(a) = pca.components.row(axes[a]);
  }
  const Eigen::Vector3f offset = basis * pca.mean.transpose();
  Positions3D positions(3, data.rows());
  constexpr Eigen::Index kBlock = 16384;
  for (Eigen::Index start = 0; start < data.rows(); start += kBlock) {
    const Eigen::Index count = std::min(kBlock, data.rows() - start);
    positions.middleCols(start, count).noalias() =
        basis * data.middleRows(start, count).transpose();
    positions.middleCols(start, count).colwise() -= offset;
  }
  return positions;
}

}  // namespace embscope
