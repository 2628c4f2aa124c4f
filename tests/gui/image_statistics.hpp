// Pixel statistics used to check rendered frames without pixel-exact baselines (software GL
// output varies in the last bits between Mesa versions).
#pragma once

#include <QColor>
#include <QImage>
#include <QSet>
#include <cstdlib>

namespace embscope::test {

struct ImageStatistics {
  double foreground_fraction = 0;  // pixels that differ clearly from their row's background
  int distinct_colours = 0;
  double mean_brightness = 0;  // 0..255
};

// The background is a vertical gradient, so each row's background colour is taken from the
// right-most column, which the centred point cloud never reaches.
inline ImageStatistics measure(const QImage& source, int threshold = 40) {
  const QImage image = source.convertToFormat(QImage::Format_RGB32);
  ImageStatistics stats;
  if (image.isNull()) return stats;
  qint64 foreground = 0;
  double brightness = 0;
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); ++y) {
    const QRgb* row = reinterpret_cast<const QRgb*>(image.constScanLine(y));
    const QRgb background = row[image.width() - 1];
    for (int x = 0; x < image.width(); ++x) {
      const QRgb p = row[x];
      const int distance = std::abs(qRed(p) - qRed(background)) +
                           std::abs(qGreen(p) - qGreen(background)) +
                           std::abs(qBlue(p) - qBlue(background));
      if (distance > threshold) ++foreground;
      brightness += qGray(p);
      if (colours.size() < 5000) colours.insert(p);
    }
  }
  const double pixels = static_cast<double>(image.width()) * image.height();
  stats.foreground_fraction = foreground / pixels;
  stats.mean_brightness = brightness / pixels;
  stats.distinct_colours = static_cast<int>(colours.size());
  return stats;
}

}  // namespace embscope::test
