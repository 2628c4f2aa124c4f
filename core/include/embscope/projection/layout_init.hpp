// Where an iterative layout (UMAP, t-SNE) starts: the data's first principal components (the
// picture the window opens with, so the cloud visibly unfolds from it), uniform random positions,
// or positions the caller gives (restart from the current view). Each method then scales the start
// as its reference implementation does (UMAP to [0, 10], t-SNE to a standard deviation of 1e-4).
//
//   RowMatrixXf start = initial_layout(set.vectors, 2, LayoutInit::Pca, seed);  // rows x 2
#pragma once

#include <cstdint>

#include "embscope/base/matrix.hpp"
#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/space/neighbour_search.hpp"

namespace embscope {

enum class LayoutInit { Pca, Random };

inline constexpr OptionChoice<LayoutInit> kLayoutInits[] = {{"pca", LayoutInit::Pca},
                                                            {"random", LayoutInit::Random}};

// What every iterative layout (UMAP, t-SNE) takes besides its own parameters.
struct IterativeLayoutOptions {
  int dims = 2;                    // 2 or 3
  Metric metric = Metric::Cosine;  // of the k-NN graph: Cosine or Euclidean
  LayoutInit init = LayoutInit::Pca;
  double learning_rate = 0;  // 0: the method's default (UMAP 1, t-SNE "auto")
  uint64_t seed = 0;
};

// rows x dims (dims 1 to 3). `given` (3 x rows, may be null) wins over `init`: its first dims
// coordinates. Pca: the exact PCA of every row (auto solver, seeded). Random: uniform in
// [-10, 10), seeded (std::mt19937_64). Throws std::invalid_argument for a `given` of another
// row count or dims outside 1..3.
RowMatrixXf initial_layout(const RowMatrixXf& data, int dims, LayoutInit init, uint64_t seed,
                           const Positions3D* given = nullptr, const TaskControl& control = {});

}  // namespace embscope
