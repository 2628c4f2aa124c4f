#include "main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QDragEnterEvent>
#include <QDropEvent>
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
#include <QProgressBar>
#include <QSaveFile>
#include <QStatusBar>
#include <QStringListModel>
#include <QToolBar>
#include <QToolButton>
#include <cmath>

#include "point_cloud_scene.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {
namespace {

constexpr double kHoverRadiusPixels = 6.0;

// Frequent words first in every GloVe/word2vec file: colour by log rank so that the
// brightest points are the most frequent words.
Eigen::VectorXf frequency_colour(int64_t rows) {
  Eigen::VectorXf values(rows);
  for (int64_t i = 0; i < rows; ++i) values(i) = -std::log10(static_cast<float>(i) + 1.0f);
  return values;
}

QString grouped(int64_t value) {
  return QLocale::system().toString(static_cast<qlonglong>(value));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("embscope"));
  setAcceptDrops(true);
  resize(1280, 800);

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
    selectPoint(hit, neighbour_count_);
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
    statusBar()->showMessage(tr("Loading cancelled; the previous data set is still open."), 5000);
  });

  createActions();
  createSearch();
}

void MainWindow::createSearch() {
  QToolBar* bar = addToolBar(tr("Search"));
  bar->setObjectName("search");
  bar->setMovable(false);
  search_ = new QLineEdit(bar);
  search_->setPlaceholderText(tr("Find a word (Ctrl+F), Enter selects it"));
  search_->setClearButtonEnabled(true);
  search_->setMaximumWidth(320);
  auto* completer = new QCompleter(new QStringListModel(search_), search_);
  completer->setCaseSensitivity(Qt::CaseInsensitive);
  completer->setModelSorting(QCompleter::UnsortedModel);
  completer->setMaxVisibleItems(12);
  search_->setCompleter(completer);
  bar->addWidget(search_);
  connect(search_, &QLineEdit::returnPressed, this,
          [this] { selectWord(search_->text().trimmed(), neighbour_count_); });
  connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
          [this](const QString& word) { selectWord(word, neighbour_count_); });
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
}

bool MainWindow::selectWord(const QString& word, int k) {
  if (!dataset_ || word.isEmpty()) return false;
  try {
    selectPoint(dataset_->space->index_of(word.toStdString()), k);
    // A word found by name may be anywhere: bring it and its neighbours into view.
    std::vector<int64_t> shown = {*selected_};
    for (const ScoredWord& n : neighbours_) shown.push_back(n.index);
    scene_->focusOn(shown);
    picker_dirty_ = true;
    view_->update();
    return true;
  } catch (const UnknownWordError& error) {
    statusBar()->showMessage(QString::fromStdString(error.what()), 8000);
    return false;
  }
}

void MainWindow::selectPoint(std::optional<int64_t> point, int k) {
  if (!dataset_) return;
  neighbour_count_ = k;
  selected_ = point;
  neighbours_.clear();
  std::vector<int64_t> rows;
  if (point) {
    neighbours_ = dataset_->space->neighbours(dataset_->vectors.vocabulary.word(*point), k);
    for (const ScoredWord& n : neighbours_) rows.push_back(n.index);
    QStringList parts;
    for (size_t i = 0; i < std::min<size_t>(neighbours_.size(), 6); ++i) {
      parts << QStringLiteral("%1 %2").arg(QString::fromStdString(neighbours_[i].word),
                                           QString::number(neighbours_[i].score, 'f', 2));
    }
    statusBar()->showMessage(
        tr("%1  ->  %2")
            .arg(QString::fromStdString(dataset_->vectors.vocabulary.word(*point)),
                 parts.join(QStringLiteral(", "))));
  } else {
    statusBar()->clearMessage();
  }
  scene_->setSelection(point, rows);
  view_->update();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open Vectors..."), this, &MainWindow::openDialog);
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* reset = view->addAction(tr("&Reset Camera"), this, &MainWindow::resetCamera);
  reset->setShortcuts({QKeySequence(Qt::Key_R), QKeySequence(Qt::Key_Home)});

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Controls"), this, [this] {
    QMessageBox::information(
        this, tr("Controls"),
        tr("Left drag: rotate\nShift + left drag or middle drag: pan\nRight drag or wheel: "
           "zoom\nHover a point: show its word\nR or Home: reset the camera\nCtrl+O: open "
           "vectors (or drop a file on the window)"));
  });
  help->addAction(tr("&About embscope"), this, [this] {
    QMessageBox::about(this, tr("About embscope"),
                       tr("<b>embscope</b> %1<br>Explore and train word-embedding spaces in 3D."
                          "<br>Default data: GloVe 6B 100d (Stanford NLP, PDDL 1.0).")
                           .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::openDialog() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Vectors"), QString(),
      tr("Word vectors (*.txt *.vec *.gz *.w2v *.bin *.tsv *.npy *.safetensors);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

void MainWindow::openFile(const QString& path) {
  setBusy(true);
  progress_bar_->setValue(0);
  progress_bar_->setFormat(tr("Reading vectors %p%"));
  statusBar()->showMessage(tr("Loading %1...").arg(QFileInfo(path).fileName()));
  loader_.start(path);
}

void MainWindow::setBusy(bool busy) {
  progress_bar_->setVisible(busy);
  cancel_button_->setVisible(busy);
}

void MainWindow::showDataset(std::shared_ptr<LoadedDataset> dataset) {
  setBusy(false);
  statusBar()->clearMessage();
  dataset_ = std::move(dataset);
  hovered_.reset();
  hover_label_->clear();
  const double dpr = devicePixelRatioF();
  scene_->setPointSize(4.0 * dpr);
  scene_->setPoints(dataset_->positions, frequency_colour(dataset_->vectors.rows()));
  scene_->resetCamera();
  picker_dirty_ = true;
  selected_.reset();
  neighbours_.clear();
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
  view_->update();
  emit datasetShown();
}

void MainWindow::showLoadError(const QString& path, const QString& message) {
  setBusy(false);
  statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()), 10000);
  emit loadFailed(message);
  if (headless_) return;
  QMessageBox box(QMessageBox::Warning, tr("Could not open the vectors"),
                  tr("embscope could not read %1.").arg(QFileInfo(path).fileName()),
                  QMessageBox::Ok, this);
  box.setInformativeText(message + tr("\n\nembscope reads GloVe, word2vec (text or binary), "
                                      "fastText .vec, TensorFlow projector TSV, .npy and "
                                      "safetensors files, gzip-compressed or not. The data that "
                                      "was open stays open."));
  box.exec();
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

std::optional<QPointF> MainWindow::screenPosition(int64_t point) {
  ensurePicker();
  const auto& screen = picker_.screen_points();
  if (point < 0 || point >= static_cast<int64_t>(screen.size())) return std::nullopt;
  const ScreenPoint& p = screen[static_cast<size_t>(point)];
  if (!p.visible) return std::nullopt;
  return QPointF(p.x, p.y);
}

void MainWindow::updateHover(QPoint position) {
  if (!dataset_) return;
  ensurePicker();
  const std::optional<int64_t> hit = picker_.pick(position.x(), position.y(), kHoverRadiusPixels);
  if (hit == hovered_) return;
  hovered_ = hit;
  scene_->setHighlight(hit);
  if (hit) {
    const float norm = dataset_->vectors.vectors.row(*hit).norm();
    hover_label_->setText(
        tr("%1  |  rank %2  |  norm %3")
            .arg(hoveredWord(), grouped(*hit + 1), QString::number(norm, 'f', 3)));
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
    // Colour legend: what brightness means.
    const QString legend = tr("colour: frequency rank (bright = frequent)");
    const QRect area(10, view_->height() - metrics.height() - 12,
                     metrics.horizontalAdvance(legend) + 12, metrics.height() + 6);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 110));
    painter.drawRoundedRect(area, 4, 4);
    painter.setPen(QColor(220, 220, 220));
    painter.drawText(area, Qt::AlignCenter, legend);
  }
  drawLabels(painter);
  if (!dataset_ || !hovered_) return;
  const auto& screen = picker_.screen_points();
  if (*hovered_ >= static_cast<int64_t>(screen.size())) return;
  const ScreenPoint& p = screen[static_cast<size_t>(*hovered_)];
  if (!p.visible) return;
  const QString word = hoveredWord();
  QFont font = painter.font();
  font.setBold(true);
  font.setPointSizeF(font.pointSizeF() * 1.15);
  painter.setFont(font);
  const QFontMetrics bold(font);
  QRectF box(p.x + 10, p.y - bold.height() - 6, bold.horizontalAdvance(word) + 14,
             bold.height() + 6);
  if (box.right() > view_->width()) box.moveRight(p.x - 10);
  if (box.top() < 0) box.moveTop(p.y + 10);
  painter.setPen(QColor(255, 140, 80));
  painter.setBrush(QColor(20, 22, 28, 220));
  painter.drawRoundedRect(box, 5, 5);
  painter.setPen(Qt::white);
  painter.drawText(box, Qt::AlignCenter, word);
}

void MainWindow::drawLabels(QPainter& painter) {
  if (!dataset_ || !selected_) return;
  ensurePicker();
  const auto& screen = picker_.screen_points();
  std::vector<QRectF> taken;
  const auto label = [&](int64_t point, const QString& text, bool primary) {
    if (point < 0 || point >= static_cast<int64_t>(screen.size())) return;
    const ScreenPoint& p = screen[static_cast<size_t>(point)];
    if (!p.visible) return;
    QFont font = painter.font();
    font.setBold(primary);
    const QFontMetrics metrics(font);
    QRectF box(p.x + 7, p.y - metrics.height() / 2.0 - 2, metrics.horizontalAdvance(text) + 10,
               metrics.height() + 4);
    // Labels never overlap: try the right, then the left of the point, else skip it.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool clash = std::any_of(taken.begin(), taken.end(),
                                     [&](const QRectF& r) { return r.intersects(box); });
      if (!clash) break;
      if (attempt == 0) {
        box.moveRight(p.x - 7);
      } else {
        return;
      }
    }
    taken.push_back(box);
    painter.setFont(font);
    painter.setPen(Qt::NoPen);
    painter.setBrush(primary ? QColor(90, 60, 10, 230) : QColor(20, 22, 28, 200));
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(primary ? QColor(255, 215, 90) : QColor(235, 235, 235));
    painter.drawText(box, Qt::AlignCenter, text);
  };
  label(*selected_, QString::fromStdString(dataset_->vectors.vocabulary.word(*selected_)), true);
  for (const ScoredWord& n : neighbours_) {
    label(n.index,
          QStringLiteral("%1 %2").arg(QString::fromStdString(n.word),
                                      QString::number(n.score, 'f', 2)),
          false);
  }
}

QString MainWindow::saveWindowImage(const QString& path) {
  const QImage image = grab().toImage();
  if (image.isNull()) return tr("could not capture the window");
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    return tr("cannot write %1: %2").arg(path, file.errorString());
  }
  if (!image.save(&file, "PNG")) return tr("cannot encode the PNG for %1").arg(path);
  if (!file.commit()) return tr("cannot write %1: %2").arg(path, file.errorString());
  return {};
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile()) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openFile(urls.first().toLocalFile());
}

}  // namespace embscope::ui
