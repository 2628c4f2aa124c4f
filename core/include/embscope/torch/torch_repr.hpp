// Prints a matrix exactly as PyTorch 1.13's repr() prints a 2-D float tensor (4 decimals, the
// same fixed / scientific / integer modes, column alignment, line wrapping at 80 characters,
// and "..." summaries above 1,000 values), so a learner can compare embscope's numbers with a
// Python session character for character.
//
//   torch_repr(table.weight(), {"requires_grad=True"})
//   // tensor([[ 0.3367,  0.1288,  0.2345],
//   //         ...
//   //         [ 1.1103, -1.6898, -0.9890]], requires_grad=True)
#pragma once

#include <string>
#include <vector>

#include "embscope/base/matrix.hpp"

namespace embscope {

std::string torch_repr(const RowMatrixXf& matrix, const std::vector<std::string>& suffixes = {});

}  // namespace embscope
