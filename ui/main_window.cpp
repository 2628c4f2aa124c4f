#include "main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPalette>
#include <QProgressBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStringListModel>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <cmath>

#include "appearance_panel.hpp"
#include "embscope/evaluation.hpp"
#include "embscope/point_scalars.hpp"
#include "embscope/projection.hpp"
#include "embscope/resources.hpp"
#include "embscope/table_export.hpp"
#include "embscope/vector_expression.hpp"
#include "embscope/vector_io.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"
#include "projection_panel.hpp"
#include "training_panel.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {
namespace {

constexpr double kHoverRadiusPixels = 6.0;
constexpr int kRecentFiles = 8;

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

// The colour values of every row for `appearance` (metadata columns or computed scalars).
Eigen::VectorXf colour_values(const LoadedDataset& dataset, const AppearanceSettings& appearance,
                              const Positions3D& positions) {
  if (appearance.colour_by == ColourBy::Metadata) {
    const Metadata& metadata = dataset.vectors.metadata;
    for (size_t c = 0; c < metadata.column_names.size(); ++c) {
      if (QString::fromStdString(metadata.column_names[c]) == appearance.metadata_column) {
        bool categorical = false;
        return metadata_scalar(metadata.columns[c], &categorical);
      }
    }
  }
  return point_scalar(scalar_for(appearance.colour_by), dataset.vectors.vectors, positions);
}

QString legend_text(const AppearanceSettings& appearance) {
  switch (appearance.colour_by) {
    case ColourBy::Cluster:
      return QObject::tr("colour: k-means cluster (10 clusters)");
    case ColourBy::Metadata:
      return QObject::tr("colour: metadata column %1 (grey = empty)")
          .arg(appearance.metadata_column);
    case ColourBy::VectorNorm:
      return QObject::tr("colour: vector norm (bright = long)");
    case ColourBy::KnnPreservation:
      return QObject::tr(
          "colour: share of 10 nearest neighbours kept on screen (bright = faithful; grey = not "
          "sampled)");
    default:
      return QObject::tr("colour: frequency rank (bright = frequent)");
  }
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
  scene_ = std::make_unique<PointCloudScene>(view_->renderer());
  view_->setOverlayPainter([this](QPainter& painter) { paintOverlay(painter); });

  connect(view_, &VtkView::cameraChanged, this, [this] { picker_dirty_ = true; });
  connect(view_, &VtkView::hovered, this, &MainWindow::updateHover);
  connect(view_, &VtkView::clicked, this, [this](QPoint position) {
    if (!dataset_) return;
    ensurePicker();
    const auto hit = picker_.pick(position.x(), position.y(), kHoverRadiusPixels);
    selectPoint(hit ? std::optional<int64_t>(rowOf(*hit)) : std::nullopt);
  });
  connect(view_, &VtkView::doubleClicked, this, [this](QPoint position) {
    if (!dataset_) return;
    ensurePicker();
    if (const auto hit = picker_.pick(position.x(), position.y(), kHoverRadiusPixels)) {
      selectRow(rowOf(*hit));
    }
  });
  connect(view_, &VtkView::dragStarted, this, [this] {
    scene_->setInteracting(true);
    dragging_ = true;
    updateRenderScale();
  });
  connect(view_, &VtkView::dragEnded, this, [this] {
    scene_->setInteracting(false);
    dragging_ = false;
    updateRenderScale();
    view_->update();
  });
  connect(view_, &VtkView::hoverLeft, this, [this] {
    if (!hovered_) return;
    hovered_.reset();
    scene_->setHighlight(std::nullopt);
    hover_label_->clear();
    view_->update();
  });

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
    pending_session_.reset();
    statusBar()->showMessage(tr("Loading cancelled; the previous data set is still open."), 5000);
  });
  connect(&projection_watcher_, &QFutureWatcher<ProjectionOutcome>::finished, this,
          [this] { showProjection(projection_watcher_.result()); });

  createDocks();
  createActions();
  createSearch();

  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  AppearanceSettings appearance;
  appearance.point_size = settings.value("appearance/pointSize", 4.0).toDouble();
  appearance.dark = settings.value("appearance/dark", true).toBool();
  appearance.frequent_labels = settings.value("appearance/frequentLabels", 0).toInt();
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
      training_.resumeAutosave(*autosave);
    } else {
      training_.discardAutosave();
    }
  });
  box->open();
}

MainWindow::~MainWindow() {
  closing_->store(true);
  loader_.cancel();
  projection_watcher_.waitForFinished();
}

void MainWindow::createDocks() {
  // Tall panels scroll inside their dock rather than forcing the window's height.
  const auto scrollable = [](QWidget* panel) {
    auto* area = new QScrollArea;
    area->setWidget(panel);
    area->setWidgetResizable(true);
    return area;
  };
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
    if (dataset_) selectRow(row);
  });
  connect(neighbours_panel_, &NeighboursPanel::isolateToggled, this, &MainWindow::setIsolated);
  connect(neighbours_panel_, &NeighboursPanel::exportRequested, this, [this] {
    const QString path = askSavePath(tr("Export Neighbours"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, exportNeighbours(path));
  });

  lookup_panel_ = new LookupPanel;
  QDockWidget* lookup_dock =
      dock(tr("Lookup table"), "lookup", lookup_panel_, Qt::RightDockWidgetArea);
  connect(lookup_panel_, &LookupPanel::lookedUpChanged, this,
          [this](const std::vector<int64_t>&) { updateScene(); });
  connect(lookup_panel_, &LookupPanel::exportRequested, this, [this] {
    const QString path = askSavePath(tr("Export Looked-up Rows"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, exportLookupRows(path));
  });

  projection_panel_ = new ProjectionPanel;
  QDockWidget* projection_dock =
      dock(tr("Projection"), "projection", scrollable(projection_panel_), Qt::RightDockWidgetArea);
  connect(projection_panel_, &ProjectionPanel::applyRequested, this, &MainWindow::applyProjection);

  analogy_panel_ = new AnalogyPanel;
  QDockWidget* analogy_dock =
      dock(tr("Analogy"), "analogy", scrollable(analogy_panel_), Qt::RightDockWidgetArea);
  connect(analogy_panel_, &AnalogyPanel::solveRequested, this,
          [this] { solveAnalogy(analogy_panel_->query()); });
  connect(analogy_panel_, &AnalogyPanel::expressionRequested, this, [this](const QString& text) {
    if (!dataset_ || text.isEmpty()) return;
    try {
      const auto answers =
          dataset_->space->evaluate(parse_vector_expression(text.toStdString()), 10);
      analogy_panel_->showAnswers(answers, tr("%1 = ?").arg(text));
      arrows_.clear();
      if (!answers.empty()) selectWord(QString::fromStdString(answers.front().word));
    } catch (const std::exception& error) {
      analogy_panel_->showAnswers({}, QString::fromStdString(error.what()));
    }
  });
  connect(analogy_panel_, &AnalogyPanel::pairsChanged, this, &MainWindow::updatePairArrows);
  connect(analogy_panel_, &AnalogyPanel::oddOneOutRequested, this,
          [this](const QStringList& words) {
            if (!dataset_) return;
            std::vector<std::string> list;
            for (const QString& word : words) list.push_back(word.toStdString());
            try {
              analogy_panel_->showOddOneOut(
                  tr("odd one out: <b>%1</b>")
                      .arg(QString::fromStdString(dataset_->space->doesnt_match(list))));
            } catch (const std::exception& error) {
              analogy_panel_->showOddOneOut(QString::fromStdString(error.what()));
            }
          });
  connect(analogy_panel_, &AnalogyPanel::useAsAxis, this, [this] { showAnalogyPlane(); });
  connect(analogy_panel_, &AnalogyPanel::answerActivated, this, [this](int64_t row) {
    if (dataset_) selectRow(row);
  });

  evaluation_panel_ = new EvaluationPanel;
  QDockWidget* evaluation_dock =
      dock(tr("Evaluation"), "evaluation", evaluation_panel_, Qt::RightDockWidgetArea);
  connect(evaluation_panel_, &EvaluationPanel::runRequested, this, &MainWindow::runEvaluation);
  connect(evaluation_panel_, &EvaluationPanel::questionActivated, this, &MainWindow::showQuestion);
  connect(evaluation_panel_, &EvaluationPanel::exportRequested, this, [this] {
    const QString path = askSavePath(tr("Export Evaluation"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, exportEvaluation(path));
  });
  connect(&evaluation_watcher_, &QFutureWatcher<EvaluationResults>::finished, this, [this] {
    evaluation_panel_->setRunning(false);
    EvaluationResults results = evaluation_watcher_.result();
    if (!results.error.isEmpty()) {
      showError(tr("Evaluation failed"), results.error);
    } else {
      evaluation_ = std::move(results);
      evaluation_panel_->showResults(*evaluation_);
    }
    emit evaluationFinished();
  });

  training_panel_ = new TrainingPanel;
  QDockWidget* training_dock =
      dock(tr("Training"), "training", scrollable(training_panel_), Qt::RightDockWidgetArea);
  const auto prepare = [this] {
    training_shown_ = false;
    training_.prepare(training_panel_->setup(), dataset_);
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
  connect(training_panel_, &TrainingPanel::trackedWordsChanged, this,
          &MainWindow::updateTrackedRows);
  connect(training_panel_, &TrainingPanel::exportLogRequested, this, [this] {
    const QString path = askSavePath(tr("Export Training Log"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, training_.exportLog(path));
  });
  connect(training_panel_, &TrainingPanel::exportVectorsRequested, this, [this] {
    const QString path = askSavePath(tr("Export Trained Vectors"),
                                     tr("word2vec binary (*.bin);;word2vec text (*.txt *.vec);;"
                                        "NumPy + vocabulary (*.npy);;safetensors (*.safetensors)"),
                                     "bin");
    if (!path.isEmpty()) reportExport(path, training_.exportVectors(path));
  });
  connect(training_panel_, &TrainingPanel::checkpointRequested, this, [this] {
    const QString path = askSavePath(tr("Save Checkpoint"), tr("Checkpoint (*.ckpt)"), "ckpt");
    if (!path.isEmpty()) reportExport(path, training_.saveCheckpoint(path));
  });
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
  connect(&training_, &TrainingController::frameReady, this, &MainWindow::showTrainingFrame);
  connect(&training_, &TrainingController::stateChanged, this, [this] {
    training_panel_->setPlaying(training_.playing());
    updateRenderScale();
  });

  appearance_panel_ = new AppearancePanel;
  QDockWidget* appearance_dock =
      dock(tr("Appearance"), "appearance", appearance_panel_, Qt::RightDockWidgetArea);
  connect(appearance_panel_, &AppearancePanel::changed, this, &MainWindow::setAppearance);

  // One column on the right: the view keeps most of the window.
  tabifyDockWidget(neighbours_dock, lookup_dock);
  tabifyDockWidget(lookup_dock, dataset_dock);
  tabifyDockWidget(dataset_dock, projection_dock);
  tabifyDockWidget(projection_dock, appearance_dock);
  tabifyDockWidget(appearance_dock, analogy_dock);
  tabifyDockWidget(analogy_dock, evaluation_dock);
  tabifyDockWidget(evaluation_dock, training_dock);
  neighbours_dock->raise();
  resizeDocks({neighbours_dock}, {330}, Qt::Horizontal);
  docks_ = {dataset_dock,    neighbours_dock, lookup_dock,     projection_dock,
            appearance_dock, analogy_dock,    evaluation_dock, training_dock};

  docks_menu_ = new QMenu(tr("&Panels"), this);
  int key = 1;
  for (QDockWidget* widget : docks_) {
    QAction* toggle = widget->toggleViewAction();
    toggle->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + key++)));
    docks_menu_->addAction(toggle);
  }
}

void MainWindow::createSearch() {
  QToolBar* bar = addToolBar(tr("Search"));
  bar->setObjectName("search");
  bar->setMovable(false);
  search_ = new QLineEdit(bar);
  search_->setObjectName("search");
  search_->setPlaceholderText(tr("Find a word (Ctrl+F), Enter selects it"));
  search_->setClearButtonEnabled(true);
  search_->setMaximumWidth(320);
  auto* completer = new QCompleter(new QStringListModel(search_), search_);
  completer->setCaseSensitivity(Qt::CaseInsensitive);
  completer->setModelSorting(QCompleter::UnsortedModel);
  completer->setFilterMode(Qt::MatchStartsWith);
  completer->setMaxVisibleItems(12);
  search_->setCompleter(completer);
  bar->addWidget(search_);
  connect(search_, &QLineEdit::returnPressed, this, [this] {
    const QString text = search_->text().trimmed();
    // /regex/ finds the first (most frequent) word matching it.
    if (text.size() > 2 && text.startsWith('/') && text.endsWith('/') && dataset_) {
      const QRegularExpression pattern(text.mid(1, text.size() - 2));
      if (!pattern.isValid()) {
        statusBar()->showMessage(tr("Invalid regular expression: %1").arg(pattern.errorString()),
                                 8000);
        return;
      }
      for (const std::string& word : dataset_->vectors.vocabulary.words()) {
        const QString candidate = QString::fromStdString(word);
        if (pattern.match(candidate).hasMatch()) {
          selectWord(candidate);
          return;
        }
      }
      statusBar()->showMessage(tr("No word matches %1").arg(text), 8000);
      return;
    }
    selectWord(text);
  });
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
      selectPoint(std::nullopt);
    }
  });
  addAction(clear);
  bar->addSeparator();
  bar->addAction(tr("Reset camera"), this, &MainWindow::resetCamera)
      ->setToolTip(tr("Reset the camera (R)"));
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open Vectors..."), this, &MainWindow::openDialog);
  open->setShortcut(QKeySequence::Open);
  file->addAction(tr("Open Vectors with &Metadata..."), this, [this] {
    const QString vectors = QFileDialog::getOpenFileName(
        this, tr("Open Vectors"), QString(),
        tr("Word vectors (*.txt *.vec *.gz *.w2v *.bin *.tsv *.npy *.safetensors);;All files (*)"));
    if (vectors.isEmpty()) return;
    const QString metadata = QFileDialog::getOpenFileName(
        this, tr("Attach Metadata (one row per vector; a header row when several columns)"),
        QFileInfo(vectors).absolutePath(), tr("Metadata (*.tsv *.txt);;All files (*)"));
    openFile(vectors, metadata);
  });
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  file->addSeparator();
  QAction* open_session = file->addAction(tr("Open &Session..."), this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Session"), QString(), tr("embscope sessions (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    if (const QString error = openSessionFile(path); !error.isEmpty())
      showError(tr("Could not open the session"), error);
  });
  open_session->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  QAction* save_session = file->addAction(tr("Save Session &As..."), this, [this] {
    const QString path = askSavePath(tr("Save Session"), tr("embscope sessions (*.json)"), "json");
    if (!path.isEmpty()) reportExport(path, saveSessionFile(path));
  });
  save_session->setShortcut(QKeySequence::SaveAs);
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("&Export"));
  QAction* image = exports->addAction(tr("&Image (PNG)..."), this, [this] {
    const QString path = askSavePath(tr("Export Image"), tr("PNG image (*.png)"), "png");
    if (!path.isEmpty()) reportExport(path, exportImage(path));
  });
  image->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  for (const int scale : {2, 4}) {
    exports->addAction(tr("Image at %1x Resolution (PNG)...").arg(scale), this, [this, scale] {
      const QString path = askSavePath(tr("Export Image"), tr("PNG image (*.png)"), "png");
      if (!path.isEmpty()) reportExport(path, exportImage(path, false, scale));
    });
  }
  exports->addAction(tr("Image with &Transparent Background (PNG)..."), this, [this] {
    const QString path = askSavePath(tr("Export Image"), tr("PNG image (*.png)"), "png");
    if (!path.isEmpty()) reportExport(path, exportImage(path, true));
  });
  exports->addSeparator();
  exports->addAction(tr("&Neighbours (CSV)..."), this, [this] {
    const QString path = askSavePath(tr("Export Neighbours"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, exportNeighbours(path));
  });
  exports->addAction(tr("Projected &Coordinates (CSV)..."), this, [this] {
    const QString path = askSavePath(tr("Export Coordinates"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, exportCoordinates(path));
  });
  exports->addAction(tr("&Looked-up Rows (CSV)..."), this, [this] {
    const QString path = askSavePath(tr("Export Looked-up Rows"), tr("CSV (*.csv)"), "csv");
    if (!path.isEmpty()) reportExport(path, exportLookupRows(path));
  });
  exports->addAction(tr("&Vectors..."), this, [this] {
    const QString path = askSavePath(
        tr("Export Vectors"),
        tr("word2vec text (*.txt *.vec);;word2vec binary (*.bin);;GloVe text (*.glove.txt);;"
           "Projector TSV (*.tsv);;NumPy + vocabulary (*.npy);;safetensors (*.safetensors)"),
        "txt");
    if (!path.isEmpty()) reportExport(path, exportVectors(path));
  });
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* reset = view->addAction(tr("&Reset Camera"), this, &MainWindow::resetCamera);
  reset->setShortcuts({QKeySequence(Qt::Key_R), QKeySequence(Qt::Key_Home)});
  QAction* flat = view->addAction(tr("&2D View"));
  flat->setCheckable(true);
  flat->setShortcut(QKeySequence(Qt::Key_2));
  connect(flat, &QAction::toggled, this, [this](bool on) {
    ProjectionSettings settings = projection_settings_;
    settings.flat = on;
    applyProjection(settings);
  });
  connect(this, &MainWindow::projectionApplied, flat, [this, flat] {
    const QSignalBlocker blocker(flat);
    flat->setChecked(projection_settings_.flat);
  });
  QAction* isolate = view->addAction(tr("&Isolate Selection"));
  isolate->setShortcut(QKeySequence(Qt::Key_I));
  connect(isolate, &QAction::triggered, this, [this] { setIsolated(!isolated_); });
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
           "2: 2D/3D   I: isolate the selection\nAlt+1..5: show/hide panels\n"
           "Ctrl+O: open vectors (or drop a file on the window)\nCtrl+E: export an image"));
  });
  help->addAction(tr("&About embscope"), this, [this] {
    QMessageBox::about(this, tr("About embscope"),
                       tr("<b>embscope</b> %1<br>Explore and train word-embedding spaces in 3D."
                          "<br>Default data: GloVe 6B 100d (Stanford NLP, PDDL 1.0).")
                           .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > kRecentFiles) recent.removeLast();
  settings.setValue("recentFiles", recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recent_menu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent) {
    recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
        ->setToolTip(path);
  }
  recent_menu_->setEnabled(!recent.isEmpty());
}

bool MainWindow::selectWord(const QString& word, int k) {
  if (!dataset_ || word.isEmpty()) return false;
  int64_t row = 0;
  try {
    row = dataset_->space->index_of(word.toStdString());
  } catch (const UnknownWordError& error) {
    statusBar()->showMessage(QString::fromStdString(error.what()), 8000);
    return false;
  }
  selectRow(row, k);
  const std::string note = repeated_label_note(dataset_->vectors.vocabulary, word.toStdString());
  if (!note.empty()) statusBar()->showMessage(QString::fromStdString(note), 10000);
  return true;
}

void MainWindow::selectRow(int64_t row, int k) {
  if (!dataset_) return;
  selectPoint(row, k);
  // A row found by name may be anywhere: bring it and its neighbours into view.
  std::vector<int64_t> shown;
  if (const auto index = sceneIndexOf(row)) shown.push_back(*index);
  for (const ScoredWord& n : neighbours_) {
    if (const auto index = sceneIndexOf(n.index)) shown.push_back(*index);
  }
  scene_->focusOn(shown);
  picker_dirty_ = true;
  view_->update();
}

void MainWindow::selectPoint(std::optional<int64_t> row, int k) {
  if (!dataset_) return;
  if (k > 0 && k != neighbours_panel_->k()) {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setK(k);
  }
  selected_ = row;
  refreshNeighbours();
}

void MainWindow::refreshNeighbours() {
  if (!dataset_) return;
  neighbours_.clear();
  if (selected_) {
    const Metric metric = neighbours_panel_->metric();
    const std::string word = dataset_->vectors.vocabulary.word(*selected_);
    neighbours_ = dataset_->space->neighbours_of_row(*selected_, neighbours_panel_->k(), metric);
    neighbours_panel_->showResult(QString::fromStdString(word), neighbours_, metric);
    QStringList parts;
    for (size_t i = 0; i < std::min<size_t>(neighbours_.size(), 6); ++i) {
      parts << QStringLiteral("%1 %2").arg(QString::fromStdString(neighbours_[i].word),
                                           QString::number(neighbours_[i].score, 'f', 2));
    }
    statusBar()->showMessage(
        tr("%1  ->  %2").arg(QString::fromStdString(word), parts.join(QStringLiteral(", "))));
  } else {
    neighbours_panel_->clear();
    statusBar()->clearMessage();
    if (isolated_) {
      isolated_ = false;
      const QSignalBlocker blocker(neighbours_panel_);
      neighbours_panel_->setIsolated(false);
    }
  }
  if (isolated_) {
    setIsolated(true);  // re-fits the isolated picture on the new neighbourhood
  } else {
    updateScene();
  }
}

void MainWindow::setIsolated(bool isolated) {
  if (!dataset_) return;
  if (isolated && !selected_) {
    statusBar()->showMessage(tr("Select a word first: Isolate shows it with its neighbours."),
                             6000);
    isolated = false;
  }
  const bool changed = isolated != isolated_ || isolated;
  isolated_ = isolated;
  {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setIsolated(isolated);
  }
  shown_rows_.clear();
  if (isolated_) {
    shown_rows_.push_back(*selected_);
    for (const ScoredWord& n : neighbours_) shown_rows_.push_back(n.index);
    // The isolated picture is a PCA fitted on these rows alone.
    RowMatrixXf subset(static_cast<Eigen::Index>(shown_rows_.size()), dataset_->vectors.dim());
    for (size_t i = 0; i < shown_rows_.size(); ++i)
      subset.row(static_cast<Eigen::Index>(i)) = dataset_->vectors.vectors.row(shown_rows_[i]);
    PcaOptions options;
    options.components = static_cast<int>(std::min<int64_t>(3, subset.rows() - 1));
    if (options.components >= 1) {
      const Pca pca = fit_pca(subset, options);
      isolated_positions_ = Positions3D::Zero(3, subset.rows());
      const Positions3D projected = project_rows(subset, pca);
      isolated_positions_.topRows(projected.rows()) = projected;
    } else {
      isolated_positions_ = Positions3D::Zero(3, subset.rows());
    }
  }
  updateScene();
  if (changed) {
    scene_->resetCamera();
    picker_dirty_ = true;
  }
  view_->update();
}

int64_t MainWindow::rowOf(int64_t scene_index) const {
  return shown_rows_.empty() ? scene_index : shown_rows_[static_cast<size_t>(scene_index)];
}

std::optional<int64_t> MainWindow::sceneIndexOf(int64_t row) const {
  if (shown_rows_.empty()) return row;
  const auto found = std::find(shown_rows_.begin(), shown_rows_.end(), row);
  if (found == shown_rows_.end()) return std::nullopt;
  return found - shown_rows_.begin();
}

// Rebuilds what the scene shows from the window's state (points, selection, looked-up rows).
void MainWindow::updateScene() {
  if (!dataset_) return;
  if (shown_rows_.empty()) {
    if (scene_->positions().cols() != positions_.cols() || scene_->positions() != positions_) {
      scene_->setPoints(positions_, colours_);
    }
  } else {
    Eigen::VectorXf colours(static_cast<Eigen::Index>(shown_rows_.size()));
    for (size_t i = 0; i < shown_rows_.size(); ++i)
      colours(static_cast<Eigen::Index>(i)) = colours_(shown_rows_[i]);
    scene_->setPoints(isolated_positions_, colours);
  }
  std::vector<int64_t> neighbour_points;
  for (const ScoredWord& n : neighbours_) {
    if (const auto index = sceneIndexOf(n.index)) neighbour_points.push_back(*index);
  }
  scene_->setSelection(selected_ ? sceneIndexOf(*selected_) : std::nullopt, neighbour_points);
  std::vector<int64_t> marked;
  for (int64_t row : lookup_panel_->lookedUp()) {
    if (const auto index = sceneIndexOf(row)) marked.push_back(*index);
  }
  scene_->setMarked(marked);
  hovered_.reset();
  scene_->setHighlight(std::nullopt);
  picker_dirty_ = true;
  view_->update();
}

void MainWindow::applyProjection(const ProjectionSettings& settings) {
  if (!dataset_) return;
  if (projection_watcher_.isRunning()) {
    queued_projection_ = settings;  // runs when the current one ends
    return;
  }
  projection_panel_->setStatus(tr("Projecting..."));
  const std::shared_ptr<LoadedDataset> dataset = dataset_;
  const AppearanceSettings appearance = appearance_;
  projection_settings_ = settings;
  projection_watcher_.setFuture(QtConcurrent::run([dataset, settings, appearance] {
    ProjectionOutcome outcome;
    const auto start = std::chrono::steady_clock::now();
    try {
      const RowMatrixXf& data = dataset->vectors.vectors;
      Projection projection;
      if (settings.customAxes()) {
        std::vector<AxisDefinition> axes;
        for (const QString& axis : settings.axes) {
          if (!axis.isEmpty()) axes.push_back({.expression = axis.toStdString()});
        }
        projection = custom_axes(*dataset->space, axes, settings.orthogonalise);
      } else if (settings.spherize || settings.fit != ProjectionSettings::Fit::All) {
        PcaOptions options;
        options.components = 10;
        options.spherize = settings.spherize;
        const int64_t count = std::min<int64_t>(settings.fit_count, data.rows());
        if (settings.fit == ProjectionSettings::Fit::TopFrequent) {
          for (int64_t i = 0; i < count; ++i) options.fit_rows.push_back(i);
        } else if (settings.fit == ProjectionSettings::Fit::Sample) {
          options.fit_rows = sample_rows(data.rows(), count, 0);
        }
        const Pca pca = fit_pca(data, options);
        outcome.variance = pca.explained_variance_ratio;
        projection = Projection::from_pca(pca, settings.components);
      } else {
        outcome.variance = dataset->pca.explained_variance_ratio;
        projection = Projection::from_pca(dataset->pca, settings.components);
      }
      outcome.positions = projection.apply(data);
      if (settings.flat) outcome.positions.row(2).setZero();
      outcome.labels = projection.labels;
      outcome.colours = colour_values(*dataset, appearance, outcome.positions);
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }));
}

void MainWindow::showProjection(ProjectionOutcome outcome) {
  if (!outcome.error.isEmpty()) {
    projection_panel_->setStatus(tr("Could not project: %1").arg(outcome.error));
    statusBar()->showMessage(tr("Projection failed: %1").arg(outcome.error), 10000);
  } else if (dataset_ && outcome.positions.cols() == dataset_->vectors.rows()) {
    const bool flat_changed = scene_->cameraState().parallel != projection_settings_.flat;
    positions_ = std::move(outcome.positions);
    colours_ = std::move(outcome.colours);
    axis_labels_ = outcome.labels;
    if (outcome.variance.size() > 0) projection_panel_->setVariance(outcome.variance);
    projection_panel_->setSettings(projection_settings_);
    projection_panel_->setStatus(
        tr("x: %1\ny: %2\nz: %3\n(%4 s)")
            .arg(QString::fromStdString(axis_labels_[0]), QString::fromStdString(axis_labels_[1]),
                 projection_settings_.flat ? tr("(2D)") : QString::fromStdString(axis_labels_[2]))
            .arg(outcome.seconds, 0, 'f', 2));
    if (isolated_) {
      setIsolated(true);
    } else {
      scene_->setPositions(positions_);
      scene_->setColours(colours_);
      updateScene();
    }
    if (flat_changed) scene_->setParallelTopView(projection_settings_.flat);
    picker_dirty_ = true;
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
  const bool recolour = settings.colour_by != appearance_.colour_by ||
                        settings.metadata_column != appearance_.metadata_column;
  appearance_ = settings;
  applyPointSize();
  scene_->setDarkBackground(settings.dark);
  if (palette_dark_ != settings.dark) {
    palette_dark_ = settings.dark;
    QApplication::setPalette(settings.dark ? dark_palette()
                                           : QApplication::style()->standardPalette());
  }
  if (recolour && dataset_) applyProjection(projection_settings_);
  view_->update();
}

void MainWindow::setPanelsVisible(bool visible) {
  for (QDockWidget* dock : docks_) dock->setVisible(visible);
}

bool MainWindow::busy() const {
  return loader_.busy() || projection_watcher_.isRunning();
}

void MainWindow::openDialog() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Vectors"), QString(),
      tr("Word vectors (*.txt *.vec *.gz *.w2v *.bin *.tsv *.npy *.safetensors);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

void MainWindow::openFile(const QString& path, const QString& metadata) {
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

void MainWindow::showDataset(std::shared_ptr<LoadedDataset> dataset) {
  setBusy(false);
  statusBar()->clearMessage();
  projection_watcher_.waitForFinished();
  dataset_ = std::move(dataset);
  if (!dataset_->training_frame) {
    rememberRecent(dataset_->path);
    training_shown_ = false;
  }
  arrows_.clear();
  trails_.clear();
  evaluation_.reset();
  hovered_.reset();
  hover_label_->clear();
  selected_.reset();
  neighbours_.clear();
  isolated_ = false;
  shown_rows_.clear();
  neighbours_panel_->clear();
  {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setIsolated(false);
  }
  lookup_panel_->setVectors(&dataset_->vectors);
  {
    QStringList columns;
    for (const std::string& column : dataset_->vectors.metadata.column_names)
      columns << QString::fromStdString(column);
    appearance_panel_->setMetadataColumns(columns);
    appearance_ = appearance_panel_->settings();  // a column the new data lacks falls back
  }
  projection_settings_ = ProjectionSettings();
  projection_panel_->setVariance(dataset_->pca.explained_variance_ratio);
  projection_panel_->setSettings(projection_settings_);
  positions_ = dataset_->positions;
  colours_ = point_scalar(PointScalar::FrequencyRank, dataset_->vectors.vectors, positions_);
  for (int axis = 0; axis < 3; ++axis) {
    axis_labels_[static_cast<size_t>(axis)] = "PC" + std::to_string(axis + 1);
  }
  applyPointSize();
  scene_->setPoints(positions_, colours_);
  scene_->setParallelTopView(false);
  scene_->resetCamera();
  picker_dirty_ = true;
  {
    QStringList words;
    words.reserve(static_cast<qsizetype>(dataset_->vectors.rows()));
    for (const std::string& word : dataset_->vectors.vocabulary.words())
      words << QString::fromStdString(word);
    static_cast<QStringListModel*>(search_->completer()->model())->setStringList(words);
  }

  setWindowTitle(tr("%1 - embscope").arg(dataset_->name));
  const auto& variance = dataset_->pca.explained_variance_ratio;
  double shown = 0;
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(3, variance.size()); ++i)
    shown += variance(i);
  QString text = tr("%1  |  %2 words x %3 dims  |  loaded in %4 s  |  PCA: %5% of variance shown")
                     .arg(dataset_->name, grouped(dataset_->vectors.rows()),
                          QString::number(dataset_->vectors.dim()),
                          QString::number(dataset_->load_seconds, 'f', 2),
                          QString::number(shown * 100.0, 'f', 1));
  if (dataset_->duplicates_dropped > 0) {
    text += tr("  |  %1 duplicate words dropped").arg(grouped(dataset_->duplicates_dropped));
  }
  dataset_label_->setText(text);
  const double megabytes =
      static_cast<double>(dataset_->vectors.vectors.size()) * sizeof(float) / (1024.0 * 1024.0);
  dataset_info_->setText(
      tr("<b>%1</b><br>%2<br><br>format: %3<br>rows: %4<br>dimensions: %5<br>matrix: %6 MiB "
         "(float32)<br>read in %7 s, PCA in %8 s<br>duplicate words dropped: %9<br>metadata "
         "columns: %10<br><br>PCA variance on x, y, z: %11%")
          .arg(dataset_->name.toHtmlEscaped(),
               QFileInfo(dataset_->path).absolutePath().toHtmlEscaped(), dataset_->format,
               grouped(dataset_->vectors.rows()), QString::number(dataset_->vectors.dim()),
               QString::number(megabytes, 'f', 1), QString::number(dataset_->load_seconds, 'f', 2),
               QString::number(dataset_->projection_seconds, 'f', 2),
               grouped(dataset_->duplicates_dropped))
          .arg(dataset_->vectors.metadata.column_names.size())
          .arg(shown * 100.0, 0, 'f', 1));
  if (appearance_.colour_by != ColourBy::FrequencyRank) applyProjection(projection_settings_);
  analogy_panel_->setWords(search_->completer()->model());
  updatePairArrows();
  updateTrackedRows();
  view_->update();
  emit datasetShown();
  if (pending_session_) {
    const Session session = *pending_session_;
    pending_session_.reset();
    applySession(session);
  }
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
  pending_session_.reset();
  statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()), 10000);
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
  box->open();
}

void MainWindow::resetCamera() {
  scene_->resetCamera();
  picker_dirty_ = true;
  view_->update();
}

void MainWindow::ensurePicker() {
  if (!picker_dirty_ || !dataset_) return;
  picker_.update(scene_->positions(), view_->worldToClip(), view_->width(), view_->height());
  picker_dirty_ = false;
}

std::optional<QPointF> MainWindow::screenPosition(int64_t row) {
  ensurePicker();
  const auto index = sceneIndexOf(row);
  const auto& screen = picker_.screen_points();
  if (!index || *index < 0 || *index >= static_cast<int64_t>(screen.size())) return std::nullopt;
  const ScreenPoint& p = screen[static_cast<size_t>(*index)];
  if (!p.visible) return std::nullopt;
  return QPointF(p.x, p.y);
}

void MainWindow::updateHover(QPoint position) {
  if (!dataset_) return;
  ensurePicker();
  const std::optional<int64_t> hit = picker_.pick(position.x(), position.y(), kHoverRadiusPixels);
  const std::optional<int64_t> row = hit ? std::optional<int64_t>(rowOf(*hit)) : std::nullopt;
  if (row == hovered_) return;
  hovered_ = row;
  scene_->setHighlight(hit);
  if (row) {
    const float norm = dataset_->vectors.vectors.row(*row).norm();
    hover_label_->setText(
        tr("%1  |  rank %2  |  norm %3")
            .arg(hoveredWord(), grouped(*row + 1), QString::number(norm, 'f', 3)));
  } else {
    hover_label_->clear();
  }
  view_->update();
}

QString MainWindow::hoveredWord() const {
  if (!dataset_ || !hovered_) return {};
  return QString::fromStdString(dataset_->vectors.vocabulary.word(*hovered_));
}

void MainWindow::paintOverlay(QPainter& painter) {
  const QFontMetrics metrics = painter.fontMetrics();
  if (dataset_) {
    // Colour legend: a gradient bar and what it means.
    const QString legend = legend_text(appearance_);
    const int bar_width = 120;
    const QRect area(10, view_->height() - metrics.height() - 12,
                     metrics.horizontalAdvance(legend) + bar_width + 24, metrics.height() + 6);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 110));
    painter.drawRoundedRect(area, 4, 4);
    QLinearGradient gradient(area.left() + 6, 0, area.left() + 6 + bar_width, 0);
    for (int stop = 0; stop <= 8; ++stop) {
      const double t = stop / 8.0;
      const auto rgb =
          scene_->colourOf(scene_->colourLow() + t * (scene_->colourHigh() - scene_->colourLow()));
      gradient.setColorAt(t, QColor(rgb[0], rgb[1], rgb[2]));
    }
    painter.setBrush(gradient);
    painter.drawRect(area.left() + 6, area.top() + 5, bar_width, area.height() - 10);
    painter.setPen(QColor(220, 220, 220));
    painter.drawText(area.adjusted(bar_width + 12, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                     legend);
    // Axis names of a custom or chosen projection.
    if (projection_settings_.customAxes() ||
        projection_settings_.components != std::array{0, 1, 2}) {
      const QString axes =
          tr("x: %1   y: %2%3")
              .arg(QString::fromStdString(axis_labels_[0]), QString::fromStdString(axis_labels_[1]),
                   projection_settings_.flat
                       ? QString()
                       : tr("   z: %1").arg(QString::fromStdString(axis_labels_[2])));
      painter.drawText(QRect(10, 8, view_->width() - 20, metrics.height() + 4),
                       Qt::AlignLeft | Qt::AlignVCenter, axes);
    }
  }
  drawArrows(painter);
  drawTrails(painter);
  drawLabels(painter);
  if (!dataset_ || !hovered_) return;
  const auto position = screenPosition(*hovered_);
  if (!position) return;
  const QString word = hoveredWord();
  QFont font = painter.font();
  font.setBold(true);
  font.setPointSizeF(font.pointSizeF() * 1.15);
  painter.setFont(font);
  const QFontMetrics bold(font);
  QRectF box(position->x() + 10, position->y() - bold.height() - 6,
             bold.horizontalAdvance(word) + 14, bold.height() + 6);
  if (box.right() > view_->width()) box.moveRight(position->x() - 10);
  if (box.top() < 0) box.moveTop(position->y() + 10);
  painter.setPen(QColor(255, 140, 80));
  painter.setBrush(QColor(20, 22, 28, 220));
  painter.drawRoundedRect(box, 5, 5);
  painter.setPen(Qt::white);
  painter.drawText(box, Qt::AlignCenter, word);
}

void MainWindow::drawLabels(QPainter& painter) {
  if (!dataset_) return;
  ensurePicker();
  std::vector<QRectF> taken;
  enum class Style { Selected, Neighbour, Frequent };
  const auto label = [&](int64_t row, const QString& text, Style style) {
    const auto position = screenPosition(row);
    if (!position) return;
    QFont font = painter.font();
    font.setBold(style == Style::Selected);
    if (style == Style::Frequent) font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    QRectF box(position->x() + 7, position->y() - metrics.height() / 2.0 - 2,
               metrics.horizontalAdvance(text) + 10, metrics.height() + 4);
    // Labels never overlap: try the right, then the left of the point, else skip it.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool clash = std::any_of(taken.begin(), taken.end(),
                                     [&](const QRectF& r) { return r.intersects(box); });
      if (!clash) break;
      if (attempt == 0) {
        box.moveRight(position->x() - 7);
      } else {
        return;
      }
    }
    taken.push_back(box);
    painter.setFont(font);
    painter.setPen(Qt::NoPen);
    switch (style) {
      case Style::Selected:
        painter.setBrush(QColor(90, 60, 10, 230));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(QColor(255, 215, 90));
        break;
      case Style::Neighbour:
        painter.setBrush(QColor(20, 22, 28, 200));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(QColor(235, 235, 235));
        break;
      case Style::Frequent:
        painter.setPen(appearance_.dark ? QColor(200, 205, 215) : QColor(40, 44, 52));
        break;
    }
    painter.drawText(box, Qt::AlignCenter, text);
  };
  if (selected_) {
    label(*selected_, QString::fromStdString(dataset_->vectors.vocabulary.word(*selected_)),
          Style::Selected);
    for (const ScoredWord& n : neighbours_) {
      label(n.index,
            QStringLiteral("%1 %2").arg(QString::fromStdString(n.word),
                                        QString::number(n.score, 'f', 2)),
            Style::Neighbour);
    }
  }
  for (int64_t row : lookup_panel_->lookedUp()) {
    label(row,
          QStringLiteral("[%1] %2").arg(row).arg(
              QString::fromStdString(dataset_->vectors.vocabulary.word(row))),
          Style::Neighbour);
  }
  const int64_t frequent = std::min<int64_t>(appearance_.frequent_labels, dataset_->vectors.rows());
  for (int64_t row = 0; row < frequent; ++row) {
    label(row, QString::fromStdString(dataset_->vectors.vocabulary.word(row)), Style::Frequent);
  }
}

// Writes `image` as a PNG atomically; returns an error message or "".
QString MainWindow::writePng(const QImage& image, const QString& path) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    return tr("cannot write %1: %2").arg(path, file.errorString());
  }
  if (!image.save(&file, "PNG")) return tr("cannot encode the PNG for %1").arg(path);
  if (!file.commit()) return tr("cannot write %1: %2").arg(path, file.errorString());
  return {};
}

QString MainWindow::saveWindowImage(const QString& path) {
  const QImage image = grab().toImage();
  if (image.isNull()) return tr("could not capture the window");
  return writePng(image, path);
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
  scene_->setPointSize(appearance_.point_size * devicePixelRatioF() * scale);
  QImage image = view_->renderImage(scale);
  applyPointSize();
  if (transparent) {
    renderer->GradientBackgroundOn();
    scene_->setDarkBackground(appearance_.dark);
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
  return writePng(image, path);
}

QString MainWindow::exportNeighbours(const QString& path) {
  if (!dataset_ || !selected_)
    return tr("no word is selected: select one to export its neighbours");
  try {
    write_neighbours_csv(path.toStdString(), dataset_->vectors.vocabulary.word(*selected_),
                         neighbours_, to_string(neighbours_panel_->metric()));
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString MainWindow::exportCoordinates(const QString& path) {
  if (!dataset_) return tr("no data set is open");
  try {
    write_coordinates_csv(path.toStdString(), dataset_->vectors, positions_);
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString MainWindow::exportLookupRows(const QString& path) {
  if (!dataset_) return tr("no data set is open");
  if (lookup_panel_->lookedUp().empty())
    return tr("no rows are looked up: type indices in the Lookup table panel first");
  try {
    write_rows_csv(path.toStdString(), dataset_->vectors, lookup_panel_->lookedUp());
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString MainWindow::exportVectors(const QString& path) {
  if (!dataset_) return tr("no data set is open");
  QApplication::setOverrideCursor(Qt::WaitCursor);
  QString result;
  try {
    write_vectors(dataset_->vectors, path.toStdString());
  } catch (const std::exception& error) {
    result = QString::fromStdString(error.what());
  }
  QApplication::restoreOverrideCursor();
  return result;
}

QString MainWindow::askSavePath(const QString& title, const QString& filter,
                                const QString& suffix) {
  QFileDialog dialog(this, title, QString(), filter);
  dialog.setAcceptMode(QFileDialog::AcceptSave);
  dialog.setDefaultSuffix(suffix);
  if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return {};
  return dialog.selectedFiles().first();
}

void MainWindow::reportExport(const QString& path, const QString& error) {
  if (error.isEmpty()) {
    statusBar()->showMessage(tr("Wrote %1").arg(path), 6000);
  } else {
    showError(tr("Could not export"), error);
  }
}

bool MainWindow::checksumIsCurrent(const QFileInfo& info) const {
  return !data_checksum_.sha256.isEmpty() && data_checksum_.path == info.absoluteFilePath() &&
         data_checksum_.size == info.size() && data_checksum_.modified == info.lastModified();
}

QString MainWindow::dataChecksum() {
  const QFileInfo info(dataset_->path);
  if (checksumIsCurrent(info)) return data_checksum_.sha256;
  // A 1 GB file takes seconds to hash: a worker does it while the event loop runs on, the
  // status bar shows progress and its Cancel stops it.
  const QString path = info.absoluteFilePath();
  const auto cancel = std::make_shared<std::atomic<bool>>(false);
  const auto done = std::make_shared<std::atomic<int64_t>>(0);
  QFutureWatcher<QString> watcher;
  QEventLoop loop;
  connect(&watcher, &QFutureWatcher<QString>::finished, &loop, &QEventLoop::quit);
  const auto stop =
      connect(cancel_button_, &QToolButton::clicked, this, [cancel] { *cancel = true; });
  QTimer progress;
  connect(&progress, &QTimer::timeout, this, [&] {
    progress_bar_->setValue(static_cast<int>(1000.0 * static_cast<double>(done->load()) /
                                             std::max<qint64>(1, info.size())));
  });
  setBusy(true);
  progress_bar_->setValue(0);
  progress_bar_->setFormat(tr("Checksum of %1 %p%").arg(info.fileName()));
  progress.start(100);
  watcher.setFuture(QtConcurrent::run(
      [path, cancel, done] { return fileSha256(path, cancel.get(), done.get()); }));
  if (!watcher.isFinished()) loop.exec();
  progress.stop();
  disconnect(stop);
  setBusy(false);
  const QString sha256 = watcher.result();
  if (!sha256.isEmpty()) data_checksum_ = {path, info.size(), info.lastModified(), sha256};
  return sha256;
}

void MainWindow::checkSessionData(const QString& expected_sha256) {
  const QFileInfo info(dataset_->path);
  const QString name = dataset_->name;
  const auto report = [this, name, expected_sha256](const QString& sha256) {
    if (!sha256.isEmpty() && sha256 != expected_sha256) {
      statusBar()->showMessage(
          tr("Note: %1 changed since the session was saved (checksum differs)").arg(name), 10000);
    }
  };
  if (checksumIsCurrent(info)) {
    report(data_checksum_.sha256);
    return;
  }
  // In the background: the view is restored at once, the note comes when the hash is done.
  auto* watcher = new QFutureWatcher<QString>(this);
  const DataChecksum pending{info.absoluteFilePath(), info.size(), info.lastModified(), {}};
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, pending, report] {
    watcher->deleteLater();
    DataChecksum computed = pending;
    computed.sha256 = watcher->result();
    if (computed.sha256.isEmpty()) return;
    if (dataset_ && QFileInfo(dataset_->path).absoluteFilePath() == computed.path)
      data_checksum_ = computed;
    report(computed.sha256);
  });
  const auto closing = closing_;
  const QString path = pending.path;
  watcher->setFuture(
      QtConcurrent::run([path, closing] { return fileSha256(path, closing.get()); }));
}

std::optional<Session> MainWindow::currentSession() {
  Session session;
  if (dataset_) {
    session.data_path = QFileInfo(dataset_->path).absoluteFilePath();
    session.data_sha256 = dataChecksum();
    if (session.data_sha256.isEmpty() && QFileInfo(dataset_->path).isReadable())
      return std::nullopt;
  }
  session.projection = projection_settings_;
  session.appearance = appearance_;
  session.camera = scene_->cameraState();
  if (dataset_ && selected_)
    session.selected_word = QString::fromStdString(dataset_->vectors.vocabulary.word(*selected_));
  session.neighbours = neighbours_panel_->k();
  session.metric = neighbours_panel_->metric();
  session.isolated = isolated_;
  session.lookup = lookup_panel_->indicesText();
  return session;
}

QString MainWindow::saveSessionFile(const QString& path) {
  if (!dataset_) return tr("no data set is open: a session records the view of one");
  const std::optional<Session> session = currentSession();
  if (!session)
    return tr("%1 was not saved: the checksum of the data file was cancelled").arg(path);
  return saveSession(path, *session);
}

QString MainWindow::openSessionFile(const QString& path) {
  QString error;
  const std::optional<Session> session = loadSession(path, &error);
  if (!session) return error;
  if (!QFileInfo::exists(session->data_path)) {
    return tr("%1: its data file %2 does not exist").arg(path, session->data_path);
  }
  if (dataset_ && QFileInfo(dataset_->path).absoluteFilePath() ==
                      QFileInfo(session->data_path).absoluteFilePath()) {
    applySession(*session);
  } else {
    pending_session_ = session;
    openFile(session->data_path);
  }
  return {};
}

void MainWindow::applySession(const Session& session) {
  if (!session.data_sha256.isEmpty()) checkSessionData(session.data_sha256);
  appearance_panel_->setSettings(session.appearance);
  setAppearance(session.appearance);
  {
    const QSignalBlocker blocker(neighbours_panel_);
    neighbours_panel_->setK(session.neighbours);
    neighbours_panel_->setMetric(session.metric);
  }
  // The rest waits for the projection, which may run in the background.
  const auto finish = [this, session] {
    if (!session.lookup.isEmpty()) lookup_panel_->lookup(session.lookup);
    if (!session.selected_word.isEmpty()) {
      selectWord(session.selected_word);
    } else {
      selectPoint(std::nullopt);
    }
    if (session.isolated) setIsolated(true);
    if (session.camera) scene_->setCameraState(*session.camera);
    picker_dirty_ = true;
    view_->update();
    emit sessionApplied();
  };
  if (session.projection != projection_settings_ || projection_watcher_.isRunning()) {
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &MainWindow::projectionApplied, this, [connection, finish] {
      QObject::disconnect(*connection);
      finish();
    });
    applyProjection(session.projection);
  } else {
    finish();
  }
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
  settings.setValue("window/state", saveState());
  settings.setValue("appearance/pointSize", appearance_.point_size);
  settings.setValue("appearance/dark", appearance_.dark);
  settings.setValue("appearance/frequentLabels", appearance_.frequent_labels);
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile()) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  const QString path = urls.first().toLocalFile();
  if (path.endsWith(".json", Qt::CaseInsensitive)) {
    if (const QString error = openSessionFile(path); !error.isEmpty())
      showError(tr("Could not open the session"), error);
    return;
  }
  openFile(path);
}

void MainWindow::applyPointSize(double extra_scale) {
  scene_->setPointSize(appearance_.point_size * devicePixelRatioF() * view_->renderScale() *
                       extra_scale);
}

void MainWindow::updateRenderScale() {
  const bool moving = dragging_ || training_.playing();
  const double scale = moving && view_->softwareGl() ? 0.5 : 1.0;
  if (scale == view_->renderScale()) return;
  view_->setRenderScale(scale);
  applyPointSize();
  view_->update();
}

}  // namespace embscope::ui
