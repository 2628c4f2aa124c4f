// MainWindow, the view half: everything drawn over the 3D scene (word labels, arrows and their
// legend, training trails, the colour legend, the hover box), the picker that puts rows on the
// screen for them, the hover that follows a still pointer, and the /regex/ search highlight.
//
// Every position drawn here comes from the camera of the frame it is drawn over: VtkView's
// update() repaints the overlay in the same composition as the scene, ensurePicker() recomputes
// the screen positions whenever the camera, the view's size or the points differ from what they
// were computed for, and refreshHover() runs inside paintGL() before VTK renders.
#include <QFontMetricsF>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QStatusBar>
#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

#include "embscope/base/norms.hpp"
#include "label_grid.hpp"
#include "lookup_panel.hpp"
#include "main_window.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {
namespace {

// Matches of a /regex/ search framed by the camera at most (more cover the cloud anyway).
constexpr size_t kFramedMatches = 500;

QString legend_text(const AppearanceSettings& appearance) {
  switch (appearance.colour_by) {
    case ColourBy::Metadata:
      return QObject::tr("colour: metadata column %1 (grey = empty)")
          .arg(appearance.metadata_column);
    case ColourBy::VectorNorm:
      return QObject::tr("colour: vector norm (bright = long)");
    case ColourBy::KnnPreservation:
      return QObject::tr(
          "colour: share of 10 nearest neighbours kept on screen (bright = faithful; grey = not "
          "sampled)");
    default:
      return QObject::tr("colour: frequency rank (bright = frequent)");
  }
}

QColor rgb(const std::array<int, 3>& c) {
  return QColor(c[0], c[1], c[2]);
}

// Label colours for the palette: a semi-opaque box keeps the text readable over bright points.
struct LabelColours {
  QColor box, border, text, dim_text, match_text;
};
LabelColours label_colours(bool dark) {
  if (dark) {
    return {QColor(20, 22, 28, 205), QColor(255, 255, 255, 40), QColor(238, 238, 240),
            QColor(205, 210, 220), QColor(255, 130, 235)};
  }
  return {QColor(255, 255, 255, 225), QColor(0, 0, 0, 70), QColor(22, 24, 30), QColor(55, 60, 70),
          QColor(170, 0, 150)};
}

// A legend panel's background, readable on both palettes' backgrounds.
void legend_box(QPainter& painter, const QRectF& area, bool dark) {
  painter.setPen(dark ? QColor(255, 255, 255, 40) : QColor(0, 0, 0, 60));
  painter.setBrush(dark ? QColor(14, 16, 20, 200) : QColor(255, 255, 255, 225));
  painter.drawRoundedRect(area, 5, 5);
}

}  // namespace

void MainWindow::ensurePicker() {
  if (!dataset_) return;
  const Eigen::Matrix4d matrix = view_->worldToClip();
  const QSize size = view_->size();
  if (!picker_dirty_ && matrix == picker_matrix_ && size == picker_size_ &&
      scene_->positionsVersion() == picker_positions_) {
    return;
  }
  picker_.update(scene_->positions(), matrix, size.width(), size.height());
  picker_matrix_ = matrix;
  picker_size_ = size;
  picker_positions_ = scene_->positionsVersion();
  picker_dirty_ = false;
}

std::optional<QPointF> MainWindow::screenPosition(int64_t row) {
  ensurePicker();
  const auto index = sceneIndexOf(row);
  const auto& screen = picker_.screen_points();
  if (!index || *index < 0 || *index >= static_cast<int64_t>(screen.size())) return std::nullopt;
  const ScreenPoint& p = screen[static_cast<size_t>(*index)];
  if (!p.visible) return std::nullopt;
  return QPointF(p.x, p.y);
}

void MainWindow::setHovered(std::optional<int64_t> scene_index) {
  const std::optional<int64_t> row =
      scene_index ? std::optional<int64_t>(rowOf(*scene_index)) : std::nullopt;
  hovered_ = row;
  scene_->setHighlight(scene_index);
  if (row) {
    // Right also for components whose float squares overflow (embscope/base/norms.hpp).
    const double norm = euclidean_norm(dataset_->vectors.vectors.row(*row));
    hover_label_->setText(
        tr("%1  |  rank %2  |  norm %3")
            .arg(hoveredWord(), grouped(*row + 1),
                 norm < 1e6 ? QString::number(norm, 'f', 3) : QString::number(norm, 'g', 4)));
  } else {
    hover_label_->clear();
  }
}

void MainWindow::updateHover(QPoint position) {
  if (!dataset_) return;
  ensurePicker();
  const std::optional<int64_t> hit = picker_.pick(position.x(), position.y(), kPickRadiusPixels);
  const std::optional<int64_t> row = hit ? std::optional<int64_t>(rowOf(*hit)) : std::nullopt;
  if (row == hovered_) return;
  setHovered(hit);
  view_->update();
}

void MainWindow::refreshHover() {
  if (!dataset_) return;
  const std::optional<QPoint> pointer = view_->pointerPosition();
  // While a drag turns the camera the hovered word stays (its box follows its point); the drag's
  // end, a wheel step or new points pick again under the pointer.
  if (!pointer || view_->dragging()) return;
  ensurePicker();
  const std::optional<int64_t> hit = picker_.pick(pointer->x(), pointer->y(), kPickRadiusPixels);
  const std::optional<int64_t> row = hit ? std::optional<int64_t>(rowOf(*hit)) : std::nullopt;
  if (row == hovered_ && scene_->highlight() == hit) return;
  // Inside paintGL(): the highlight actor changes before VTK renders this frame; the status
  // bar's text changes with it (its own small repaint).
  setHovered(hit);
}

QString MainWindow::hoveredWord() const {
  if (!dataset_ || !hovered_) return {};
  return QString::fromStdString(dataset_->vectors.vocabulary.word(*hovered_));
}

void MainWindow::paintOverlay(QPainter& painter) {
  drawn_labels_.clear();
  LabelGrid grid(QSizeF(view_->width(), view_->height()));
  if (dataset_) {
    ensurePicker();
    if (appearance_.legend) grid.reserve(drawColourLegend(painter));
    grid.reserve(drawArrowLegend(painter));
    // Axis names of a custom or chosen projection.
    if (projection_settings_.customAxes() ||
        projection_settings_.components != std::array{0, 1, 2}) {
      const QString axes =
          tr("x: %1   y: %2%3")
              .arg(QString::fromStdString(axis_labels_[0]), QString::fromStdString(axis_labels_[1]),
                   projection_settings_.flat
                       ? QString()
                       : tr("   z: %1").arg(QString::fromStdString(axis_labels_[2])));
      const QFontMetricsF metrics(view_->font());
      const QRectF area(10, 8, metrics.horizontalAdvance(axes) + 12, metrics.height() + 6);
      legend_box(painter, area, appearance_.dark);
      painter.setPen(label_colours(appearance_.dark).text);
      painter.drawText(area, Qt::AlignCenter, axes);
      grid.reserve(area);
    }
  }
  drawArrows(painter, grid);
  drawTrails(painter);

  // The word under the pointer outranks every label: its box is reserved first, drawn last.
  QFont font = view_->font();
  font.setPointSizeF(appearance_.label_size);
  std::optional<DrawnLabel> hover;
  if (dataset_ && hovered_) {
    if (const auto position = screenPosition(*hovered_)) {
      QFont bold = font;
      bold.setBold(true);
      const QFontMetricsF metrics(bold);
      const QString word = hoveredWord();
      QRectF box(position->x() + 9, position->y() - metrics.height() - 8,
                 metrics.horizontalAdvance(word) + 14, metrics.height() + 6);
      if (box.right() > view_->width()) box.moveRight(position->x() - 9);
      if (box.top() < 0) box.moveTop(position->y() + 9);
      hover = DrawnLabel{*hovered_, word, *position, box, bold.pointSizeF(), true};
      grid.reserve(box);
    }
  }
  drawLabels(painter, grid);
  if (!hover) return;
  QFont bold = font;
  bold.setBold(true);
  painter.setFont(bold);
  painter.setPen(QPen(rgb(scene_->hoverColour()), 1.5));
  painter.setBrush(label_colours(appearance_.dark).box);
  painter.drawRoundedRect(hover->box, 5, 5);
  painter.setPen(label_colours(appearance_.dark).text);
  painter.drawText(hover->box, Qt::AlignCenter, hover->text);
  drawn_labels_.push_back(*hover);
}

void MainWindow::drawLabels(QPainter& painter, LabelGrid& grid) {
  if (!dataset_) return;
  ensurePicker();
  const LabelColours colours = label_colours(appearance_.dark);
  QFont font = view_->font();
  font.setPointSizeF(appearance_.label_size);  // one size for every label
  QFont bold = font;
  bold.setBold(true);
  const QFontMetricsF metrics(font), bold_metrics(bold);
  const auto& screen = picker_.screen_points();
  const auto word = [&](int64_t row) {
    return QString::fromStdString(dataset_->vectors.vocabulary.word(row));
  };
  enum class Style { Selected, Arrow, Neighbour, Match, Frequent };
  std::unordered_set<int64_t> labelled;
  if (hovered_) labelled.insert(*hovered_);  // its hover box names it
  // Offered in priority order; a label that would overlap one already placed (or a legend) is
  // tried at the other places around its point (see `at`), then left out.
  const auto label = [&](int64_t row, const QString& text, Style style) {
    if (labelled.count(row) != 0) return;
    const auto index = sceneIndexOf(row);
    if (!index || *index < 0 || *index >= static_cast<int64_t>(screen.size())) return;
    const ScreenPoint& p = screen[static_cast<size_t>(*index)];
    if (!p.visible) return;
    const QPointF anchor(p.x, p.y);
    const bool strong = style == Style::Selected || style == Style::Arrow;
    const QFontMetricsF& m = strong ? bold_metrics : metrics;
    const QSizeF size(m.horizontalAdvance(text) + 8, m.height() + 2);
    const QRectF view_area(0, 0, view_->width(), view_->height());
    // Places around the point, nearest first: right, left, above, below, the diagonals; a label
    // that must be shown (all but frequent words) then tries rings further out, joined to its
    // point by a thin leader line. Every place lies wholly inside the view: a label near the
    // right edge goes to the left of its point.
    const auto at = [&](double dx, double dy, double gap) {
      const double x = dx > 0   ? anchor.x() + gap
                       : dx < 0 ? anchor.x() - gap - size.width()
                                : anchor.x() - size.width() / 2;
      const double y = dy > 0   ? anchor.y() + gap - 2
                       : dy < 0 ? anchor.y() - gap - size.height() + 2
                                : anchor.y() - size.height() / 2;
      return QRectF(QPointF(x, y), size);
    };
    static constexpr std::array<std::array<int, 2>, 8> kPlaces = {
        {{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}}};
    const int rings = style == Style::Frequent ? 1 : 4;
    QRectF box;
    bool leader = false;
    bool placed = false;
    for (int ring = 0; ring < rings && !placed; ++ring) {
      const double gap = 7 + ring * (size.height() + 4);
      for (const auto& [dx, dy] : kPlaces) {
        if (ring == 0 && style == Style::Frequent && dy != 0) break;  // right or left only
        box = at(dx, dy, gap);
        if (view_area.contains(box) && grid.place(box)) {
          placed = true;
          leader = ring > 0;
          break;
        }
      }
    }
    if (!placed) return;
    labelled.insert(row);
    if (leader) {
      const QPointF end(std::clamp(anchor.x(), box.left(), box.right()),
                        std::clamp(anchor.y(), box.top(), box.bottom()));
      painter.setPen(QPen(colours.border, 1));
      painter.drawLine(anchor, end);
    }
    painter.setFont(strong ? bold : font);
    if (style == Style::Selected) {
      painter.setPen(Qt::NoPen);
      painter.setBrush(QColor(90, 60, 10, 235));
      painter.drawRoundedRect(box, 4, 4);
      painter.setPen(QColor(255, 215, 90));
    } else {
      painter.setPen(QPen(colours.border, 1));
      painter.setBrush(colours.box);
      painter.drawRoundedRect(box, 4, 4);
      painter.setPen(style == Style::Match      ? colours.match_text
                     : style == Style::Frequent ? colours.dim_text
                                                : colours.text);
    }
    painter.drawText(box, Qt::AlignCenter, text);
    drawn_labels_.push_back({row, text, anchor, box, (strong ? bold : font).pointSizeF(), false});
  };

  if (selected_) label(*selected_, word(*selected_), Style::Selected);
  for (const auto* list : {&arrows_, &pair_arrows_}) {
    for (const Arrow& arrow : *list) {
      label(arrow.from, word(arrow.from), Style::Arrow);
      label(arrow.to, word(arrow.to), Style::Arrow);
    }
  }
  if (selected_) {
    for (const ScoredWord& n : neighbours_) {
      label(n.index,
            QStringLiteral("%1 %2").arg(QString::fromStdString(n.word),
                                        QString::number(n.score, 'f', 2)),
            Style::Neighbour);
    }
  }
  for (int64_t row : tracked_rows_) label(row, word(row), Style::Neighbour);
  for (int64_t row : lookup_panel_->lookedUp())
    label(row, QStringLiteral("[%1] %2").arg(row).arg(word(row)), Style::Neighbour);
  for (int64_t row : search_matches_) label(row, word(row), Style::Match);
  const int64_t frequent = std::min<int64_t>(appearance_.frequent_labels, dataset_->vectors.rows());
  for (int64_t row = 0; row < frequent; ++row) label(row, word(row), Style::Frequent);
}

QRectF MainWindow::drawColourLegend(QPainter& painter) {
  legend_entries_.clear();
  if (!dataset_) return {};
  QFont font = view_->font();
  painter.setFont(font);
  const QFontMetricsF metrics(font);
  const double line = metrics.height() + 3;
  const LabelColours colours = label_colours(appearance_.dark);
  if (!scene_->categorical()) {
    // A continuous value: a gradient bar and what it means.
    const QString legend = legend_text(appearance_);
    const double bar_width = 120;
    const QRectF area(10, view_->height() - metrics.height() - 14,
                      metrics.horizontalAdvance(legend) + bar_width + 26, metrics.height() + 8);
    legend_box(painter, area, appearance_.dark);
    QLinearGradient gradient(area.left() + 7, 0, area.left() + 7 + bar_width, 0);
    for (int stop = 0; stop <= 8; ++stop) {
      const double t = stop / 8.0;
      gradient.setColorAt(t,
                          rgb(scene_->colourOf(scene_->colourLow() +
                                               t * (scene_->colourHigh() - scene_->colourLow()))));
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(gradient);
    painter.drawRect(QRectF(area.left() + 7, area.top() + 5, bar_width, area.height() - 10));
    painter.setPen(colours.text);
    painter.drawText(area.adjusted(bar_width + 14, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                     legend);
    return area;
  }
  // Classes: a swatch, the name and the count of each, largest first when they do not all fit.
  const std::vector<std::string>& names = scene_->categories();
  const std::vector<int64_t> counts = scene_->categoryCounts();
  std::vector<size_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t palette = PointCloudScene::kCategoricalPalette.size();
  if (order.size() > palette) {
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return counts[a] > counts[b]; });
    order.resize(palette);
  }
  for (size_t id : order) {
    legend_entries_.push_back({QString::fromStdString(names[id]),
                               rgb(PointCloudScene::categoryColour(static_cast<int64_t>(id))),
                               counts[id]});
  }
  if (counts.back() > 0)
    legend_entries_.push_back({tr("(none)"), QColor(115, 115, 115), counts.back()});
  const QString title =
      appearance_.colour_by == ColourBy::Cluster
          ? tr("k-means cluster (%1 classes)").arg(names.size())
          : tr("%1 (%2 classes)").arg(appearance_.metadata_column).arg(names.size());
  QStringList notes;
  if (names.size() > order.size()) {
    notes << tr("%1 more classes not listed").arg(names.size() - order.size())
          << tr("colours repeat every %1 classes").arg(palette);
  }
  double width = metrics.horizontalAdvance(title);
  for (const LegendEntry& entry : legend_entries_) {
    width = std::max(width, 18 + metrics.horizontalAdvance(entry.name) + 12 +
                                metrics.horizontalAdvance(grouped(entry.count)));
  }
  for (const QString& note : notes) width = std::max(width, metrics.horizontalAdvance(note));
  const double rows = 1 + static_cast<double>(legend_entries_.size() + notes.size());
  const QRectF area(10, view_->height() - rows * line - 18, width + 20, rows * line + 8);
  legend_box(painter, area, appearance_.dark);
  double y = area.top() + 4;
  painter.setPen(colours.text);
  painter.drawText(QRectF(area.left() + 10, y, width, line), Qt::AlignVCenter | Qt::AlignLeft,
                   title);
  y += line;
  for (const LegendEntry& entry : legend_entries_) {
    painter.setPen(Qt::NoPen);
    painter.setBrush(entry.colour);
    painter.drawRoundedRect(QRectF(area.left() + 10, y + (line - 11) / 2, 11, 11), 2, 2);
    painter.setPen(colours.text);
    const QRectF text(area.left() + 28, y, width - 18, line);
    painter.drawText(text, Qt::AlignVCenter | Qt::AlignLeft, entry.name);
    painter.setPen(colours.dim_text);
    painter.drawText(text, Qt::AlignVCenter | Qt::AlignRight, grouped(entry.count));
    y += line;
  }
  painter.setPen(colours.dim_text);
  for (const QString& note : notes) {
    painter.drawText(QRectF(area.left() + 10, y, width, line), Qt::AlignVCenter | Qt::AlignLeft,
                     note);
    y += line;
  }
  return area;
}

QRectF MainWindow::drawArrowLegend(QPainter& painter) {
  std::vector<const Arrow*> listed;
  for (const Arrow& arrow : arrows_) {
    if (!arrow.legend.isEmpty()) listed.push_back(&arrow);
  }
  if (listed.empty() || !dataset_) return {};
  QFont font = view_->font();
  painter.setFont(font);
  const QFontMetricsF metrics(font);
  const double line = metrics.height() + 4;
  double width = 0;
  for (const Arrow* arrow : listed)
    width = std::max(width, metrics.horizontalAdvance(arrow->legend));
  const double sample = 30;
  const QRectF area(view_->width() - width - sample - 34, 10, width + sample + 24,
                    static_cast<double>(listed.size()) * line + 8);
  legend_box(painter, area, appearance_.dark);
  double y = area.top() + 4;
  for (const Arrow* arrow : listed) {
    const double middle = y + line / 2;
    QPen pen(arrow->colour, 2.5);
    if (arrow->dashed) pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    const QPointF from(area.left() + 8, middle), to(area.left() + 8 + sample, middle);
    painter.drawLine(from, to);
    if (!arrow->dashed) {
      painter.setPen(Qt::NoPen);
      painter.setBrush(arrow->colour);
      painter.drawPolygon(QPolygonF({to, to + QPointF(-8, -4), to + QPointF(-8, 4)}));
    }
    painter.setPen(label_colours(appearance_.dark).text);
    painter.drawText(QRectF(area.left() + sample + 16, y, width + 4, line),
                     Qt::AlignVCenter | Qt::AlignLeft, arrow->legend);
    y += line;
  }
  return area;
}

void MainWindow::drawArrows(QPainter& painter, LabelGrid& grid) {
  if (!dataset_) return;
  painter.setRenderHint(QPainter::Antialiasing);
  const auto draw = [&](const Arrow& arrow) {
    const auto from = screenPosition(arrow.from);
    const auto to = screenPosition(arrow.to);
    if (!from || !to) return;
    QPen pen(arrow.colour, arrow.dashed ? 1.5 : 2.5);
    if (arrow.dashed) pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    painter.drawLine(*from, *to);
    if (arrow.dashed) return;
    // The head: a filled triangle at the target.
    const QPointF direction = *to - *from;
    const double length = std::hypot(direction.x(), direction.y());
    if (length < 4) return;
    const QPointF unit = direction / length;
    const QPointF normal(-unit.y(), unit.x());
    const QPointF base = *to - unit * 11.0;
    painter.setBrush(arrow.colour);
    painter.setPen(Qt::NoPen);
    const QPolygonF head({*to, base + normal * 5.0, base - normal * 5.0});
    painter.drawPolygon(head);
    grid.reserve(head.boundingRect());  // labels leave the heads visible
  };
  for (const Arrow& arrow : pair_arrows_) draw(arrow);
  for (const Arrow& arrow : arrows_) draw(arrow);
}

void MainWindow::drawTrails(QPainter& painter) {
  if (!dataset_ || tracked_rows_.empty()) return;
  painter.setRenderHint(QPainter::Antialiasing);
  const QColor colour(120, 230, 255);
  const Eigen::Matrix4d world_to_clip = view_->worldToClip();
  for (int64_t row : tracked_rows_) {
    const auto found = trails_.find(row);
    if (found != trails_.end() && found->second.size() > 1) {
      QPolygonF line;
      for (const Eigen::Vector3f& point : found->second) {
        const ScreenPoint p =
            project_to_screen(point, world_to_clip, view_->width(), view_->height());
        if (p.visible) line << QPointF(p.x, p.y);
      }
      painter.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 150), 1.5));
      painter.setBrush(Qt::NoBrush);
      painter.drawPolyline(line);
    }
    const auto p = screenPosition(row);
    if (!p) continue;
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(*p, 3.5, 3.5);  // the word itself is labelled with the others
  }
}

int64_t MainWindow::highlightMatches(const QRegularExpression& pattern) {
  search_matches_.clear();
  if (!dataset_) return 0;
  const auto& words = dataset_->vectors.vocabulary.words();
  for (size_t row = 0; row < words.size(); ++row) {
    if (pattern.match(QString::fromStdString(words[row])).hasMatch())
      search_matches_.push_back(static_cast<int64_t>(row));
  }
  const auto count = static_cast<int64_t>(search_matches_.size());
  if (count == 1) {
    // One word: the search selects it, as a plain word does.
    const std::vector<int64_t> only = search_matches_;
    selectWord(QString::fromStdString(words[static_cast<size_t>(only.front())]));
    search_matches_ = only;
  }
  updateScene();
  if (count > 1 && search_matches_.size() <= kFramedMatches) {
    std::vector<int64_t> shown;
    for (int64_t row : search_matches_) {
      if (const auto index = sceneIndexOf(row)) shown.push_back(*index);
    }
    const double aspect = view_->height() > 0 ? double(view_->width()) / view_->height() : 1.0;
    scene_->fitPoints(shown, aspect);
  }
  view_->update();
  return count;
}

}  // namespace embscope::ui
