// NeighboursPanel: the selected word's nearest neighbours as a sortable table (model/view), with
// k and the metric adjustable, "Isolate" (show only these words, re-projected) and CSV export.
#pragma once

#include <QAbstractTableModel>
#include <QWidget>
#include <vector>

#include "embscope/space/neighbour_search.hpp"
#include "embscope/space/vector_space.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;
class QSortFilterProxyModel;

namespace embscope::ui {

class NeighboursModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  using QAbstractTableModel::QAbstractTableModel;
  void setNeighbours(std::vector<ScoredWord> neighbours, Metric metric);
  const std::vector<ScoredWord>& neighbours() const { return neighbours_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  static constexpr int kRowRole = Qt::UserRole + 1;  // the word's row in the vector set

 private:
  std::vector<ScoredWord> neighbours_;
  Metric metric_ = Metric::Cosine;
};

class NeighboursPanel : public QWidget {
  Q_OBJECT

 public:
  explicit NeighboursPanel(QWidget* parent = nullptr);

  void showResult(const QString& query, std::vector<ScoredWord> neighbours, Metric metric);
  void clear();
  int k() const;
  void setK(int k);
  Metric metric() const;
  void setMetric(Metric metric);
  bool isolated() const;
  void setIsolated(bool isolated);
  const NeighboursModel& model() const { return model_; }
  QTableView* table() const { return table_; }
  // The word in the table's `row` as it is shown (after sorting).
  QString wordAt(int row) const;

 signals:
  void settingsChanged();
  void rowActivated(int64_t vector_row);
  void isolateToggled(bool isolated);
  void exportRequested();

 private:
  NeighboursModel model_;
  QSortFilterProxyModel* sorted_ = nullptr;
  QTableView* table_ = nullptr;
  QLabel* title_ = nullptr;
  QSpinBox* k_ = nullptr;
  QComboBox* metric_ = nullptr;
  QCheckBox* isolate_ = nullptr;
};

}  // namespace embscope::ui
