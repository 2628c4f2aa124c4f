// Long-run check of the main window: round after round it trains with the live view, then loads
// data sets one after another (the default 50,000 x 100 GloVe set, a 200,000 x 50 word2vec binary
// and back), and prints the process's memory after each round. Memory must not grow round over
// round: the last round may hold at most 5% (and 16 MiB) more than the second (the first warms
// caches and pools); otherwise the program exits 1.
//
//   xvfb-run -a -s "-screen 0 1920x1200x24" build/bench/soak [--rounds 8] [--train-seconds 5]
#include <malloc.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <cstdio>
#include <fstream>
#include <string>

#include "embscope/base/resources.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "main_window.hpp"
#include "training_controller.hpp"
#include "training_panel.hpp"
#include "vtk_view.hpp"
#include "window_bench.hpp"

namespace {

using embscope::bench::wait_for;

using embscope::ui::MainWindow;

// Resident and peak resident memory of this process, in MiB.
double status_mib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stod(line.substr(std::string(field).size())) / 1024;
  }
  return 0;
}

void open_and_wait(MainWindow& window, const QString& path) {
  bool done = false;
  auto shown = QObject::connect(&window, &MainWindow::datasetShown, [&] { done = true; });
  auto failed = QObject::connect(&window, &MainWindow::loadFailed, [&](const QString& message) {
    std::fprintf(stderr, "soak: %s\n", qPrintable(message));
    done = true;
  });
  window.openFile(path);
  wait_for([&] { return done; });
  QObject::disconnect(shown);
  QObject::disconnect(failed);
}

}  // namespace

int main(int argc, char** argv) {
  embscope::ui::VtkView::prepareProcess();
  QApplication app(argc, argv);
  int rounds = 8;
  double train_seconds = 5;
  for (int i = 1; i + 1 < argc; ++i) {
    if (QString(argv[i]) == "--rounds") rounds = QString(argv[i + 1]).toInt();
    if (QString(argv[i]) == "--train-seconds") train_seconds = QString(argv[i + 1]).toDouble();
  }
  if (rounds < 3) rounds = 3;

  QTemporaryDir scratch;
  const QString big = scratch.filePath("random200k.bin");
  embscope::bench::write_random_vectors(big.toStdString(), 200000, 50, 11);
  const QString glove = QString::fromStdString(embscope::default_dataset_path().string());

  MainWindow window;
  window.setHeadless(true);
  window.resize(1280, 800);
  window.show();
  auto& training = window.training();
  embscope::ui::TrainingSetup setup = window.trainingPanel()->setup();
  setup.trainer.epochs = 1000;  // never finishes within a round

  std::printf(
      "soak: %d rounds; each trains %.0f s with the live view, then loads GloVe 50k, "
      "random 200k x 50, GloVe 50k\n\n",
      rounds, train_seconds);
  std::printf(
      "| round | words trained | frames shown | resident MiB | peak MiB |\n"
      "| ---: | ---: | ---: | ---: | ---: |\n");
  std::vector<double> resident;
  for (int round = 1; round <= rounds; ++round) {
    open_and_wait(window, glove);
    bool ready = false;
    auto on_ready = QObject::connect(&training, &embscope::ui::TrainingController::ready,
                                     [&] { ready = true; });
    training.prepare(setup, nullptr);
    wait_for([&] { return ready; });
    QObject::disconnect(on_ready);
    int frames = 0;
    auto counter = QObject::connect(&window, &MainWindow::trainingFrameShown, [&] { ++frames; });
    training.play();
    QElapsedTimer timer;
    timer.start();
    wait_for([&] { return timer.elapsed() > train_seconds * 1000; });
    training.pause();
    QObject::disconnect(counter);
    const int64_t words = training.trainer() ? training.trainer()->progress().words_done : 0;
    training.reset();

    open_and_wait(window, big);
    open_and_wait(window, glove);
    wait_for([] { return false; }, 500);  // let deferred deletes and repaints run
    malloc_trim(0);                       // count what is held, not what glibc keeps cached
    resident.push_back(status_mib("VmRSS:"));
    std::printf("| %d | %lld | %d | %.0f | %.0f |\n", round, static_cast<long long>(words), frames,
                resident.back(), status_mib("VmHWM:"));
    std::fflush(stdout);
  }
  const double growth = resident.back() - resident[1];
  const bool grew = growth > std::max(16.0, 0.05 * resident[1]);
  std::printf("\nresident memory, round %d vs round 2: %+.0f MiB (%+.1f%%): %s\n", rounds, growth,
              100 * growth / resident[1], grew ? "GROWS" : "steady");
  training.discardAutosave();
  return grew ? 1 : 0;
}
