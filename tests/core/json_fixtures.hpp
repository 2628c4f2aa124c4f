// Reading the committed JSON fixtures (written by the scripts in tests/fixtures/) in the tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "embscope/base/matrix.hpp"

namespace embscope::test {

// Parses tests/fixtures/<relative>; callers keep the result in a function-local static.
inline nlohmann::json load_fixture(const std::string& relative) {
  std::ifstream in(std::filesystem::path(EMBSCOPE_TEST_FIXTURE_DIR) / relative);
  return nlohmann::json::parse(in);
}

// A JSON array of rows as a float matrix. NaN and infinities, which JSON lacks, are written by
// the fixture scripts as the strings "nan", "inf" and "-inf".
inline RowMatrixXf json_matrix(const nlohmann::json& rows) {
  RowMatrixXf m(static_cast<Eigen::Index>(rows.size()),
                rows.empty() ? 0 : static_cast<Eigen::Index>(rows[0].size()));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const auto& v = rows[r][c];
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          v.is_number() ? v.get<float>() : std::stof(v.get<std::string>());
    }
  }
  return m;
}

}  // namespace embscope::test
