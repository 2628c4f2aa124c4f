// What every VectorSet a reader returns must satisfy, whatever the input was, and the two ways
// the vector-file targets read their input with it.
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
  // Words are unique, except projector labels, which may repeat (find() gives the first row).
  int64_t repeated = 0;
  for (int64_t row = 0; row < set.rows(); ++row) {
    const auto first = set.vocabulary.find(set.vocabulary.word(row));
    require(first.has_value() && *first <= row, "find() gives a row with the word");
    require(set.vocabulary.word(*first) == set.vocabulary.word(row), "find() gives its row");
    repeated += *first != row;
  }
  require(repeated == set.vocabulary.repeated_rows(), "repeated labels are counted");
  require(repeated == 0 || !set.metadata.empty(), "only projector labels repeat");
}

// Reads the file at `path`; a successful read must satisfy check_vector_set.
inline void read_and_check(const std::filesystem::path& path, const ReadOptions& options) {
  expect_clean_failure([&] { check_vector_set(read_vectors(path, options), options); });
}

// Parses `text` as `format` from memory with the default options, then with every option that
// changes what is kept (limit, NaN allowed, lowercase, normalise).
inline void parse_text_with_each_option(std::string_view text, VectorFormat format) {
  const ReadOptions plain{.format = format, .threads = 1};
  ReadOptions changed = plain;
  changed.limit = 3;
  changed.allow_non_finite = true;
  changed.lowercase = true;
  changed.normalize = true;
  for (const ReadOptions& options : {plain, changed}) {
    expect_clean_failure(
        [&] { check_vector_set(parse_text_vectors(text, "input.txt", options), options); });
  }
}

}  // namespace embscope::fuzz
