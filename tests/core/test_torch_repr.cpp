#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "embscope/torch_repr.hpp"

namespace embscope {
namespace {

RowMatrixXf matrix(const nlohmann::json& rows) {
  RowMatrixXf m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const auto& v = rows[r][c];
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          v.is_number() ? v.get<float>() : std::stof(v.get<std::string>());
    }
  }
  return m;
}

TEST(TorchRepr, MatchesPyTorchCharacterForCharacter) {
  std::ifstream in(std::string(EMBSCOPE_TEST_FIXTURE_DIR) + "/torch_embedding.json");
  const auto fixtures = nlohmann::json::parse(in);
  int checked = 0;
  for (const auto& c : fixtures["repr"]) {
    const RowMatrixXf weight = matrix(c["weight"]);
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
