// A loaded set of word vectors: the vocabulary and a float32 matrix with one row per word,
// plus what some formats carry besides: per-word counts and metadata columns.
//
// This is what every reader returns and what the projection, the queries and the view consume.
//
//   VectorSet set = read_vectors("glove.6B.100d.txt.gz");
//   auto cat = set.vocabulary.find("cat");
//   Eigen::RowVectorXf v = set.vectors.row(*cat);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/vectors/vocabulary.hpp"

namespace embscope {

// Extra per-row columns (TensorFlow projector metadata, for example `word<TAB>pos<TAB>count`).
struct Metadata {
  std::vector<std::string> column_names;
  std::vector<std::vector<std::string>> columns;  // columns[c][row]

  bool empty() const { return column_names.empty(); }
};

struct VectorSet {
  Vocabulary vocabulary;
  RowMatrixXf vectors;          // rows() == vocabulary.size()
  std::vector<int64_t> counts;  // empty, or one corpus count per row
  Metadata metadata;            // empty, or columns of vocabulary.size() values

  int64_t rows() const { return vectors.rows(); }
  int64_t dim() const { return vectors.cols(); }
};

}  // namespace embscope
