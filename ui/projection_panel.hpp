// ProjectionPanel: which principal components go on x/y/z (with the explained variance of the
// first ten as a bar chart), spherize, custom semantic axes from vector expressions, fitting on a
// subset, and the 2D/3D switch. "Apply" asks the main window to re-project off the UI thread.
#pragma once

#include <Eigen/Core>
#include <QWidget>
#include <array>

#include "view_settings.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace embscope::ui {

// Bars of the explained-variance ratios; the components on screen are drawn highlighted.
class VarianceChart : public QWidget {
  Q_OBJECT

 public:
  explicit VarianceChart(QWidget* parent = nullptr);
  void setRatios(const Eigen::VectorXd& ratios, std::array<int, 3> shown);
  QSize sizeHint() const override { return {260, 120}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  Eigen::VectorXd ratios_;
  std::array<int, 3> shown_ = {0, 1, 2};
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
