// embscope: the desktop application. Parses the command line and hands over to MainWindow.
#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QRegularExpression>
#include <QTimer>
#include <cstdio>
#include <string>
#include <vector>

#include "analogy_controller.hpp"
#include "cli_options.hpp"
#include "embscope/base/resources.hpp"
#include "file_actions.hpp"
#include "main_window.hpp"
#include "output_table.hpp"
#include "panel_docks.hpp"
#include "selection_controller.hpp"
#include "session_controller.hpp"
#include "training_panel.hpp"
#include "training_view.hpp"
#include "vtk_view.hpp"

namespace {

int fail(const QString& message) {
  std::fprintf(stderr, "embscope: %s\n", qPrintable(message));
  return 1;
}

// Scored words on stdout as embscope-cli prints them (its table format, four decimals), so a
// scripted run says what it computed.
void print_scored(const std::vector<embscope::ScoredWord>& words, const std::string& query) {
  const auto table = embscope::cli::scored_words_table(words, "similarity", query);
  std::fputs(table.render(embscope::cli::OutputFormat::Table).c_str(), stdout);
  std::fflush(stdout);
}

// The parsed command line (CLI11, as embscope-cli's), read back as Qt strings by option name.
class CommandLine {
 public:
  explicit CommandLine(const embscope::cli::Command& command) : command_(command) {}
  bool isSet(const char* name) const { return command_.value(name) || command_.flag(name); }
  QString value(const char* name) const {
    return QString::fromStdString(command_.value_or(name, ""));
  }
  QStringList positionalArguments() const {
    QStringList list;
    for (const auto& argument : command_.positional()) list << QString::fromStdString(argument);
    return list;
  }

 private:
  const embscope::cli::Command& command_;
};

}  // namespace

int main(int argc, char** argv) {
  embscope::ui::VtkView::prepareProcess();

  // QApplication takes X11 session management's -session/--session ID out of argv, and with it
  // embscope's --session FILE: kept here to be given back to the parser.
  std::vector<std::string> session_arguments;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if ((argument == "--session" || argument == "-session") && i + 1 < argc) {
      session_arguments = {"--session", argv[i + 1]};
    } else if (argument.rfind("--session=", 0) == 0) {
      session_arguments = {argument};
    }
  }

  // The same parser and, for the options they share (-k/--neighbors), the same specs as
  // embscope-cli, declared before QApplication so that --help and --version need no display.
  const char* screenshot = "--screenshot";
  const char* size = "--size";
  const char* select = "--select";
  const char* export_neighbors = "--export-neighbors";
  const char* export_coords = "--export-coords";
  const char* session = "--session";
  const char* analogy = "--analogy";
  const char* train_steps = "--train-steps";
  const char* train_corpus = "--train-corpus";
  const char* export_log = "--export-log";
  const char* with_panels = "--with-panels";
  embscope::NeighbourQuery query;
  embscope::cli::Command command(
      "embscope",
      "Explore word-embedding spaces in 3D.\n"
      "With no FILE, opens the embedded default data set (GloVe 6B 100d, 50,000 words).",
      "FILE: vectors to open (any format embscope-cli reads; .gz ok)");
  command.values({screenshot}, "Render the first frame, write it to OUT.png and exit.")
      .values({size}, "Window size WxH for --screenshot (default 1280x800).")
      .values({select}, "Select WORD: its neighbours are drawn, labelled and printed on stdout.")
      .option(embscope::neighbour_option::k, query)
      .values({export_neighbors}, "Write the selected word's neighbours as CSV to OUT.csv, exit.")
      .values({export_coords}, "Write every word's projected x,y,z as CSV to OUT.csv and exit.")
      .values({session}, "Open a saved session (its data file, view, selection).")
      .flags({with_panels}, "Scripted screenshots show the panels too (default: the view).")
      .values({analogy},
              "Solve A : B :: C : ? (3CosAdd), print the ranked answers on stdout and draw its "
              "parallelogram (--analogy A B C).")
      .values({train_steps},
              "Train word2vec for N corpus words (Training panel defaults; the "
              "bundled corpus unless --train-corpus) and show the space.")
      .values({train_corpus}, "Corpus FILE for --train-steps.")
      .values({export_log}, "With --train-steps: write the training log as CSV and exit.")
      .flags({"-v,--version"}, "Show the version.");
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument != "-h" && argument != "--help" && argument != "-v" && argument != "--version")
      continue;
    try {
      command.parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const embscope::cli::HelpShown&) {
      return 0;
    } catch (const embscope::cli::UsageError&) {
      break;  // Qt's own options among them (-platform ...): parsed again once Qt took them
    }
    if (command.flag("-v,--version")) {
      std::printf("embscope %s\n", EMBSCOPE_VERSION);
      return 0;
    }
    break;
  }

  // QApplication takes its own options (-platform ...) out of argv, and --session (put back).
  QApplication app(argc, argv);
  QApplication::setApplicationName("embscope");
  QApplication::setOrganizationName("embscope");
  QApplication::setApplicationVersion(EMBSCOPE_VERSION);
  QApplication::setDesktopFileName("embscope");
  QApplication::setStyle("Fusion");  // the same look everywhere; palettes apply fully
  try {
    QApplication::setWindowIcon(
        QIcon(QString::fromStdString(embscope::resource_path("icons/embscope.png").string())));
  } catch (const std::exception&) {
    // No icon is no reason not to start.
  }

  try {
    std::vector<std::string> arguments(argv + 1, argv + argc);
    arguments.insert(arguments.end(), session_arguments.begin(), session_arguments.end());
    command.parse(arguments);
  } catch (const embscope::cli::HelpShown&) {
    return 0;
  } catch (const embscope::cli::UsageError& error) {
    return fail(QString::fromStdString(error.what()) + " (see embscope --help)");
  }
  if (command.flag("-v,--version")) {
    std::printf("embscope %s\n", EMBSCOPE_VERSION);
    return 0;
  }
  const CommandLine parser(command);

  QString path;
  QStringList positional = parser.positionalArguments();
  // --analogy takes three words: "--analogy 'man king woman'", or "--analogy man king woman",
  // where the parser leaves king and woman among the positional arguments.
  QStringList analogy_words;
  if (parser.isSet(analogy)) {
    analogy_words = parser.value(analogy).split(' ', Qt::SkipEmptyParts);
    while (analogy_words.size() < 3 && !positional.isEmpty()) {
      analogy_words << positional.takeFirst();
    }
    if (analogy_words.size() != 3) return fail("--analogy expects three words: A B C");
  }
  if (positional.size() > 1) return fail("expected at most one FILE, got " + positional.join(' '));
  if (!positional.isEmpty() && parser.isSet(session))
    return fail("give either FILE or --session (the session names its data file)");
  if (parser.isSet(export_neighbors) && !parser.isSet(select) && !parser.isSet(session))
    return fail("--export-neighbors needs --select WORD (or a --session with a selection)");
  if (!positional.isEmpty()) {
    path = positional.first();
  } else {
    try {
      path = QString::fromStdString(embscope::default_dataset_path().string());
    } catch (const std::exception& error) {
      return fail(QString::fromStdString(error.what()));
    }
  }

  const auto size_match = QRegularExpression("^(\\d{2,5})x(\\d{2,5})$")
                              .match(parser.isSet(size) ? parser.value(size) : "1280x800");
  if (!size_match.hasMatch()) return fail("--size expects WxH, for example 1280x800");

  embscope::ui::MainWindow window;
  const bool scripted = parser.isSet(screenshot) || parser.isSet(export_neighbors) ||
                        parser.isSet(export_coords) || parser.isSet(export_log);
  int64_t steps = 0;
  if (parser.isSet(train_steps)) {
    bool ok = false;
    steps = parser.value(train_steps).toLongLong(&ok);
    if (!ok || steps < 1) return fail("--train-steps expects a positive number of words");
  }
  if (parser.isSet(export_log) && steps == 0) return fail("--export-log needs --train-steps N");
  window.setHeadless(scripted);
  if (scripted && !parser.isSet(with_panels)) window.docks()->setVisible(false);
  const bool sized = scripted || parser.isSet(size);
  const QSize requested(size_match.captured(1).toInt(), size_match.captured(2).toInt());
  if (sized) window.resize(requested);
  window.show();
  // Showing the window lays out the docks as they were before setPanelsVisible(false) took
  // effect and can grow it past the requested size (900x600 came out 900x746): size it again.
  if (sized) window.resize(requested);

  const int neighbour_count = query.k;  // checked against its spec by the parser
  int exit_code = 0;
  // What a scripted run does once the data (and the session) are shown: select, let the view
  // settle, write every requested file, exit.
  bool started = false;
  const auto finish = [&] {
    // Training frames re-announce a data set: the script runs once.
    if (started) return;
    started = true;
    if (analogy_words.size() == 3) {
      const auto answers =
          window.analogy()->solve({analogy_words[0], analogy_words[1], analogy_words[2], QString(),
                                   embscope::AnalogyMethod::Add});
      if (answers.empty()) {
        exit_code = fail("cannot solve the analogy " + analogy_words.join(' '));
      } else {
        print_scored(answers, {});
        window.analogy()->showPlane();
      }
    }
    if (steps > 0) {
      if (parser.isSet(train_corpus))
        window.trainingPanel()->setCorpusPath(parser.value(train_corpus));
      window.trainingView()->trainSteps(steps);
    }
    if (parser.isSet(select)) {
      if (window.selection()->selectWord(parser.value(select), neighbour_count)) {
        print_scored(window.state().neighbours(), parser.value(select).toStdString());
      } else {
        exit_code = fail("'" + parser.value(select) + "' is not in the vocabulary");
      }
    }
    if (!scripted) return;
    const auto write_all = [&] {
      if (exit_code != 0) {
        app.exit(exit_code);
        return;
      }
      QString error;
      if (parser.isSet(export_neighbors))
        error = window.fileActions()->write("neighbours", parser.value(export_neighbors));
      if (error.isEmpty() && parser.isSet(export_log))
        error = window.training().exportLog(parser.value(export_log));
      if (error.isEmpty() && parser.isSet(export_coords))
        error = window.fileActions()->write("coordinates", parser.value(export_coords));
      if (error.isEmpty() && parser.isSet(screenshot)) {
        error = window.view()->glError().isEmpty()
                    ? window.saveWindowImage(parser.value(screenshot))
                    : window.view()->glError();
      }
      if (!error.isEmpty()) exit_code = fail(error);
      app.exit(exit_code);
    };
    // Let background work end and the view paint the new data once before writing.
    auto* poll = new QTimer(&app);
    QObject::connect(
        poll, &QTimer::timeout, &app, [&window, &app, &exit_code, steps, poll, write_all] {
          if (window.busy()) return;
          if (steps > 0 && window.trainingView()->shownWords() < steps && exit_code == 0) return;
          poll->stop();
          QTimer::singleShot(50, &app, write_all);
        });
    poll->start(20);
  };
  if (parser.isSet(session)) {
    QObject::connect(&window, &embscope::ui::MainWindow::sessionApplied, &app, finish);
  } else {
    QObject::connect(&window, &embscope::ui::MainWindow::datasetShown, &app, finish);
  }
  if (scripted) {
    QObject::connect(&window.training(), &embscope::ui::TrainingController::failed, &app,
                     [&](const QString& message) {
                       exit_code = fail(message);
                       app.exit(exit_code);
                     });
    QObject::connect(&window, &embscope::ui::MainWindow::loadFailed, &app,
                     [&](const QString& message) {
                       exit_code = fail(message);
                       app.exit(exit_code);
                     });
    QTimer::singleShot(180000, &app, [&] {
      exit_code = fail("timed out after 180 s waiting for the data set to be shown");
      app.exit(exit_code);
    });
  }
  if (parser.isSet(session)) {
    if (const QString error = window.sessions()->open(parser.value(session)); !error.isEmpty())
      return fail(error);
  } else {
    window.openFile(path);
  }
  const int status = app.exec();
  // A scripted run is finished work: nothing for the next interactive start to resume.
  if (scripted) window.training().discardAutosave();
  return scripted ? exit_code : status;
}
