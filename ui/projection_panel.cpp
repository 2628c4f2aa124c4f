#include "projection_panel.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

#include "embscope/projection/layout.hpp"

namespace embscope::ui {

VarianceChart::VarianceChart(QWidget* parent) : ChartView(parent) {
  setMinimumHeight(150);
  setToolTip(tr("Explained variance ratio of the first principal components"));
  bars_ = new QBarSet(tr("explained variance"));
  series_ = new QBarSeries;
  series_->append(bars_);
  series_->setBarWidth(0.7);
  series_->setLabelsVisible(true);
  series_->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
  series_->setLabelsFormat(QStringLiteral("@value"));
  series_->setLabelsPrecision(3);
  chart()->addSeries(series_);
  x_ = new QBarCategoryAxis;
  x_->setTitleText(tr("principal component"));
  y_ = new QValueAxis;
  y_->setTitleText(tr("variance (%)"));
  y_->setLabelFormat(QStringLiteral("%.0f"));
  y_->setTickCount(3);
  chart()->addAxis(x_, Qt::AlignBottom);
  chart()->addAxis(y_, Qt::AlignLeft);
  series_->attachAxis(x_);
  series_->attachAxis(y_);
  applyPalette();
  setRatios(Eigen::VectorXd::Zero(3), {0, 1, 2});
}

void VarianceChart::setRatios(const Eigen::VectorXd& ratios, std::array<int, 3> shown) {
  const int count = static_cast<int>(std::min<Eigen::Index>(10, ratios.size()));
  bars_->remove(0, bars_->count());
  QStringList components;
  double top = 0;
  for (int i = 0; i < count; ++i) {
    bars_->append(100 * ratios(i));
    components << QString::number(i + 1);
    top = std::max(top, 100 * ratios(i));
  }
  x_->clear();
  x_->append(components);
  // Room above the highest bar for its value.
  y_->setRange(0, top > 0 ? top * 1.3 : 1);
  y_->applyNiceNumbers();
  bars_->deselectAllBars();
  for (int component : shown)
    if (component >= 0 && component < count) bars_->selectBar(component);
}

std::optional<ChartView::Hover> VarianceChart::valueAt(QPointF position) const {
  const QPointF value = chart()->mapToValue(position, series_);
  const int bar = static_cast<int>(std::lround(value.x()));
  if (bar < 0 || bar >= bars_->count() || std::abs(value.x() - bar) > 0.4) return std::nullopt;
  return Hover{chart()->mapToPosition(QPointF(bar, bars_->at(bar)), series_),
               tr("PC%1: %2% of the variance").arg(bar + 1).arg(bars_->at(bar), 0, 'f', 2)};
}

void VarianceChart::applyPalette() {
  ChartView::applyPalette();
  // Blue bars, the components on screen in amber: darker shades on the light palette.
  const bool dark = darkPalette();
  bars_->setColor(dark ? QColor(110, 140, 190) : QColor(70, 105, 165));
  bars_->setSelectedColor(dark ? QColor(250, 200, 70) : QColor(205, 130, 0));
  bars_->setBorderColor(Qt::transparent);
  bars_->setLabelColor(palette().color(QPalette::WindowText));
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  bars_->setLabelFont(small);
}

ProjectionPanel::ProjectionPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  // One method at a time, each with its own parameters below.
  auto* method_row = new QFormLayout;
  method_ = new QComboBox(this);
  method_->setObjectName(
      QString::fromUtf8(layout_option::method.name.data(), layout_option::method.name.size()));
  method_->addItem(tr("PCA"));
  method_->addItem(tr("Custom axes"));
  method_->addItem(tr("UMAP"));
  method_->addItem(tr("t-SNE"));
  method_->setToolTip(
      tr("PCA and custom axes are linear; UMAP and t-SNE unfold every row from "
         "the view on screen"));
  method_row->addRow(tr("Method:"), method_);
  layout->addLayout(method_row);
  chart_ = new VarianceChart(this);
  variance_label_ = new QLabel(tr("Explained variance (%) by component:"), this);
  layout->addWidget(variance_label_);
  layout->addWidget(chart_);

  pca_ = new QGroupBox(tr("PCA"), this);
  auto* pca = pca_;
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
  // The spec's minimum and default (embscope/projection/layout.hpp), the CLI's --fit-top's too.
  fit_count_->setRange(static_cast<int>(*layout_option::fit_count.min), 10'000'000);
  fit_count_->setValue(static_cast<int>(layout_option::fit_count.default_value()));
  fit_count_->setObjectName(QString::fromUtf8(layout_option::fit_count.name.data(),
                                              layout_option::fit_count.name.size()));
  auto* fit_row = new QHBoxLayout;
  fit_row->addWidget(fit_, 1);
  fit_row->addWidget(fit_count_);
  pca_form->addRow(tr("Fit on:"), fit_row);
  layout->addWidget(pca);

  custom_ = new QGroupBox(tr("Custom axes"), this);
  auto* custom = custom_;
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

  layout->addWidget(createLayoutGroup());
  // Only the chosen method's parameters are shown.
  const auto show_method = [this] {
    const int method = method_->currentIndex();
    for (QWidget* pca_part : {static_cast<QWidget*>(pca_), static_cast<QWidget*>(chart_),
                              static_cast<QWidget*>(variance_label_)})
      pca_part->setVisible(method == 0);
    custom_->setVisible(method == 1);
    iterative_->setVisible(method >= 2);
    if (flat_ != nullptr) flat_->setVisible(method < 2);  // UMAP and t-SNE: their Dimensions
    umap_rows_->setVisible(method == 2);
    tsne_rows_->setVisible(method == 3);
    iterative_->setTitle(method == 2 ? tr("UMAP") : tr("t-SNE"));
  };
  connect(method_, &QComboBox::currentIndexChanged, this, show_method);
  show_method();

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
  connect(pause_, &QPushButton::toggled, this, &ProjectionPanel::pauseToggled);
  connect(pause_, &QPushButton::toggled, this,
          [this](bool paused) { pause_->setText(paused ? tr("Resume") : tr("Pause")); });
  connect(stop_, &QPushButton::clicked, this, &ProjectionPanel::stopRequested);
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
    // Custom axes count only when chosen (the fields keep their text for the next time).
    if (method_->currentIndex() == 1) settings.axes[axis] = axes_[axis]->text().trimmed();
  }
  settings.spherize = spherize_->isChecked();
  settings.orthogonalise = orthogonalise_->isChecked();
  settings.fit = static_cast<ProjectionSettings::Fit>(fit_->currentIndex());
  settings.fit_count = fit_count_->value();
  settings.flat = flat_->isChecked();
  settings.method = method_->currentIndex() == 2   ? LayoutMethod::Umap
                    : method_->currentIndex() == 3 ? LayoutMethod::Tsne
                                                   : LayoutMethod::Pca;
  settings.dimensions = dimensions_->currentIndex() == 0 ? 2 : 3;
  settings.umap.neighbors = neighbors_->value();
  settings.umap.min_dist = min_dist_->value();
  settings.umap.epochs = epochs_->value();
  settings.tsne.perplexity = perplexity_->value();
  settings.tsne.iterations = iterations_->value();
  settings.metric = layout_option::kLayoutMetrics[metric_->currentIndex()].value;
  settings.seed = static_cast<uint64_t>(seed_->value());
  if (settings.iterative()) settings.flat = settings.dimensions == 2;
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
  fit_count_->setValue(static_cast<int>(settings.fit_count));
  flat_->setChecked(settings.flat);
  method_->setCurrentIndex(settings.method == LayoutMethod::Umap   ? 2
                           : settings.method == LayoutMethod::Tsne ? 3
                           : settings.customAxes()                 ? 1
                                                                   : 0);
  dimensions_->setCurrentIndex(settings.dimensions == 2 ? 0 : 1);
  neighbors_->setValue(settings.umap.neighbors);
  min_dist_->setValue(settings.umap.min_dist);
  epochs_->setValue(static_cast<int>(settings.umap.epochs));
  perplexity_->setValue(settings.tsne.perplexity);
  iterations_->setValue(static_cast<int>(settings.tsne.iterations));
  metric_->setCurrentIndex(settings.metric == Metric::Euclidean ? 1 : 0);
  seed_->setValue(static_cast<int>(std::min<uint64_t>(settings.seed, 2147483647)));
  chart_->setRatios(ratios_, settings.components);
}

void ProjectionPanel::setLayoutRunning(bool running) {
  if (!running) {
    const QSignalBlocker blocker(pause_);
    pause_->setChecked(false);
    pause_->setText(tr("Pause"));
  }
  pause_->setEnabled(running);
  stop_->setEnabled(running);
}

namespace {

QString spec_name(std::string_view name) {
  return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

// A spin box with a spec's name, range and default (embscope/projection/layout.hpp).
template <class Spec>
QSpinBox* spin_for(const Spec& spec, int max, QWidget* parent) {
  auto* box = new QSpinBox(parent);
  box->setObjectName(spec_name(spec.name));
  box->setRange(static_cast<int>(spec.min.value_or(0)),
                static_cast<int>(std::min<double>(spec.max.value_or(max), max)));
  box->setValue(static_cast<int>(spec.default_value()));
  box->setToolTip(spec_name(spec.help));
  return box;
}

template <class Spec>
QDoubleSpinBox* double_spin_for(const Spec& spec, double max, int decimals, QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setObjectName(spec_name(spec.name));
  box->setDecimals(decimals);
  box->setRange(spec.min.value_or(0), std::min(spec.max.value_or(max), max));
  box->setValue(spec.default_value());
  box->setToolTip(spec_name(spec.help));
  return box;
}

}  // namespace

QWidget* ProjectionPanel::createLayoutGroup() {
  auto* group = new QGroupBox(tr("UMAP"), this);
  iterative_ = group;
  group->setToolTip(tr("A layout of every row that unfolds from the view on screen"));
  auto* form = new QFormLayout(group);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  dimensions_ = new QComboBox(group);
  dimensions_->setObjectName(spec_name(layout_option::dimensions.name));
  dimensions_->addItems({tr("2D"), tr("3D")});
  form->addRow(tr("Dimensions:"), dimensions_);

  umap_rows_ = new QWidget(group);
  auto* umap = new QFormLayout(umap_rows_);
  umap->setContentsMargins(0, 0, 0, 0);
  neighbors_ = spin_for(layout_option::neighbors, 200, umap_rows_);
  umap->addRow(tr("Neighbours:"), neighbors_);
  min_dist_ = double_spin_for(layout_option::min_dist, 10.0, 2, umap_rows_);
  min_dist_->setSingleStep(0.05);
  umap->addRow(tr("Min. distance:"), min_dist_);
  epochs_ = spin_for(layout_option::epochs, 100000, umap_rows_);
  epochs_->setSpecialValueText(tr("auto"));
  umap->addRow(tr("Epochs:"), epochs_);
  form->addRow(umap_rows_);

  tsne_rows_ = new QWidget(group);
  auto* tsne = new QFormLayout(tsne_rows_);
  tsne->setContentsMargins(0, 0, 0, 0);
  perplexity_ = double_spin_for(layout_option::perplexity, 1000.0, 1, tsne_rows_);
  tsne->addRow(tr("Perplexity:"), perplexity_);
  iterations_ = spin_for(layout_option::iterations, 100000, tsne_rows_);
  tsne->addRow(tr("Iterations:"), iterations_);
  form->addRow(tsne_rows_);

  metric_ = new QComboBox(group);
  metric_->setObjectName(spec_name(layout_option::metric.name));
  for (const auto& choice : layout_option::kLayoutMetrics) metric_->addItem(spec_name(choice.name));
  form->addRow(tr("Metric:"), metric_);
  seed_ = new QSpinBox(group);
  seed_->setObjectName(spec_name(layout_option::seed.name));
  seed_->setRange(0, 2147483647);
  seed_->setValue(static_cast<int>(layout_option::seed.default_value()));
  seed_->setToolTip(tr("The same seed and data give the same layout"));
  form->addRow(tr("Seed:"), seed_);
  pause_ = new QPushButton(tr("Pause"), group);
  pause_->setObjectName("pauseLayout");
  pause_->setCheckable(true);
  stop_ = new QPushButton(tr("Stop"), group);
  stop_->setObjectName("stopLayout");
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(pause_);
  buttons->addWidget(stop_);
  form->addRow(buttons);
  setLayoutRunning(false);

  return group;
}

void ProjectionPanel::setStatus(const QString& text) {
  status_->setText(text);
}

QString ProjectionPanel::status() const {
  return status_->text();
}

}  // namespace embscope::ui
