#include "main_window.hpp"

#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include "analogy_controller.hpp"
#include "analogy_panel.hpp"
#include "appearance_panel.hpp"
#include "dataset_panel.hpp"
#include "evaluation_controller.hpp"
#include "evaluation_panel.hpp"
#include "export_table.hpp"
#include "file_actions.hpp"
#include "help_menu.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"
#include "panel_docks.hpp"
#include "point_cloud_scene.hpp"
#include "projection_controller.hpp"
#include "projection_panel.hpp"
#include "search_bar.hpp"
#include "selection_controller.hpp"
#include "session_controller.hpp"
#include "training_panel.hpp"
#include "training_view.hpp"
#include "view_image.hpp"
#include "vtk_view.hpp"
#include "window_status_bar.hpp"
#include "window_style.hpp"

namespace embscope::ui {
namespace {

// Saved with the dock layout; a saved layout of another version is ignored (2: two columns).
constexpr int kLayoutVersion = 2;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("embscope"));
  setAcceptDrops(true);
  resize(1280, 800);

  view_ = new VtkView(this);
  setCentralWidget(view_);
  state_ = new ExplorerState(this);
  binding_ = new SceneBinding(*state_, view_, this);
  overlay_ = std::make_unique<ViewOverlay>(*state_, binding_->scene());
  view_->setOverlayPainter(
      [this](QPainter& painter) { paint_view_overlay(painter, *overlay_, *binding_); });
  // The Ctrl shortcuts that win over text fields.
  qApp->installEventFilter(new CtrlShortcutsWin(this));

  createStatusBar();
  file_actions_ = new FileActions(
      this, [this] { return state_->dataset() ? state_->dataset()->name : QString(); }, this);
  connect(file_actions_, &FileActions::openRequested, this, &MainWindow::openFile);
  connect(file_actions_, &FileActions::sessionRequested, this, [this](const QString& path) {
    if (const QString error = sessions_->open(path); !error.isEmpty())
      showError(tr("Could not open the session"), error);
  });
  connect(file_actions_, &FileActions::status, this, &MainWindow::showStatus);
  connect(file_actions_, &FileActions::failed, this, &MainWindow::showError);
  createPanels();
  createSessions();
  WindowExports::add(*this, *file_actions_);
  createMenus();
  createToolBar();

  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  // A layout saved by an older version (one column of eight tabs) is not restored.
  restoreState(settings.value("window/state").toByteArray(), kLayoutVersion);
  const AppearanceSettings appearance = load_appearance(settings);
  appearance_panel_->setSettings(appearance);
  setAppearance(appearance);
  // After the caller had its say (scripted runs are headless and never asked).
  QTimer::singleShot(0, training_view_, &TrainingView::offerAutosave);
}

MainWindow::~MainWindow() {
  sessions_->stop();
  loader_.cancel();
  projection_->wait();
}

TrainingController& MainWindow::training() {
  return training_view_->controller();
}

void MainWindow::setHeadless(bool headless) {
  headless_ = headless;
  training_view_->setHeadless(headless);
}

void MainWindow::createStatusBar() {
  status_ = new WindowStatusBar(this);
  setStatusBar(status_);
  connect(status_, &WindowStatusBar::cancelRequested, &loader_, &DatasetLoader::cancel);
  connect(&loader_, &DatasetLoader::progress, this, [this](int permille, const QString& stage) {
    status_->setProgress(permille, stage + QStringLiteral(" %p%"));
  });
  connect(&loader_, &DatasetLoader::finished, this, &MainWindow::showDataset);
  connect(&loader_, &DatasetLoader::failed, this, &MainWindow::showLoadError);
  connect(&loader_, &DatasetLoader::cancelled, this, [this] {
    status_->setBusy(false);
    sessions_->dropPending();
    status_->showMessage(tr("Loading cancelled; the previous data set is still open."), 5000);
  });
  connect(binding_, &SceneBinding::hoverChanged, this,
          [this](std::optional<int64_t> row) { status_->describeHover(state_->dataset(), row); });
}

void MainWindow::createPanels() {
  dataset_panel_ = new DatasetPanel;
  neighbours_panel_ = new NeighboursPanel;
  lookup_panel_ = new LookupPanel;
  projection_panel_ = new ProjectionPanel;
  appearance_panel_ = new AppearancePanel;
  analogy_panel_ = new AnalogyPanel;
  evaluation_panel_ = new EvaluationPanel;
  training_panel_ = new TrainingPanel;
  // Alt+1..8 in this order.
  docks_ = new PanelDocks(this);
  docks_->add(tr("Data set"), "dataset", dataset_panel_);
  docks_->add(tr("Neighbours"), "neighbours", neighbours_panel_);
  docks_->add(tr("Lookup table"), "lookup", lookup_panel_);
  docks_->add(tr("Projection"), "projection", projection_panel_, true);
  docks_->add(tr("Appearance"), "appearance", appearance_panel_);
  docks_->add(tr("Analogy"), "analogy", analogy_panel_, true);
  docks_->add(tr("Evaluation"), "evaluation", evaluation_panel_);
  docks_->add(tr("Training"), "training", training_panel_, true);
  docks_->finish();

  selection_ = new SelectionController(*state_, *binding_, neighbours_panel_, this);
  connect(selection_, &SelectionController::status, this, &MainWindow::showStatus);
  connect(selection_, &SelectionController::statusCleared, status_, &QStatusBar::clearMessage);
  connect(lookup_panel_, &LookupPanel::lookedUpChanged, state_, &ExplorerState::setLookedUp);

  projection_ = new ProjectionController(*state_, *binding_, *selection_, projection_panel_, this);
  connect(projection_, &ProjectionController::status, this, &MainWindow::showStatus);
  connect(projection_, &ProjectionController::applied, this, &MainWindow::projectionApplied);
  connect(projection_, &ProjectionController::varianceShown, this,
          [this](const Eigen::VectorXd& variance) {
            status_->setDatasetLine(
                dataset_status_line(*state_->dataset(), state_->projectionSettings(), variance));
          });
  connect(appearance_panel_, &AppearancePanel::changed, this, &MainWindow::setAppearance);

  analogy_ = new AnalogyController(*state_, analogy_panel_, this);
  connect(analogy_, &AnalogyController::projectionRequested, projection_,
          &ProjectionController::applyAndFit);
  connect(analogy_, &AnalogyController::frameRequested, binding_, &SceneBinding::focusOnRows);
  connect(analogy_, &AnalogyController::isolationEndRequested, this,
          [this] { selection_->setIsolated(false); });
  connect(analogy_, &AnalogyController::rowRequested, this,
          [this](int64_t row) { selection_->selectRow(row); });
  connect(analogy_, &AnalogyController::wordRequested, this,
          [this](const QString& word) { selection_->selectWord(word); });
  connect(analogy_, &AnalogyController::status, this, &MainWindow::showStatus);

  evaluation_ = new EvaluationController(*state_, evaluation_panel_, this);
  connect(evaluation_panel_, &EvaluationPanel::questionActivated, analogy_,
          &AnalogyController::showQuestion);
  connect(evaluation_, &EvaluationController::failed, this, &MainWindow::showError);
  connect(evaluation_, &EvaluationController::finished, this, &MainWindow::evaluationFinished);

  training_view_ = new TrainingView(this, *state_, *binding_, *selection_,
                                    {training_panel_, lookup_panel_, projection_panel_}, this);
  connect(training_view_, &TrainingView::datasetShowRequested, this, &MainWindow::showDataset);
  connect(training_view_, &TrainingView::statusLine, status_, &WindowStatusBar::setDatasetLine);
  connect(training_view_, &TrainingView::status, this, &MainWindow::showStatus);
  connect(training_view_, &TrainingView::failed, this, &MainWindow::showError);
  connect(training_view_, &TrainingView::frameShown, this, &MainWindow::trainingFrameShown);
  connect(training_view_, &TrainingView::paused, this, &MainWindow::trainingPaused);
}

void MainWindow::createSessions() {
  SessionController::Hooks hooks;
  hooks.open = [this](const QString& path) { openFile(path); };
  hooks.set_appearance = [this](const AppearanceSettings& appearance) {
    appearance_panel_->setSettings(appearance);
    setAppearance(appearance);
  };
  hooks.project = [this](const ProjectionSettings& settings, std::function<void()> then) {
    projection_->applyThen(settings, std::move(then));
  };
  hooks.select = [this](const std::string& word) { selection_->selectExactWord(word); };
  hooks.isolate = [this](bool isolated) { selection_->setIsolated(isolated); };
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
  connect(sessions_, &SessionController::status, this, &MainWindow::showStatus);
  connect(sessions_, &SessionController::checksumBusy, status_, &WindowStatusBar::setBusy);
  connect(sessions_, &SessionController::checksumProgress, status_, &WindowStatusBar::setProgress);
  connect(status_, &WindowStatusBar::cancelRequested, sessions_,
          &SessionController::cancelChecksum);
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file_actions_->fillFileMenu(file);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);
  // Shortcuts with Ctrl work whatever has the focus, a floating panel included; single keys
  // (R, 2, I, Esc) stay window shortcuts, which a text field being typed in takes first.
  quit->setShortcutContext(Qt::ApplicationShortcut);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* reset = view->addAction(tr("&Reset Camera"), binding_, &SceneBinding::resetCamera);
  reset->setObjectName("resetCamera");
  reset->setShortcuts({QKeySequence(Qt::Key_R), QKeySequence(Qt::Key_Home)});
  view->addAction(projection_->flatAction());
  view->addAction(selection_->isolateAction());
  view->addSeparator();
  view->addMenu(docks_->menu());

  fill_help_menu(menuBar()->addMenu(tr("&Help")), this, docks_->docks());
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
  add(projection_->flatAction(), flat_view_icon(), tr("2D"), tr("2D or 3D view"));
  add(selection_->isolateAction(), isolate_icon(), tr("Isolate"),
      tr("Show only the selected word and its neighbours"));
  add(action("resetCamera"), style()->standardIcon(QStyle::SP_BrowserReload), tr("Reset"),
      tr("Reset the camera"));
  bar->addSeparator();
  bar->addWidget(docks_->menuButton(bar));

  search_ = new SearchBar(*state_, *selection_, view_, this);
  addToolBar(search_);
  connect(search_, &SearchBar::status, this, &MainWindow::showStatus);
  analogy_panel_->setWords(search_->lineEdit()->completer()->model());
  QAction* clear = new QAction(tr("Clear Selection"), this);
  clear->setShortcut(QKeySequence(Qt::Key_Escape));
  connect(clear, &QAction::triggered, this, [this] {
    if (loader_.busy()) {
      loader_.cancel();
    } else {
      search_->clearSearch();  // the box shows the selected word or nothing
      selection_->clear();
    }
  });
  addAction(clear);
}

void MainWindow::openFile(const QString& path, const QString& metadata) {
  training_view_->beforeOpening(
      QFileInfo(path).fileName(), [this, path, metadata] { startLoading(path, metadata); },
      [this] { sessions_->dropPending(); });
}

void MainWindow::startLoading(const QString& path, const QString& metadata) {
  status_->setBusy(true);
  status_->setProgress(0, tr("Reading vectors %p%"));
  status_->showMessage(tr("Loading %1...").arg(QFileInfo(path).fileName()));
  loader_.start(path, metadata);
}

bool MainWindow::busy() const {
  return loader_.busy() || projection_->running();
}

void MainWindow::showDataset(std::shared_ptr<LoadedDataset> dataset) {
  status_->setBusy(false);
  projection_->wait();
  status_->clearMessage();
  status_->describeHover(nullptr, std::nullopt);
  // The one reset of everything that belonged to the previous data set: the state's, and the
  // controllers', which follow its datasetChanged().
  state_->setDataset(std::move(dataset));
  const LoadedDataset* data = state_->dataset();
  if (!data->training_frame) file_actions_->rememberRecent(data->path);
  lookup_panel_->setVectors(&data->vectors);
  QStringList columns;
  for (const std::string& column : data->vectors.metadata.column_names)
    columns << QString::fromStdString(column);
  appearance_panel_->setMetadataColumns(columns);
  state_->setAppearance(appearance_panel_->settings());  // a column it lacks falls back
  // The data set's colours are frequency ranks; any other colouring is computed again.
  if (state_->appearance().colour_by != ColourBy::FrequencyRank)
    projection_->apply(state_->projectionSettings());
  dataset_panel_->showDataset(data);
  status_->setDatasetLine(
      dataset_status_line(*data, state_->projectionSettings(), data->pca.explained_variance_ratio));
  setWindowTitle(tr("%1 - embscope").arg(data->name));
  view_->update();
  emit datasetShown();
  sessions_->datasetShown();  // a session waiting for this file
}

void MainWindow::showStatus(const QString& message, int timeout_ms) {
  status_->showMessage(message, timeout_ms);
}

void MainWindow::showError(const QString& title, const QString& message) {
  status_->showMessage(message, 10000);
  if (headless_) return;
  // Window-modal and non-blocking: the window keeps painting behind the message.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("errorDialog");
  box->open();
}

void MainWindow::showLoadError(const QString& path, const QString& message) {
  status_->setBusy(false);
  sessions_->dropPending();
  const QString failed = tr("Could not open %1").arg(QFileInfo(path).fileName());
  status_->showMessage(failed, 10000);
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
    if (status_->currentMessage() == failed) status_->clearMessage();
  });
  box->open();
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
  if (recolour && state_->dataset()) projection_->apply(state_->projectionSettings());
  view_->update();
}

QString MainWindow::saveWindowImage(const QString& path) {
  const QImage image = grab().toImage();
  if (image.isNull()) return tr("could not capture the window");
  return FileActions::writePng(image, path);
}

QString MainWindow::exportImage(const QString& path, bool transparent, double scale) {
  const QImage image =
      render_view_image(*binding_, *overlay_, *state_, transparent, scale, devicePixelRatioF());
  if (image.isNull()) return tr("could not capture the view");
  return FileActions::writePng(image, path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  training_view_->windowClosing();
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState(kLayoutVersion));
  save_appearance(settings, state_->appearance());
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (FileActions::acceptsDrop(event->mimeData())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  file_actions_->drop(event->mimeData());
}

}  // namespace embscope::ui
