#include "main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDate>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPalette>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStringListModel>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>

#include "analogy_controller.hpp"
#include "appearance_panel.hpp"
#include "embscope/base/norms.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/projection/point_scalars.hpp"
#include "embscope/projection/projection.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/space/table_export.hpp"
#include "embscope/space/vector_expression.hpp"
#include "embscope/vectors/format_registry.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "evaluation_controller.hpp"
#include "file_actions.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"
#include "projection_panel.hpp"
#include "session_controller.hpp"
#include "training_panel.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {
namespace {

// Saved with the dock layout; a saved layout of another version is ignored (2: two columns).
constexpr int kLayoutVersion = 2;

PointScalar scalar_for(ColourBy colour) {
  switch (colour) {
    case ColourBy::VectorNorm:
      return PointScalar::VectorNorm;
    case ColourBy::KnnPreservation:
      return PointScalar::KnnPreservation;
    case ColourBy::Cluster:
      return PointScalar::Cluster;
    default:
      return PointScalar::FrequencyRank;
  }
}

// The colour values of every row for `appearance` (metadata columns or computed scalars). For
// classes (k-means clusters, a column of words) the values are class ids and `categories`
// receives the classes' names, in id order; otherwise it is left empty.
Eigen::VectorXf colour_values(const LoadedDataset& dataset, const AppearanceSettings& appearance,
                              const Positions3D& positions, std::vector<std::string>* categories) {
  categories->clear();
  if (appearance.colour_by == ColourBy::Metadata) {
    const Metadata& metadata = dataset.vectors.metadata;
    for (size_t c = 0; c < metadata.column_names.size(); ++c) {
      if (QString::fromStdString(metadata.column_names[c]) == appearance.metadata_column) {
        bool categorical = false;
        Eigen::VectorXf values = metadata_scalar(metadata.columns[c], &categorical);
        if (categorical) {
          // metadata_scalar numbers the classes in order of first appearance.
          for (Eigen::Index i = 0; i < values.size(); ++i) {
            const auto id = static_cast<size_t>(values(i));
            if (id == categories->size()) {
              const std::string& cell = metadata.columns[c][static_cast<size_t>(i)];
              categories->push_back(cell.empty() ? std::string("(empty)") : cell);
            }
          }
        }
        return values;
      }
    }
  }
  Eigen::VectorXf values =
      point_scalar(scalar_for(appearance.colour_by), dataset.vectors.vectors, positions);
  if (appearance.colour_by == ColourBy::Cluster && values.size() > 0) {
    const auto clusters = static_cast<int>(values.maxCoeff()) + 1;
    for (int k = 0; k < clusters; ++k)
      categories->push_back(QObject::tr("cluster %1").arg(k + 1).toStdString());
  }
  return values;
}

// Scrolls only vertically and is as wide as its panel needs, so the dock holding it never cuts
// the panel off on the right.
class VerticalScrollArea : public QScrollArea {
 public:
  explicit VerticalScrollArea(QWidget* panel) {
    setWidget(panel);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  }
  QSize minimumSizeHint() const override {
    return {widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width(),
            std::min(widget()->minimumSizeHint().height(), 120)};
  }
  QSize sizeHint() const override {
    return widget()->sizeHint() + QSize(verticalScrollBar()->sizeHint().width(), 0);
  }
};

// Toolbar icons drawn in the accent colour, readable on the dark and the light palette.
QIcon drawn_icon(const std::function<void(QPainter&)>& draw) {
  QPixmap pixmap(64, 64);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(96, 150, 225), 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.setBrush(Qt::NoBrush);
  draw(painter);
  return QIcon(pixmap);
}

// The widgets' dark palette, to go with the dark 3D background.
QPalette dark_palette() {
  QPalette palette;
  const QColor window(43, 46, 53), base(30, 32, 38), text(222, 224, 228), accent(74, 130, 210);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, window);
  palette.setColor(QPalette::ToolTipBase, base);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::PlaceholderText, QColor(140, 144, 152));
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Highlight, accent);
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::Link, accent.lighter(130));
  for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    palette.setColor(QPalette::Disabled, role, QColor(120, 122, 128));
  }
  return palette;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("embscope"));
  setAcceptDrops(true);
  resize(1280, 800);
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

  view_ = new VtkView(this);
  setCentralWidget(view_);
  state_ = new ExplorerState(this);
  binding_ = new SceneBinding(*state_, view_, this);
  overlay_ = std::make_unique<ViewOverlay>(*state_, binding_->scene());
  view_->setOverlayPainter([this](QPainter& painter) { paintOverlay(painter); });
  connect(binding_, &SceneBinding::hoverChanged, this, &MainWindow::describeHover);
  // The Ctrl shortcuts that win over text fields (eventFilter).
  qApp->installEventFilter(this);
  connect(binding_, &SceneBinding::rowClicked, this,
          [this](std::optional<int64_t> row) { selectPoint(row); });
  connect(binding_, &SceneBinding::rowDoubleClicked, this, [this](int64_t row) { selectRow(row); });

  dataset_label_ = new QLabel(this);
  hover_label_ = new QLabel(this);
  progress_bar_ = new QProgressBar(this);
  progress_bar_->setRange(0, 1000);
  progress_bar_->setMaximumWidth(220);
  progress_bar_->setTextVisible(true);
  cancel_button_ = new QToolButton(this);
  cancel_button_->setText(tr("Cancel"));
  cancel_button_->setToolTip(tr("Stop loading (Esc); the current data stays open"));
  connect(cancel_button_, &QToolButton::clicked, &loader_, &DatasetLoader::cancel);
  statusBar()->addWidget(dataset_label_, 1);
  statusBar()->addPermanentWidget(hover_label_);
  statusBar()->addPermanentWidget(progress_bar_);
  statusBar()->addPermanentWidget(cancel_button_);
  setBusy(false);

  connect(&loader_, &DatasetLoader::progress, this, [this](int permille, const QString& stage) {
    progress_bar_->setValue(permille);
    progress_bar_->setFormat(stage + QStringLiteral(" %p%"));
  });
  connect(&loader_, &DatasetLoader::finished, this, &MainWindow::showDataset);
  connect(&loader_, &DatasetLoader::failed, this, &MainWindow::showLoadError);
  connect(&loader_, &DatasetLoader::cancelled, this, [this] {
    setBusy(false);
    sessions_->dropPending();
    statusBar()->showMessage(tr("Loading cancelled; the previous data set is still open."), 5000);
  });
  connect(&projection_watcher_, &QFutureWatcher<ProjectionOutcome>::finished, this,
          [this] { showProjection(projection_watcher_.result()); });

  file_actions_ = new FileActions(
      this, [this] { return dataset() ? dataset()->name : QString(); }, this);
  connect(file_actions_, &FileActions::openRequested, this, &MainWindow::openFile);
  connect(file_actions_, &FileActions::sessionRequested, this, [this](const QString& path) {
    if (const QString error = sessions_->open(path); !error.isEmpty())
      showError(tr("Could not open the session"), error);
  });
  connect(file_actions_, &FileActions::status, statusBar(), &QStatusBar::showMessage);
  connect(file_actions_, &FileActions::failed, this, &MainWindow::showError);
  createDocks();
  createSessions();
  createExports();
  createActions();
  createToolBar();
  createSearch();
  // Enter in the search box gives the keys back to the view (R, 2, I, Esc act on it), unless the
  // word is unknown and wants correcting.
  const auto search_done = [this] {
    const QString text = search_->text().trimmed();
    const bool regex = text.size() > 2 && text.startsWith('/') && text.endsWith('/');
    if (dataset() && (regex || dataset()->vectors.vocabulary.find(text.toStdString())))
      view_->setFocus(Qt::OtherFocusReason);
  };
  connect(search_, &QLineEdit::returnPressed, this, search_done);
  connect(search_->completer(), qOverload<const QString&>(&QCompleter::activated), this,
          search_done);

  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  // A layout saved by an older version (one column of eight tabs) is not restored.
  restoreState(settings.value("window/state").toByteArray(), kLayoutVersion);
  AppearanceSettings appearance;
  appearance.point_size = settings.value("appearance/pointSize", 4.0).toDouble();
  appearance.dark = settings.value("appearance/dark", true).toBool();
  appearance.frequent_labels = settings.value("appearance/frequentLabels", 0).toInt();
  appearance.label_size = settings.value("appearance/labelSize", 10.0).toDouble();
  appearance_panel_->setSettings(appearance);
  setAppearance(appearance);

  training_.setAutosave(
      QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave",
      std::chrono::seconds(30));
  // After the caller had its say (scripted runs are headless and never asked).
  QTimer::singleShot(0, this, &MainWindow::offerAutosavedTraining);
}

void MainWindow::offerAutosavedTraining() {
  if (headless_) return;
  const auto autosave = training_.pendingAutosave();
  if (!autosave) return;
  auto* box =
      new QMessageBox(QMessageBox::Question, tr("Resume training?"),
                      tr("A training run was interrupted after %1 words (saved %2). Resume it?")
                          .arg(grouped(autosave->words),
                               QLocale::system().toString(autosave->saved, QLocale::ShortFormat)),
                      QMessageBox::Yes | QMessageBox::Discard, this);
  box->setObjectName("resumeTrainingDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this, autosave](int result) {
    if (result == QMessageBox::Yes) {
      training_shown_ = false;
      training_panel_->setCorpusPath(autosave->setup.corpus_path);
      training_frames_wanted_ = true;
      training_.resumeAutosave(*autosave);
    } else {
      training_.discardAutosave();
    }
  });
  box->open();
}

MainWindow::~MainWindow() {
  sessions_->stop();
  loader_.cancel();
  projection_watcher_.waitForFinished();
}

void MainWindow::createDocks() {
  // Tall panels scroll inside their dock rather than forcing the window's height, but never
  // sideways: the dock is at least as wide as the panel, so no button is cut off on the right.
  const auto scrollable = [](QWidget* panel) { return new VerticalScrollArea(panel); };
  const auto dock = [this](const QString& title, const QString& name, QWidget* content,
                           Qt::DockWidgetArea area) {
    auto* widget = new QDockWidget(title, this);
    widget->setObjectName(name);
    widget->setWidget(content);
    addDockWidget(area, widget);
    return widget;
  };

  dataset_info_ = new QLabel(tr("No data set open."));
  dataset_info_->setWordWrap(true);
  dataset_info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  dataset_info_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  dataset_info_->setMargin(6);
  QDockWidget* dataset_dock =
      dock(tr("Data set"), "dataset", dataset_info_, Qt::RightDockWidgetArea);

  neighbours_panel_ = new NeighboursPanel;
  QDockWidget* neighbours_dock =
      dock(tr("Neighbours"), "neighbours", neighbours_panel_, Qt::RightDockWidgetArea);
  connect(neighbours_panel_, &NeighboursPanel::settingsChanged, this,
          &MainWindow::refreshNeighbours);
  connect(neighbours_panel_, &NeighboursPanel::rowActivated, this, [this](int64_t row) {
    if (dataset()) selectRow(row);
  });
  connect(neighbours_panel_, &NeighboursPanel::isolateToggled, this, &MainWindow::setIsolated);

  lookup_panel_ = new LookupPanel;
  QDockWidget* lookup_dock =
      dock(tr("Lookup table"), "lookup", lookup_panel_, Qt::RightDockWidgetArea);
  connect(lookup_panel_, &LookupPanel::lookedUpChanged, this,
          [this](const std::vector<int64_t>& rows) {
            state_->setLookedUp(rows);
            updateScene();
          });

  projection_panel_ = new ProjectionPanel;
  QDockWidget* projection_dock =
      dock(tr("Projection"), "projection", scrollable(projection_panel_), Qt::RightDockWidgetArea);
  connect(projection_panel_, &ProjectionPanel::applyRequested, this, &MainWindow::applyProjection);

  analogy_panel_ = new AnalogyPanel;
  QDockWidget* analogy_dock =
      dock(tr("Analogy"), "analogy", scrollable(analogy_panel_), Qt::RightDockWidgetArea);
  analogy_ = new AnalogyController(*state_, analogy_panel_, this);
  connect(analogy_, &AnalogyController::projectionRequested, this,
          [this](const ProjectionSettings& settings, const std::vector<int64_t>& fit_rows) {
            fit_after_projection_ = fit_rows;
            projection_panel_->setSettings(settings);
            applyProjection(settings);
          });
  connect(analogy_, &AnalogyController::frameRequested, this,
          [this](const std::vector<int64_t>& rows) {
            binding_->focusOnRows(rows);
            view_->update();
          });
  connect(analogy_, &AnalogyController::isolationEndRequested, this,
          [this] { setIsolated(false); });
  connect(analogy_, &AnalogyController::rowRequested, this,
          [this](int64_t row) { selectRow(row); });
  connect(analogy_, &AnalogyController::wordRequested, this,
          [this](const QString& word) { selectWord(word); });
  connect(analogy_, &AnalogyController::status, statusBar(), &QStatusBar::showMessage);

  evaluation_panel_ = new EvaluationPanel;
  QDockWidget* evaluation_dock =
      dock(tr("Evaluation"), "evaluation", evaluation_panel_, Qt::RightDockWidgetArea);
  evaluation_ = new EvaluationController(*state_, evaluation_panel_, this);
  connect(evaluation_panel_, &EvaluationPanel::questionActivated, analogy_,
          &AnalogyController::showQuestion);
  connect(evaluation_, &EvaluationController::failed, this, &MainWindow::showError);
  connect(evaluation_, &EvaluationController::finished, this, &MainWindow::evaluationFinished);

  training_panel_ = new TrainingPanel;
  QDockWidget* training_dock =
      dock(tr("Training"), "training", scrollable(training_panel_), Qt::RightDockWidgetArea);
  const auto prepare = [this] {
    training_shown_ = false;
    training_.prepare(training_panel_->setup(), state_->sharedDataset());
    training_panel_->setStatus(tr("Reading the corpus..."));
  };
  connect(training_panel_, &TrainingPanel::stepRequested, this, [this, prepare] {
    if (!training_.prepared()) {
      pending_steps_ = -1;  // one step of the panel's size once ready
      prepare();
      return;
    }
    training_.step(
        training_panel_->stepWords(static_cast<int64_t>(training_.corpus()->tokens().size())));
  });
  connect(training_panel_, &TrainingPanel::playToggled, this, [this, prepare](bool play) {
    if (!play) {
      training_.pause();
      return;
    }
    if (!training_.prepared()) {
      pending_steps_ = std::numeric_limits<int64_t>::max();  // play once ready
      prepare();
      return;
    }
    training_.play();
  });
  connect(training_panel_, &TrainingPanel::resetRequested, this, [prepare] { prepare(); });
  // F5 and F10 act whatever has the focus and whether or not the panel is raised (a button's
  // own shortcut only works while the button is visible).
  for (const auto& [name, key, text] :
       {std::tuple{"trainPlay", Qt::Key_F5, tr("Play / Pause Training")},
        std::tuple{"trainStep", Qt::Key_F10, tr("Step Training")}}) {
    auto* action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcut(QKeySequence(key));
    addAction(action);
    if (key == Qt::Key_F5) {
      connect(action, &QAction::triggered, training_panel_, &TrainingPanel::togglePlay);
    } else {
      connect(action, &QAction::triggered, training_panel_, &TrainingPanel::requestStep);
    }
  }
  for (const auto request : {&TrainingPanel::stepRequested, &TrainingPanel::resetRequested,
                             &TrainingPanel::resumeRequested}) {
    connect(training_panel_, request, this, [this] { training_frames_wanted_ = true; });
  }
  connect(training_panel_, &TrainingPanel::playToggled, this,
          [this](bool play) { training_frames_wanted_ = training_frames_wanted_ || play; });
  connect(training_panel_, &TrainingPanel::trackedWordsChanged, this,
          &MainWindow::updateTrackedRows);
  connect(training_panel_, &TrainingPanel::resumeRequested, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Resume from Checkpoint"), QString(),
                                                      tr("Checkpoint (*.ckpt);;All files (*)"));
    if (path.isEmpty()) return;
    if (const QString error = training_.resumeCheckpoint(path); !error.isEmpty())
      showError(tr("Could not resume"), error);
  });
  connect(&training_, &TrainingController::ready, this, [this](const QString& description) {
    training_panel_->setStatus(description);
    statusBar()->showMessage(tr("Training: %1").arg(description), 8000);
    if (pending_steps_ == std::numeric_limits<int64_t>::max()) {
      training_.play();
    } else if (pending_steps_ != 0) {
      training_.step(pending_steps_ > 0 ? pending_steps_
                                        : training_panel_->stepWords(static_cast<int64_t>(
                                              training_.corpus()->tokens().size())));
    }
    pending_steps_ = 0;
  });
  connect(&training_, &TrainingController::failed, this, [this](const QString& message) {
    pending_steps_ = 0;
    training_panel_->setPlaying(false);
    training_panel_->setStatus(message);
    showError(tr("Training failed"), message);
  });
  // A kept run, while another file is shown, shows again from its newest frame (Show run).
  connect(training_panel_, &TrainingPanel::showRunRequested, this, [this] {
    const TrainingFrame* newest = training_.lastFrame();
    if (newest == nullptr) return;
    const TrainingFrame frame = *newest;
    training_frames_wanted_ = true;
    training_shown_ = false;
    showTrainingFrame(frame);
  });
  const auto offer_run = [this] {
    training_panel_->setRunShowable(dataset() != nullptr && !dataset()->training_frame &&
                                    training_.lastFrame() != nullptr);
  };
  connect(this, &MainWindow::datasetShown, training_panel_, offer_run);
  connect(&training_, &TrainingController::stateChanged, training_panel_, offer_run);
  connect(&training_, &TrainingController::frameReady, this, &MainWindow::showTrainingFrame);
  connect(&training_, &TrainingController::stateChanged, this, [this] {
    training_panel_->setPlaying(training_.playing());
    training_panel_->setFinished(training_.finished());
    const Word2VecTrainer* trainer = training_.trainer();
    training_panel_->setRunDim(trainer ? std::optional<int>(trainer->options().dim) : std::nullopt);
    binding_->setMoving(training_.playing());
  });

  appearance_panel_ = new AppearancePanel;
  QDockWidget* appearance_dock =
      dock(tr("Appearance"), "appearance", appearance_panel_, Qt::RightDockWidgetArea);
  connect(appearance_panel_, &AppearancePanel::changed, this, &MainWindow::setAppearance);

  docks_ = {dataset_dock,    neighbours_dock, lookup_dock,     projection_dock,
            appearance_dock, analogy_dock,    evaluation_dock, training_dock};
  resetLayout();

  // Alt+1..8 show and raise a panel (never hide it: its close button does that). Application
  // shortcuts: they work from a floating panel too.
  docks_menu_ = new QMenu(tr("&Panels"), this);
  int key = 1;
  for (QDockWidget* widget : docks_) {
    auto* show = new QAction(widget->windowTitle(), this);
    show->setObjectName("show-" + widget->objectName());
    show->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + key++)));
    show->setShortcutContext(Qt::ApplicationShortcut);
    show->setToolTip(
        tr("Show the %1 panel (%2)")
            .arg(widget->windowTitle(), show->shortcut().toString(QKeySequence::NativeText)));
    connect(show, &QAction::triggered, this, [this, widget] { showPanel(widget); });
    docks_menu_->addAction(show);
    addAction(show);
  }
  docks_menu_->addSeparator();
  docks_menu_->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout)
      ->setObjectName("resetLayout");
}

void MainWindow::resetLayout() {
  const auto dock = [this](const char* name) { return findChild<QDockWidget*>(name); };
  // Four tabs a side fit the height of a 1280x800 window with every name whole; vertical tabs
  // leave the width to the panels.
  const std::array<QDockWidget*, 4> left = {dock("dataset"), dock("projection"), dock("appearance"),
                                            dock("training")};
  const std::array<QDockWidget*, 4> right = {dock("neighbours"), dock("lookup"), dock("analogy"),
                                             dock("evaluation")};
  setTabPosition(Qt::LeftDockWidgetArea, QTabWidget::West);
  setTabPosition(Qt::RightDockWidgetArea, QTabWidget::East);
  for (const auto& [area, column] :
       {std::pair{Qt::LeftDockWidgetArea, left}, std::pair{Qt::RightDockWidgetArea, right}}) {
    for (QDockWidget* widget : column) {
      widget->setFloating(false);
      addDockWidget(area, widget);
      widget->show();
    }
    for (size_t i = 1; i < column.size(); ++i) tabifyDockWidget(column[0], column[i]);
  }
  dock("projection")->raise();
  dock("neighbours")->raise();
  // As wide as the widest panel of each column needs, so that nothing is cut off.
  const auto needed = [](const std::array<QDockWidget*, 4>& column) {
    int width = 0;
    for (QDockWidget* widget : column)
      width = std::max(width, widget->widget()->minimumSizeHint().width());
    return width;
  };
  resizeDocks({left[0], right[0]}, {needed(left), needed(right)}, Qt::Horizontal);
}

void MainWindow::showPanel(QDockWidget* dock) {
  dock->show();
  dock->raise();
  if (dock->isFloating()) dock->activateWindow();
}

void MainWindow::createSearch() {
  QToolBar* bar = addToolBar(tr("Search"));
  bar->setObjectName("search");
  bar->setMovable(false);
  search_ = new QLineEdit(bar);
  search_->setObjectName("search");
  search_->setPlaceholderText(tr("Find a word (Ctrl+F), or /regex/ for every match"));
  search_->setClearButtonEnabled(true);
  search_->setMaximumWidth(320);
  auto* completer = new QCompleter(new QStringListModel(search_), search_);
  completer->setCaseSensitivity(Qt::CaseInsensitive);
  completer->setModelSorting(QCompleter::UnsortedModel);
  completer->setFilterMode(Qt::MatchStartsWith);
  completer->setMaxVisibleItems(12);
  search_->setCompleter(completer);
  bar->addWidget(search_);
  auto* matches = new QLabel(bar);
  matches->setObjectName("searchMatches");
  matches->setContentsMargins(6, 0, 6, 0);
  bar->addWidget(matches);
  connect(search_, &QLineEdit::returnPressed, this, [this, matches] {
    const QString text = search_->text().trimmed();
    // /regex/ highlights every word matching it and says how many; a plain word selects it.
    if (text.size() > 2 && text.startsWith('/') && text.endsWith('/') && dataset()) {
      const QRegularExpression pattern(text.mid(1, text.size() - 2));
      if (!pattern.isValid()) {
        matches->clear();
        statusBar()->showMessage(tr("Invalid regular expression: %1").arg(pattern.errorString()),
                                 8000);
        return;
      }
      const int64_t count = highlightMatches(pattern);
      const QString summary =
          count == 0   ? tr("No word matches %1").arg(text)
          : count == 1 ? tr("1 word matches %1").arg(text)
                       : tr("%1 words match %2 (magenta; Esc clears)").arg(grouped(count), text);
      matches->setText(count == 1 ? tr("1 match") : tr("%1 matches").arg(grouped(count)));
      statusBar()->showMessage(summary, count > 1 ? 0 : 8000);
      return;
    }
    if (!state_->searchMatches().empty()) {
      state_->setSearchMatches({});
      updateScene();
    }
    matches->clear();
    selectWord(text);
  });
  connect(this, &MainWindow::datasetShown, matches, &QLabel::clear);
  connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
          [this](const QString& word) { selectWord(word); });
  QAction* find = new QAction(tr("Find Word"), this);
  find->setShortcut(QKeySequence::Find);
  connect(find, &QAction::triggered, this, [this] {
    search_->setFocus();
    search_->selectAll();
  });
  addAction(find);
  QAction* clear = new QAction(tr("Clear Selection"), this);
  clear->setShortcut(QKeySequence(Qt::Key_Escape));
  connect(clear, &QAction::triggered, this, [this] {
    if (loader_.busy()) {
      loader_.cancel();
    } else {
      state_->setSearchMatches({});
      if (auto* matches = findChild<QLabel*>("searchMatches")) matches->clear();
      search_->clear();  // the box shows the selected word or nothing
      selectPoint(std::nullopt);
    }
  });
  addAction(clear);
}

void MainWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("main");
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setIconSize(QSize(18, 18));
  const auto action = [this](const char* name) { return findChild<QAction*>(name); };
  const auto add = [bar](QAction* action, const QIcon& icon, const QString& text,
                         const QString& tip) {
    action->setIcon(icon);
    action->setIconText(text);
    // The tooltip names the shortcut, as the menu does.
    action->setToolTip(
        QStringLiteral("%1 (%2)").arg(tip, action->shortcut().toString(QKeySequence::NativeText)));
    bar->addAction(action);
  };
  add(action("open"), style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open"),
      tr("Open vectors"));
  add(action("exportImage"), style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Export"),
      tr("Export the view as a PNG image"));
  bar->addSeparator();
  add(action("flat"), drawn_icon([](QPainter& p) {
        p.drawPolygon(QPolygonF({{8, 42}, {30, 54}, {56, 40}, {34, 28}}));  // a flat plane
      }),
      tr("2D"), tr("2D or 3D view"));
  add(isolate_action_, drawn_icon([](QPainter& p) {
        p.setBrush(p.pen().color());
        p.drawEllipse(QPointF(32, 32), 7, 7);
        p.setBrush(Qt::NoBrush);
        for (int i = 0; i < 5; ++i) {
          const double angle = i * 2 * M_PI / 5;
          p.drawEllipse(QPointF(32 + 21 * std::cos(angle), 32 + 21 * std::sin(angle)), 4, 4);
        }
      }),
      tr("Isolate"), tr("Show only the selected word and its neighbours"));
  add(action("resetCamera"), style()->standardIcon(QStyle::SP_BrowserReload), tr("Reset"),
      tr("Reset the camera"));
  bar->addSeparator();
  // The panels: a menu of the eight, each with its Alt+N.
  auto* panels = new QToolButton(bar);
  panels->setObjectName("panelsButton");
  panels->setText(tr("Panels"));
  panels->setIcon(style()->standardIcon(QStyle::SP_FileDialogDetailedView));
  panels->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  panels->setToolTip(tr("Show a panel (Alt+1..8)"));
  panels->setMenu(docks_menu_);
  panels->setPopupMode(QToolButton::InstantPopup);
  bar->addWidget(panels);
}

void MainWindow::createExports() {
  using Menu = FileActions::Menu;
  const QString csv = tr("CSV (*.csv)"), png = tr("PNG image (*.png)");
  const auto image = [this](bool transparent, double scale) {
    return [this, transparent, scale](const QString& path) {
      return exportImage(path, transparent, scale);
    };
  };
  const auto button = [](auto* panel, auto signal) {
    return FileActions::panelButton(panel, signal);
  };
  // The one table of exports: File > Export, Save Session As and the panels' export buttons.
  // One row per export, its fields in the order of FileActions::Export.
  // clang-format off
  const std::vector<FileActions::Export> table = {
      {"session", Menu::File, tr("Save Session &As..."), QKeySequence::SaveAs, false,
       tr("Save Session"), tr("embscope sessions (*.json)"), "json", "session",
       [this](const QString& path) { return sessions_->save(path); }, {}},
      {"image", Menu::Export, tr("&Image (PNG)..."), QKeySequence(Qt::CTRL | Qt::Key_E), false,
       tr("Export Image"), png, "png", "view", image(false, 1), {}},
      {"image2x", Menu::Export, tr("Image at %1x Resolution (PNG)...").arg(2), {}, false,
       tr("Export Image"), png, "png", "view", image(false, 2), {}},
      {"image4x", Menu::Export, tr("Image at %1x Resolution (PNG)...").arg(4), {}, false,
       tr("Export Image"), png, "png", "view", image(false, 4), {}},
      {"imageTransparent", Menu::Export, tr("Image with &Transparent Background (PNG)..."), {},
       false, tr("Export Image"), png, "png", "view", image(true, 1), {}},
      {"neighbours", Menu::Export, tr("&Neighbours (CSV)..."), {}, true, tr("Export Neighbours"),
       csv, "csv", "neighbours",
       [this](const QString& path) {
         return write_neighbours_file(path, dataset(), state_->focusRow(), state_->neighbours(),
                                      neighbours_panel_->metric());
       },
       button(neighbours_panel_, &NeighboursPanel::exportRequested)},
      {"coordinates", Menu::Export, tr("Projected &Coordinates (CSV)..."), {}, false,
       tr("Export Coordinates"), csv, "csv", "coordinates",
       [this](const QString& path) {
         return write_coordinates_file(path, dataset(), state_->positions());
       },
       {}},
      {"lookup", Menu::Export, tr("&Looked-up Rows (CSV)..."), {}, false,
       tr("Export Looked-up Rows"), csv, "csv", "lookup",
       [this](const QString& path) {
         return write_rows_file(path, dataset(), lookup_panel_->lookedUp());
       },
       button(lookup_panel_, &LookupPanel::exportRequested)},
      {"vectors", Menu::Export, tr("&Vectors..."), {}, false, tr("Export Vectors"),
       QString::fromStdString(vector_save_filter(VectorFormat::GloveText)), "txt", "vectors",
       [this](const QString& path) { return write_vectors_file(path, dataset()); }, {}},
      {"evaluation", Menu::None, tr("Evaluation (CSV)..."), {}, false, tr("Export Evaluation"),
       csv, "csv", "evaluation", [this](const QString& path) { return evaluation_->exportCsv(path); },
       button(evaluation_panel_, &EvaluationPanel::exportRequested)},
      {"trainingLog", Menu::None, tr("Training Log (CSV)..."), {}, false,
       tr("Export Training Log"), csv, "csv", "training-log",
       [this](const QString& path) { return training_.exportLog(path); },
       button(training_panel_, &TrainingPanel::exportLogRequested)},
      {"trainedVectors", Menu::None, tr("Trained Vectors..."), {}, false,
       tr("Export Trained Vectors"),
       QString::fromStdString(vector_save_filter(VectorFormat::Word2VecBinary)), "bin",
       "trained-vectors", [this](const QString& path) { return training_.exportVectors(path); },
       button(training_panel_, &TrainingPanel::exportVectorsRequested)},
      {"checkpoint", Menu::None, tr("Checkpoint..."), {}, false, tr("Save Checkpoint"),
       tr("Checkpoint (*.ckpt)"), "ckpt", "checkpoint",
       [this](const QString& path) { return training_.saveCheckpoint(path); },
       button(training_panel_, &TrainingPanel::checkpointRequested)},
  };
  // clang-format on
  for (const FileActions::Export& entry : table)
    file_actions_->addExport(entry,
                             entry.id == "image" ? QStringLiteral("exportImage") : QString());
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file_actions_->fillFileMenu(file);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);
  // Shortcuts with Ctrl work whatever has the focus, a floating panel included; single keys
  // (R, 2, I, Esc) stay window shortcuts, which a text field being typed in takes first.
  quit->setShortcutContext(Qt::ApplicationShortcut);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* reset = view->addAction(tr("&Reset Camera"), this, &MainWindow::resetCamera);
  reset->setObjectName("resetCamera");
  reset->setShortcuts({QKeySequence(Qt::Key_R), QKeySequence(Qt::Key_Home)});
  QAction* flat = view->addAction(tr("&2D View"));
  flat->setObjectName("flat");
  flat->setCheckable(true);
  flat->setShortcut(QKeySequence(Qt::Key_2));
  connect(flat, &QAction::toggled, this, [this](bool on) {
    ProjectionSettings settings = state_->projectionSettings();
    settings.flat = on;
    applyProjection(settings);
  });
  connect(this, &MainWindow::projectionApplied, flat, [this, flat] {
    const QSignalBlocker blocker(flat);
    flat->setChecked(state_->projectionSettings().flat);
  });
  isolate_action_ = view->addAction(tr("&Isolate Selection"));
  isolate_action_->setObjectName("isolate");
  isolate_action_->setCheckable(true);
  isolate_action_->setShortcut(QKeySequence(Qt::Key_I));
  connect(isolate_action_, &QAction::triggered, this, [this] { setIsolated(!state_->isolated()); });
  view->addSeparator();
  view->addMenu(docks_menu_);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Controls"), this, [this] {
    QMessageBox::information(
        this, tr("Controls"),
        tr("Left drag: rotate\nShift + left drag or middle drag: pan\nRight drag or wheel: "
           "zoom\nHover a point: show its word\nClick: select it and list its neighbours\n"
           "Double-click: select and fly to it\nCtrl+F: find a word (/regex/ works too)\n"
           "Esc: clear the selection or cancel loading\nR or Home: reset the camera\n"
           "2: 2D/3D   I: isolate the selection\nAlt+1..8: show a panel (Data set, "
           "Neighbours, Lookup table, Projection, Appearance, Analogy, Evaluation, Training)\n"
           "Ctrl+O: open vectors (or drop a file on the window)\nCtrl+E: export an image\n"
           "Enter in the search box selects the word and gives the keys back to the view"));
  });
  help->addAction(tr("&About embscope"), this, [this] {
    QMessageBox::about(this, tr("About embscope"),
                       tr("<b>embscope</b> %1<br>Explore and train word-embedding spaces in 3D."
                          "<br>Default data: GloVe 6B 100d (Stanford NLP, PDDL 1.0).")
                           .arg(QApplication::applicationVersion()));
  });
}

bool MainWindow::selectWord(const QString& word, int k) {
  if (!dataset() || word.isEmpty()) return false;
  int64_t row = 0;
  try {
    row = dataset()->space->index_of(word.toStdString());
  } catch (const UnknownWordError& error) {
    statusBar()->showMessage(QString::fromStdString(error.what()), 8000);
    return false;
  }
  selectRow(row, k);
  const std::string note = repeated_label_note(dataset()->vectors.vocabulary, word.toStdString());
  if (!note.empty()) statusBar()->showMessage(QString::fromStdString(note), 10000);
  return true;
}

void MainWindow::selectRow(int64_t row, int k) {
  if (!dataset()) return;
  selectPoint(row, k);
  // A row found by name may be anywhere: bring it and its neighbours into view.
  std::vector<int64_t> shown = {row};
  for (const ScoredWord& n : state_->neighbours()) shown.push_back(n.index);
  binding_->focusOnRows(shown);
}

void MainWindow::selectPoint(std::optional<int64_t> row, int k) {
  if (!dataset()) return;
  if (k > 0 && k != neighbours_panel_->k()) {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setK(k);
  }
  state_->selectRow(row, state_->neighbours());
  // The search box shows the selected word, or nothing, unless a word is being typed there or
  // it holds a /regex/ whose matches are shown.
  if (!search_->hasFocus() && state_->searchMatches().empty()) {
    search_->setText(row ? QString::fromStdString(dataset()->vectors.vocabulary.word(*row))
                         : QString());
  }
  refreshNeighbours();
}

void MainWindow::refreshNeighbours() {
  const LoadedDataset* dataset = state_->dataset();
  if (!dataset) return;
  const std::optional<int64_t> selected = state_->focusRow();
  if (selected) {
    const Metric metric = neighbours_panel_->metric();
    const std::string word = dataset->vectors.vocabulary.word(*selected);
    state_->selectRow(selected,
                      dataset->space->neighbours_of_row(*selected, neighbours_panel_->k(), metric));
    const std::vector<ScoredWord>& neighbours = state_->neighbours();
    neighbours_panel_->showResult(QString::fromStdString(word), neighbours, metric);
    QStringList parts;
    for (size_t i = 0; i < std::min<size_t>(neighbours.size(), 6); ++i) {
      parts << QStringLiteral("%1 %2").arg(QString::fromStdString(neighbours[i].word),
                                           QString::number(neighbours[i].score, 'f', 2));
    }
    statusBar()->showMessage(
        tr("%1  ->  %2").arg(QString::fromStdString(word), parts.join(QStringLiteral(", "))));
  } else {
    state_->selectRow(std::nullopt);
    neighbours_panel_->clear();
    statusBar()->clearMessage();
    if (state_->isolated()) {
      // Nothing left to isolate: every point comes back (the isolated picture would otherwise
      // stay, showing rows that nothing else can reach).
      setIsolated(false);
      return;
    }
  }
  if (state_->isolated()) {
    setIsolated(true);  // re-fits the isolated picture on the new neighbourhood
  } else {
    updateScene();
  }
}

void MainWindow::setIsolated(bool isolated) {
  if (!state_->dataset()) return;
  if (isolated && !state_->focusRow()) {
    statusBar()->showMessage(tr("Select a word first: Isolate shows it with its neighbours."),
                             6000);
    isolated = false;
  }
  const bool changed = isolated != state_->isolated() || isolated;
  if (isolated) {
    state_->isolateSelection();
  } else {
    state_->clearIsolation();
  }
  isolate_action_->setChecked(isolated);
  {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setIsolated(isolated);
  }
  updateScene();
  if (changed) binding_->resetCamera();
  view_->update();
}

// Rebuilds what the scene shows from the state (points, selection, looked-up rows).
void MainWindow::updateScene() {
  binding_->update();
}

void MainWindow::applyProjection(const ProjectionSettings& settings) {
  if (!dataset()) return;
  if (projection_watcher_.isRunning()) {
    queued_projection_ = settings;  // runs when the current one ends
    return;
  }
  projection_panel_->setStatus(tr("Projecting..."));
  const std::shared_ptr<LoadedDataset> dataset = state_->sharedDataset();
  const AppearanceSettings appearance = state_->appearance();
  state_->setProjectionSettings(settings);
  const uint64_t generation = state_->generation();
  projection_watcher_.setFuture(QtConcurrent::run([dataset, settings, appearance, generation] {
    ProjectionOutcome outcome;
    outcome.generation = generation;
    const auto start = std::chrono::steady_clock::now();
    try {
      // The recipe `embscope-cli project` uses too; the PCA fitted on opening is reused.
      LayoutSnapshot layout =
          compute_layout(dataset->vectors, settings.layoutSpec(), {},
                         {.space = dataset->space.get(), .pca_of_all_rows = &dataset->pca});
      outcome.positions = std::move(layout.positions);
      if (settings.flat) outcome.positions.row(2).setZero();
      outcome.labels = layout.labels;
      outcome.variance = std::move(layout.explained_variance);
      outcome.colours = colour_values(*dataset, appearance, outcome.positions, &outcome.categories);
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }));
}

void MainWindow::showProjection(ProjectionOutcome outcome) {
  if (outcome.generation != state_->generation()) {
    // Computed on the data set shown before: nothing of it applies to this one.
  } else if (!outcome.error.isEmpty()) {
    projection_panel_->setStatus(tr("Could not project: %1").arg(outcome.error));
    statusBar()->showMessage(tr("Projection failed: %1").arg(outcome.error), 10000);
  } else if (dataset() && outcome.positions.cols() == dataset()->vectors.rows()) {
    const ProjectionSettings& settings = state_->projectionSettings();
    const bool flat_changed = binding_->scene()->cameraState().parallel != settings.flat;
    // Other axes show another picture: it is framed whole (the analogy plane shown while in 2D
    // already, other components, other custom axes).
    const bool axes_changed = settings.axes != framed_projection_.axes ||
                              settings.components != framed_projection_.components;
    framed_projection_ = settings;
    state_->setLayout(std::move(outcome.positions), outcome.labels);
    state_->setColours(std::move(outcome.colours), std::move(outcome.categories));
    const std::array<std::string, 3>& labels = state_->axisLabels();
    if (outcome.variance.size() > 0) projection_panel_->setVariance(outcome.variance);
    if (!dataset()->training_frame) {
      showDatasetLine(outcome.variance.size() > 0 ? outcome.variance
                                                  : dataset()->pca.explained_variance_ratio);
    }
    projection_panel_->setSettings(state_->projectionSettings());
    projection_panel_->setStatus(
        tr("x: %1\ny: %2\nz: %3\n(%4 s)")
            .arg(QString::fromStdString(labels[0]), QString::fromStdString(labels[1]),
                 state_->projectionSettings().flat ? tr("(2D)") : QString::fromStdString(labels[2]))
            .arg(outcome.seconds, 0, 'f', 2));
    if (state_->isolated()) {
      binding_->scene()->setCategories(state_->categories());
      setIsolated(true);
    } else {
      binding_->showLayout();
    }
    if (flat_changed || (axes_changed && settings.flat)) {
      binding_->setFlatView(settings.flat);
    } else if (axes_changed) {
      binding_->fitAll();
    }
    if (!fit_after_projection_.empty() && !queued_projection_) {
      binding_->fitRows(fit_after_projection_);
      fit_after_projection_.clear();
    }
    binding_->invalidatePicker();
    view_->update();
  }
  if (queued_projection_) {
    const ProjectionSettings next = *queued_projection_;
    queued_projection_.reset();
    applyProjection(next);
    return;
  }
  emit projectionApplied();
}

void MainWindow::setAppearance(const AppearanceSettings& settings) {
  const bool recolour = settings.colour_by != state_->appearance().colour_by ||
                        settings.metadata_column != state_->appearance().metadata_column;
  state_->setAppearance(settings);
  binding_->applyPointSize();
  binding_->scene()->setDarkBackground(settings.dark);
  if (palette_dark_ != settings.dark) {
    palette_dark_ = settings.dark;
    QApplication::setPalette(settings.dark ? dark_palette()
                                           : QApplication::style()->standardPalette());
  }
  if (recolour && state_->dataset()) applyProjection(state_->projectionSettings());
  view_->update();
}

void MainWindow::setPanelsVisible(bool visible) {
  for (QDockWidget* dock : docks_) dock->setVisible(visible);
}

bool MainWindow::busy() const {
  return loader_.busy() || projection_watcher_.isRunning();
}

bool MainWindow::trainingRunOpen() const {
  // A finished run counts: its trained vectors are the user's work until exported or discarded.
  return training_.prepared() && training_.trainer() != nullptr &&
         training_.trainer()->progress().words_done > 0;
}

void MainWindow::openFile(const QString& path, const QString& metadata) {
  // A playing run's next frame would replace the file just opened: it pauses first.
  if (training_.playing()) training_.pause();
  if (headless_ || !trainingRunOpen()) {
    startLoading(path, metadata);
    return;
  }
  // The view is about to show other vectors: the run is paused and either kept (Play or Step
  // brings its space back) or discarded.
  training_.pause();
  const bool finished = training_.finished();
  auto* box = new QMessageBox(
      QMessageBox::Question, tr("Keep the training run?"),
      (finished ? tr("A finished training run is open (%1 words trained). Opening %2 shows its "
                     "vectors instead.")
                : tr("A training run is open (%1 words trained). Opening %2 shows its vectors "
                     "instead."))
          .arg(grouped(training_.trainer()->progress().words_done), QFileInfo(path).fileName()),
      QMessageBox::NoButton, this);
  box->setObjectName("trainingRunDialog");
  box->setInformativeText(
      finished ? tr("Keep run: it stays in the Training panel, where Show run shows it again "
                    "and Vectors... exports it (Reset starts a new run).\nDiscard run: its "
                    "vectors are lost unless exported.")
               : tr("Keep run: it stays paused in the Training panel, Play or Step shows it "
                    "again.\nDiscard run: its vectors are lost unless exported."));
  box->setAttribute(Qt::WA_DeleteOnClose);
  QPushButton* keep = box->addButton(tr("Keep Run"), QMessageBox::AcceptRole);
  keep->setObjectName("keepRun");
  QPushButton* discard = box->addButton(tr("Discard Run"), QMessageBox::DestructiveRole);
  discard->setObjectName("discardRun");
  box->addButton(QMessageBox::Cancel)->setObjectName("cancelOpen");
  box->setDefaultButton(keep);
  connect(box, &QMessageBox::buttonClicked, this,
          [this, keep, discard, path, metadata](QAbstractButton* button) {
            if (button == discard) {
              training_.reset();
              training_.discardAutosave();
              training_panel_->setStatus(tr("Step or Play to start."));
              training_panel_->setLoss({});
            }
            if (button == keep || button == discard) {
              startLoading(path, metadata);
            } else {
              sessions_->dropPending();
            }
          });
  box->open();
}

void MainWindow::startLoading(const QString& path, const QString& metadata) {
  setBusy(true);
  progress_bar_->setValue(0);
  progress_bar_->setFormat(tr("Reading vectors %p%"));
  statusBar()->showMessage(tr("Loading %1...").arg(QFileInfo(path).fileName()));
  loader_.start(path, metadata);
}

void MainWindow::setBusy(bool busy) {
  progress_bar_->setVisible(busy);
  cancel_button_->setVisible(busy);
}

void MainWindow::resetDatasetState() {
  queued_projection_.reset();
  framed_projection_ = ProjectionSettings();
  statusBar()->clearMessage();
  search_->clear();
  hover_label_->clear();
  isolate_action_->setChecked(false);
  neighbours_panel_->clear();
  {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setIsolated(false);
  }
  fitted_spread_ = 0;
  const LoadedDataset* dataset = state_->dataset();
  lookup_panel_->setVectors(dataset ? &dataset->vectors : nullptr);
  projection_panel_->setSettings(state_->projectionSettings());
  if (auto* flat = findChild<QAction*>("flat")) {  // the 2D button shows these settings
    const QSignalBlocker blocker(flat);
    flat->setChecked(state_->projectionSettings().flat);
  }
  projection_panel_->setStatus(dataset ? tr("x: PC1\ny: PC2\nz: PC3\n(PCA fitted on loading, %1 s)")
                                             .arg(dataset->projection_seconds, 0, 'f', 2)
                                       : QString());
}

void MainWindow::showDataset(std::shared_ptr<LoadedDataset> dataset) {
  setBusy(false);
  projection_watcher_.waitForFinished();
  // The one reset of everything that belonged to the previous data set: the state's, then the
  // window's and the panels'.
  state_->setDataset(std::move(dataset));
  const LoadedDataset* data = state_->dataset();
  if (!data->training_frame) {
    file_actions_->rememberRecent(data->path);
    training_shown_ = false;
    training_frames_wanted_ = false;
  }
  resetDatasetState();
  {
    QStringList columns;
    for (const std::string& column : data->vectors.metadata.column_names)
      columns << QString::fromStdString(column);
    appearance_panel_->setMetadataColumns(columns);
    state_->setAppearance(appearance_panel_->settings());  // a column it lacks falls back
  }
  projection_panel_->setVariance(data->pca.explained_variance_ratio);
  binding_->showDataset();
  {
    QStringList words;
    words.reserve(static_cast<qsizetype>(data->vectors.rows()));
    for (const std::string& word : data->vectors.vocabulary.words())
      words << QString::fromStdString(word);
    static_cast<QStringListModel*>(search_->completer()->model())->setStringList(words);
  }

  setWindowTitle(tr("%1 - embscope").arg(data->name));
  const auto& variance = data->pca.explained_variance_ratio;
  double shown = 0;
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(3, variance.size()); ++i)
    shown += variance(i);
  showDatasetLine(variance);
  const double megabytes =
      static_cast<double>(data->vectors.vectors.size()) * sizeof(float) / (1024.0 * 1024.0);
  dataset_info_->setText(
      tr("<b>%1</b><br>%2<br><br>format: %3<br>rows: %4<br>dimensions: %5<br>matrix: %6 MiB "
         "(float32)<br>read in %7 s, PCA in %8 s<br>duplicate words dropped: %9<br>metadata "
         "columns: %10<br><br>PCA variance on x, y, z: %11%")
          .arg(data->name.toHtmlEscaped(), QFileInfo(data->path).absolutePath().toHtmlEscaped(),
               data->format, grouped(data->vectors.rows()), QString::number(data->vectors.dim()),
               QString::number(megabytes, 'f', 1), QString::number(data->load_seconds, 'f', 2),
               QString::number(data->projection_seconds, 'f', 2), grouped(data->duplicates_dropped))
          .arg(data->vectors.metadata.column_names.size())
          .arg(shown * 100.0, 0, 'f', 1));
  if (state_->appearance().colour_by != ColourBy::FrequencyRank)
    applyProjection(state_->projectionSettings());
  analogy_panel_->setWords(search_->completer()->model());
  updateTrackedRows();
  view_->update();
  emit datasetShown();
  sessions_->datasetShown();  // a session waiting for this file
}

void MainWindow::showDatasetLine(const Eigen::VectorXd& variance) {
  if (!dataset()) return;
  // The share of the variance on the axes shown: the chosen components (x and y only in 2D).
  QString shown_text;
  if (state_->projectionSettings().customAxes()) {
    shown_text = tr("custom axes");
  } else {
    double shown = 0;
    const int axes = state_->projectionSettings().flat ? 2 : 3;
    for (int axis = 0; axis < axes; ++axis) {
      const Eigen::Index component =
          state_->projectionSettings().components[static_cast<size_t>(axis)];
      if (component >= 0 && component < variance.size()) shown += variance(component);
    }
    shown_text = tr("PCA: %1% of variance shown").arg(QString::number(shown * 100.0, 'f', 1));
  }
  QString text = tr("%1  |  %2 words x %3 dims  |  loaded in %4 s  |  %5")
                     .arg(dataset()->name, grouped(dataset()->vectors.rows()),
                          QString::number(dataset()->vectors.dim()),
                          QString::number(dataset()->load_seconds, 'f', 2), shown_text);
  if (dataset()->duplicates_dropped > 0) {
    text += tr("  |  %1 duplicate words dropped").arg(grouped(dataset()->duplicates_dropped));
  }
  dataset_label_->setText(text);
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(message, 10000);
  if (headless_) return;
  // Window-modal and non-blocking: the window keeps painting behind the message.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("errorDialog");
  box->open();
}

void MainWindow::showLoadError(const QString& path, const QString& message) {
  setBusy(false);
  sessions_->dropPending();
  const QString failed = tr("Could not open %1").arg(QFileInfo(path).fileName());
  statusBar()->showMessage(failed, 10000);
  emit loadFailed(message);
  if (headless_) return;
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Could not open the vectors"),
                              tr("embscope could not read %1.").arg(QFileInfo(path).fileName()),
                              QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("loadErrorDialog");
  box->setInformativeText(message + tr("\n\nembscope reads GloVe, word2vec (text or binary), "
                                       "fastText .vec, TensorFlow projector TSV, .npy and "
                                       "safetensors files, gzip-compressed or not. The data that "
                                       "was open stays open."));
  // Once the error has been read, the status bar describes the open data again.
  connect(box, &QMessageBox::finished, this, [this, failed] {
    if (statusBar()->currentMessage() == failed) statusBar()->clearMessage();
  });
  box->open();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    // A text field claims some Ctrl keys for itself (QLineEdit: Ctrl+E moves to the end of the
    // line); the window's Ctrl shortcuts win in this window and its floating panels. Hiding the
    // claim from the field leaves the event unaccepted, so the shortcut runs.
    const auto* key = static_cast<QKeyEvent*>(event);
    auto* widget = qobject_cast<QWidget*>(watched);
    if ((key->modifiers() & Qt::ControlModifier) && widget != nullptr &&
        (widget == this || isAncestorOf(widget))) {
      const QKeySequence pressed(key->keyCombination());
      for (const QAction* action : findChildren<QAction*>()) {
        if (action->isEnabled() && action->shortcutContext() == Qt::ApplicationShortcut &&
            action->shortcuts().contains(pressed))
          return true;
      }
    }
    return false;
  }
  return QMainWindow::eventFilter(watched, event);
}

void MainWindow::paintOverlay(QPainter& painter) {
  overlay_->paint(
      painter, QSizeF(view_->width(), view_->height()), view_->font(),
      [this](int64_t row) { return binding_->screenPosition(row); },
      [this, world_to_clip = view_->worldToClip()](float x, float y, float z) {
        const ScreenPoint p = project_to_screen(Eigen::Vector3f(x, y, z), world_to_clip,
                                                view_->width(), view_->height());
        return p.visible ? std::optional<QPointF>(QPointF(p.x, p.y)) : std::nullopt;
      },
      binding_->hovered());
}

void MainWindow::describeHover(std::optional<int64_t> row) {
  if (!row || !dataset()) {
    hover_label_->clear();
    return;
  }
  // Right also for components whose float squares overflow (embscope/base/norms.hpp).
  const double norm = euclidean_norm(dataset()->vectors.vectors.row(*row));
  hover_label_->setText(
      tr("%1  |  rank %2  |  norm %3")
          .arg(hoveredWord(), grouped(*row + 1),
               norm < 1e6 ? QString::number(norm, 'f', 3) : QString::number(norm, 'g', 4)));
}

QString MainWindow::hoveredWord() const {
  const std::optional<int64_t> row = binding_->hovered();
  if (!dataset() || !row) return {};
  return QString::fromStdString(dataset()->vectors.vocabulary.word(*row));
}

int64_t MainWindow::highlightMatches(const QRegularExpression& pattern) {
  state_->setSearchMatches({});
  if (!dataset()) return 0;
  std::vector<int64_t> matches;
  const auto& words = dataset()->vectors.vocabulary.words();
  for (size_t row = 0; row < words.size(); ++row) {
    if (pattern.match(QString::fromStdString(words[row])).hasMatch())
      matches.push_back(static_cast<int64_t>(row));
  }
  const auto count = static_cast<int64_t>(matches.size());
  // One word: the search selects it, as a plain word does.
  if (count == 1) selectWord(QString::fromStdString(words[static_cast<size_t>(matches.front())]));
  state_->setSearchMatches(matches);
  updateScene();
  // Matches framed by the camera at most (more cover the cloud anyway).
  constexpr size_t kFramedMatches = 500;
  if (count > 1 && matches.size() <= kFramedMatches) binding_->fitRows(matches);
  view_->update();
  return count;
}

void MainWindow::resetCamera() {
  binding_->resetCamera();
}

QString MainWindow::saveWindowImage(const QString& path) {
  const QImage image = grab().toImage();
  if (image.isNull()) return tr("could not capture the window");
  return FileActions::writePng(image, path);
}

QString MainWindow::exportImage(const QString& path, bool transparent, double scale) {
  // A transparent background: render once on a flat key colour, then clear the pixels of
  // exactly that colour.
  const QColor key(1, 2, 3);
  vtkRenderer* renderer = view_->renderer();
  if (transparent) {
    renderer->GradientBackgroundOff();
    renderer->SetBackground(key.redF(), key.greenF(), key.blueF());
  }
  // The export renders at full resolution (times `scale`), whatever the view's render scale;
  // points keep their on-screen look.
  binding_->scene()->setPointSize(state_->appearance().point_size * devicePixelRatioF() * scale);
  QImage image = view_->renderImage(scale);
  binding_->applyPointSize();
  if (transparent) {
    renderer->GradientBackgroundOn();
    binding_->scene()->setDarkBackground(state_->appearance().dark);
    view_->update();
    const QRgb key_rgb = key.rgb();
    for (int y = 0; y < image.height(); ++y) {
      auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
      for (int x = 0; x < image.width(); ++x) {
        if ((line[x] | 0xFF000000u) == key_rgb) line[x] = qRgba(0, 0, 0, 0);
      }
    }
  }
  if (image.isNull()) return tr("could not capture the view");
  {
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paintOverlay(painter);
  }
  return FileActions::writePng(image, path);
}

void MainWindow::createSessions() {
  SessionController::Hooks hooks;
  hooks.open = [this](const QString& path) { openFile(path); };
  hooks.set_appearance = [this](const AppearanceSettings& appearance) {
    appearance_panel_->setSettings(appearance);
    setAppearance(appearance);
  };
  hooks.project = [this](const ProjectionSettings& settings, std::function<void()> then) {
    if (settings == state_->projectionSettings() && !projection_watcher_.isRunning()) {
      then();
      return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &MainWindow::projectionApplied, this, [connection, then] {
      QObject::disconnect(*connection);
      then();
    });
    applyProjection(settings);
  };
  hooks.select = [this](const std::string& word) {
    if (is_valid_utf8(word) && !word.empty()) {
      selectWord(QString::fromStdString(word));
    } else if (const auto row = dataset()->vectors.vocabulary.find(word); row && !word.empty()) {
      selectPoint(*row);  // a word no QString holds exactly: found by its bytes
    } else {
      selectPoint(std::nullopt);
    }
  };
  hooks.isolate = [this](bool isolated) { setIsolated(isolated); };
  hooks.camera = [this] { return std::optional<CameraState>(binding_->scene()->cameraState()); };
  hooks.set_camera = [this](const CameraState& camera) {
    binding_->scene()->setCameraState(camera);
  };
  sessions_ =
      new SessionController(*state_, std::move(hooks), neighbours_panel_, lookup_panel_, this);
  connect(sessions_, &SessionController::applied, this, [this] {
    binding_->invalidatePicker();
    view_->update();
    emit sessionApplied();
  });
  connect(sessions_, &SessionController::status, statusBar(), &QStatusBar::showMessage);
  connect(sessions_, &SessionController::checksumBusy, this, &MainWindow::setBusy);
  connect(sessions_, &SessionController::checksumProgress, this,
          [this](int permille, const QString& label) {
            progress_bar_->setValue(permille);
            progress_bar_->setFormat(label);
          });
  connect(cancel_button_, &QToolButton::clicked, sessions_, &SessionController::cancelChecksum);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  // An unfinished run stays autosaved (offered next time); anything else is cleared.
  if (training_.prepared() && !training_.finished() &&
      training_.trainer()->progress().words_done > 0) {
    training_.pause();  // saves it
  } else {
    training_.discardAutosave();
  }
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState(kLayoutVersion));
  settings.setValue("appearance/pointSize", state_->appearance().point_size);
  settings.setValue("appearance/dark", state_->appearance().dark);
  settings.setValue("appearance/frequentLabels", state_->appearance().frequent_labels);
  settings.setValue("appearance/labelSize", state_->appearance().label_size);
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (FileActions::acceptsDrop(event->mimeData())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  file_actions_->drop(event->mimeData());
}

}  // namespace embscope::ui
