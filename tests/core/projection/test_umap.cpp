// UMAP against umap-learn 0.5.3 (fixtures by tests/fixtures/make_layout_fixtures.py): the curve's
// a and b, the fuzzy graph of 300 GloVe rows, the SGD's gradients against finite differences of
// the objective, determinism, and the quality of a layout of 2,000 GloVe rows against
// umap-learn's on the same rows.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

#include "embscope/base/resources.hpp"
#include "embscope/projection/layout.hpp"
#include "embscope/projection/trustworthiness.hpp"
#include "embscope/projection/umap.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

using nlohmann::json;

const json& fixture() {
  static const json data = test::load_fixture("layouts.json");
  return data;
}

const RowMatrixXf& glove_2000() {
  static const RowMatrixXf rows = [] {
    ReadOptions options;
    options.limit = 2000;
    return read_vectors(default_dataset_path(), options).vectors;
  }();
  return rows;
}

TEST(Umap, AbParamsEqualUmapLearnsFindAbParams) {
  for (const json& item : fixture()["umap_ab"]) {
    const double spread = item["spread"], min_dist = item["min_dist"];
    const UmapCurve curve = find_ab_params(spread, min_dist);
    // scipy's MINPACK stops at its own tolerance; both are the same least-squares minimum.
    EXPECT_NEAR(curve.a, item["ab"][0].get<double>(), 1e-4 * item["ab"][0].get<double>())
        << "spread " << spread << " min_dist " << min_dist;
    EXPECT_NEAR(curve.b, item["ab"][1].get<double>(), 1e-4) << "spread " << spread;
  }
  EXPECT_THROW(find_ab_params(0, 0.1), std::invalid_argument);
}

TEST(Umap, FuzzyGraphEqualsUmapLearnsFuzzySimplicialSet) {
  const json& expected = fixture()["umap_graph"];
  const int rows = expected["rows"];
  const int k = expected["n_neighbors"].get<int>() - 1;
  const RowMatrixXf data = glove_2000().topRows(rows);
  const KnnGraph knn = knn_graph(data, k, Metric::Cosine);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < k; ++j)
      ASSERT_EQ(knn.indices(i, j), expected["knn_indices"][i][j].get<int>()) << i << ", " << j;
  SmoothKnn smooth;
  const Eigen::SparseMatrix<float, Eigen::RowMajor> graph = fuzzy_simplicial_set(knn, &smooth);
  for (int i = 0; i < rows; ++i) {
    EXPECT_NEAR(smooth.rhos(i), expected["rhos"][i].get<double>(), 1e-5) << "row " << i;
    EXPECT_NEAR(smooth.sigmas(i), expected["sigmas"][i].get<double>(),
                1e-4 * expected["sigmas"][i].get<double>())
        << "row " << i;
  }
  std::map<std::pair<int, int>, double> edges;
  for (const json& edge : expected["edges"]) edges[{edge[0], edge[1]}] = edge[2];
  EXPECT_EQ(graph.nonZeros(), static_cast<Eigen::Index>(edges.size()));
  for (const auto& [at, weight] : edges) {
    EXPECT_NEAR(graph.coeff(at.first, at.second), weight, 1e-4)
        << "edge " << at.first << " -> " << at.second;
  }
}

// The SGD moves x_i by coefficient * (x_i - x_j): for attraction that is the gradient of log q,
// q = 1 / (1 + a d^2b) (the cross-entropy's term of an edge, ascended), for repulsion of
// log(1 - q) (the term of a non-edge), up to umap-learn's 0.001 in the denominator.
TEST(Umap, GradientCoefficientsAreTheCrossEntropysDerivatives) {
  const UmapCurve curve = find_ab_params(1.0, 0.1);
  const double a = curve.a, b = curve.b;
  const auto q = [&](const Eigen::Vector2d& xi, const Eigen::Vector2d& xj) {
    return 1.0 / (1.0 + a * std::pow((xi - xj).squaredNorm(), b));
  };
  const Eigen::Vector2d xj(0.3, -0.2);
  for (const Eigen::Vector2d& xi :
       {Eigen::Vector2d(1.1, 0.4), Eigen::Vector2d(-2.0, 3.0), Eigen::Vector2d(0.5, -0.1)}) {
    const float d2 = static_cast<float>((xi - xj).squaredNorm());
    const double attraction = umap_attraction(d2, static_cast<float>(a), static_cast<float>(b));
    const double repulsion = umap_repulsion(d2, static_cast<float>(a), static_cast<float>(b));
    for (int d = 0; d < 2; ++d) {
      constexpr double h = 1e-6;
      Eigen::Vector2d plus = xi, minus = xi;
      plus(d) += h;
      minus(d) -= h;
      const double log_q = (std::log(q(plus, xj)) - std::log(q(minus, xj))) / (2 * h);
      const double log_not_q = (std::log(1 - q(plus, xj)) - std::log(1 - q(minus, xj))) / (2 * h);
      EXPECT_NEAR(attraction * (xi(d) - xj(d)), log_q, 1e-5 + 1e-4 * std::fabs(log_q));
      EXPECT_NEAR(repulsion * (xi(d) - xj(d)), log_not_q, 1e-6 + 0.002 / d2 * std::fabs(log_not_q));
    }
  }
  EXPECT_EQ(umap_attraction(0.0f, 1.5f, 0.9f), 0.0f);
  // The coefficients in float against the formulas in double, from coincident points to 10^6
  // apart (beyond, both are below 1e-25: no step).
  for (double d2 = 1e-20; d2 < 1e12; d2 *= 3.7) {
    const double d2b = std::pow(d2, b);
    const double attraction = -2 * a * b * (d2b / d2) / (a * d2b + 1);
    const double repulsion = 2 * b / ((0.001 + d2) * (a * d2b + 1));
    const auto f = static_cast<float>(d2);
    EXPECT_NEAR(umap_attraction(f, static_cast<float>(a), static_cast<float>(b)), attraction,
                2e-6 * std::fabs(attraction))
        << "d2 " << d2;
    EXPECT_NEAR(umap_repulsion(f, static_cast<float>(a), static_cast<float>(b)), repulsion,
                2e-6 * std::fabs(repulsion))
        << "d2 " << d2;
  }
}

TEST(Umap, OptionsAreDeclaredOnceWithUmapLearnsDefaults) {
  using namespace layout_option;
  static_assert(defaults_are_accepted(umap_specs()));
  static_assert(defaults_are_accepted(iterative_specs()));
  static_assert(method.accepts(method.default_value()));
  EXPECT_EQ(neighbors.default_value(), 15);
  EXPECT_EQ(min_dist.default_value(), 0.1);
  EXPECT_EQ(spread.default_value(), 1.0);
  EXPECT_EQ(negative_sample_rate.default_value(), 5.0);
  EXPECT_EQ(learning_rate.default_value(), 0.0);  // each method's own default
  EXPECT_EQ(umap_epochs(10000, epochs.default_value()), 500);
  EXPECT_EQ(umap_epochs(10001, epochs.default_value()), 200);
  EXPECT_EQ(umap_epochs(10001, 30), 30);
  EXPECT_FALSE(dimensions.accepts(4));
  EXPECT_FALSE(metric.from_name("dot").has_value());
  EXPECT_EQ(method.from_name("umap"), LayoutMethod::Umap);
  EXPECT_EQ(init.from_name("random"), LayoutInit::Random);
}

LayoutSpec umap_spec(int dims, uint64_t seed, int64_t epochs) {
  LayoutSpec spec;
  spec.method = LayoutMethod::Umap;
  spec.dimensions = dims;
  spec.seed = seed;
  spec.umap.epochs = epochs;
  return spec;
}

TEST(Umap, SameSeedGivesIdenticalCoordinatesAnotherSeedOthers) {
  VectorSet set;
  set.vectors = glove_2000().topRows(600);
  const LayoutSnapshot first = compute_layout(set, umap_spec(2, 7, 60));
  const LayoutSnapshot again = compute_layout(set, umap_spec(2, 7, 60));
  const LayoutSnapshot other = compute_layout(set, umap_spec(2, 8, 60));
  ASSERT_EQ(first.positions.cols(), 600);
  EXPECT_TRUE(first.finished);
  EXPECT_EQ(first.iteration, 60);
  EXPECT_EQ(first.labels[0], "UMAP 1");
  EXPECT_EQ(first.labels[2], "");
  EXPECT_EQ(first.positions.row(2).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_EQ(first.positions, again.positions);
  EXPECT_NE(first.positions, other.positions);
}

TEST(Umap, StepsInPiecesGiveWhatOneRunGives) {
  VectorSet set;
  set.vectors = glove_2000().topRows(400);
  const LayoutSnapshot whole = compute_layout(set, umap_spec(3, 1, 40));
  const std::unique_ptr<Layout> layout = make_layout(set, umap_spec(3, 1, 40));
  EXPECT_TRUE(layout->step(7, {}));
  EXPECT_EQ(layout->iteration(), 7);
  while (layout->step(11, {})) {
  }
  EXPECT_EQ(layout->snapshot().positions, whole.positions);
  EXPECT_NE(whole.positions.row(2).cwiseAbs().maxCoeff(), 0.0f);
}

TEST(Umap, RefusesBadSpecsAndCancelsBeforeTheGraph) {
  VectorSet set;
  set.vectors = glove_2000().topRows(50);
  EXPECT_THROW(make_layout(set, umap_spec(4, 0, 10)), std::invalid_argument);
  LayoutSpec spec = umap_spec(2, 0, 10);
  spec.umap.neighbors = 1;
  EXPECT_THROW(make_layout(set, spec), std::invalid_argument);
  std::atomic<bool> cancel{true};
  TaskControl control;
  control.cancel_requested = &cancel;
  const std::unique_ptr<Layout> layout = make_layout(set, umap_spec(2, 0, 10));
  EXPECT_THROW(layout->step(1, control), Cancelled);
  EXPECT_EQ(layout->iteration(), 0);
  EXPECT_EQ(layout->snapshot().positions.cols(), 0);
}

bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// What the window will do: UMAP and t-SNE on the background thread, stepped, paused, stopped and
// continued, end where one uninterrupted run ends.
TEST(Umap, UmapAndTsneRunInTheBackgroundAndEndAsOneRunDoes) {
  VectorSet set;
  set.vectors = glove_2000().topRows(400);
  for (LayoutMethod method : {LayoutMethod::Umap, LayoutMethod::Tsne}) {
    LayoutSpec spec = umap_spec(2, 9, 60);
    spec.method = method;
    spec.tsne.perplexity = 10;
    spec.tsne.iterations = 120;
    const LayoutSnapshot expected = compute_layout(set, spec);
    const std::unique_ptr<Layout> layout = make_layout(set, spec);
    const auto run =
        run_layout_in_background(*layout, {.snapshot_interval = std::chrono::milliseconds(1),
                                           .step_duration = std::chrono::milliseconds(1)});
    run->step(7);  // the first step also builds the graph
    ASSERT_TRUE(eventually([&] { return run->state() == StepperState::Paused; }));
    ASSERT_NE(run->latest(), nullptr);
    EXPECT_EQ(run->latest()->iteration, 7);
    EXPECT_EQ(run->latest()->positions.cols(), 400);
    run->stop();
    run->start();  // continues where it stopped
    run->wait();
    EXPECT_EQ(run->state(), StepperState::Finished);
    EXPECT_TRUE(run->latest()->finished);
    EXPECT_EQ(run->latest()->positions, expected.positions) << static_cast<int>(method);
  }
}

// umap-learn's own layouts of these rows (cosine, seed 0) reach the fixture's trustworthiness;
// embscope's must come within 0.02 in 2D and 3D.
TEST(Umap, TrustworthinessOf2000GloveRowsMatchesUmapLearns) {
  VectorSet set;
  set.vectors = glove_2000();
  const json& peers = fixture()["peers_2000"];
  for (int dims : {2, 3}) {
    const LayoutSnapshot layout = compute_layout(set, umap_spec(dims, 0, 0));
    EXPECT_EQ(layout.iterations, 500);  // umap-learn's default up to 10,000 rows
    const double t = trustworthiness(set.vectors, layout.positions, {.k = 15});
    const double peer = peers[dims == 2 ? "umap_2d" : "umap_3d"];
    EXPECT_GE(t, peer - 0.02) << dims << "D: embscope " << t << ", umap-learn " << peer;
    std::printf("UMAP %dD trustworthiness@15: embscope %.4f, umap-learn %.4f\n", dims, t, peer);
  }
}

}  // namespace
}  // namespace embscope
