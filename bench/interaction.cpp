// The interaction budget of the main window, measured on the real window under X (Xvfb + Mesa's
// software GL here): frame time with the whole cloud and with the drag preview, hover picking
// (after a camera move, when the picker re-projects every point, and steady), and the time from
// a click to the frame that shows the neighbours. Default data set (50,000 x 100) and a
// synthetic 400,000 x 50 set.
//
//   xvfb-run -a -s "-screen 0 1920x1200x24" build/bench/interaction [--runs 15] [--train-threads N]
//                                      [--frame-ms MS] [--training-only]
//
// --train-threads sets the training threads (default: the Training panel's, one per core but
// one); --frame-ms the live view's frame interval on hardware GL (default: the window's);
// --training-only skips the frame and picking measurements.
#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QTemporaryDir>
#include <cstdio>
#include <thread>

#include "bench_util.hpp"
#include "embscope/base/resources.hpp"
#include "main_window.hpp"
#include "panel_docks.hpp"
#include "point_cloud_scene.hpp"
#include "projection_controller.hpp"
#include "selection_controller.hpp"
#include "training_panel.hpp"
#include "training_view.hpp"
#include "vtk_view.hpp"
#include "window_bench.hpp"

namespace {

using embscope::bench::median;
using embscope::bench::wait_for;
using embscope::ui::MainWindow;

// Milliseconds from update() to the frame being rendered.
double frame_ms(MainWindow& window) {
  const int before = window.view()->framesRendered();
  QElapsedTimer timer;
  timer.start();
  window.view()->update();
  wait_for([&] { return window.view()->framesRendered() > before; });
  return timer.nsecsElapsed() * 1e-6;
}

void send_mouse(QWidget* widget, QEvent::Type type, QPointF position, Qt::MouseButton button,
                Qt::MouseButtons buttons) {
  QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons, Qt::NoModifier);
  QCoreApplication::sendEvent(widget, &event);
}

void measure(MainWindow& window, const QString& path, const char* name, int runs) {
  bool shown = false;
  auto connection = QObject::connect(&window, &MainWindow::datasetShown, [&] { shown = true; });
  window.openFile(path);
  wait_for([&] { return shown; });
  QObject::disconnect(connection);
  frame_ms(window);  // first frame uploads the buffers

  std::vector<double> frames, previews, first_hover, hover, click, handled;
  auto* scene = window.sceneBinding().scene();
  for (int r = 0; r < runs; ++r) frames.push_back(frame_ms(window));
  // What a drag draws: the preview subset, at half resolution on software GL.
  scene->setInteracting(true);
  if (window.view()->softwareGl()) window.view()->setRenderScale(0.5);
  frame_ms(window);
  for (int r = 0; r < runs; ++r) previews.push_back(frame_ms(window));
  window.view()->setRenderScale(1.0);
  scene->setInteracting(false);

  // Visible points to hover and click: rows spread over the frequency range.
  std::vector<QPointF> targets;
  for (int64_t row = 100; row < window.state().dataset()->vectors.rows() && targets.size() < 64;
       row += window.state().dataset()->vectors.rows() / 97) {
    if (const auto p = window.sceneBinding().screenPosition(row)) targets.push_back(*p);
  }
  if (targets.empty()) {
    std::printf("%s: no visible targets\n", name);
    return;
  }
  QWidget* view = window.view();
  for (int r = 0; r < runs; ++r) {
    const QPointF target = targets[static_cast<size_t>(r) % targets.size()];
    // A camera move makes the next hover re-project every point.
    QMetaObject::invokeMethod(window.view(), "cameraChanged", Qt::DirectConnection);
    QElapsedTimer timer;
    timer.start();
    send_mouse(view, QEvent::MouseMove, target, Qt::NoButton, Qt::NoButton);
    first_hover.push_back(timer.nsecsElapsed() * 1e-6);
    timer.restart();
    send_mouse(view, QEvent::MouseMove, target + QPointF(3, 1), Qt::NoButton, Qt::NoButton);
    hover.push_back(timer.nsecsElapsed() * 1e-6);
    QCoreApplication::processEvents();
  }
  for (int r = 0; r < runs; ++r) {
    const QPointF target = targets[static_cast<size_t>(r * 7) % targets.size()];
    window.selection()->selectPoint(std::nullopt);
    frame_ms(window);
    const int before = window.view()->framesRendered();
    QElapsedTimer timer;
    timer.start();
    send_mouse(view, QEvent::MouseButtonPress, target, Qt::LeftButton, Qt::LeftButton);
    send_mouse(view, QEvent::MouseButtonRelease, target, Qt::LeftButton, Qt::NoButton);
    if (window.state().focusRow()) handled.push_back(timer.nsecsElapsed() * 1e-6);
    wait_for([&] { return window.view()->framesRendered() > before; });
    if (window.state().focusRow()) click.push_back(timer.nsecsElapsed() * 1e-6);
  }
  std::printf("| %s | %.1f | %.1f | %.2f | %.3f | %.1f | %.1f (%zu of %d clicks hit) |\n", name,
              median(frames), median(previews), median(first_hover), median(hover), median(handled),
              median(click), click.size(), runs);
}

}  // namespace

int main(int argc, char** argv) {
  embscope::ui::VtkView::prepareProcess();
  QApplication app(argc, argv);
  int runs = 15;
  int train_threads = 0;
  double frame_ms_option = 0;
  bool training_only = false;
  for (int i = 1; i < argc; ++i) {
    const QString next = i + 1 < argc ? QString(argv[i + 1]) : QString();
    if (QString(argv[i]) == "--runs") runs = next.toInt();
    if (QString(argv[i]) == "--train-threads") train_threads = next.toInt();
    if (QString(argv[i]) == "--frame-ms") frame_ms_option = next.toDouble();
    if (QString(argv[i]) == "--training-only") training_only = true;
  }
  MainWindow window;
  if (frame_ms_option > 0) window.trainingView()->setFrameInterval(frame_ms_option / 1000.0);
  window.setHeadless(true);
  window.docks()->setVisible(false);
  window.resize(1280, 800);
  window.show();

  frame_ms(window);
  std::printf("window 1280x800 (view without panels); GL: %s (%s)\n\n",
              qPrintable(window.view()->glRenderer()),
              qPrintable(window.view()->glError().isEmpty() ? "ok" : window.view()->glError()));
  if (!training_only) {
    QTemporaryDir scratch;
    const QString big = scratch.filePath("random400k.bin");
    embscope::bench::write_random_vectors(big.toStdString(), 400000, 50, 7);
    std::printf("%d runs each, medians in ms\n\n", runs);
    std::printf(
        "| data | frame | frame while dragging (preview) | hover after a camera move | hover | "
        "click handled (neighbours found, table filled) | click to neighbours shown |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n");
    std::vector<double> empty;
    for (int r = 0; r < runs; ++r) empty.push_back(frame_ms(window));
    std::printf("| (no data: the frame's fixed cost) | %.1f | | | | | |\n", median(empty));
    measure(window, QString::fromStdString(embscope::default_dataset_path().string()),
            "GloVe 50,000 x 100", runs);
    measure(window, big, "random 400,000 x 50", runs);
  }

  // Training with the live view open vs headless: the Training panel's defaults (skip-gram,
  // dim 50, 5 epochs, one thread per core but one) on the bundled corpus, against the headless
  // trainer on every core (the CLI's default) and on the window's thread count; one full run
  // each, alternating.
  embscope::ui::TrainingSetup setup = window.trainingPanel()->setup();
  if (train_threads > 0) setup.trainer.threads = train_threads;
  const embscope::Corpus corpus =
      embscope::Corpus::read({embscope::default_corpus_path()}, setup.corpus);
  const int every_core = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto headless_rate = [&](int threads) {
    embscope::TrainerOptions options = setup.trainer;
    options.threads = threads;
    embscope::Word2VecTrainer trainer(corpus, options);
    QElapsedTimer timer;
    timer.start();
    trainer.train();
    return static_cast<double>(trainer.progress().words_done) / (timer.nsecsElapsed() * 1e-9);
  };
  std::vector<double> every_core_rates, same_threads_rates, live_rates, live_fps;
  for (int r = 0; r < 3; ++r) {
    every_core_rates.push_back(headless_rate(every_core));
    if (setup.trainer.threads != every_core)
      same_threads_rates.push_back(headless_rate(setup.trainer.threads));
    auto& training = window.training();
    bool ready = false;
    auto connection = QObject::connect(&training, &embscope::ui::TrainingController::ready,
                                       [&] { ready = true; });
    training.prepare(setup, nullptr);
    wait_for([&] { return ready; });
    QObject::disconnect(connection);
    QElapsedTimer timer;
    timer.start();
    int frames = 0;
    auto counter = QObject::connect(&window, &MainWindow::trainingFrameShown, [&] { ++frames; });
    training.play();
    wait_for([&] { return training.finished() && !training.playing(); }, 600000);
    const double seconds = timer.nsecsElapsed() * 1e-9;
    QObject::disconnect(counter);
    live_rates.push_back(static_cast<double>(training.trainer()->progress().words_done) / seconds);
    live_fps.push_back(frames / seconds);
  }
  const double baseline = median(every_core_rates);
  std::printf(
      "\nlive view frame interval: %.0f ms on hardware GL\n"
      "\n| training (Brown, dim 50, 5 epochs) | threads | corpus words/s | x headless on every "
      "core | view updates/s |\n| --- | --- | --- | --- | --- |\n",
      window.trainingView()->frameInterval() * 1000);
  std::printf("| headless (Word2VecTrainer::train) | %d | %.0f | 1.00x | - |\n", every_core,
              baseline);
  if (!same_threads_rates.empty()) {
    std::printf("| headless (Word2VecTrainer::train) | %d | %.0f | %.2fx | - |\n",
                setup.trainer.threads, median(same_threads_rates),
                median(same_threads_rates) / baseline);
  }
  std::printf("| in the window, live view | %d | %.0f | %.2fx | %.1f |\n", setup.trainer.threads,
              median(live_rates), median(live_rates) / baseline, median(live_fps));
  return 0;
}
