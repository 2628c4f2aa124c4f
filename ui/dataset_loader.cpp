#include "dataset_loader.hpp"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>

#include "embscope/vectors/vector_io.hpp"

namespace embscope::ui {

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] {
    const Outcome outcome = watcher_.result();
    if (outcome.cancelled) {
      emit cancelled();
    } else if (outcome.dataset) {
      emit finished(outcome.dataset);
    } else {
      emit failed(current_path_, outcome.error);
    }
  });
}

DatasetLoader::~DatasetLoader() {
  cancel();
  watcher_.waitForFinished();
}

bool DatasetLoader::busy() const {
  return watcher_.isRunning();
}

void DatasetLoader::cancel() {
  cancel_requested_.store(true);
}

void DatasetLoader::start(const QString& path, const QString& metadata) {
  if (busy()) {
    cancel();
    watcher_.waitForFinished();
  }
  cancel_requested_.store(false);
  current_path_ = path;
  watcher_.setFuture(QtConcurrent::run([this, path, metadata] { return run(path, metadata); }));
}

DatasetLoader::Outcome DatasetLoader::run(const QString& path, const QString& metadata) {
  Outcome outcome;
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->path = path;
  dataset->name = QFileInfo(path).fileName();

  // Progress from the reader arrives every ~50 ms; forward it to the UI thread.
  TaskControl control;
  control.cancel_requested = &cancel_requested_;
  control.on_progress = [this](uint64_t done, uint64_t total) {
    const int permille = total > 0 ? static_cast<int>(900.0 * done / total) : 0;
    QMetaObject::invokeMethod(
        this, [this, permille] { emit progress(permille, tr("Reading vectors")); },
        Qt::QueuedConnection);
  };
  try {
    QElapsedTimer timer;
    timer.start();
    ReadReport report;
    ReadOptions read_options;
    if (!metadata.isEmpty()) read_options.metadata_path = metadata.toStdString();
    dataset->vectors = read_vectors(path.toStdString(), read_options, control, &report);
    dataset->format = QString::fromStdString(to_string(report.format));
    dataset->duplicates_dropped = report.duplicates_dropped;
    dataset->load_seconds = timer.nsecsElapsed() * 1e-9;
    if (dataset->vectors.rows() < 2) {
      outcome.error = tr("%1 holds %2 vector(s); at least 2 are needed to draw a projection.")
                          .arg(path)
                          .arg(dataset->vectors.rows());
      return outcome;
    }

    QMetaObject::invokeMethod(
        this, [this] { emit progress(920, tr("Projecting (PCA)")); }, Qt::QueuedConnection);
    timer.restart();
    TaskControl pca_control;
    pca_control.cancel_requested = &cancel_requested_;
    PcaOptions options;
    options.components = static_cast<int>(std::min<int64_t>(10, dataset->vectors.dim()));
    dataset->pca = fit_pca(dataset->vectors.vectors, options, pca_control);
    dataset->positions = project_rows(dataset->vectors.vectors, dataset->pca);
    dataset->space = std::make_unique<VectorSpace>(dataset->vectors);
    dataset->projection_seconds = timer.nsecsElapsed() * 1e-9;
    outcome.dataset = std::move(dataset);
  } catch (const Cancelled&) {
    outcome.cancelled = true;
  } catch (const std::exception& error) {
    outcome.error = QString::fromStdString(error.what());
  }
  return outcome;
}

}  // namespace embscope::ui
