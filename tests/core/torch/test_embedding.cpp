#include <gtest/gtest.h>

#include "embscope/torch/embedding.hpp"
#include "embscope/torch/optim.hpp"

namespace embscope {
namespace {

std::string error_of(auto&& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

TEST(Embedding, OutOfRangeIndexSaysWhichAndTheValidRange) {
  Generator generator(0);
  Embedding table({.num_embeddings = 5, .embedding_dim = 3}, generator);
  const std::vector<int64_t> bad = {0, 5};
  EXPECT_THROW(table.forward(bad), IndexError);
  EXPECT_EQ(error_of([&] { table.forward(bad); }),
            "index 5 (position 1) is out of range for an embedding table of 5 rows: valid "
            "indices are 0..4");
  const std::vector<int64_t> negative = {-1};
  EXPECT_THROW(table.forward(negative), IndexError);
  EXPECT_THROW(table.backward(bad, RowMatrixXf::Zero(2, 3)), IndexError);
}

TEST(Embedding, EmptyTableLookupAndBadPaddingIdx) {
  Generator generator(0);
  Embedding empty({.num_embeddings = 0, .embedding_dim = 4}, generator);
  const std::vector<int64_t> zero = {0};
  EXPECT_NE(error_of([&] { empty.forward(zero); }).find("empty embedding table"),
            std::string::npos);
  EXPECT_EQ(empty.forward(std::vector<int64_t>{}).rows(), 0);  // an empty lookup is fine
  EXPECT_NE(error_of([&] {
              Embedding t({.num_embeddings = 4, .embedding_dim = 2, .padding_idx = 4}, generator);
            }).find("padding_idx 4 must be within num_embeddings (4)"),
            std::string::npos);
  EXPECT_THROW(Embedding({.num_embeddings = 4, .embedding_dim = 2, .padding_idx = -5}, generator),
               std::invalid_argument);
  Embedding negative({.num_embeddings = 4, .embedding_dim = 2, .padding_idx = -1}, generator);
  EXPECT_EQ(negative.padding_row(), std::optional<int64_t>(3));
  EXPECT_EQ(negative.weight().row(3).cwiseAbs().maxCoeff(), 0.0f);
}

TEST(Embedding, BackwardChecksShapesAndSparseScaleGradByFreqIsRefusedAsInTorch) {
  Embedding table = Embedding::from_pretrained(RowMatrixXf::Ones(4, 2), false);
  const std::vector<int64_t> idx = {1, 2};
  EXPECT_THROW(table.backward(idx, RowMatrixXf::Zero(3, 2)), std::invalid_argument);
  Embedding sparse = Embedding::from_pretrained(RowMatrixXf::Ones(4, 2), false,
                                                {.scale_grad_by_freq = true, .sparse = true});
  EXPECT_NE(error_of([&] {
              sparse.backward(idx, RowMatrixXf::Zero(2, 2));
            }).find("scale_grad_by_freq is not supported with sparse gradients"),
            std::string::npos);
}

TEST(Embedding, FrozenTableAccumulatesNothingAndZeroGradClears) {
  Embedding table = Embedding::from_pretrained(RowMatrixXf::Ones(4, 2), true);
  const std::vector<int64_t> idx = {1, 1};
  table.backward(idx, RowMatrixXf::Ones(2, 2));
  EXPECT_EQ(table.grad().cwiseAbs().maxCoeff(), 0.0f);
  table.set_frozen(false);
  table.backward(idx, RowMatrixXf::Ones(2, 2));
  EXPECT_EQ(table.grad()(1, 0), 2.0f);
  table.zero_grad();
  EXPECT_EQ(table.grad().cwiseAbs().maxCoeff(), 0.0f);
}

TEST(Optimizer, SparseSgdTouchesOnlyTheLookedUpRows) {
  Embedding table = Embedding::from_pretrained(RowMatrixXf::Ones(6, 3), false, {.sparse = true});
  const RowMatrixXf before = table.weight();
  Sgd sgd({Parameter::of(table)}, {.lr = 0.5f});
  const std::vector<int64_t> idx = {4, 1, 4};
  table.backward(idx, RowMatrixXf::Ones(3, 3));
  sgd.step();
  EXPECT_EQ(sgd.changed_rows(), (std::vector<int64_t>{1, 4}));
  for (int64_t r : {0, 2, 3, 5}) EXPECT_TRUE(table.weight().row(r) == before.row(r));
  EXPECT_FLOAT_EQ(table.weight()(4, 0), 1.0f - 0.5f * 2.0f);
  EXPECT_FLOAT_EQ(table.weight()(1, 2), 0.5f);
  EXPECT_THROW(Sgd({Parameter::of(table)}, {.lr = 0.1f, .momentum = 0.9f}), std::invalid_argument);
  EXPECT_THROW(Adam({Parameter::of(table)}), std::invalid_argument);
}

}  // namespace
}  // namespace embscope
