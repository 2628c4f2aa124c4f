// The Layout interface: PCA and custom axes give what the functions they wrap give, and an
// iterative layout (a toy stress-minimising MDS) steps, publishes, pauses, resumes and cancels
// through TaskControl and BackgroundStepper.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <tuple>
#include <vector>

#include "embscope/base/resources.hpp"
#include "embscope/projection/layout.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"

namespace embscope {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const VectorSet& glove() {
  static const VectorSet set = read_vectors(default_dataset_path());
  return set;
}

// What the window and the CLI computed before the Layout interface, by hand.
Positions3D by_hand(const VectorSet& set, const LayoutSpec& spec, Eigen::VectorXd* ratios) {
  PcaOptions options;
  const int wanted = *std::max_element(spec.pca.components.begin(), spec.pca.components.end());
  options.components = std::max(10, wanted + 1);
  options.spherize = spec.pca.spherize;
  options.solver = spec.pca.solver;
  options.seed = spec.seed;
  const int64_t count = std::min<int64_t>(spec.pca.fit_count, set.rows());
  if (spec.pca.fit == PcaFit::TopFrequent) {
    for (int64_t i = 0; i < count; ++i) options.fit_rows.push_back(i);
  } else if (spec.pca.fit == PcaFit::Sample) {
    options.fit_rows = sample_rows(set.rows(), count, spec.seed);
  }
  const Pca pca = fit_pca(set.vectors, options);
  *ratios = pca.explained_variance_ratio;
  return Projection::from_pca(pca, spec.pca.components).apply(set.vectors);
}

TEST(Layout, PcaSpecsGiveWhatFitPcaAndFromPcaGive) {
  std::vector<LayoutSpec> specs(6);
  specs[1].pca.spherize = true;
  specs[2].pca.fit = PcaFit::TopFrequent;
  specs[2].pca.fit_count = 2000;
  specs[3].pca.fit = PcaFit::Sample;
  specs[3].pca.fit_count = 3000;
  specs[3].seed = 7;
  specs[4].pca.components = {3, 0, -1};  // PC4 on x, PC1 on y, z flat
  specs[5].pca.solver = PcaSolver::Randomized;
  specs[5].pca.components = {11, 12, 1};  // beyond the ten fitted by default
  specs[5].seed = 3;
  for (size_t s = 0; s < specs.size(); ++s) {
    Eigen::VectorXd ratios;
    const Positions3D expected = by_hand(glove(), specs[s], &ratios);
    const LayoutSnapshot layout = compute_layout(glove(), specs[s]);
    ASSERT_EQ(layout.positions.cols(), glove().rows()) << "spec " << s;
    // The same computation, so the same floats.
    EXPECT_EQ((layout.positions - expected).cwiseAbs().maxCoeff(), 0.0f) << "spec " << s;
    EXPECT_EQ(layout.explained_variance, ratios) << "spec " << s;
    EXPECT_TRUE(layout.finished);
    EXPECT_EQ(layout.iteration, 1);
    ASSERT_TRUE(layout.projection.has_value());
    EXPECT_EQ(layout.labels, layout.projection->labels);
  }
  EXPECT_EQ(compute_layout(glove(), specs[2]).fitted_rows, 2000);
  EXPECT_EQ(compute_layout(glove(), specs[0]).labels[2].rfind("PC3 (", 0), 0u);
  EXPECT_EQ(compute_layout(glove(), specs[4]).labels[2], "");
}

TEST(Layout, PcaOfAllRowsAgreesWithScikitLearnAndAGivenPcaIsReused) {
  // The rows of the scikit-learn fixture, as a set of their own.
  const json fixture = test::load_fixture("sklearn_pca.json");
  VectorSet set;
  set.vectors = glove().vectors.topRows(fixture["rows"].get<int64_t>());
  for (const char* variant : {"plain", "spherized"}) {
    LayoutSpec spec;
    spec.pca.spherize = std::string(variant) == "spherized";
    const LayoutSnapshot layout = compute_layout(set, spec);
    for (int r = 0; r < 5; ++r) {
      for (int a = 0; a < 3; ++a) {
        const double theirs =
            fixture[variant]["first_rows_projected"][static_cast<size_t>(r)][static_cast<size_t>(a)]
                .get<double>();
        EXPECT_NEAR(std::abs(layout.positions(a, r)), std::abs(theirs),
                    1e-4 * std::max(1.0, std::abs(theirs)))
            << variant;
      }
    }
  }
  // A window's PCA fitted on opening is used as it is: a marked copy shows it was.
  Pca opened = fit_pca(glove().vectors, 10);
  opened.components.row(1) *= -1;
  LayoutSpec spec;
  const LayoutSnapshot reused = compute_layout(glove(), spec, {}, {.pca_of_all_rows = &opened});
  const LayoutSnapshot fitted = compute_layout(glove(), spec);
  EXPECT_EQ(reused.positions.row(0), fitted.positions.row(0));
  EXPECT_EQ(reused.positions.row(1), -fitted.positions.row(1));
  // ...but not when the spec asks for another fit.
  spec.pca.fit = PcaFit::TopFrequent;
  spec.pca.fit_count = 1000;
  const LayoutSnapshot top = compute_layout(glove(), spec, {}, {.pca_of_all_rows = &opened});
  Eigen::VectorXd ratios;
  EXPECT_EQ(top.positions, by_hand(glove(), spec, &ratios));
}

TEST(Layout, CustomAxesSpecGivesWhatCustomAxesGives) {
  const VectorSpace space(glove());
  for (bool orthogonalise : {false, true}) {
    LayoutSpec spec;
    spec.method = LayoutMethod::CustomAxes;
    spec.custom_axes.axes = {"woman - man", "queen - king", ""};
    spec.custom_axes.orthogonalise = orthogonalise;
    const Projection expected = custom_axes(
        space, {{.expression = "woman - man"}, {.expression = "queen - king"}}, orthogonalise);
    const Positions3D xyz = expected.apply(glove().vectors);
    // With the caller's space and with one the layout builds.
    for (const VectorSpace* given : {&space, static_cast<const VectorSpace*>(nullptr)}) {
      const LayoutSnapshot layout = compute_layout(glove(), spec, {}, {.space = given});
      EXPECT_EQ(layout.positions, xyz);
      EXPECT_EQ(layout.labels, expected.labels);
      EXPECT_EQ(layout.explained_variance.size(), 0);
    }
  }
  LayoutSpec none;
  none.method = LayoutMethod::CustomAxes;
  EXPECT_THROW(make_layout(glove(), none), std::invalid_argument);
  LayoutSpec unknown = none;
  unknown.custom_axes.axes[0] = "cat - zzzzqx";
  EXPECT_THROW(compute_layout(glove(), unknown, {}, {.space = &space}), UnknownWordError);
  VectorSet other;
  EXPECT_THROW(make_layout(other, unknown, {.space = &space}), std::invalid_argument);
}

TEST(Layout, ParametersAreDeclaredOnceWithTheirDefaultsAndNames) {
  using namespace layout_option;
  static_assert(defaults_are_accepted(std::tie(solver, spherize, fit, fit_count)));
  static_assert(orthogonalise.accepts(orthogonalise.default_value()));
  EXPECT_EQ(fit_count.default_value(), LayoutSpec{}.pca.fit_count);
  EXPECT_FALSE(fit_count.accepts(1));  // PCA needs two rows
  EXPECT_EQ(seed.default_value(), 0u);
  for (const auto& choice : kFits)
    EXPECT_EQ(fit.from_name(fit.name_of(choice.value)), choice.value);
  // The solver's names are PCA's own (pca_option), not a second list.
  EXPECT_EQ(solver.choices.data(), pca_option::solver.choices.data());
  EXPECT_EQ(solver.from_name("randomized"), PcaSolver::Randomized);
  EXPECT_FALSE(solver.from_name("fast").has_value());
}

// A toy iterative layout: gradient descent on the raw stress sum_{i<j} (|y_i - y_j| - d_ij)^2 of
// 3-D points y against the rows' distances d (metric MDS), from a seeded random start.
class StressLayout final : public Layout {
 public:
  StressLayout(const RowMatrixXf& data, int64_t iterations, uint64_t seed)
      : data_(data), iterations_(iterations) {
    std::mt19937_64 random(seed);
    std::normal_distribution<float> normal(0, 1);
    positions_.resize(3, data.rows());
    for (Eigen::Index i = 0; i < positions_.size(); ++i) positions_.data()[i] = normal(random);
  }

  bool step(int64_t iterations, const TaskControl& control) override {
    for (int64_t k = 0; k < iterations && iteration_ < iterations_; ++k) {
      if (control.cancelled()) break;  // between iterations: the layout stays whole
      const Eigen::Index n = data_.rows();
      Positions3D gradient = Positions3D::Zero(3, n);
      for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
          if (i == j) continue;
          const Eigen::Vector3f diff = positions_.col(i) - positions_.col(j);
          const float length = std::max(diff.norm(), 1e-6f);
          const float target = (data_.row(i) - data_.row(j)).norm();
          gradient.col(i) += 2 * (length - target) / length * diff;
        }
      }
      positions_ -= (0.2f / static_cast<float>(n)) * gradient;
      ++iteration_;
    }
    control.report(static_cast<uint64_t>(iteration_), static_cast<uint64_t>(iterations_));
    return iteration_ < iterations_;
  }
  int64_t iteration() const override { return iteration_; }
  bool finished() const override { return iteration_ >= iterations_; }
  void fill(LayoutSnapshot& snapshot) const override {
    snapshot.positions = positions_;
    snapshot.labels = {"MDS 1", "MDS 2", "MDS 3"};
    snapshot.explained_variance.resize(0);
    snapshot.iteration = iteration_;
    snapshot.iterations = iterations_;
    snapshot.finished = finished();
    snapshot.projection.reset();
  }

  double stress() const {
    double sum = 0;
    for (Eigen::Index i = 0; i < data_.rows(); ++i) {
      for (Eigen::Index j = i + 1; j < data_.rows(); ++j) {
        const double e =
            (positions_.col(i) - positions_.col(j)).norm() - (data_.row(i) - data_.row(j)).norm();
        sum += e * e;
      }
    }
    return sum;
  }

 private:
  const RowMatrixXf& data_;
  int64_t iterations_;
  int64_t iteration_ = 0;
  Positions3D positions_;
};

const RowMatrixXf& toy_rows() {
  static const RowMatrixXf rows = glove().vectors.topRows(40);
  return rows;
}

TEST(Layout, AnIterativeLayoutPublishesEveryStepAndLowersItsStress) {
  StressLayout layout(toy_rows(), 60, 1);
  const double start = layout.stress();
  std::vector<int64_t> seen;
  std::vector<uint64_t> reported;
  TaskControl control;
  control.on_progress = [&](uint64_t done, uint64_t total) {
    EXPECT_EQ(total, 60u);
    reported.push_back(done);
  };
  const LayoutSnapshot last = run_layout(layout, control, [&](const LayoutSnapshot& snapshot) {
    seen.push_back(snapshot.iteration);
    EXPECT_EQ(snapshot.positions.cols(), toy_rows().rows());
  });
  ASSERT_EQ(seen.size(), 60u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i) + 1);
  EXPECT_FALSE(reported.empty());
  EXPECT_EQ(reported.back(), 60u);
  EXPECT_TRUE(last.finished);
  EXPECT_LT(layout.stress(), 0.5 * start);
}

TEST(Layout, RunLayoutPausesResumesAndCancelsThroughTaskControl) {
  StressLayout uninterrupted(toy_rows(), 30, 2);
  const LayoutSnapshot expected = run_layout(uninterrupted);

  StressLayout layout(toy_rows(), 30, 2);
  std::atomic<bool> pause{false};
  std::atomic<bool> cancel{false};
  std::atomic<int64_t> latest{0};
  TaskControl control;
  control.pause_requested = &pause;
  control.cancel_requested = &cancel;
  const auto watch = [&](const LayoutSnapshot& snapshot) {
    latest = snapshot.iteration;
    if (snapshot.iteration == 5) pause = true;    // pauses before iteration 6
    if (snapshot.iteration == 12) cancel = true;  // stops before iteration 13
  };
  bool was_cancelled = false;
  std::thread worker([&] {
    try {
      run_layout(layout, control, watch);
    } catch (const Cancelled&) {
      was_cancelled = true;
    }
  });
  while (latest.load() < 5) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(latest.load(), 5);  // paused: no step meanwhile
  pause = false;
  worker.join();
  EXPECT_TRUE(was_cancelled);
  EXPECT_EQ(layout.iteration(), 12);
  // Cancel while paused wakes the paused task too.
  cancel = false;
  pause = true;
  std::thread paused([&] { EXPECT_THROW(run_layout(layout, control), Cancelled); });
  std::this_thread::sleep_for(20ms);
  cancel = true;
  paused.join();
  EXPECT_EQ(layout.iteration(), 12);
  // Resumed, it ends where the uninterrupted run ended.
  pause = false;
  cancel = false;
  const LayoutSnapshot resumed = run_layout(layout, control);
  EXPECT_EQ(resumed.iteration, 30);
  EXPECT_EQ(resumed.positions, expected.positions);
}

template <class Predicate>
bool eventually(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(Layout, InTheBackgroundStepsPausesResumesAndStops) {
  StressLayout uninterrupted(toy_rows(), 200, 3);
  const LayoutSnapshot expected = run_layout(uninterrupted);

  StressLayout layout(toy_rows(), 200, 3);
  int published = 0;
  std::mutex mutex;
  const auto run = run_layout_in_background(
      layout, {.snapshot_interval = 1ms, .step_duration = 1ms, .on_publish = [&] {
                 std::lock_guard lock(mutex);
                 ++published;
               }});
  EXPECT_EQ(run->state(), StepperState::Idle);
  EXPECT_EQ(run->latest(), nullptr);
  run->step(7);  // from Idle: runs seven iterations, then pauses
  ASSERT_TRUE(eventually([&] { return run->state() == StepperState::Paused; }));
  auto snapshot = run->latest();
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(snapshot->iteration, 7);
  EXPECT_EQ(snapshot->iterations, 200);
  const uint64_t serial = snapshot->serial;
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(run->latest()->serial, serial);  // paused: nothing new
  run->step(5);
  ASSERT_TRUE(eventually(
      [&] { return run->state() == StepperState::Paused && run->latest()->iteration == 12; }));
  EXPECT_GT(run->latest()->serial, serial);
  run->stop();
  EXPECT_EQ(run->state(), StepperState::Stopped);
  EXPECT_EQ(layout.iteration(), 12);
  run->start();  // continues where it stopped
  run->wait();
  EXPECT_EQ(run->state(), StepperState::Finished);
  snapshot = run->latest();
  EXPECT_TRUE(snapshot->finished);
  EXPECT_EQ(snapshot->iteration, 200);
  EXPECT_EQ(snapshot->positions, expected.positions);  // same seed, same steps: same layout
  std::lock_guard lock(mutex);
  EXPECT_GE(published, 4);
}

TEST(Layout, ALinearLayoutFinishesInOneBackgroundStep) {
  LayoutSpec spec;
  spec.pca.spherize = true;
  const auto layout = make_layout(glove(), spec);
  EXPECT_FALSE(layout->finished());
  EXPECT_EQ(layout->snapshot().positions.size(), 0);
  const auto run = run_layout_in_background(*layout);
  run->start();
  run->wait();
  EXPECT_EQ(run->state(), StepperState::Finished);
  EXPECT_EQ(run->latest()->positions, compute_layout(glove(), spec).positions);
  EXPECT_EQ(run->latest()->iteration, 1);
  // A finished layout run again hands out what it shows, without computing again.
  EXPECT_EQ(run_layout(*layout).positions, run->latest()->positions);
}

}  // namespace
}  // namespace embscope
