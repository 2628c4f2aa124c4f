#include "view_overlay.hpp"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

#include "explorer_state.hpp"
#include "label_grid.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"

namespace embscope::ui {
namespace {

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

// A legend panel's background, readable on both palettes' backgrounds. `see_through`: lighter,
// for a legend tall enough to cover points (the classes of k-means), which show through it.
void legend_box(QPainter& painter, const QRectF& area, bool dark, bool see_through = false) {
  painter.setPen(dark ? QColor(255, 255, 255, 40) : QColor(0, 0, 0, 60));
  painter.setBrush(dark ? QColor(14, 16, 20, see_through ? 130 : 200)
                        : QColor(255, 255, 255, see_through ? 150 : 225));
  painter.drawRoundedRect(area, 5, 5);
}

}  // namespace

ViewOverlay::ViewOverlay(const ExplorerState& state, const PointCloudScene* scene)
    : state_(state), scene_(scene) {}

void ViewOverlay::paint(QPainter& painter, QSizeF size, const QFont& font,
                        const ScreenPosition& screen, const ProjectPoint& project,
                        std::optional<int64_t> hovered) {
  size_ = size;
  font_ = font;
  screen_ = screen;
  project_ = project;
  drawn_labels_.clear();
  legend_entries_.clear();
  LabelGrid grid(size_);
  if (state_.dataset()) {
    if (state_.appearance().legend) grid.reserve(drawColourLegend(painter));
    grid.reserve(drawArrowLegend(painter));
    grid.reserve(drawAxisNames(painter));
  }
  drawArrows(painter, grid);
  drawTrails(painter);

  // The word under the pointer outranks every label: its box is reserved first, drawn last.
  QFont label_font = font_;
  label_font.setPointSizeF(state_.appearance().label_size);
  std::optional<DrawnLabel> hover;
  if (state_.dataset() && hovered) {
    if (const auto position = screen_(*hovered)) {
      QFont bold = label_font;
      bold.setBold(true);
      const QFontMetricsF metrics(bold);
      const QString word =
          QString::fromStdString(state_.dataset()->vectors.vocabulary.word(*hovered));
      QRectF box(position->x() + 9, position->y() - metrics.height() - 8,
                 metrics.horizontalAdvance(word) + 14, metrics.height() + 6);
      if (box.right() > size_.width()) box.moveRight(position->x() - 9);
      if (box.top() < 0) box.moveTop(position->y() + 9);
      hover = DrawnLabel{*hovered, word, *position, box, bold.pointSizeF(), true};
      grid.reserve(box);
    }
  }
  drawLabels(painter, grid, hovered);
  if (!hover) return;
  QFont bold = label_font;
  bold.setBold(true);
  painter.setFont(bold);
  painter.setPen(QPen(scene_ ? rgb(scene_->hoverColour()) : QColor(255, 140, 0), 1.5));
  painter.setBrush(label_colours(state_.appearance().dark).box);
  painter.drawRoundedRect(hover->box, 5, 5);
  painter.setPen(label_colours(state_.appearance().dark).text);
  painter.drawText(hover->box, Qt::AlignCenter, hover->text);
  drawn_labels_.push_back(*hover);
}

QRectF ViewOverlay::drawAxisNames(QPainter& painter) {
  // Axis names of a custom or chosen projection.
  const ProjectionSettings& settings = state_.projectionSettings();
  if (!settings.customAxes() && settings.components == std::array{0, 1, 2}) return {};
  const auto& labels = state_.axisLabels();
  const QString axes =
      QObject::tr("x: %1   y: %2%3")
          .arg(QString::fromStdString(labels[0]), QString::fromStdString(labels[1]),
               settings.flat ? QString()
                             : QObject::tr("   z: %1").arg(QString::fromStdString(labels[2])));
  const QFontMetricsF metrics(font_);
  const QRectF area(10, 8, metrics.horizontalAdvance(axes) + 12, metrics.height() + 6);
  const bool dark = state_.appearance().dark;
  legend_box(painter, area, dark);
  painter.setPen(label_colours(dark).text);
  painter.setFont(font_);
  painter.drawText(area, Qt::AlignCenter, axes);
  return area;
}

void ViewOverlay::drawLabels(QPainter& painter, LabelGrid& grid, std::optional<int64_t> hovered) {
  const LoadedDataset* dataset = state_.dataset();
  if (!dataset) return;
  const AppearanceSettings& appearance = state_.appearance();
  const LabelColours colours = label_colours(appearance.dark);
  QFont font = font_;
  font.setPointSizeF(appearance.label_size);  // one size for every label
  QFont bold = font;
  bold.setBold(true);
  const QFontMetricsF metrics(font), bold_metrics(bold);
  const auto word = [&](int64_t row) {
    return QString::fromStdString(dataset->vectors.vocabulary.word(row));
  };
  enum class Style { Selected, Arrow, Neighbour, Match, Frequent };
  std::unordered_set<int64_t> labelled;
  if (hovered) labelled.insert(*hovered);  // its hover box names it
  // Offered in priority order; a label that would overlap one already placed (or a legend) is
  // tried at the other places around its point (see `at`), then left out.
  const auto label = [&](int64_t row, const QString& text, Style style) {
    if (labelled.count(row) != 0) return;
    const std::optional<QPointF> position = screen_(row);
    if (!position) return;
    const QPointF anchor = *position;
    const bool strong = style == Style::Selected || style == Style::Arrow;
    const QFontMetricsF& m = strong ? bold_metrics : metrics;
    const QSizeF size(m.horizontalAdvance(text) + 8, m.height() + 2);
    const QRectF view_area(QPointF(0, 0), size_);
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

  const std::optional<int64_t> selected = state_.focusRow();
  if (selected) label(*selected, word(*selected), Style::Selected);
  for (const auto* list : {&state_.arrows(), &state_.pairArrows()}) {
    for (const ExplorerState::Arrow& arrow : *list) {
      label(arrow.from, word(arrow.from), Style::Arrow);
      label(arrow.to, word(arrow.to), Style::Arrow);
    }
  }
  if (selected) {
    for (const ScoredWord& n : state_.neighbours()) {
      label(n.index,
            QStringLiteral("%1 %2").arg(QString::fromStdString(n.word),
                                        QString::number(n.score, 'f', 2)),
            Style::Neighbour);
    }
  }
  for (int64_t row : state_.tracked()) label(row, word(row), Style::Neighbour);
  for (int64_t row : state_.lookedUp())
    label(row, QStringLiteral("[%1] %2").arg(row).arg(word(row)), Style::Neighbour);
  for (int64_t row : state_.searchMatches()) label(row, word(row), Style::Match);
  const int64_t frequent = std::min<int64_t>(appearance.frequent_labels, dataset->vectors.rows());
  for (int64_t row = 0; row < frequent; ++row) label(row, word(row), Style::Frequent);
}

QRectF ViewOverlay::drawColourLegend(QPainter& painter) {
  if (!state_.dataset() || !scene_) return {};
  const AppearanceSettings& appearance = state_.appearance();
  painter.setFont(font_);
  const QFontMetricsF metrics(font_);
  const double line = metrics.height() + 3;
  const LabelColours colours = label_colours(appearance.dark);
  if (!scene_->categorical()) {
    // A continuous value: a gradient bar and what it means.
    const QString legend = legend_text(appearance);
    const double bar_width = 120;
    const QRectF area(10, size_.height() - metrics.height() - 14,
                      metrics.horizontalAdvance(legend) + bar_width + 26, metrics.height() + 8);
    legend_box(painter, area, appearance.dark);
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
    legend_entries_.push_back({QObject::tr("(none)"), QColor(115, 115, 115), counts.back()});
  const QString title =
      appearance.colour_by == ColourBy::Cluster
          ? QObject::tr("k-means cluster (%1 classes)").arg(names.size())
          : QObject::tr("%1 (%2 classes)").arg(appearance.metadata_column).arg(names.size());
  QStringList notes;
  if (names.size() > order.size()) {
    notes << QObject::tr("%1 more classes not listed").arg(names.size() - order.size())
          << QObject::tr("colours repeat every %1 classes").arg(palette);
  }
  double width = metrics.horizontalAdvance(title);
  for (const LegendEntry& entry : legend_entries_) {
    width = std::max(width, 18 + metrics.horizontalAdvance(entry.name) + 12 +
                                metrics.horizontalAdvance(grouped(entry.count)));
  }
  for (const QString& note : notes) width = std::max(width, metrics.horizontalAdvance(note));
  const double rows = 1 + static_cast<double>(legend_entries_.size() + notes.size());
  const QRectF area(10, size_.height() - rows * line - 18, width + 20, rows * line + 8);
  legend_box(painter, area, appearance.dark, /*see_through=*/true);
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

QRectF ViewOverlay::drawArrowLegend(QPainter& painter) {
  std::vector<const ExplorerState::Arrow*> listed;
  for (const ExplorerState::Arrow& arrow : state_.arrows()) {
    if (!arrow.legend.isEmpty()) listed.push_back(&arrow);
  }
  if (listed.empty() || !state_.dataset()) return {};
  painter.setFont(font_);
  const QFontMetricsF metrics(font_);
  const double line = metrics.height() + 4;
  double width = 0;
  for (const ExplorerState::Arrow* arrow : listed)
    width = std::max(width, metrics.horizontalAdvance(arrow->legend));
  const double sample = 30;
  const QRectF area(size_.width() - width - sample - 34, 10, width + sample + 24,
                    static_cast<double>(listed.size()) * line + 8);
  const bool dark = state_.appearance().dark;
  legend_box(painter, area, dark);
  double y = area.top() + 4;
  for (const ExplorerState::Arrow* arrow : listed) {
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
    painter.setPen(label_colours(dark).text);
    painter.drawText(QRectF(area.left() + sample + 16, y, width + 4, line),
                     Qt::AlignVCenter | Qt::AlignLeft, arrow->legend);
    y += line;
  }
  return area;
}

void ViewOverlay::drawArrows(QPainter& painter, LabelGrid& grid) {
  if (!state_.dataset()) return;
  painter.setRenderHint(QPainter::Antialiasing);
  const auto draw = [&](const ExplorerState::Arrow& arrow) {
    const auto from = screen_(arrow.from);
    const auto to = screen_(arrow.to);
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
  for (const ExplorerState::Arrow& arrow : state_.pairArrows()) draw(arrow);
  for (const ExplorerState::Arrow& arrow : state_.arrows()) draw(arrow);
}

void ViewOverlay::drawTrails(QPainter& painter) {
  if (!state_.dataset() || state_.tracked().empty()) return;
  painter.setRenderHint(QPainter::Antialiasing);
  const QColor colour(120, 230, 255);
  for (int64_t row : state_.tracked()) {
    const auto found = state_.trails().find(row);
    if (found != state_.trails().end() && found->second.size() > 1) {
      QPolygonF line;
      for (const Eigen::Vector3f& point : found->second) {
        if (const auto p = project_(point.x(), point.y(), point.z())) line << *p;
      }
      painter.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 150), 1.5));
      painter.setBrush(Qt::NoBrush);
      painter.drawPolyline(line);
    }
    const auto p = screen_(row);
    if (!p) continue;
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(*p, 3.5, 3.5);  // the word itself is labelled with the others
  }
}

}  // namespace embscope::ui
