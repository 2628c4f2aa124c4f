// What UMAP and t-SNE publish after a step (internal to the projection area): their positions
// (rows x dims, or nothing before the first step prepared the layout) as 3 x rows with z = 0 in
// 2D, axis labels "<method> 1".."<method> dims", the iteration reached and planned, the loss.
#pragma once

#include <string>

#include "embscope/base/matrix.hpp"
#include "embscope/projection/layout.hpp"

namespace embscope::detail {

struct IterativeState {
  const char* method;  // "UMAP", "t-SNE"
  bool prepared;
  const RowMatrixXf& positions;  // rows x dims
  int dims;
  int64_t rows;
  int64_t iteration;
  int64_t iterations;
  bool finished;
  double loss;  // NaN when not measured
};

inline void fill_iterative_snapshot(LayoutSnapshot& snapshot, const IterativeState& state) {
  snapshot.positions.setZero(3, state.prepared ? state.rows : 0);
  if (state.prepared) snapshot.positions.topRows(state.dims) = state.positions.transpose();
  for (int d = 0; d < 3; ++d) {
    snapshot.labels[d] = d < state.dims ? state.method + (" " + std::to_string(d + 1)) : "";
  }
  snapshot.explained_variance.resize(0);
  snapshot.iteration = state.iteration;
  snapshot.iterations = state.iterations;
  snapshot.finished = state.finished;
  snapshot.projection.reset();
  snapshot.fitted_rows = state.rows;
  snapshot.loss = state.loss;
}

}  // namespace embscope::detail
