#include "appearance_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <cmath>

namespace embscope::ui {

AppearancePanel::AppearancePanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);  // narrow docks: labels above the fields
  colour_ = new QComboBox(this);
  colour_->addItem(tr("Frequency rank"), static_cast<int>(ColourBy::FrequencyRank));
  colour_->addItem(tr("Vector norm"), static_cast<int>(ColourBy::VectorNorm));
  colour_->addItem(tr("k-NN preservation (sampled)"), static_cast<int>(ColourBy::KnnPreservation));
  colour_->addItem(tr("k-means cluster (10)"), static_cast<int>(ColourBy::Cluster));
  colour_->setToolTip(
      tr("k-NN preservation: the share of a point's 10 nearest neighbours (full space) that stay "
         "among its 10 nearest on screen; low values mark where the picture misleads"));
  form->addRow(tr("Colour by:"), colour_);
  legend_ = new QCheckBox(tr("Show the colour legend"), this);
  legend_->setChecked(true);
  form->addRow(legend_);
  size_ = new QSlider(Qt::Horizontal, this);
  // Ranges and defaults from the appearance specs (view_settings.hpp), as the session's.
  size_->setRange(static_cast<int>(appearance_option::point_size.min.value()),
                  static_cast<int>(appearance_option::point_size.max.value()));
  size_->setValue(static_cast<int>(appearance_option::point_size.default_value()));
  size_->setObjectName("point-size");
  form->addRow(tr("Point size:"), size_);
  labels_ = new QSpinBox(this);
  labels_->setRange(appearance_option::frequent_labels.min.value(),
                    appearance_option::frequent_labels.max.value());
  labels_->setObjectName("frequent-labels");
  labels_->setSpecialValueText(tr("none"));
  labels_->setToolTip(
      tr("Label the N most frequent words; a label that would overlap one already placed (the "
         "selected word and its neighbours first) is left out"));
  form->addRow(tr("Frequent-word labels:"), labels_);
  label_size_ = new QSpinBox(this);
  label_size_->setRange(static_cast<int>(appearance_option::label_size.min.value()),
                        static_cast<int>(appearance_option::label_size.max.value()));
  label_size_->setValue(static_cast<int>(appearance_option::label_size.default_value()));
  label_size_->setSuffix(tr(" pt"));
  label_size_->setObjectName("labelSize");
  label_size_->setToolTip(tr("The size of every word label in the view"));
  form->addRow(tr("Label size:"), label_size_);
  dark_ = new QCheckBox(tr("Dark palette"), this);
  dark_->setChecked(true);
  form->addRow(dark_);

  const auto notify = [this] { emit changed(settings()); };
  connect(colour_, &QComboBox::currentIndexChanged, this, notify);
  connect(size_, &QSlider::valueChanged, this, notify);
  connect(labels_, &QSpinBox::valueChanged, this, notify);
  connect(label_size_, &QSpinBox::valueChanged, this, notify);
  connect(legend_, &QCheckBox::toggled, this, notify);
  connect(dark_, &QCheckBox::toggled, this, notify);
}

void AppearancePanel::setMetadataColumns(const QStringList& columns) {
  const AppearanceSettings current = settings();
  const QSignalBlocker blocker(colour_);
  for (int i = colour_->count() - 1; i >= 0; --i) {
    if (colour_->itemData(i).toInt() == static_cast<int>(ColourBy::Metadata))
      colour_->removeItem(i);
  }
  for (const QString& column : columns) {
    colour_->addItem(tr("Metadata: %1").arg(column), static_cast<int>(ColourBy::Metadata));
    colour_->setItemData(colour_->count() - 1, column, Qt::UserRole + 1);
  }
  setSettings(current);
}

AppearanceSettings AppearancePanel::settings() const {
  AppearanceSettings settings;
  settings.colour_by = static_cast<ColourBy>(colour_->currentData().toInt());
  if (settings.colour_by == ColourBy::Metadata)
    settings.metadata_column = colour_->currentData(Qt::UserRole + 1).toString();
  settings.point_size = size_->value();
  settings.frequent_labels = labels_->value();
  settings.label_size = label_size_->value();
  settings.legend = legend_->isChecked();
  settings.dark = dark_->isChecked();
  return settings;
}

void AppearancePanel::setSettings(const AppearanceSettings& settings) {
  const QSignalBlocker b1(colour_), b2(size_), b3(labels_), b4(dark_), b5(label_size_), b6(legend_);
  int index = colour_->findData(static_cast<int>(settings.colour_by));
  if (settings.colour_by == ColourBy::Metadata) {
    index = -1;
    for (int i = 0; i < colour_->count(); ++i) {
      if (colour_->itemData(i, Qt::UserRole + 1).toString() == settings.metadata_column) index = i;
    }
  }
  colour_->setCurrentIndex(std::max(0, index));
  size_->setValue(static_cast<int>(settings.point_size));
  labels_->setValue(settings.frequent_labels);
  label_size_->setValue(static_cast<int>(std::lround(settings.label_size)));
  legend_->setChecked(settings.legend);
  dark_->setChecked(settings.dark);
}

AppearanceSettings load_appearance(const QSettings& settings) {
  // Missing keys keep AppearanceSettings' own defaults (the specs' defaults too).
  AppearanceSettings appearance;
  appearance.point_size = settings.value("appearance/pointSize", appearance.point_size).toDouble();
  appearance.dark = settings.value("appearance/dark", appearance.dark).toBool();
  appearance.frequent_labels =
      settings.value("appearance/frequentLabels", appearance.frequent_labels).toInt();
  appearance.label_size = settings.value("appearance/labelSize", appearance.label_size).toDouble();
  return appearance;
}

void save_appearance(QSettings& settings, const AppearanceSettings& appearance) {
  settings.setValue("appearance/pointSize", appearance.point_size);
  settings.setValue("appearance/dark", appearance.dark);
  settings.setValue("appearance/frequentLabels", appearance.frequent_labels);
  settings.setValue("appearance/labelSize", appearance.label_size);
}

}  // namespace embscope::ui
