#include "window_status_bar.hpp"

#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "dataset_loader.hpp"
#include "embscope/base/norms.hpp"
#include "number_format.hpp"

namespace embscope::ui {

WindowStatusBar::WindowStatusBar(QWidget* parent) : QStatusBar(parent) {
  dataset_line_ = new QLabel(this);
  hover_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setMaximumWidth(220);
  progress_->setTextVisible(true);
  cancel_ = new QToolButton(this);
  cancel_->setText(tr("Cancel"));
  cancel_->setToolTip(tr("Stop loading (Esc); the current data stays open"));
  connect(cancel_, &QToolButton::clicked, this, &WindowStatusBar::cancelRequested);
  addWidget(dataset_line_, 1);
  addPermanentWidget(hover_);
  addPermanentWidget(progress_);
  addPermanentWidget(cancel_);
  setBusy(false);
}

void WindowStatusBar::setDatasetLine(const QString& text) {
  dataset_line_->setText(text);
}

QString WindowStatusBar::datasetLine() const {
  return dataset_line_->text();
}

void WindowStatusBar::describeHover(const LoadedDataset* dataset, std::optional<int64_t> row) {
  if (!row || !dataset) {
    hover_->clear();
    return;
  }
  // Right also for components whose float squares overflow (embscope/base/norms.hpp).
  const double norm = euclidean_norm(dataset->vectors.vectors.row(*row));
  hover_->setText(
      tr("%1  |  rank %2  |  norm %3")
          .arg(QString::fromStdString(dataset->vectors.vocabulary.word(*row)), grouped(*row + 1),
               norm < 1e6 ? QString::number(norm, 'f', 3) : QString::number(norm, 'g', 4)));
}

void WindowStatusBar::setBusy(bool busy) {
  progress_->setVisible(busy);
  cancel_->setVisible(busy);
}

void WindowStatusBar::setProgress(int permille, const QString& format) {
  progress_->setValue(permille);
  progress_->setFormat(format);
}

}  // namespace embscope::ui
