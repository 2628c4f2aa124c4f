#include "neighbours_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace embscope::ui {

void NeighboursModel::setNeighbours(std::vector<ScoredWord> neighbours, Metric metric) {
  beginResetModel();
  neighbours_ = std::move(neighbours);
  metric_ = metric;
  endResetModel();
}

int NeighboursModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(neighbours_.size());
}

int NeighboursModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 3;
}

QVariant NeighboursModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const ScoredWord& neighbour = neighbours_[static_cast<size_t>(index.row())];
  if (role == kRowRole) return QVariant::fromValue<qlonglong>(neighbour.index);
  if (role == Qt::TextAlignmentRole && index.column() != 1)
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
  switch (index.column()) {
    case 0:
      return index.row() + 1;
    case 1:
      return QString::fromStdString(neighbour.word);
    default:
      // EditRole keeps the number for sorting; the display shows four decimals.
      return role == Qt::EditRole ? QVariant(neighbour.score)
                                  : QVariant(QString::number(neighbour.score, 'f', 4));
  }
}

QVariant NeighboursModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  switch (section) {
    case 0:
      return tr("Rank");
    case 1:
      return tr("Word");
    default:
      return metric_ == Metric::Cosine ? tr("Cosine") : tr("Distance");
  }
}

NeighboursPanel::NeighboursPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  title_ = new QLabel(tr("Select a word (click a point or search)."), this);
  title_->setWordWrap(true);
  layout->addWidget(title_);

  auto* controls = new QHBoxLayout;
  k_ = new QSpinBox(this);
  k_->setRange(neighbour_option::k.min.value(), neighbour_option::k.max.value());
  k_->setValue(neighbour_option::k.default_value());
  k_->setObjectName("neighbors");
  k_->setPrefix(tr("k = "));
  k_->setToolTip(tr("How many neighbours to list and draw"));
  metric_ = new QComboBox(this);
  metric_->addItem(tr("Cosine"), static_cast<int>(Metric::Cosine));
  metric_->addItem(tr("Euclidean"), static_cast<int>(Metric::Euclidean));
  isolate_ = new QCheckBox(tr("Isolate"), this);
  isolate_->setToolTip(
      tr("Show only the word and its neighbours, re-projected by a PCA fitted on them"));
  auto* save = new QPushButton(tr("CSV..."), this);
  save->setToolTip(tr("Export this table as CSV"));
  controls->addWidget(k_);
  controls->addWidget(metric_);
  controls->addWidget(isolate_);
  controls->addStretch();
  layout->addLayout(controls);

  sorted_ = new QSortFilterProxyModel(this);
  sorted_->setSourceModel(&model_);
  sorted_->setSortRole(Qt::EditRole);
  table_ = new QTableView(this);
  table_->setModel(sorted_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(0, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  table_->setAlternatingRowColors(true);
  layout->addWidget(table_, 1);
  auto* actions = new QHBoxLayout;
  actions->addStretch();
  actions->addWidget(save);
  layout->addLayout(actions);

  connect(k_, &QSpinBox::valueChanged, this, &NeighboursPanel::settingsChanged);
  connect(metric_, &QComboBox::currentIndexChanged, this, &NeighboursPanel::settingsChanged);
  connect(isolate_, &QCheckBox::toggled, this, &NeighboursPanel::isolateToggled);
  connect(save, &QPushButton::clicked, this, &NeighboursPanel::exportRequested);
  connect(table_, &QTableView::activated, this, [this](const QModelIndex& index) {
    emit rowActivated(index.data(NeighboursModel::kRowRole).toLongLong());
  });
  connect(table_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    emit rowActivated(index.data(NeighboursModel::kRowRole).toLongLong());
  });
}

void NeighboursPanel::showResult(const QString& query, std::vector<ScoredWord> neighbours,
                                 Metric metric) {
  title_->setText(tr("Nearest to <b>%1</b> (%2)")
                      .arg(query.toHtmlEscaped(), metric == Metric::Cosine
                                                      ? tr("cosine similarity")
                                                      : tr("Euclidean distance")));
  model_.setNeighbours(std::move(neighbours), metric);
}

void NeighboursPanel::clear() {
  title_->setText(tr("Select a word (click a point or search)."));
  model_.setNeighbours({}, metric());
}

int NeighboursPanel::k() const {
  return k_->value();
}
void NeighboursPanel::setK(int k) {
  k_->setValue(k);
}
Metric NeighboursPanel::metric() const {
  return static_cast<Metric>(metric_->currentData().toInt());
}
void NeighboursPanel::setMetric(Metric metric) {
  metric_->setCurrentIndex(std::max(0, metric_->findData(static_cast<int>(metric))));
}
bool NeighboursPanel::isolated() const {
  return isolate_->isChecked();
}
void NeighboursPanel::setIsolated(bool isolated) {
  isolate_->setChecked(isolated);
}

QString NeighboursPanel::wordAt(int row) const {
  return sorted_->index(row, 1).data().toString();
}

}  // namespace embscope::ui
