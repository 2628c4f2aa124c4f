// embscope: the desktop application. Parses the command line and hands over to MainWindow.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QRegularExpression>
#include <QTimer>
#include <cstdio>

#include "embscope/resources.hpp"
#include "main_window.hpp"
#include "vtk_view.hpp"

namespace {

int fail(const QString& message) {
  std::fprintf(stderr, "embscope: %s\n", qPrintable(message));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  embscope::ui::VtkView::prepareProcess();

  QApplication app(argc, argv);
  QApplication::setApplicationName("embscope");
  QApplication::setOrganizationName("embscope");
  QApplication::setApplicationVersion(EMBSCOPE_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription(
      "Explore word-embedding spaces in 3D.\n"
      "With no FILE, opens the embedded default data set (GloVe 6B 100d, 50,000 words).");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("FILE", "Vector file to open (GloVe or word2vec text, .gz ok).",
                               "[FILE]");
  QCommandLineOption screenshot("screenshot",
                                "Render the first frame, write it to OUT.png and exit.", "OUT.png");
  QCommandLineOption size("size", "Window size for --screenshot (default 1280x800).", "WxH",
                          "1280x800");
  QCommandLineOption select("select", "Select WORD: its neighbours are drawn and labelled.",
                            "WORD");
  QCommandLineOption neighbors("neighbors", "How many neighbours --select shows (default 10).", "K",
                               "10");
  parser.addOption(screenshot);
  parser.addOption(size);
  parser.addOption(select);
  parser.addOption(neighbors);
  parser.process(app);

  QString path;
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) return fail("expected at most one FILE, got " + positional.join(' '));
  if (!positional.isEmpty()) {
    path = positional.first();
  } else {
    try {
      path = QString::fromStdString(embscope::default_dataset_path().string());
    } catch (const std::exception& error) {
      return fail(QString::fromStdString(error.what()));
    }
  }

  const auto size_match = QRegularExpression("^(\\d{2,5})x(\\d{2,5})$").match(parser.value(size));
  if (!size_match.hasMatch()) return fail("--size expects WxH, for example 1280x800");

  embscope::ui::MainWindow window;
  const bool scripted = parser.isSet(screenshot);
  window.setHeadless(scripted);
  if (scripted || parser.isSet(size)) {
    window.resize(size_match.captured(1).toInt(), size_match.captured(2).toInt());
  }
  window.show();

  bool neighbours_ok = false;
  const int neighbour_count = parser.value(neighbors).toInt(&neighbours_ok);
  if (!neighbours_ok || neighbour_count < 0 || neighbour_count > 1000) {
    return fail("--neighbors expects a number from 0 to 1000");
  }
  int exit_code = 0;
  if (parser.isSet(select)) {
    QObject::connect(&window, &embscope::ui::MainWindow::datasetShown, &window, [&] {
      if (!window.selectWord(parser.value(select), neighbour_count) && scripted) {
        exit_code = fail("'" + parser.value(select) + "' is not in the vocabulary");
      }
    });
  }
  if (scripted) {
    const QString out = parser.value(screenshot);
    QObject::connect(&window, &embscope::ui::MainWindow::loadFailed, &app,
                     [&](const QString& message) {
                       exit_code = fail(message);
                       app.exit(exit_code);
                     });
    QObject::connect(&window, &embscope::ui::MainWindow::datasetShown, &app, [&] {
      // Let the view paint the new data once before grabbing the window.
      QTimer::singleShot(50, &app, [&] {
        if (exit_code != 0) {
          app.exit(exit_code);
          return;
        }
        const QString error = window.view()->glError().isEmpty() ? window.saveWindowImage(out)
                                                                 : window.view()->glError();
        if (!error.isEmpty()) exit_code = fail(error);
        app.exit(exit_code);
      });
    });
    QTimer::singleShot(180000, &app, [&] {
      exit_code = fail("timed out after 180 s waiting for the data set to be shown");
      app.exit(exit_code);
    });
  }
  window.openFile(path);
  const int status = app.exec();
  return scripted ? exit_code : status;
}
