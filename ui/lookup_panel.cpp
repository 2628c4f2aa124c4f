#include "lookup_panel.hpp"

#include <QBrush>
#include <QColor>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "embscope/torch/embedding.hpp"

namespace embscope::ui {

void LookupTableModel::setVectors(const VectorSet* set) {
  beginResetModel();
  set_ = set;
  looked_up_.clear();
  padding_.reset();
  endResetModel();
}

void LookupTableModel::setLookedUp(const std::vector<int64_t>& rows) {
  looked_up_ = std::unordered_set<int64_t>(rows.begin(), rows.end());
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void LookupTableModel::setPaddingRow(std::optional<int64_t> row) {
  padding_ = row;
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int LookupTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || set_ == nullptr ? 0 : static_cast<int>(set_->rows());
}

int LookupTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || set_ == nullptr ? 0 : static_cast<int>(2 + set_->dim());
}

QVariant LookupTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || set_ == nullptr) return {};
  const int64_t row = index.row();
  if (role == Qt::BackgroundRole) {
    if (padding_ && row == *padding_) return QBrush(QColor(128, 128, 128, 90));
    if (looked_up_.count(row) != 0) return QBrush(QColor(90, 215, 255, 110));
    return {};
  }
  if (role == Qt::ToolTipRole && padding_ && row == *padding_) {
    return tr("padding_idx: this row receives no gradient");
  }
  if (role == Qt::TextAlignmentRole && index.column() != 1)
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole) return {};
  if (index.column() == 0) return QVariant::fromValue<qlonglong>(row);
  if (index.column() == 1) return QString::fromStdString(set_->vocabulary.word(row));
  return QString::number(set_->vectors(row, index.column() - 2), 'f', 4);
}

QVariant LookupTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  if (section == 0) return tr("Index");
  if (section == 1) return tr("Word");
  return QString::number(section - 2);
}

LookupPanel::LookupPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  state_ = new QLabel(this);
  state_->setWordWrap(true);
  state_->setTextFormat(Qt::RichText);
  layout->addWidget(state_);

  auto* form = new QFormLayout;
  indices_ = new QLineEdit(this);
  indices_->setPlaceholderText(tr("indices, e.g. 0, 2, 4"));
  indices_->setToolTip(tr("embedding(torch.tensor([...])): the rows these indices look up"));
  indices_->setClearButtonEnabled(true);
  form->addRow(tr("Lookup:"), indices_);
  padding_ = new QSpinBox(this);
  padding_->setRange(-1, 0);
  padding_->setSpecialValueText(tr("none"));
  padding_->setToolTip(tr("padding_idx: the row that receives no gradient (shown grey)"));
  form->addRow(tr("padding_idx:"), padding_);
  layout->addLayout(form);
  error_ = new QLabel(this);
  error_->setStyleSheet("color: #e0604a");
  error_->setWordWrap(true);
  error_->hide();
  layout->addWidget(error_);

  table_ = new QTableView(this);
  table_->setModel(&model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  // Uniform row heights keep the view virtual: nothing is measured per row at 400,000 rows.
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setDefaultSectionSize(72);
  table_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  layout->addWidget(table_, 1);
  auto* save = new QPushButton(tr("Export looked-up rows as CSV..."), this);
  layout->addWidget(save);

  connect(indices_, &QLineEdit::returnPressed, this, [this] { lookup(indices_->text()); });
  connect(padding_, &QSpinBox::valueChanged, this, [this](int value) {
    model_.setPaddingRow(value >= 0 ? std::optional<int64_t>(value) : std::nullopt);
    updateState();
  });
  connect(save, &QPushButton::clicked, this, &LookupPanel::exportRequested);
  updateState();
}

void LookupPanel::setVectors(const VectorSet* set) {
  set_ = set;
  model_.setVectors(set);
  rows_.clear();
  indices_->clear();
  error_->hide();
  padding_->setRange(-1, set ? static_cast<int>(set->rows()) - 1 : 0);
  padding_->setValue(-1);
  table_->horizontalHeader()->resizeSection(1, 110);
  updateState();
}

void LookupPanel::refreshVectors(const VectorSet* set) {
  set_ = set;
  const int padding = padding_->value();
  model_.setVectors(set);
  model_.setLookedUp(rows_);
  model_.setPaddingRow(padding >= 0 ? std::optional<int64_t>(padding) : std::nullopt);
}

QString LookupPanel::lookup(const QString& text) {
  indices_->setText(text);
  std::vector<int64_t> rows;
  QString error;
  const QStringList parts = text.split(QRegularExpression("[,\\s\\[\\]]+"), Qt::SkipEmptyParts);
  for (int position = 0; position < parts.size(); ++position) {
    bool ok = false;
    const qlonglong value = parts[position].toLongLong(&ok);
    if (!ok) {
      error = tr("'%1' (position %2) is not an integer index").arg(parts[position]).arg(position);
      break;
    }
    rows.push_back(value);
  }
  if (error.isEmpty()) {
    try {
      check_embedding_indices(rows, set_ ? set_->rows() : 0);  // the core's, torch's wording
    } catch (const IndexError& out_of_range) {
      error = QString::fromStdString(out_of_range.what());
    }
  }
  error_->setVisible(!error.isEmpty());
  error_->setText(tr("IndexError: %1").arg(error));
  if (!error.isEmpty()) return error;
  rows_ = rows;
  model_.setLookedUp(rows_);
  if (!rows_.empty()) table_->scrollTo(model_.index(static_cast<int>(rows_.front()), 0));
  updateState();
  emit lookedUpChanged(rows_);
  return {};
}

QString LookupPanel::indicesText() const {
  return indices_->text();
}

std::optional<int64_t> LookupPanel::paddingIdx() const {
  return padding_->value() >= 0 ? std::optional<int64_t>(padding_->value()) : std::nullopt;
}

QString LookupPanel::setPaddingIdx(std::optional<int64_t> row) {
  const int64_t rows = set_ ? set_->rows() : 0;
  if (row && (*row < 0 || *row >= rows)) {
    return tr("padding_idx %1 is out of range for an embedding table of %2 rows")
        .arg(*row)
        .arg(rows);
  }
  padding_->setValue(row ? static_cast<int>(*row) : -1);
  return {};
}

void LookupPanel::updateState() {
  if (set_ == nullptr) {
    state_->setText(tr("No table loaded."));
    return;
  }
  QString text = tr("<b>Embedding(%1, %2)</b> from_pretrained, <b>frozen</b> (freeze=True): "
                    "lookups read rows, no gradient changes them.")
                     .arg(set_->rows())
                     .arg(set_->dim());
  if (padding_->value() >= 0) text += tr(" padding_idx=%1 (grey).").arg(padding_->value());
  if (!rows_.empty()) text += tr(" Looked up: %1 rows (blue).").arg(rows_.size());
  state_->setText(text);
}

}  // namespace embscope::ui
