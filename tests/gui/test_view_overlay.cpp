// ViewOverlay without a window: labels are placed from given screen positions, inside the
// picture, never overlapping, the selected word's first; the hover box outranks them; hidden
// rows get no label.
#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTest>
#include <map>
#include <memory>
#include <string>

#include "explorer_state.hpp"
#include "view_overlay.hpp"

using embscope::ScoredWord;
using embscope::ui::ExplorerState;
using embscope::ui::LoadedDataset;
using embscope::ui::ViewOverlay;

namespace {

std::shared_ptr<LoadedDataset> make_dataset(int rows) {
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->vectors.vectors = embscope::RowMatrixXf::Random(rows, 3);
  for (int i = 0; i < rows; ++i) dataset->vectors.vocabulary.add("word" + std::to_string(i));
  dataset->positions = dataset->vectors.vectors.transpose();
  return dataset;
}

}  // namespace

class ViewOverlayTest : public QObject {
  Q_OBJECT

 private slots:
  void labelsArePlacedFromGivenPositionsInsideAndApart() {
    ExplorerState state;
    state.setDataset(make_dataset(6));
    // word0 selected; its neighbours word1 (at the right edge), word2 (next to word0), word3
    // (off screen: no label) and word4 (on word2's spot: placed elsewhere or left out).
    std::vector<ScoredWord> neighbours;
    for (int64_t row : {1, 2, 3, 4})
      neighbours.push_back({"word" + std::to_string(row), row, 0.5f});
    state.selectRow(0, neighbours);
    const std::map<int64_t, QPointF> screen = {
        {0, {100, 100}}, {1, {395, 150}}, {2, {112, 104}}, {4, {112, 104}}, {5, {300, 250}}};
    ViewOverlay overlay(state, nullptr);
    QImage image(400, 300, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    QPainter painter(&image);
    QFont font;
    font.setPointSizeF(9);
    overlay.paint(
        painter, QSizeF(400, 300), font,
        [&](int64_t row) -> std::optional<QPointF> {
          const auto found = screen.find(row);
          if (found == screen.end()) return std::nullopt;
          return found->second;
        },
        [](float, float, float) { return std::optional<QPointF>(); }, /*hovered=*/5);
    painter.end();

    const auto& labels = overlay.drawnLabels();
    std::map<int64_t, ViewOverlay::DrawnLabel> by_row;
    for (const auto& label : labels) by_row[label.row] = label;
    QVERIFY(by_row.count(0) && by_row.count(1) && by_row.count(2));
    QVERIFY(by_row.count(3) == 0);  // off screen
    QCOMPARE(by_row[0].text, QString("word0"));
    QCOMPARE(by_row[1].text, QString("word1 0.50"));
    // Anchors are the given positions.
    QCOMPARE(by_row[0].anchor, QPointF(100, 100));
    QCOMPARE(by_row[1].anchor, QPointF(395, 150));
    // The label at the right edge goes to the left of its point.
    QVERIFY(by_row[1].box.right() <= 395);
    // The hovered word's box, drawn above the others.
    QVERIFY(by_row.count(5));
    QVERIFY(by_row[5].hover);
    QCOMPARE(labels.back().row, int64_t(5));
    // Every box inside the picture, none overlapping another.
    const QRectF picture(0, 0, 400, 300);
    for (size_t i = 0; i < labels.size(); ++i) {
      QVERIFY2(picture.contains(labels[i].box), qPrintable(labels[i].text));
      for (size_t j = i + 1; j < labels.size(); ++j)
        QVERIFY2(!labels[i].box.intersects(labels[j].box),
                 qPrintable(labels[i].text + " / " + labels[j].text));
    }
    // One size for every label (the appearance's), bold for the selected word.
    QCOMPARE(by_row[0].point_size, state.appearance().label_size);
    QCOMPARE(by_row[2].point_size, state.appearance().label_size);
  }

  void noDataSetDrawsNothing() {
    ExplorerState state;
    ViewOverlay overlay(state, nullptr);
    QImage image(100, 100, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    overlay.paint(
        painter, QSizeF(100, 100), QFont(), [](int64_t) { return std::optional<QPointF>(); },
        [](float, float, float) { return std::optional<QPointF>(); }, std::nullopt);
    QVERIFY(overlay.drawnLabels().empty());
    QVERIFY(overlay.legendEntries().empty());
  }
};

int main(int argc, char** argv) {
  // Fonts need a GUI application; no window is shown.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  ViewOverlayTest test;
  return QTest::qExec(&test, argc, argv);
}
#include "test_view_overlay.moc"
