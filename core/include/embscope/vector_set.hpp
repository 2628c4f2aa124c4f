// A loaded set of word vectors: the vocabulary and a float32 matrix with one row per word.
//
// This is what every reader returns and what the projection, the queries and the view consume.
//
//   VectorSet set = read_vectors("glove.6B.100d.txt.gz");
//   auto cat = set.vocabulary.find("cat");
//   Eigen::RowVectorXf v = set.vectors.row(*cat);
#pragma once

#include <cstdint>
#include <string>

#include "embscope/matrix.hpp"
#include "embscope/vocabulary.hpp"

namespace embscope {

struct VectorSet {
  Vocabulary vocabulary;
  RowMatrixXf vectors;  // rows() == vocabulary.size()

  int64_t rows() const { return vectors.rows(); }
  int64_t dim() const { return vectors.cols(); }
};

}  // namespace embscope
