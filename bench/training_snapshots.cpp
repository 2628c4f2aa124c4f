// What watching training costs: the default corpus trained with the hyperparameters
// (skip-gram, dim 100, window 5, negative 5, 5 epochs, 2 threads), straight through, on a
// BackgroundTrainer publishing snapshots every 33 ms with nobody reading them, and with a reader
// thread that polls at 30 Hz and reads every changed row of each new snapshot, as the view does.
// Runs alternate; medians are printed.
//
//   build/bench/training_snapshots [--runs 3] [--corpus FILE] [--threads 2] [--step-ms 30]
//
// --threads 0 uses every core; --step-ms 0 keeps every step at the fixed 8,000 positions of the
// earlier BackgroundTrainer (for comparison).
#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "bench_util.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/training/background_trainer.hpp"

namespace {

using embscope::bench::median;
using embscope::bench::seconds_since;

struct WatchedRun {
  double seconds = 0;
  int snapshots = 0;
  double longest_pause = 0;
  double median_pause = 0;
};

WatchedRun watched(const embscope::Corpus& corpus, const embscope::TrainerOptions& options,
                   std::chrono::milliseconds step_duration, bool with_reader) {
  embscope::Word2VecTrainer trainer(corpus, options);
  embscope::BackgroundTrainer run(trainer, {.snapshot_interval = std::chrono::milliseconds(40),
                                            .step_duration = step_duration});
  std::atomic<bool> done{false};
  std::vector<double> pauses;
  double checksum = 0;
  std::thread reader([&] {
    uint64_t seen = 0;
    while (with_reader && !done.load()) {
      if (const auto snapshot = run.latest(); snapshot && snapshot->serial != seen) {
        seen = snapshot->serial;
        pauses.push_back(snapshot->pause_seconds);
        for (int64_t row : snapshot->changed_rows) checksum += snapshot->input(row, 0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(33));
    }
  });
  const auto start = std::chrono::steady_clock::now();
  run.start();
  run.wait();
  WatchedRun result;
  result.seconds = seconds_since(start);
  done.store(true);
  reader.join();
  result.snapshots = static_cast<int>(run.latest()->serial);  // published, read or not
  result.median_pause = median(pauses);
  for (double pause : pauses) result.longest_pause = std::max(result.longest_pause, pause);
  if (checksum == 12345.678) std::puts("");  // keeps the reads
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  int threads = 2;
  std::chrono::milliseconds step_duration = embscope::BackgroundTrainer::Options{}.step_duration;
  std::string corpus_path = embscope::default_corpus_path().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--corpus") == 0) corpus_path = argv[i + 1];
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--step-ms") == 0)
      step_duration = std::chrono::milliseconds(std::stoi(argv[i + 1]));
  }
  const embscope::Corpus corpus = embscope::Corpus::read({corpus_path}, {.min_count = 5});
  const embscope::TrainerOptions options{.dim = 100, .epochs = 5, .threads = threads};
  std::vector<double> plain, unread_seconds, watched_seconds, longest, typical;
  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    embscope::Word2VecTrainer trainer(corpus, options);
    const auto start = std::chrono::steady_clock::now();
    trainer.train();
    plain.push_back(seconds_since(start));
    unread_seconds.push_back(watched(corpus, options, step_duration, false).seconds);
    const WatchedRun run = watched(corpus, options, step_duration, true);
    watched_seconds.push_back(run.seconds);
    longest.push_back(run.longest_pause);
    typical.push_back(run.median_pause);
    rates.push_back(run.snapshots / run.seconds);
  }
  std::printf("corpus %s: %zu tokens, vocabulary %lld, %d threads, steps of %lld ms, %d runs\n",
              corpus_path.c_str(), corpus.tokens().size(),
              static_cast<long long>(corpus.vocabulary().size()),
              threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency()),
              static_cast<long long>(step_duration.count()), runs);
  std::printf("| training | median s | x plain |\n| --- | --- | --- |\n");
  std::printf("| plain train() | %.2f | 1.00x |\n", median(plain));
  std::printf("| BackgroundTrainer, snapshots unread | %.2f | %.2fx |\n", median(unread_seconds),
              median(unread_seconds) / median(plain));
  std::printf("| BackgroundTrainer + 30 Hz reader | %.2f | %.2fx |\n", median(watched_seconds),
              median(watched_seconds) / median(plain));
  std::printf(
      "snapshots published: %.1f per second; training paused %.2f ms per snapshot (median), %.2f "
      "ms "
      "at most (median over runs of the longest)\n",
      median(rates), 1e3 * median(typical), 1e3 * median(longest));
  return 0;
}
