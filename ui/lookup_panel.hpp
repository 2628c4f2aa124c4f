// LookupPanel: the embedding table as nn.Embedding sees it. A virtual table (index, word,
// values) that stays fast at 400,000 rows; typing indices such as `0, 2, 4` performs the lookup
// those indices would: the rows are highlighted here and their points marked in the view. The
// table's state is shown: loaded vectors are `from_pretrained(freeze=True)`, and a padding row
// can be set to see it marked.
#pragma once

#include <QAbstractTableModel>
#include <QWidget>
#include <optional>
#include <unordered_set>
#include <vector>

#include "embscope/vectors/vector_set.hpp"

class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace embscope::ui {

class LookupTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  using QAbstractTableModel::QAbstractTableModel;
  void setVectors(const VectorSet* set);
  // The same table with new values (training): keeps the lookup and the padding row.
  void refreshVectors(const VectorSet* set);
  void setLookedUp(const std::vector<int64_t>& rows);
  void setPaddingRow(std::optional<int64_t> row);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  const VectorSet* set_ = nullptr;
  std::unordered_set<int64_t> looked_up_;
  std::optional<int64_t> padding_;
};

class LookupPanel : public QWidget {
  Q_OBJECT

 public:
  explicit LookupPanel(QWidget* parent = nullptr);
  void setVectors(const VectorSet* set);
  // The same table with new values (training): keeps the lookup and the padding row.
  void refreshVectors(const VectorSet* set);

  // Parses `text` (indices separated by commas or spaces) and performs the lookup. Returns an
  // error message (torch's wording for an index out of range) or "" on success.
  QString lookup(const QString& text);
  const std::vector<int64_t>& lookedUp() const { return rows_; }
  QString indicesText() const;
  // padding_idx: the row that receives no gradient, shown grey (none: no padding row).
  std::optional<int64_t> paddingIdx() const;
  // Returns an error message (out of range for the table) or "" on success.
  QString setPaddingIdx(std::optional<int64_t> row);
  QTableView* table() const { return table_; }

 signals:
  void lookedUpChanged(const std::vector<int64_t>& rows);
  void exportRequested();

 private:
  void updateState();

  LookupTableModel model_;
  const VectorSet* set_ = nullptr;
  std::vector<int64_t> rows_;
  QLineEdit* indices_ = nullptr;
  QLabel* state_ = nullptr;
  QLabel* error_ = nullptr;
  QSpinBox* padding_ = nullptr;
  QTableView* table_ = nullptr;
};

}  // namespace embscope::ui
