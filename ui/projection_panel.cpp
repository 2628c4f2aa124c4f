#include "projection_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace embscope::ui {

VarianceChart::VarianceChart(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(110);
  setToolTip(tr("Explained variance ratio of the first principal components"));
}

void VarianceChart::setRatios(const Eigen::VectorXd& ratios, std::array<int, 3> shown) {
  ratios_ = ratios;
  shown_ = shown;
  update();
}

void VarianceChart::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const int count = static_cast<int>(std::min<Eigen::Index>(10, ratios_.size()));
  if (count == 0) return;
  const QFontMetrics metrics = painter.fontMetrics();
  const QRectF area = QRectF(rect()).adjusted(4, metrics.height() + 4, -4, -metrics.height() - 4);
  const double top = ratios_.head(count).maxCoeff();
  const double slot = area.width() / count;
  for (int i = 0; i < count; ++i) {
    const double height = top > 0 ? area.height() * ratios_(i) / top : 0;
    const QRectF bar(area.left() + i * slot + slot * 0.15, area.bottom() - height, slot * 0.7,
                     height);
    const bool on_screen = std::find(shown_.begin(), shown_.end(), i) != shown_.end();
    painter.fillRect(bar, on_screen ? QColor(250, 200, 70) : QColor(110, 140, 190));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRectF(bar.left() - 4, area.bottom() + 2, bar.width() + 8, metrics.height()),
                     Qt::AlignCenter, QString::number(i + 1));
    painter.drawText(QRectF(bar.left() - 8, bar.top() - metrics.height() - 1, bar.width() + 16,
                            metrics.height()),
                     Qt::AlignCenter, QString::number(100 * ratios_(i), 'f', 1));
  }
}

ProjectionPanel::ProjectionPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  chart_ = new VarianceChart(this);
  layout->addWidget(new QLabel(tr("Explained variance (%) by component:"), this));
  layout->addWidget(chart_);

  auto* pca = new QGroupBox(tr("PCA"), this);
  auto* pca_form = new QFormLayout(pca);
  pca_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  const char* names[3] = {"x", "y", "z"};
  for (int axis = 0; axis < 3; ++axis) {
    components_[axis] = new QComboBox(pca);
    pca_form->addRow(tr("%1 axis:").arg(names[axis]), components_[axis]);
  }
  spherize_ = new QCheckBox(tr("Spherize"), pca);
  spherize_->setToolTip(tr("Centre and unit-normalise the rows before fitting"));
  pca_form->addRow(spherize_);
  fit_ = new QComboBox(pca);
  fit_->addItem(tr("all rows"));
  fit_->addItem(tr("N most frequent"));
  fit_->addItem(tr("N random rows"));
  fit_->setToolTip(
      tr("Fit the PCA on all rows, the N most frequent words or a random sample "
         "of N rows; every row is projected"));
  fit_count_ = new QSpinBox(pca);
  fit_count_->setRange(10, 10'000'000);
  fit_count_->setValue(10000);
  auto* fit_row = new QHBoxLayout;
  fit_row->addWidget(fit_, 1);
  fit_row->addWidget(fit_count_);
  pca_form->addRow(tr("Fit on:"), fit_row);
  layout->addWidget(pca);

  auto* custom = new QGroupBox(tr("Custom axes (override PCA)"), this);
  custom->setToolTip(tr("Vector expressions, one per axis, such as woman - man"));
  auto* custom_form = new QFormLayout(custom);
  custom_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  const char* examples[3] = {"woman - man", "queen - king", ""};
  for (int axis = 0; axis < 3; ++axis) {
    axes_[axis] = new QLineEdit(custom);
    axes_[axis]->setPlaceholderText(examples[axis][0] ? tr("e.g. %1").arg(examples[axis])
                                                      : tr("optional"));
    axes_[axis]->setClearButtonEnabled(true);
    custom_form->addRow(tr("%1 axis:").arg(names[axis]), axes_[axis]);
  }
  orthogonalise_ = new QCheckBox(tr("Orthogonalise"), custom);
  orthogonalise_->setToolTip(tr("Gram-Schmidt, in order: y loses its x part, z both"));
  custom_form->addRow(orthogonalise_);
  layout->addWidget(custom);

  flat_ = new QCheckBox(tr("2D (drop z, look straight down)"), this);
  flat_->setToolTip(tr("Key 2"));
  layout->addWidget(flat_);
  auto* apply = new QPushButton(tr("Apply projection"), this);
  apply->setDefault(true);
  layout->addWidget(apply);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  layout->addStretch();

  connect(apply, &QPushButton::clicked, this, [this] { emit applyRequested(settings()); });
  for (QLineEdit* axis : axes_) {
    connect(axis, &QLineEdit::returnPressed, this, [this] { emit applyRequested(settings()); });
  }
  connect(flat_, &QCheckBox::toggled, this, [this] { emit applyRequested(settings()); });
  for (QComboBox* combo : components_) {
    connect(combo, &QComboBox::activated, this, [this] { emit applyRequested(settings()); });
  }
  setVariance(Eigen::VectorXd::Zero(3));
}

void ProjectionPanel::setVariance(const Eigen::VectorXd& ratios) {
  ratios_ = ratios;
  const ProjectionSettings current = settings();
  for (int axis = 0; axis < 3; ++axis) {
    QComboBox* combo = components_[axis];
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (Eigen::Index c = 0; c < ratios.size(); ++c) {
      combo->addItem(tr("PC%1 (%2%)").arg(c + 1).arg(100 * ratios(c), 0, 'f', 1));
    }
    combo->setCurrentIndex(std::min<int>(current.components[axis], combo->count() - 1));
  }
  chart_->setRatios(ratios, settings().components);
}

ProjectionSettings ProjectionPanel::settings() const {
  ProjectionSettings settings;
  for (int axis = 0; axis < 3; ++axis) {
    settings.components[axis] = std::max(0, components_[axis]->currentIndex());
    settings.axes[axis] = axes_[axis]->text().trimmed();
  }
  settings.spherize = spherize_->isChecked();
  settings.orthogonalise = orthogonalise_->isChecked();
  settings.fit = static_cast<ProjectionSettings::Fit>(fit_->currentIndex());
  settings.fit_count = fit_count_->value();
  settings.flat = flat_->isChecked();
  return settings;
}

void ProjectionPanel::setSettings(const ProjectionSettings& settings) {
  const QSignalBlocker flat_blocker(flat_);
  for (int axis = 0; axis < 3; ++axis) {
    const QSignalBlocker blocker(components_[axis]);
    components_[axis]->setCurrentIndex(
        std::min(settings.components[axis], components_[axis]->count() - 1));
    axes_[axis]->setText(settings.axes[axis]);
  }
  spherize_->setChecked(settings.spherize);
  orthogonalise_->setChecked(settings.orthogonalise);
  fit_->setCurrentIndex(static_cast<int>(settings.fit));
  fit_count_->setValue(settings.fit_count);
  flat_->setChecked(settings.flat);
  chart_->setRatios(ratios_, settings.components);
}

void ProjectionPanel::setStatus(const QString& text) {
  status_->setText(text);
}

QString ProjectionPanel::status() const {
  return status_->text();
}

}  // namespace embscope::ui
