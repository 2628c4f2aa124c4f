// DatasetPanel: the Data set panel - what the shown file is (name, folder, format, rows,
// dimensions, matrix size, read and PCA times, duplicate words dropped, metadata columns, the
// variance the first three components show) - and the status bar's one-line summary of it.
#pragma once

#include <Eigen/Core>
#include <QLabel>
#include <QString>

namespace embscope::ui {

struct LoadedDataset;
struct ProjectionSettings;

class DatasetPanel : public QLabel {
  Q_OBJECT

 public:
  explicit DatasetPanel(QWidget* parent = nullptr);
  // Describes `dataset` (nullptr: none open).
  void showDataset(const LoadedDataset* dataset);
};

// The status bar's line for `dataset` shown with `settings`: name, size, load time and the share
// of the variance on the axes shown, from the explained-variance ratios `variance` (K) of the PCA
// whose components `settings` shows (x and y only in 2D; "custom axes" for those).
QString dataset_status_line(const LoadedDataset& dataset, const ProjectionSettings& settings,
                            const Eigen::VectorXd& variance);

}  // namespace embscope::ui
