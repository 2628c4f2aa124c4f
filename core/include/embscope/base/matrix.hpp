// Dense matrix types shared by the whole engine.
//
// Embedding tables are row-major so that one word's vector is contiguous, exactly like the
// `weight` tensor of torch.nn.Embedding. Point positions for the 3D view are column-major 3xN,
// which is the memory layout VTK's vtkPoints uses (x0 y0 z0 x1 y1 z1 ...).
#pragma once

#include <Eigen/Core>

namespace embscope {

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Positions3D = Eigen::Matrix3Xf;

}  // namespace embscope
