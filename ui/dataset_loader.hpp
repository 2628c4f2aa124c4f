// DatasetLoader: reads a vector file and projects it to 3D on a worker thread.
//
// The UI thread calls start(); progress arrives as signals (queued to the UI thread), and exactly
// one of finished / failed / cancelled follows. cancel() asks the worker to stop at its next
// checkpoint; the previous data set stays untouched either way.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "embscope/projection/pca.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/vectors/vector_set.hpp"

namespace embscope::ui {

struct LoadedDataset {
  QString path;
  QString name;  // file name shown to the user
  QString format;
  bool training_frame = false;  // a picture of a training run (TrainingController), not a file
  VectorSet vectors;
  Pca pca;
  Positions3D positions;
  std::unique_ptr<VectorSpace> space;  // queries over `vectors` (which it references)
  double load_seconds = 0;
  double projection_seconds = 0;
  int64_t duplicates_dropped = 0;
};

class DatasetLoader : public QObject {
  Q_OBJECT

 public:
  explicit DatasetLoader(QObject* parent = nullptr);
  ~DatasetLoader() override;

  // `metadata` (optional): a projector-style metadata.tsv with one row per vector.
  void start(const QString& path, const QString& metadata = {});
  void cancel();
  bool busy() const;

 signals:
  void progress(int permille, const QString& stage);
  void finished(std::shared_ptr<embscope::ui::LoadedDataset> dataset);
  void failed(const QString& path, const QString& message);
  void cancelled();

 private:
  struct Outcome {
    std::shared_ptr<LoadedDataset> dataset;
    QString error;
    bool cancelled = false;
  };
  Outcome run(const QString& path, const QString& metadata);

  QFutureWatcher<Outcome> watcher_;
  std::atomic<bool> cancel_requested_{false};
  QString current_path_;
};

}  // namespace embscope::ui
