// MainWindow: the 3D view of a vector set, with menus, status bar and background loading.
#pragma once

#include <QMainWindow>
#include <QString>
#include <memory>
#include <optional>

#include "dataset_loader.hpp"
#include "embscope/point_picker.hpp"

class QLabel;
class QLineEdit;
class QProgressBar;
class QToolButton;
class QPainter;

namespace embscope::ui {

class PointCloudScene;
class VtkView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads in the background; the current data set stays until the new one is ready.
  void openFile(const QString& path);

  const LoadedDataset* dataset() const { return dataset_.get(); }
  VtkView* view() const { return view_; }
  std::optional<int64_t> hoveredPoint() const { return hovered_; }
  QString hoveredWord() const;
  // Where a point is drawn, in the view's logical pixels (nullopt if off screen).
  std::optional<QPointF> screenPosition(int64_t point);

  // Selects a word: it is drawn large with lines to its k nearest neighbours (cosine), and all
  // of them are labelled. Returns false (and says why in the status bar) for an unknown word.
  bool selectWord(const QString& word, int k = 10);
  void selectPoint(std::optional<int64_t> point, int k = 10);
  std::optional<int64_t> selectedPoint() const { return selected_; }
  const std::vector<ScoredWord>& selectedNeighbours() const { return neighbours_; }

  // Writes the window as it is now to a PNG, atomically. Returns an error message or "".
  QString saveWindowImage(const QString& path);

  // When true, failures are reported through signals only (no modal dialogs): scripted runs.
  void setHeadless(bool headless) { headless_ = headless; }

 signals:
  void datasetShown();
  void loadFailed(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createActions();
  void createSearch();
  void drawLabels(QPainter& painter);
  void showDataset(std::shared_ptr<LoadedDataset> dataset);
  void showLoadError(const QString& path, const QString& message);
  void setBusy(bool busy);
  void updateHover(QPoint position);
  void ensurePicker();
  void paintOverlay(QPainter& painter);
  void openDialog();
  void resetCamera();

  VtkView* view_ = nullptr;
  std::unique_ptr<PointCloudScene> scene_;
  DatasetLoader loader_;
  std::shared_ptr<LoadedDataset> dataset_;
  PointPicker picker_;
  bool picker_dirty_ = true;
  std::optional<int64_t> hovered_;
  bool headless_ = false;

  std::optional<int64_t> selected_;
  std::vector<ScoredWord> neighbours_;
  int neighbour_count_ = 10;
  QLineEdit* search_ = nullptr;

  QLabel* dataset_label_ = nullptr;
  QLabel* hover_label_ = nullptr;
  QProgressBar* progress_bar_ = nullptr;
  QToolButton* cancel_button_ = nullptr;
};

}  // namespace embscope::ui
