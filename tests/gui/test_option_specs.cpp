// The GUI's option fields and session keys agree with the option specs (issue 19 point 4): every
// spin box that sets a spec'd option has the spec's range and default, and a session stores the
// options under the specs' names. Fails when a panel or the session file retypes a range, a
// default or a key instead of taking it from the spec.
#include <QAbstractSlider>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>
#include <tuple>

#include "appearance_panel.hpp"
#include "embscope/projection/layout.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/training/corpus.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "evaluation_panel.hpp"
#include "neighbours_panel.hpp"
#include "projection_panel.hpp"
#include "session.hpp"
#include "training_panel.hpp"

namespace embscope::ui {

class OptionSpecsTest : public QObject {
  Q_OBJECT

  // An integer field (spin box or slider) with the spec's name: its range and value are the spec's.
  template <class Spec>
  static void checkIntegerField(QWidget* panel, const Spec& spec, const QString& object_name) {
    const auto* spin = panel->findChild<QSpinBox*>(object_name);
    const auto* slider = panel->findChild<QAbstractSlider*>(object_name);
    QVERIFY2(spin != nullptr || slider != nullptr, qPrintable("no field named " + object_name));
    const int minimum = spin ? spin->minimum() : slider->minimum();
    const int maximum = spin ? spin->maximum() : slider->maximum();
    const int value = spin ? spin->value() : slider->value();
    QCOMPARE(minimum, static_cast<int>(spec.min.value()));
    QCOMPARE(maximum, static_cast<int>(spec.max.value()));
    QCOMPARE(value, static_cast<int>(spec.default_value()));
  }

  template <class Spec>
  static void checkRealField(QWidget* panel, const Spec& spec) {
    const QString name = QString::fromUtf8(spec.name.data(), spec.name.size());
    const auto* box = panel->findChild<QDoubleSpinBox*>(name);
    QVERIFY2(box != nullptr, qPrintable("no field named " + name));
    // The box keeps its decimals' precision; the spec's float bounds are compared at that.
    const double step = std::pow(10.0, -box->decimals());
    QVERIFY(std::abs(box->minimum() - static_cast<double>(spec.min.value())) < step / 2);
    QVERIFY(std::abs(box->maximum() - static_cast<double>(spec.max.value())) < step / 2);
    QVERIFY(std::abs(box->value() - static_cast<double>(spec.default_value())) < step / 2);
  }

  template <class Spec>
  static QString nameOf(const Spec& spec) {
    return QString::fromUtf8(spec.name.data(), spec.name.size());
  }

 private slots:
  void trainingPanelFieldsAreTheTrainerSpecs() {
    TrainingPanel panel;
    for (const auto* spec : {&trainer_option::dim, &trainer_option::window,
                             &trainer_option::negative, &trainer_option::epochs})
      checkIntegerField(&panel, *spec, nameOf(*spec));
    checkIntegerField(&panel, corpus_option::min_count, nameOf(corpus_option::min_count));
    checkIntegerField(&panel, trainer_option::seed, nameOf(trainer_option::seed));
    checkRealField(&panel, trainer_option::sample);
    checkRealField(&panel, trainer_option::lr);
    // One default for the CLI and the GUI: the panel trains what `embscope-cli train` trains.
    QCOMPARE(panel.findChild<QSpinBox*>("dim")->value(), TrainerOptions{}.dim);
  }

  void neighboursPanelKIsTheQuerySpec() {
    NeighboursPanel panel;
    checkIntegerField(&panel, neighbour_option::k, "neighbors");
  }

  // Options whose GUI range differs from the CLI's (the fit count stops at 10,000,000 rows; the
  // restrict box starts at 100 words, where the CLI also takes -1 for all) still take the spec's
  // default there, and the fit count its minimum. Fails on the panels that typed 10 and 10000.
  void projectionAndEvaluationPanelsTakeTheirSpecs() {
    ProjectionPanel projection;
    const auto* fit = projection.findChild<QSpinBox*>(nameOf(layout_option::fit_count));
    QVERIFY(fit != nullptr);
    QCOMPARE(fit->minimum(), static_cast<int>(layout_option::fit_count.min.value()));
    QCOMPARE(fit->value(), static_cast<int>(layout_option::fit_count.default_value()));
    EvaluationPanel evaluation;
    const auto* restrict = evaluation.findChild<QSpinBox*>(nameOf(analogy_option::restrict_vocab));
    QVERIFY(restrict != nullptr);
    QCOMPARE(restrict->value(), static_cast<int>(analogy_option::restrict_vocab.default_value()));
  }

  void appearancePanelFieldsAreTheAppearanceSpecs() {
    AppearancePanel panel;
    checkIntegerField(&panel, appearance_option::point_size, "point-size");
    checkIntegerField(&panel, appearance_option::frequent_labels, "frequent-labels");
    checkIntegerField(&panel, appearance_option::label_size, "labelSize");
  }

  void sessionKeysAreTheSpecNames() {
    QTemporaryDir dir;
    const QString path = dir.filePath("s.embscope");
    Session session;
    session.data_path = dir.filePath("vectors.txt");
    session.appearance.point_size = 7;
    session.appearance.frequent_labels = 40;
    session.appearance.label_size = 12;
    session.neighbours = 25;
    QCOMPARE(saveSession(path, session), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject appearance = root["appearance"].toObject();
    QCOMPARE(appearance["point_size"].toDouble(), 7.0);
    QCOMPARE(appearance["frequent_labels"].toInt(), 40);
    QCOMPARE(appearance["label_size"].toDouble(), 12.0);
    QCOMPARE(root["selection"].toObject()["neighbors"].toInt(), 25);

    // Files written before k had its spec say "neighbours": still read (version 1: no checksum).
    file.seek(0);
    QByteArray legacy = file.readAll();
    file.close();
    legacy.replace("\"embscope_session\": 2", "\"embscope_session\": 1");
    legacy.replace("\"neighbors\": 25", "\"neighbours\": 25");
    QFile legacy_file(dir.filePath("legacy.embscope"));
    QVERIFY(legacy_file.open(QIODevice::WriteOnly));
    legacy_file.write(legacy);
    legacy_file.close();
    QString legacy_error;
    const auto read = loadSession(legacy_file.fileName(), &legacy_error);
    QVERIFY2(read.has_value(), qPrintable(legacy_error));
    QCOMPARE(read->neighbours, 25);

    // Out of a spec's range: refused with the spec's bounds in the message.
    session.appearance.label_size = appearance_option::label_size.max.value() + 1;
    QCOMPARE(saveSession(path, session), QString());
    QString error;
    QVERIFY(!loadSession(path, &error));
    QVERIFY2(error.contains("\"appearance.label_size\" must be a number from 6 to 32"),
             qPrintable(error));
  }

  // The projection's session keys are the layout specs' (the CLI's flags): its defaults are the
  // core's, and solver, seed and fit round-trip - a 64-bit seed whole.
  void projectionSessionKeysAreTheLayoutSpecs() {
    const LayoutSpec core;
    QCOMPARE(ProjectionSettings().layoutSpec(), core);
    QTemporaryDir dir;
    const QString path = dir.filePath("projection.embscope");
    Session session;
    session.data_path = dir.filePath("vectors.txt");
    session.projection.fit = PcaFit::Sample;
    session.projection.fit_count = 2500;
    session.projection.solver = PcaSolver::Randomized;
    session.projection.seed = 18446744073709551557ull;  // above 2^53: a JSON number would round
    QCOMPARE(saveSession(path, session), QString());
    QString error;
    const auto read = loadSession(path, &error);
    QVERIFY2(read.has_value(), qPrintable(error));
    QCOMPARE(read->projection, session.projection);
    QCOMPARE(read->projection.layoutSpec().seed, 18446744073709551557ull);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    file.close();
    QVERIFY(text.contains("\"fit\": \"sample\"") && text.contains("\"solver\": \"randomized\""));
    for (const auto& [from, to, message] :
         {std::tuple{"\"fit\": \"sample\"", "\"fit\": \"most\"", "\"projection.fit\" must be"},
          std::tuple{"\"fit_count\": 2500", "\"fit_count\": 1",
                     "\"projection.fit_count\" must be an integer of at least 2"},
          std::tuple{"\"solver\": \"randomized\"", "\"solver\": \"lapack\"",
                     "\"projection.solver\" must be"}}) {
      QByteArray broken = text;
      QVERIFY(broken.contains(from));
      broken.replace(from, to);
      broken.replace("\"embscope_session\": 2", "\"embscope_session\": 1");  // no checksum
      QFile out(path);
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(broken);
      out.close();
      QVERIFY(!loadSession(path, &error));
      QVERIFY2(error.contains(message), qPrintable(error));
    }
  }
};

}  // namespace embscope::ui

QTEST_MAIN(embscope::ui::OptionSpecsTest)
#include "test_option_specs.moc"
