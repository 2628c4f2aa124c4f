// TrainingPanel: the corpus and hyperparameters of a word2vec run, Step / Play-Pause / Reset,
// live progress (epoch, words, learning rate, loss, words/s) with a loss chart, the words to
// track in the view, and the exports (log, vectors, checkpoint).
#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <optional>
#include <vector>

#include "chart_view.hpp"
#include "training_controller.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPushButton;
class QSpinBox;
class QTimer;
class QValueAxis;

namespace embscope::ui {

// The loss over training words, as a line; the words axis counts in thousands or millions.
class LossChart : public ChartView {
  Q_OBJECT

 public:
  explicit LossChart(QWidget* parent = nullptr);
  // (words trained, average SGNS loss per pair); points without a loss yet (<= 0) are left out.
  // Drawn at most four times a second and only while shown (see showPoints).
  void setPoints(std::vector<QPointF> points);
  QSize sizeHint() const override { return {260, 150}; }
  // The line: x in the axis' unit (wordsUnit() words), y the loss (for tests).
  QLineSeries* line() const { return line_; }
  double wordsUnit() const { return unit_; }

 protected:
  std::optional<Hover> valueAt(QPointF position) const override;
  void applyPalette() override;
  void showEvent(QShowEvent* event) override;

 private:
  void showPoints();
  std::vector<QPointF> pending_;
  bool dirty_ = false;
  QElapsedTimer shown_at_;
  QTimer* redraw_ = nullptr;
  QLineSeries* line_ = nullptr;
  QValueAxis* x_ = nullptr;
  QValueAxis* y_ = nullptr;
  double unit_ = 1000;
};

class TrainingPanel : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingPanel(QWidget* parent = nullptr);
  TrainingSetup setup() const;
  int64_t stepWords(int64_t corpus_tokens) const;
  QStringList trackedWords() const;
  void setCorpusPath(const QString& path);
  void setStatus(const QString& text);
  void showProgress(const TrainingProgress& progress, double frames_per_second);
  void setPlaying(bool playing);
  void setLoss(const std::vector<TrainingLogRow>& log);
  // What the Play and Step buttons do, for the window's F5 and F10.
  void togglePlay();
  // A finished run cannot train further: Play and Step are disabled, their tooltips say why and
  // what to do (Reset starts a new run, Vectors... keeps the trained one).
  void setFinished(bool finished);
  // The open run's dimension (a fine-tune run trains at the open vectors'), shown read-only in
  // the dim field while the run exists; nullopt gives the field back with the value chosen.
  void setRunDim(std::optional<int> dim);
  // A run is kept while another file is shown: "Show run" (hidden otherwise) shows it again.
  void setRunShowable(bool showable);
  void requestStep();

 signals:
  void stepRequested();
  void playToggled(bool play);
  void resetRequested();
  void trackedWordsChanged();
  void exportLogRequested();
  void exportVectorsRequested();
  void checkpointRequested();
  void resumeRequested();
  void showRunRequested();

 private:
  QString corpus_path_;
  QLabel* corpus_ = nullptr;
  QPushButton* show_run_ = nullptr;
  QComboBox* model_ = nullptr;
  QSpinBox* dim_ = nullptr;
  // The dim field's value while it shows a run's.
  int chosen_dim_ = trainer_option::dim.default_value();
  QSpinBox* window_ = nullptr;
  QSpinBox* negative_ = nullptr;
  QSpinBox* min_count_ = nullptr;
  QDoubleSpinBox* sample_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QDoubleSpinBox* lr_ = nullptr;
  QSpinBox* threads_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QComboBox* init_ = nullptr;
  QCheckBox* freeze_ = nullptr;
  QCheckBox* fixed_axes_ = nullptr;
  QComboBox* step_ = nullptr;
  QPushButton* play_ = nullptr;
  QPushButton* step_button_ = nullptr;
  QLabel* status_ = nullptr;
  LossChart* chart_ = nullptr;
  QLineEdit* tracked_ = nullptr;
};

}  // namespace embscope::ui
