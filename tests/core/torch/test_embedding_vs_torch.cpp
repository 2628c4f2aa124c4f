// The Embedding, Generator and optimisers against what PyTorch 1.13 really computes
// (tests/fixtures/torch_embedding.json, written by tests/fixtures/make_torch_fixtures.py).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "embscope/torch/embedding.hpp"
#include "embscope/torch/generator.hpp"
#include "embscope/torch/optim.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

using nlohmann::json;

using test::json_matrix;

const json& fixtures() {
  static const json data = test::load_fixture("torch_embedding.json");
  return data;
}

std::vector<int64_t> indices(const json& values) {
  std::vector<int64_t> out;
  for (const auto& v : values) out.push_back(static_cast<int64_t>(v.get<double>()));
  return out;
}

std::optional<int64_t> optional_index(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<int64_t>();
}

// Largest difference in units in the last place between two float matrices of equal shape.
int64_t max_ulp_difference(const RowMatrixXf& a, const RowMatrixXf& b) {
  int64_t worst = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const auto ordered = [](float f) {
      const auto bits = std::bit_cast<int32_t>(f);
      return bits < 0 ? int64_t{INT32_MIN} - bits : int64_t{bits};
    };
    worst = std::max(worst, std::abs(ordered(a.data()[i]) - ordered(b.data()[i])));
  }
  return worst;
}

void expect_near(const RowMatrixXf& actual, const RowMatrixXf& expected, float tolerance,
                 const std::string& what) {
  ASSERT_EQ(actual.rows(), expected.rows()) << what;
  ASSERT_EQ(actual.cols(), expected.cols()) << what;
  EXPECT_LE((actual - expected).cwiseAbs().maxCoeff(), tolerance) << what << "\nactual:\n"
                                                                  << actual << "\nexpected:\n"
                                                                  << expected;
}

TEST(EmbeddingVsTorch, InitIsBitExactForEverySeedShapeAndSequence) {
  int small = 0;
  int large = 0;
  for (const json& c : fixtures()["init"]) {
    Generator generator(c["seed"].get<uint64_t>());
    for (size_t t = 0; t < c["sequence"].size(); ++t) {
      const int64_t rows = c["sequence"][t][0].get<int64_t>();
      const int64_t cols = c["sequence"][t][1].get<int64_t>();
      Embedding table({.num_embeddings = rows, .embedding_dim = cols}, generator);
      const RowMatrixXf expected = json_matrix(c["weights"][t]);
      ASSERT_EQ(max_ulp_difference(table.weight(), expected), 0)
          << "seed " << c["seed"] << " table " << t << " (" << rows << "x" << cols << ")\n"
          << table.weight() << "\nexpected\n"
          << expected;
      (rows * cols < 16 ? small : large)++;
    }
  }
  EXPECT_GT(small, 20);  // both torch paths are covered
  EXPECT_GT(large, 20);
}

template <typename T>
void expect_normal_fill_matches(const json& c) {
  Generator generator(c["seed"].get<uint64_t>());
  std::vector<T> values(c["n"].get<size_t>());
  generator.normal_fill(values, c["mean"].get<double>(), c["std"].get<double>());
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(values[i], static_cast<T>(c["values"][i].get<double>()))
        << c["dtype"] << " seed " << c["seed"] << " n " << values.size() << " at " << i;
  }
}

TEST(EmbeddingVsTorch, NormalFillWithMeanAndStdIsBitExactInFloatAndDouble) {
  for (const json& c : fixtures()["double_normal"]) {
    if (c["dtype"] == "float64") {
      expect_normal_fill_matches<double>(c);
    } else {
      expect_normal_fill_matches<float>(c);
    }
  }
}

TEST(EmbeddingVsTorch, ClassicSeed42Table) {
  Generator generator(42);
  Embedding table({.num_embeddings = 5, .embedding_dim = 3}, generator);
  EXPECT_NEAR(table.weight()(0, 0), 0.3367f, 5e-5f);
  EXPECT_NEAR(table.weight()(1, 1), -1.1229f, 5e-5f);
  EXPECT_NEAR(table.weight()(4, 2), -0.9890f, 5e-5f);
  const std::vector<int64_t> lookup = {0, 2, 4};
  const RowMatrixXf rows = table.forward(lookup);
  EXPECT_TRUE(rows.row(1) == table.weight().row(2));
  EXPECT_TRUE(rows.row(2) == table.weight().row(4));
}

TEST(EmbeddingVsTorch, PaddingRowIsZeroedAndGetsNoGradient) {
  for (const json& c : fixtures()["padding"]) {
    Generator generator(c["seed"].get<uint64_t>());
    Embedding table({.num_embeddings = c["num_embeddings"].get<int64_t>(),
                     .embedding_dim = c["embedding_dim"].get<int64_t>(),
                     .padding_idx = c["padding_idx"].get<int64_t>()},
                    generator);
    EXPECT_EQ(max_ulp_difference(table.weight(), json_matrix(c["weight"])), 0);
    const auto idx = indices(c["indices"]);
    expect_near(table.forward(idx), json_matrix(c["output"]), 0.0f, "padding forward");
    table.backward(idx, json_matrix(c["grad_output"]));
    expect_near(table.grad(), json_matrix(c["grad"]), 1e-6f, "padding grad");
    EXPECT_EQ(table.grad().row(*table.padding_row()).cwiseAbs().maxCoeff(), 0.0f);
  }
}

TEST(EmbeddingVsTorch, MaxNormRenormalisesReferencedRowsOnce) {
  int renormalised_cases = 0;
  for (const json& c : fixtures()["max_norm"]) {
    Embedding table = Embedding::from_pretrained(
        json_matrix(c["initial"]), false,
        {.max_norm = c["max_norm"].get<float>(), .norm_type = c["norm_type"].get<float>()});
    const auto idx = indices(c["indices"]);
    const std::string what = "max_norm " + c["max_norm"].dump() + " p " + c["norm_type"].dump();
    expect_near(table.forward(idx), json_matrix(c["output"]), 1e-6f, what + " output");
    expect_near(table.weight(), json_matrix(c["weight_after"]), 1e-6f, what + " weight");
    // The rows reported as renormalised are exactly those torch changed.
    std::vector<int64_t> changed;
    const RowMatrixXf initial = json_matrix(c["initial"]);
    const RowMatrixXf after = json_matrix(c["weight_after"]);
    for (Eigen::Index r = 0; r < initial.rows(); ++r) {
      if (initial.row(r) != after.row(r)) changed.push_back(r);
    }
    EXPECT_EQ(table.last_renormalised_rows(), changed) << what;
    renormalised_cases += !changed.empty();
  }
  EXPECT_GE(renormalised_cases, 4);
}

TEST(EmbeddingVsTorch, DenseGradientsWithScaleGradByFreqAndAccumulation) {
  for (const json& c : fixtures()["grad"]) {
    Embedding table =
        Embedding::from_pretrained(json_matrix(c["initial"]), false,
                                   {.padding_idx = optional_index(c["padding_idx"]),
                                    .scale_grad_by_freq = c["scale_grad_by_freq"].get<bool>()});
    const auto idx = indices(c["indices"]);
    const RowMatrixXf grad_output = json_matrix(c["grad_output"]);
    table.forward(idx);
    table.backward(idx, grad_output);
    const std::vector<int64_t> first_three(idx.begin(), idx.begin() + 3);
    table.backward(first_three, grad_output.topRows(3) * 2.0f);
    expect_near(table.grad(), json_matrix(c["grad"]), 1e-6f, "grad " + c.dump().substr(0, 60));
  }
}

TEST(EmbeddingVsTorch, SparseGradientsUncoalescedAndCoalesced) {
  for (const json& c : fixtures()["sparse"]) {
    Embedding table = Embedding::from_pretrained(
        json_matrix(c["initial"]), false,
        {.padding_idx = optional_index(c["padding_idx"]), .sparse = true});
    const auto idx = indices(c["indices"]);
    table.backward(idx, json_matrix(c["grad_output"]));
    EXPECT_EQ(table.sparse_grad().indices, indices(c["grad_indices"]));
    expect_near(table.sparse_grad().values, json_matrix(c["grad_values"]), 0.0f, "sparse values");
    const SparseGrad coalesced = table.sparse_grad().coalesce();
    EXPECT_EQ(coalesced.indices, indices(c["coalesced_indices"]));
    expect_near(coalesced.values, json_matrix(c["coalesced_values"]), 1e-6f, "coalesced values");
  }
}

TEST(EmbeddingVsTorch, FromPretrainedKeepsPaddingRowAndHonoursFreeze) {
  for (const json& c : fixtures()["freeze"]) {
    const bool freeze = c["freeze"].get<bool>();
    Embedding table =
        Embedding::from_pretrained(json_matrix(c["initial"]), freeze, {.padding_idx = 1});
    EXPECT_EQ(table.frozen(), !c["requires_grad"].get<bool>());
    EXPECT_TRUE(table.weight() == json_matrix(c["initial"]));  // padding row not zeroed
    const std::vector<int64_t> idx = {1, 2};
    expect_near(table.forward(idx), json_matrix(c["output"]), 0.0f, "pretrained forward");
    table.backward(idx, RowMatrixXf::Ones(2, table.embedding_dim()));
    if (c["grad"].is_null()) {
      EXPECT_EQ(table.grad().cwiseAbs().maxCoeff(), 0.0f);
    } else {
      expect_near(table.grad(), json_matrix(c["grad"]), 0.0f, "pretrained grad");
    }
  }
}

// Embedding -> Linear -> softmax cross-entropy (mean over the batch), by hand.
struct TinyModel {
  Embedding table;
  RowMatrixXf linear_weight;  // out x in
  RowMatrixXf linear_bias;    // 1 x out
  RowMatrixXf linear_weight_grad;
  RowMatrixXf linear_bias_grad;

  float train_step(const std::vector<int64_t>& idx, const std::vector<int64_t>& targets) {
    const RowMatrixXf x = table.forward(idx);
    RowMatrixXf logits = x * linear_weight.transpose();
    logits.rowwise() += linear_bias.row(0);
    const auto batch = static_cast<float>(idx.size());
    RowMatrixXf grad_logits(logits.rows(), logits.cols());
    double loss = 0;
    for (Eigen::Index r = 0; r < logits.rows(); ++r) {
      const float top = logits.row(r).maxCoeff();
      const Eigen::RowVectorXf e = (logits.row(r).array() - top).exp();
      const float sum = e.sum();
      loss += -(logits(r, targets[r]) - top - std::log(sum));
      grad_logits.row(r) = e / sum / batch;
      grad_logits(r, targets[r]) -= 1.0f / batch;
    }
    linear_weight_grad = grad_logits.transpose() * x;
    linear_bias_grad = grad_logits.colwise().sum();
    table.backward(idx, grad_logits * linear_weight);
    return static_cast<float>(loss / batch);
  }
};

TEST(EmbeddingVsTorch, ThreeOptimiserStepsOfEmbeddingLinearCrossEntropy) {
  for (const json& c : fixtures()["training"]) {
    const std::string name = c["optimizer"];
    const bool sparse = name == "sgd_sparse" || name == "sparse_adam";
    TinyModel model{
        Embedding::from_pretrained(json_matrix(c["initial_embedding"]), false, {.sparse = sparse}),
        json_matrix(c["initial_linear_weight"]),
        json_matrix(json::array({c["initial_linear_bias"]})),
        {},
        {}};
    model.linear_weight_grad = RowMatrixXf::Zero(3, 4);
    model.linear_bias_grad = RowMatrixXf::Zero(1, 3);
    const float lr = c["lr"].get<float>();
    std::vector<std::unique_ptr<Optimizer>> optimisers;
    const Parameter embedding = Parameter::of(model.table);
    const Parameter weight = Parameter::dense(model.linear_weight, model.linear_weight_grad);
    const Parameter bias = Parameter::dense(model.linear_bias, model.linear_bias_grad);
    if (name == "sgd" || name == "sgd_sparse") {
      optimisers.push_back(
          std::make_unique<Sgd>(std::vector{embedding, weight, bias}, SgdOptions{.lr = lr}));
    } else if (name == "adam") {
      optimisers.push_back(
          std::make_unique<Adam>(std::vector{embedding, weight, bias}, AdamOptions{.lr = lr}));
    } else {
      optimisers.push_back(
          std::make_unique<SparseAdam>(std::vector{embedding}, AdamOptions{.lr = lr}));
      optimisers.push_back(
          std::make_unique<Adam>(std::vector{weight, bias}, AdamOptions{.lr = lr}));
    }
    int step_number = 0;
    for (const json& step : c["steps"]) {
      const std::string what = name + " step " + std::to_string(++step_number);
      for (auto& o : optimisers) o->zero_grad();
      const float loss = model.train_step(indices(step["indices"]), indices(step["targets"]));
      EXPECT_NEAR(loss, step["loss"].get<float>(), 1e-6f) << what;
      for (auto& o : optimisers) o->step();
      expect_near(model.table.weight(), json_matrix(step["embedding"]), 1e-6f, what + " embedding");
      expect_near(model.linear_weight, json_matrix(step["linear_weight"]), 1e-6f, what + " weight");
      expect_near(model.linear_bias, json_matrix(json::array({step["linear_bias"]})), 1e-6f,
                  what + " bias");
      if (sparse) {
        // Only the looked-up rows moved, and the optimiser says which.
        std::vector<int64_t> looked_up = indices(step["indices"]);
        std::sort(looked_up.begin(), looked_up.end());
        looked_up.erase(std::unique(looked_up.begin(), looked_up.end()), looked_up.end());
        EXPECT_EQ(optimisers[0]->changed_rows(0), looked_up) << what;
      }
    }
  }
}

}  // namespace
}  // namespace embscope
