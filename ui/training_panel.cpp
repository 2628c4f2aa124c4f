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
#include <QLineSeries>
#include <QPen>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace embscope::ui {

LossChart::LossChart(QWidget* parent) : ChartView(parent) {
  setMinimumHeight(130);
  setToolTip(tr("Average SGNS loss per trained pair, over the words trained"));
  line_ = new QLineSeries;
  chart()->addSeries(line_);
  x_ = new QValueAxis;
  x_->setTickCount(3);
  y_ = new QValueAxis;
  y_->setTitleText(tr("loss"));
  y_->setLabelFormat(QStringLiteral("%.2f"));
  y_->setTickCount(3);
  chart()->addAxis(x_, Qt::AlignBottom);
  chart()->addAxis(y_, Qt::AlignLeft);
  line_->attachAxis(x_);
  line_->attachAxis(y_);
  redraw_ = new QTimer(this);
  redraw_->setSingleShot(true);
  connect(redraw_, &QTimer::timeout, this, &LossChart::showPoints);
  applyPalette();
  showPoints();
}

void LossChart::setPoints(std::vector<QPointF> points) {
  // Live training sends the whole log with every frame, and redrawing the chart costs the UI
  // thread 8 ms (200 points) to 23 ms (2,000) on software GL, against 40-65 ms for a frame of
  // the view: the chart is redrawn at most four times a second, and not while hidden.
  pending_ = std::move(points);
  dirty_ = true;
  if (!isVisible()) return;
  const qint64 since = shown_at_.isValid() ? shown_at_.elapsed() : 250;
  if (since >= 250)
    showPoints();
  else if (!redraw_->isActive())
    redraw_->start(static_cast<int>(250 - since));
}

void LossChart::showEvent(QShowEvent* event) {
  ChartView::showEvent(event);
  if (dirty_) showPoints();
}

void LossChart::showPoints() {
  dirty_ = false;
  shown_at_.start();
  QList<QPointF> shown;
  double last = 0, low = 0, high = 0;
  for (const QPointF& p : pending_) {
    if (p.y() <= 0) continue;  // the first snapshot has no loss yet
    if (shown.isEmpty()) low = high = p.y();
    low = std::min(low, p.y());
    high = std::max(high, p.y());
    last = std::max(last, p.x());
    shown.append(p);
  }
  // Thousands of words up to two million, millions past it: the axis' labels stay short.
  unit_ = last >= 2e6 ? 1e6 : 1e3;
  x_->setTitleText(unit_ > 1e3 ? tr("words trained (millions)") : tr("words trained (thousands)"));
  x_->setLabelFormat(unit_ > 1e3 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
  for (QPointF& p : shown) p.setX(p.x() / unit_);
  if (shown.size() < 2) {
    line_->clear();
    chart()->setTitle(tr("loss appears once training runs"));
    x_->setLabelFormat(QStringLiteral("%.1f"));  // 0.0 0.5 1.0, not 0 1 1
    x_->setRange(0, 1);
    y_->setRange(0, 1);
    return;
  }
  chart()->setTitle(QString());
  line_->replace(shown);
  x_->setRange(0, std::max(last / unit_, 1e-9));
  const double margin = std::max(1e-6, 0.05 * (high - low));
  y_->setRange(low - margin, high + margin);
}

std::optional<ChartView::Hover> LossChart::valueAt(QPointF position) const {
  const QList<QPointF> points = line_->points();
  if (points.isEmpty()) return std::nullopt;
  // The point nearest the pointer along the words axis (x increases along the line).
  const double x = chart()->mapToValue(position, line_).x();
  auto next = std::lower_bound(points.begin(), points.end(), x,
                               [](const QPointF& p, double value) { return p.x() < value; });
  if (next == points.end() || (next != points.begin() && x - (next - 1)->x() < next->x() - x))
    --next;
  return Hover{chart()->mapToPosition(*next, line_),
               tr("%L1 words: loss %2")
                   .arg(static_cast<qlonglong>(std::llround(next->x() * unit_)))
                   .arg(next->y(), 0, 'f', 4)};
}

void LossChart::applyPalette() {
  ChartView::applyPalette();
  // Amber on the dark palette, a darker orange on the light one.
  line_->setPen(QPen(darkPalette() ? QColor(250, 200, 70) : QColor(195, 105, 0), 2));
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
  // Fields are as wide as seven characters ("0.00100", "1000000"), not as their maxima: a seed
  // up to 2^31 - 1 made the panel, and with it the whole left column, 359 px wide and the view
  // narrower than 560 px at 1280x800. Longer values scroll inside the field.
  QSpinBox probe;
  probe.setRange(0, 9'999'999);
  const int field_width = probe.minimumSizeHint().width();
  const auto spin = [data, field_width](int low, int high, int value) {
    auto* box = new QSpinBox(data);
    box->setRange(low, high);
    box->setValue(value);
    box->setMinimumWidth(field_width);
    return box;
  };
  // Ranges and defaults are the options' specs (embscope/training/*.hpp), the CLI's flags'.
  const auto spec_spin = [&spin](const auto& spec) {
    auto* box = spin(static_cast<int>(*spec.min), static_cast<int>(*spec.max),
                     static_cast<int>(spec.default_value()));
    box->setObjectName(QString::fromUtf8(spec.name.data(), spec.name.size()));
    return box;
  };
  const auto spec_real = [data, field_width](const auto& spec, int decimals, double step) {
    auto* box = new QDoubleSpinBox(data);
    box->setMinimumWidth(field_width);
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
