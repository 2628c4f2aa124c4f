// AppearancePanel: what the colour means (frequency rank, vector norm, k-NN preservation of the
// projection, k-means clusters, metadata columns), whether its legend shows, point size, the
// labels' size, labels for the most frequent words, and the light or dark palette.
#pragma once

#include <QWidget>

#include "view_settings.hpp"

class QComboBox;
class QSlider;
class QSpinBox;
class QCheckBox;

class QSettings;

namespace embscope::ui {

class AppearancePanel : public QWidget {
  Q_OBJECT

 public:
  explicit AppearancePanel(QWidget* parent = nullptr);
  AppearanceSettings settings() const;
  void setSettings(const AppearanceSettings& settings);
  // Offers "colour by" each metadata column of the open data set.
  void setMetadataColumns(const QStringList& columns);

 signals:
  void changed(const embscope::ui::AppearanceSettings& settings);

 private:
  QComboBox* colour_ = nullptr;
  QSlider* size_ = nullptr;
  QSpinBox* labels_ = nullptr;
  QSpinBox* label_size_ = nullptr;
  QCheckBox* legend_ = nullptr;
  QCheckBox* dark_ = nullptr;
};

// The appearance kept between runs (QSettings "appearance/..."): point size, palette, frequent
// labels and label size; the colouring belongs to a data set and is not kept.
AppearanceSettings load_appearance(const QSettings& settings);
void save_appearance(QSettings& settings, const AppearanceSettings& appearance);

}  // namespace embscope::ui
