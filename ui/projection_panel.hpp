// ProjectionPanel: which principal components go on x/y/z (with the explained variance of the
// first ten as a bar chart), spherize, custom semantic axes from vector expressions, fitting on a
// subset, a non-linear layout (UMAP or t-SNE, with its parameters and seed; Pause and Stop while
// it runs), and the 2D/3D switch. "Apply" asks for the projection (ProjectionController).
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
class QDoubleSpinBox;
class QGroupBox;
class QPushButton;
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
  // An iterative layout runs: Pause and Stop are enabled (Pause unchecked when it ends).
  void setLayoutRunning(bool running);

 signals:
  void applyRequested(const embscope::ui::ProjectionSettings& settings);
  void pauseToggled(bool paused);
  void stopRequested();

 private:
  QWidget* createLayoutGroup();

  VarianceChart* chart_ = nullptr;
  std::array<QComboBox*, 3> components_ = {};
  QCheckBox* spherize_ = nullptr;
  std::array<QLineEdit*, 3> axes_ = {};
  QCheckBox* orthogonalise_ = nullptr;
  QComboBox* fit_ = nullptr;
  QSpinBox* fit_count_ = nullptr;
  QCheckBox* flat_ = nullptr;
  // The method (PCA, custom axes, UMAP, t-SNE); UMAP's and t-SNE's dimensions, parameters,
  // metric and seed.
  QComboBox* method_ = nullptr;
  QComboBox* dimensions_ = nullptr;
  QSpinBox* neighbors_ = nullptr;
  QDoubleSpinBox* min_dist_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QDoubleSpinBox* perplexity_ = nullptr;
  QSpinBox* iterations_ = nullptr;
  QComboBox* metric_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QPushButton* pause_ = nullptr;
  QPushButton* stop_ = nullptr;
  QWidget* umap_rows_ = nullptr;
  QGroupBox* pca_ = nullptr;
  QGroupBox* custom_ = nullptr;
  QGroupBox* iterative_ = nullptr;
  QLabel* variance_label_ = nullptr;
  QWidget* tsne_rows_ = nullptr;
  QLabel* status_ = nullptr;
  Eigen::VectorXd ratios_;
};

}  // namespace embscope::ui
