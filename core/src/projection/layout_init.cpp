#include "embscope/projection/layout_init.hpp"

#include <random>
#include <stdexcept>
#include <string>

#include "embscope/projection/pca.hpp"

namespace embscope {

RowMatrixXf initial_layout(const RowMatrixXf& data, int dims, LayoutInit init, uint64_t seed,
                           const Positions3D* given, const TaskControl& control) {
  if (dims < 1 || dims > 3) throw std::invalid_argument("a layout has 1 to 3 dimensions");
  const Eigen::Index rows = data.rows();
  RowMatrixXf start(rows, dims);
  if (given != nullptr) {
    if (given->cols() != rows) {
      throw std::invalid_argument("the starting positions have " + std::to_string(given->cols()) +
                                  " points for " + std::to_string(rows) + " rows");
    }
    start = given->topRows(dims).transpose();
    return start;
  }
  if (init == LayoutInit::Pca && rows >= 2 && data.cols() >= 1) {
    PcaOptions options;
    options.components = static_cast<int>(std::min<Eigen::Index>(dims, data.cols()));
    options.seed = seed;
    const Pca pca = fit_pca(data, options, control);
    start.setZero();
    const Positions3D projected = project_rows(data, pca, {0, 1, 2});
    start.leftCols(options.components) = projected.topRows(options.components).transpose();
    return start;
  }
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<float> uniform(-10.0f, 10.0f);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (int d = 0; d < dims; ++d) start(r, d) = uniform(generator);
  return start;
}

}  // namespace embscope
