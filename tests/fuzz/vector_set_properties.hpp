// What every VectorSet a reader returns must satisfy, whatever the input was.
#pragma once

#include <cmath>

#include "embscope/vector_io.hpp"
#include "fuzz_input.hpp"

namespace embscope::fuzz {

inline void check_vector_set(const VectorSet& set, const ReadOptions& options) {
  require(set.vectors.rows() == set.vocabulary.size(), "one row per word");
  require(set.counts.empty() || static_cast<int64_t>(set.counts.size()) == set.rows(),
          "one count per row");
  for (const auto& column : set.metadata.columns)
    require(static_cast<int64_t>(column.size()) == set.rows(), "one metadata value per row");
  require(set.metadata.columns.size() == set.metadata.column_names.size(),
          "every metadata column named");
  require(options.limit < 0 || set.rows() <= options.limit, "at most `limit` rows");
  if (!options.allow_non_finite) require(set.vectors.allFinite(), "only finite values");
  for (int64_t row = 0; row < set.rows(); ++row) {
    require(set.vocabulary.find(set.vocabulary.word(row)) == row, "words are unique");
  }
}

}  // namespace embscope::fuzz
