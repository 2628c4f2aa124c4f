// ProjectionPanel: which principal components go on x/y/z (with the explained variance of the
// first ten as a bar chart), spherize, custom semantic axes from vector expressions, fitting on a
// subset, and the 2D/3D switch. "Apply" asks the main window to re-project off the UI thread.
#pragma once

#include <Eigen/Core>
#include <QWidget>
#include <array>

#include "chart_view.hpp"
#include "view_settings.hpp"

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QValueAxis;

namespace embscope::ui {

// Bars of the explained-variance ratios of the first ten components, in percent, with their
// values above them and under the pointer; the components on screen are drawn highlighted.
class VarianceChart : public ChartView {
  Q_OBJECT

 public:
  explicit VarianceChart(QWidget* parent = nullptr);
  // `ratios`: explained-variance ratios (0..1) by component; `shown`: the components on x, y, z.
  void setRatios(const Eigen::VectorXd& ratios, std::array<int, 3> shown);
  QSize sizeHint() const override { return {260, 170}; }
  // The bars, 100 x ratio each (for tests).
  QBarSet* bars() const { return bars_; }

 protected:
  std::optional<Hover> valueAt(QPointF position) const override;
  void applyPalette() override;

 private:
  QBarSeries* series_ = nullptr;
  QBarSet* bars_ = nullptr;
  QBarCategoryAxis* x_ = nullptr;
  QValueAxis* y_ = nullptr;
};

class ProjectionPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ProjectionPanel(QWidget* parent = nullptr);
  void setVariance(const Eigen::VectorXd& ratios);
  ProjectionSettings settings() const;
  void setSettings(const ProjectionSettings& settings);
  void setStatus(const QString& text);
  QString status() const;

 signals:
  void applyRequested(const embscope::ui::ProjectionSettings& settings);

 private:
  VarianceChart* chart_ = nullptr;
  std::array<QComboBox*, 3> components_ = {};
  QCheckBox* spherize_ = nullptr;
  std::array<QLineEdit*, 3> axes_ = {};
  QCheckBox* orthogonalise_ = nullptr;
  QComboBox* fit_ = nullptr;
  QSpinBox* fit_count_ = nullptr;
  QCheckBox* flat_ = nullptr;
  QLabel* status_ = nullptr;
  Eigen::VectorXd ratios_;
};

}  // namespace embscope::ui
