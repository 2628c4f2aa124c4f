// check_screenshot FILE WIDTH HEIGHT: exits 0 when FILE is a PNG of that size that shows a point
// cloud (a sane fraction of non-background pixels, many colours), 1 otherwise.
#include <QGuiApplication>
#include <QImage>
#include <cstdio>

#include "image_statistics.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: check_screenshot FILE WIDTH HEIGHT\n");
    return 2;
  }
  const QImage image(QString::fromLocal8Bit(argv[1]));
  if (image.isNull()) {
    std::fprintf(stderr, "%s: not a readable image\n", argv[1]);
    return 1;
  }
  const int width = std::atoi(argv[2]);
  const int height = std::atoi(argv[3]);
  const auto stats = embscope::test::measure(image);
  std::printf("%s: %dx%d, foreground %.2f%%, %d colours, brightness %.1f\n", argv[1], image.width(),
              image.height(), stats.foreground_fraction * 100, stats.distinct_colours,
              stats.mean_brightness);
  bool ok = image.width() == width && image.height() == height;
  ok = ok && stats.foreground_fraction > 0.01 && stats.foreground_fraction < 0.6;
  ok = ok && stats.distinct_colours > 100;
  if (!ok) std::fprintf(stderr, "%s: does not look like a rendered point cloud\n", argv[1]);
  return ok ? 0 : 1;
}
