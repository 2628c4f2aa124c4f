#include "training_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace embscope::ui {

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(90);
  setToolTip(tr("Average SGNS loss per trained pair, over the words trained"));
}

void LossChart::setPoints(std::vector<QPointF> points) {
  points_ = std::move(points);
  update();
}

void LossChart::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QColor text = palette().color(QPalette::WindowText);
  painter.setPen(QPen(text, 1));
  const QFontMetrics metrics = painter.fontMetrics();
  const QRectF area =
      QRectF(rect()).adjusted(metrics.horizontalAdvance("0.000") + 8, 6, -6, -metrics.height() - 4);
  painter.drawRect(area);
  std::vector<QPointF> points;
  for (const QPointF& p : points_) {
    if (p.y() > 0) points.push_back(p);  // the first snapshot has no loss yet
  }
  if (points.size() < 2) {
    painter.drawText(area, Qt::AlignCenter, tr("loss appears once training runs"));
    return;
  }
  double low = points.front().y(), high = low;
  for (const QPointF& p : points) {
    low = std::min(low, p.y());
    high = std::max(high, p.y());
  }
  if (high - low < 1e-9) high = low + 1e-9;
  const double last_x = std::max(1.0, points.back().x());
  const auto map = [&](const QPointF& p) {
    return QPointF(area.left() + area.width() * p.x() / last_x,
                   area.bottom() - area.height() * (p.y() - low) / (high - low));
  };
  QPainterPath path(map(points.front()));
  for (const QPointF& p : points) path.lineTo(map(p));
  painter.setPen(QPen(QColor(250, 200, 70), 2));
  painter.drawPath(path);
  painter.setPen(text);
  painter.drawText(QPointF(2, area.top() + metrics.ascent()), QString::number(high, 'f', 3));
  painter.drawText(QPointF(2, area.bottom()), QString::number(low, 'f', 3));
  painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), metrics.height()),
                   Qt::AlignRight, tr("%1 words").arg(static_cast<qlonglong>(last_x)));
}

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* data = new QGroupBox(tr("Corpus and model"), this);
  auto* form = new QFormLayout(data);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  corpus_ = new QLabel(tr("the bundled Brown corpus (1M words)"), data);
  corpus_->setWordWrap(true);
  auto* choose = new QPushButton(tr("Open corpus..."), data);
  choose->setToolTip(tr("A text file, one sentence per line (.txt, .gz, .cor)"));
  // The name and the button each on a row of their own: a wrapped label beside the button in
  // one row was given a single line's height and drawn clipped top and bottom.
  form->addRow(tr("Corpus:"), corpus_);
  form->addRow(QString(), choose);
  model_ = new QComboBox(data);
  model_->addItem(tr("skip-gram"), static_cast<int>(Word2VecModel::SkipGram));
  model_->addItem(tr("CBOW"), static_cast<int>(Word2VecModel::Cbow));
  form->addRow(tr("Model:"), model_);
  const auto spin = [data](int low, int high, int value) {
    auto* box = new QSpinBox(data);
    box->setRange(low, high);
    box->setValue(value);
    return box;
  };
  // Ranges and defaults are the options' specs (embscope/training/*.hpp), the CLI's flags'.
  const auto spec_spin = [&spin](const auto& spec) {
    auto* box = spin(static_cast<int>(*spec.min), static_cast<int>(*spec.max),
                     static_cast<int>(spec.default_value()));
    box->setObjectName(QString::fromUtf8(spec.name.data(), spec.name.size()));
    return box;
  };
  const auto spec_real = [data](const auto& spec, int decimals, double step) {
    auto* box = new QDoubleSpinBox(data);
    box->setDecimals(decimals);
    box->setRange(static_cast<double>(*spec.min), static_cast<double>(*spec.max));
    box->setSingleStep(step);
    box->setValue(static_cast<double>(spec.default_value()));
    box->setObjectName(QString::fromUtf8(spec.name.data(), spec.name.size()));
    return box;
  };
  dim_ = spec_spin(trainer_option::dim);
  window_ = spec_spin(trainer_option::window);
  negative_ = spec_spin(trainer_option::negative);
  min_count_ = spec_spin(corpus_option::min_count);
  epochs_ = spec_spin(trainer_option::epochs);
  // One core is left to the window (drawing, the frames' projections, the display server):
  // training threads that share cores with it wait for each other at every step.
  threads_ =
      spin(1, trainer_option::threads.max.value(), std::max(1, QThread::idealThreadCount() - 1));
  seed_ = spec_spin(trainer_option::seed);
  sample_ = spec_real(trainer_option::sample, 5, 0.0001);
  lr_ = spec_real(trainer_option::lr, 4, 0.005);
  // Two labelled fields a row, in aligned columns that share the panel's width.
  auto* fields = new QGridLayout;
  const std::pair<QString, QWidget*> hyperparameters[] = {{tr("dim"), dim_},
                                                          {tr("window"), window_},
                                                          {tr("negative"), negative_},
                                                          {tr("min count"), min_count_},
                                                          {tr("sample"), sample_},
                                                          {tr("epochs"), epochs_},
                                                          {tr("lr"), lr_},
                                                          {tr("threads"), threads_},
                                                          {tr("seed"), seed_}};
  int cell = 0;
  for (const auto& [label, field] : hyperparameters) {
    const int row = cell / 2, column = 2 * (cell % 2);
    fields->addWidget(new QLabel(label, data), row, column);
    fields->addWidget(field, row, column + 1);
    ++cell;
  }
  fields->setColumnStretch(1, 1);
  fields->setColumnStretch(3, 1);
  form->addRow(fields);
  init_ = new QComboBox(data);
  init_->setObjectName("init");
  init_->addItem(tr("random (torch seed)"));
  init_->addItem(tr("open vectors"));
  init_->setToolTip(
      tr("Random vectors seeded as torch seeds them, or the vectors open in the "
         "view (fine-tuning)"));
  freeze_ = new QCheckBox(tr("freeze"), data);
  freeze_->setToolTip(tr("from_pretrained(freeze=True): the input table stays as loaded"));
  auto* init_row = new QHBoxLayout;
  init_row->addWidget(init_, 1);
  init_row->addWidget(freeze_);
  form->addRow(tr("Start from:"), init_row);
  fixed_axes_ = new QCheckBox(tr("Fixed axes"), data);
  fixed_axes_->setToolTip(tr("Keep the first frame's PCA axes instead of refitting every frame"));
  form->addRow(fixed_axes_);
  layout->addWidget(data);

  auto* run = new QGroupBox(tr("Run"), this);
  auto* run_layout = new QVBoxLayout(run);
  auto* buttons = new QHBoxLayout;
  step_ = new QComboBox(run);
  step_->addItem(tr("10,000 words"), 10000);
  step_->addItem(tr("100,000 words"), 100000);
  step_->addItem(tr("one epoch"), -1);
  auto* step = new QPushButton(tr("Step"), run);
  step_button_ = step;
  step->setObjectName("step");
  // F10 and F5 are the window's actions (MainWindow::createTrainingShortcuts): a button's own
  // shortcut is dead while its panel sits behind another tab.
  step->setToolTip(tr("Train that many words, then pause (F10)"));
  play_ = new QPushButton(tr("Play"), run);
  play_->setCheckable(true);
  play_->setObjectName("play");
  play_->setToolTip(tr("Train until paused, the view following every frame (F5)"));
  auto* reset = new QPushButton(tr("Reset"), run);
  reset->setToolTip(tr("A fresh table with these settings"));
  // Two rows: the step and its size, then Play and Reset (one row is wider than the panel).
  auto* buttons_2 = new QHBoxLayout;
  buttons->addWidget(step_, 1);
  buttons->addWidget(step);
  buttons_2->addWidget(play_, 1);
  buttons_2->addWidget(reset, 1);
  run_layout->addLayout(buttons);
  run_layout->addLayout(buttons_2);
  show_run_ = new QPushButton(tr("Show run"), run);
  show_run_->setObjectName("showRun");
  show_run_->setToolTip(tr("Show the kept run's vectors again, as its newest frame left them"));
  show_run_->hide();
  run_layout->addWidget(show_run_);
  status_ = new QLabel(tr("Step or Play to start."), run);
  status_->setWordWrap(true);
  run_layout->addWidget(status_);
  chart_ = new LossChart(run);
  run_layout->addWidget(chart_);
  tracked_ = new QLineEdit("cat dog man woman king queen two three", run);
  tracked_->setToolTip(tr("Words labelled with their trails while training"));
  // The label above the field, which takes the group's whole width: beside it, the default
  // list read ": dog man woman ..." in the narrow dock.
  run_layout->addWidget(new QLabel(tr("Words to track:"), run));
  run_layout->addWidget(tracked_);
  auto* exports = new QGridLayout;
  auto* log = new QPushButton(tr("Log CSV..."), run);
  log->setToolTip(tr("Export the training log (words, epoch, loss, lr) as CSV"));
  auto* vectors = new QPushButton(tr("Vectors..."), run);
  vectors->setToolTip(tr("Export the trained vectors"));
  auto* checkpoint = new QPushButton(tr("Checkpoint..."), run);
  checkpoint->setToolTip(tr("Save a checkpoint to resume this run later"));
  auto* resume = new QPushButton(tr("Resume..."), run);
  resume->setToolTip(tr("Continue a run from a checkpoint"));
  exports->addWidget(log, 0, 0);
  exports->addWidget(vectors, 0, 1);
  exports->addWidget(checkpoint, 1, 0);
  exports->addWidget(resume, 1, 1);
  run_layout->addLayout(exports);
  layout->addWidget(run);
  layout->addStretch();

  connect(choose, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Training Corpus"), QString(),
        tr("Text, one sentence per line (*.txt *.gz *.cor);;All files (*)"));
    if (!path.isEmpty()) setCorpusPath(path);
  });
  connect(step, &QPushButton::clicked, this, &TrainingPanel::stepRequested);
  connect(play_, &QPushButton::toggled, this, &TrainingPanel::playToggled);
  connect(reset, &QPushButton::clicked, this, &TrainingPanel::resetRequested);
  connect(tracked_, &QLineEdit::editingFinished, this, &TrainingPanel::trackedWordsChanged);
  connect(log, &QPushButton::clicked, this, &TrainingPanel::exportLogRequested);
  connect(vectors, &QPushButton::clicked, this, &TrainingPanel::exportVectorsRequested);
  connect(checkpoint, &QPushButton::clicked, this, &TrainingPanel::checkpointRequested);
  connect(resume, &QPushButton::clicked, this, &TrainingPanel::resumeRequested);
  connect(show_run_, &QPushButton::clicked, this, &TrainingPanel::showRunRequested);
}

TrainingSetup TrainingPanel::setup() const {
  TrainingSetup setup;
  setup.corpus_path = corpus_path_;
  setup.corpus.min_count = min_count_->value();
  setup.trainer.model = static_cast<Word2VecModel>(model_->currentData().toInt());
  setup.trainer.dim = dim_->isEnabled() ? dim_->value() : chosen_dim_;
  setup.trainer.window = window_->value();
  setup.trainer.negative = negative_->value();
  setup.trainer.sample = sample_->value();
  setup.trainer.epochs = epochs_->value();
  setup.trainer.lr = static_cast<float>(lr_->value());
  setup.trainer.threads = threads_->value();
  setup.trainer.seed = static_cast<uint64_t>(seed_->value());
  setup.trainer.freeze = freeze_->isChecked();
  setup.from_loaded_vectors = init_->currentIndex() == 1;
  setup.fixed_axes = fixed_axes_->isChecked();
  return setup;
}

int64_t TrainingPanel::stepWords(int64_t corpus_tokens) const {
  const int64_t words = step_->currentData().toLongLong();
  return words > 0 ? words : corpus_tokens;
}

QStringList TrainingPanel::trackedWords() const {
  return tracked_->text().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts);
}

void TrainingPanel::setCorpusPath(const QString& path) {
  corpus_path_ = path;
  corpus_->setText(path.isEmpty() ? tr("the bundled Brown corpus (1M words)")
                                  : QFileInfo(path).fileName());
  corpus_->setToolTip(path);
}

void TrainingPanel::setStatus(const QString& text) {
  status_->setText(text);
}

void TrainingPanel::showProgress(const TrainingProgress& p, double frames_per_second) {
  // A label, not a QProgressBar: QProgressBar::setValue repaints synchronously, and in a window
  // holding a GL view that costs a whole frame of software rendering on the UI thread.
  status_->setText(tr("%1%  |  epoch %2  |  %3 words  |  lr %4  |  loss %5  |  %6 words/s  |  "
                      "view %7 fps")
                       .arg(100 * p.fraction(), 0, 'f', 1)
                       .arg(p.epoch + 1)
                       .arg(p.words_done)
                       .arg(static_cast<double>(p.lr), 0, 'f', 5)
                       .arg(p.loss, 0, 'f', 4)
                       .arg(p.words_per_second, 0, 'f', 0)
                       .arg(frames_per_second, 0, 'f', 1));
}

void TrainingPanel::setPlaying(bool playing) {
  const QSignalBlocker blocker(play_);
  play_->setChecked(playing);
  play_->setText(playing ? tr("Pause") : tr("Play"));
}

void TrainingPanel::togglePlay() {
  if (play_->isEnabled()) play_->toggle();  // toggled: playToggled, as a click
}

void TrainingPanel::requestStep() {
  if (step_button_->isEnabled()) emit stepRequested();
}

void TrainingPanel::setFinished(bool finished) {
  play_->setEnabled(!finished);
  step_button_->setEnabled(!finished);
  const QString why =
      tr("The run has finished: Reset starts a new one, Vectors... exports the trained vectors");
  step_button_->setToolTip(finished ? why : tr("Train that many words, then pause (F10)"));
  play_->setToolTip(finished ? why : tr("Train until paused, the view following every frame (F5)"));
}

void TrainingPanel::setRunShowable(bool showable) {
  show_run_->setVisible(showable);
}

void TrainingPanel::setRunDim(std::optional<int> dim) {
  if (dim) {
    if (dim_->isEnabled()) chosen_dim_ = dim_->value();
    dim_->setValue(*dim);
    dim_->setEnabled(false);
    dim_->setToolTip(tr("The open run's dimension (read-only while the run exists)"));
  } else if (!dim_->isEnabled()) {
    dim_->setValue(chosen_dim_);
    dim_->setEnabled(true);
    dim_->setToolTip(QString());
  }
}

void TrainingPanel::setLoss(const std::vector<TrainingLogRow>& log) {
  std::vector<QPointF> points;
  points.reserve(log.size());
  for (const TrainingLogRow& row : log)
    points.emplace_back(static_cast<double>(row.words), row.loss);
  chart_->setPoints(std::move(points));
}

}  // namespace embscope::ui
