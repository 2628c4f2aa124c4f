#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "embscope/torch/torch_repr.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

TEST(TorchRepr, MatchesPyTorchCharacterForCharacter) {
  const auto fixtures = test::load_fixture("torch_embedding.json");
  int checked = 0;
  for (const auto& c : fixtures["repr"]) {
    const RowMatrixXf weight = test::json_matrix(c["weight"]);
    EXPECT_EQ("Parameter containing:\n" + torch_repr(weight, {"requires_grad=True"}),
              c["weight_repr"].get<std::string>());
    ++checked;
    if (c.contains("lookup")) {
      RowMatrixXf rows(static_cast<Eigen::Index>(c["lookup"].size()), weight.cols());
      for (size_t k = 0; k < c["lookup"].size(); ++k) {
        rows.row(static_cast<Eigen::Index>(k)) =
            weight.row(static_cast<Eigen::Index>(c["lookup"][k].get<double>()));
      }
      EXPECT_EQ(torch_repr(rows, {"grad_fn=<EmbeddingBackward0>"}),
                c["lookup_repr"].get<std::string>());
      ++checked;
    }
  }
  EXPECT_EQ(checked, 11);  // 8 weights, 3 lookups
}

}  // namespace
}  // namespace embscope
