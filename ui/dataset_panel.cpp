#include "dataset_panel.hpp"

#include <QFileInfo>
#include <algorithm>

#include "dataset_loader.hpp"
#include "number_format.hpp"
#include "view_settings.hpp"

namespace embscope::ui {

DatasetPanel::DatasetPanel(QWidget* parent) : QLabel(parent) {
  setWordWrap(true);
  setTextInteractionFlags(Qt::TextSelectableByMouse);
  setAlignment(Qt::AlignTop | Qt::AlignLeft);
  setMargin(6);
  showDataset(nullptr);
}

void DatasetPanel::showDataset(const LoadedDataset* data) {
  if (data == nullptr) {
    setText(tr("No data set open."));
    return;
  }
  const auto& variance = data->pca.explained_variance_ratio;
  double shown = 0;
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(3, variance.size()); ++i)
    shown += variance(i);
  const double megabytes =
      static_cast<double>(data->vectors.vectors.size()) * sizeof(float) / (1024.0 * 1024.0);
  setText(
      tr("<b>%1</b><br>%2<br><br>format: %3<br>rows: %4<br>dimensions: %5<br>matrix: %6 MiB "
         "(float32)<br>read in %7 s, PCA in %8 s<br>duplicate words dropped: %9<br>metadata "
         "columns: %10<br><br>PCA variance on x, y, z: %11%")
          .arg(data->name.toHtmlEscaped(), QFileInfo(data->path).absolutePath().toHtmlEscaped(),
               data->format, grouped(data->vectors.rows()), QString::number(data->vectors.dim()),
               QString::number(megabytes, 'f', 1), QString::number(data->load_seconds, 'f', 2),
               QString::number(data->projection_seconds, 'f', 2), grouped(data->duplicates_dropped))
          .arg(data->vectors.metadata.column_names.size())
          .arg(shown * 100.0, 0, 'f', 1));
}

QString dataset_status_line(const LoadedDataset& dataset, const ProjectionSettings& settings,
                            const Eigen::VectorXd& variance) {
  QString shown_text;
  if (settings.iterative()) {
    shown_text = settings.method == LayoutMethod::Umap ? DatasetPanel::tr("UMAP")
                                                       : DatasetPanel::tr("t-SNE");
  } else if (settings.customAxes()) {
    shown_text = DatasetPanel::tr("custom axes");
  } else {
    double shown = 0;
    const int axes = settings.flat ? 2 : 3;
    for (int axis = 0; axis < axes; ++axis) {
      const Eigen::Index component = settings.components[static_cast<size_t>(axis)];
      if (component >= 0 && component < variance.size()) shown += variance(component);
    }
    shown_text =
        DatasetPanel::tr("PCA: %1% of variance shown").arg(QString::number(shown * 100.0, 'f', 1));
  }
  QString text = DatasetPanel::tr("%1  |  %2 words x %3 dims  |  loaded in %4 s  |  %5")
                     .arg(dataset.name, grouped(dataset.vectors.rows()),
                          QString::number(dataset.vectors.dim()),
                          QString::number(dataset.load_seconds, 'f', 2), shown_text);
  if (dataset.duplicates_dropped > 0) {
    text += DatasetPanel::tr("  |  %1 duplicate words dropped")
                .arg(grouped(dataset.duplicates_dropped));
  }
  return text;
}

}  // namespace embscope::ui
