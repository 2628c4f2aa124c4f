// WindowStatusBar: the window's status bar - the shown data set's line on the left (or the
// training frame's), messages over it, and on the right the hovered word (rank, norm), the
// progress of background work and its Cancel button, shown only while something runs.
#pragma once

#include <QStatusBar>
#include <cstdint>
#include <optional>

class QLabel;
class QProgressBar;
class QToolButton;

namespace embscope::ui {

struct LoadedDataset;

class WindowStatusBar : public QStatusBar {
  Q_OBJECT

 public:
  explicit WindowStatusBar(QWidget* parent = nullptr);

  // The permanent line on the left (data set, size, variance shown; or a training frame's).
  void setDatasetLine(const QString& text);
  QString datasetLine() const;
  // The hovered row of `dataset`: word, rank and norm (nullopt clears it).
  void describeHover(const LoadedDataset* dataset, std::optional<int64_t> row);
  // Progress and Cancel, visible while busy; `permille` of 1000, `format` as QProgressBar's.
  void setBusy(bool busy);
  void setProgress(int permille, const QString& format);

 signals:
  void cancelRequested();

 private:
  QLabel* dataset_line_ = nullptr;
  QLabel* hover_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QToolButton* cancel_ = nullptr;
};

}  // namespace embscope::ui
