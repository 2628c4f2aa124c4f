#include "session.hpp"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cmath>

#include "embscope/base/utf8.hpp"

namespace embscope::ui {
namespace {

QJsonArray vector3(const std::array<double, 3>& values) {
  return QJsonArray{values[0], values[1], values[2]};
}

bool read_vector3(const QJsonValue& value, std::array<double, 3>* out) {
  const QJsonArray array = value.toArray();
  if (array.size() != 3) return false;
  for (int i = 0; i < 3; ++i) {
    if (!array[i].isDouble()) return false;
    (*out)[static_cast<size_t>(i)] = array[i].toDouble();
  }
  return true;
}

QString colour_name(const AppearanceSettings& appearance) {
  switch (appearance.colour_by) {
    case ColourBy::VectorNorm:
      return "vector-norm";
    case ColourBy::KnnPreservation:
      return "knn-preservation";
    case ColourBy::Cluster:
      return "cluster";
    case ColourBy::Metadata:
      return "metadata:" + appearance.metadata_column;
    default:
      return "frequency-rank";
  }
}

QString metric_name(Metric metric) {
  return QString::fromStdString(to_string(metric));
}

// SHA-256 of the compact JSON of everything but the checksum itself. Qt writes an object's keys
// sorted and numbers in their shortest round-trip form, so reading and rewriting a document gives
// the same bytes.
QString content_checksum(QJsonObject root) {
  root.remove("checksum");
  const QByteArray compact = QJsonDocument(root).toJson(QJsonDocument::Compact);
  return "sha256:" +
         QString::fromLatin1(QCryptographicHash::hash(compact, QCryptographicHash::Sha256).toHex());
}

bool is_finite(const std::array<double, 3>& values) {
  return std::isfinite(values[0]) && std::isfinite(values[1]) && std::isfinite(values[2]);
}

}  // namespace

QString fileSha256(const QString& path, const std::atomic<bool>* cancel,
                   std::atomic<int64_t>* bytes_done) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(QCryptographicHash::Sha256);
  QByteArray block(4 << 20, Qt::Uninitialized);
  for (;;) {
    if (cancel != nullptr && cancel->load()) return {};
    const qint64 got = file.read(block.data(), block.size());
    if (got < 0) return {};
    if (got == 0) break;
    hash.addData(QByteArrayView(block.constData(), got));
    if (bytes_done != nullptr) bytes_done->fetch_add(got);
  }
  return QString::fromLatin1(hash.result().toHex());
}

QString saveSession(const QString& path, const Session& session) {
  QJsonObject root;
  root["embscope_session"] = Session::kVersion;
  // Relative to the session file when it lies beside it, so a folder can be moved whole.
  const QDir folder = QFileInfo(path).absoluteDir();
  const QString relative = folder.relativeFilePath(session.data_path);
  root["data"] = QJsonObject{
      {"path",
       relative.startsWith("..") ? QFileInfo(session.data_path).absoluteFilePath() : relative},
      {"sha256", session.data_sha256}};
  const ProjectionSettings& p = session.projection;
  root["projection"] = QJsonObject{
      {"components", QJsonArray{p.components[0] + 1, p.components[1] + 1, p.components[2] + 1}},
      {"spherize", p.spherize},
      {"axes", QJsonArray{p.axes[0], p.axes[1], p.axes[2]}},
      {"orthogonalise", p.orthogonalise},
      // Names and choices of the layout's option specs (embscope/projection/layout.hpp).
      {jsonKey(layout_option::fit.name), QString::fromUtf8(layout_option::fit.name_of(p.fit))},
      {jsonKey(layout_option::fit_count.name), static_cast<qint64>(p.fit_count)},
      {jsonKey(layout_option::solver.name),
       QString::fromUtf8(layout_option::solver.name_of(p.solver))},
      // A string: JSON numbers hold 53 bits, a seed 64.
      {jsonKey(layout_option::seed.name), QString::number(p.seed)},
      {"flat", p.flat}};
  {
    // The non-linear layout, when one is shown (method "umap" or "tsne"), with its parameters.
    QJsonObject projection = root["projection"].toObject();
    const LayoutSpec spec = p.layoutSpec();
    projection[jsonKey(layout_option::method.name)] =
        QString::fromUtf8(layout_option::method.name_of(spec.method));
    if (p.iterative()) {
      projection[jsonKey(layout_option::metric.name)] =
          QString::fromUtf8(layout_option::metric.name_of(spec.metric));
      const auto number = [&](const auto& option, const auto& options) {
        projection[jsonKey(option.name)] = static_cast<double>(option.of(options));
      };
      number(layout_option::dimensions, spec);
      number(layout_option::neighbors, spec.umap);
      number(layout_option::min_dist, spec.umap);
      number(layout_option::epochs, spec.umap);
      number(layout_option::perplexity, spec.tsne);
      number(layout_option::iterations, spec.tsne);
    }
    root["projection"] = projection;
  }
  const AppearanceSettings& a = session.appearance;
  QJsonObject appearance{{"colour_by", colour_name(a)}, {"legend", a.legend}, {"dark", a.dark}};
  for_each_option(std::tie(appearance_option::point_size, appearance_option::frequent_labels,
                           appearance_option::label_size),
                  [&](const auto& spec) { appearance[jsonKey(spec.name)] = spec.of(a); });
  root["appearance"] = appearance;
  if (session.camera) {
    const CameraState& c = *session.camera;
    root["camera"] =
        QJsonObject{{"position", vector3(c.position)}, {"focal_point", vector3(c.focal_point)},
                    {"view_up", vector3(c.view_up)},   {"view_angle", c.view_angle},
                    {"parallel", c.parallel},          {"parallel_scale", c.parallel_scale}};
  }
  QJsonObject selection{
      {"word", QString::fromStdString(replace_invalid_utf8(session.selected_word))},
      {jsonKey(neighbour_option::k.name), session.neighbours},
      {"metric", metric_name(session.metric)},
      {"isolated", session.isolated}};
  // A word that is not valid UTF-8 has no exact JSON string: "word" shows it with U+FFFD and
  // "word_bytes" keeps its bytes (hex), so the same word is selected again.
  if (!is_valid_utf8(session.selected_word)) {
    selection["word_bytes"] =
        QString::fromLatin1(QByteArray::fromStdString(session.selected_word).toHex());
  }
  root["selection"] = selection;
  root["lookup"] = session.lookup;
  root["padding_idx"] = session.padding_idx ? QJsonValue(static_cast<qint64>(*session.padding_idx))
                                            : QJsonValue(QJsonValue::Null);
  root["checksum"] = content_checksum(root);

  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return QObject::tr("cannot write %1: %2").arg(path, file.errorString());
  file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
  if (!file.commit()) return QObject::tr("cannot write %1: %2").arg(path, file.errorString());
  return {};
}

std::optional<Session> loadSession(const QString& path, QString* error) {
  const auto fail = [&](const QString& message) {
    *error = QStringLiteral("%1: %2").arg(path, message);
    return std::nullopt;
  };
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return fail(file.errorString());
  QJsonParseError parse;
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parse);
  if (parse.error != QJsonParseError::NoError) {
    return fail(
        QObject::tr("not valid JSON at byte %1 (%2)").arg(parse.offset).arg(parse.errorString()));
  }
  const QJsonObject root = document.object();
  if (!root.contains("embscope_session"))
    return fail(QObject::tr("not an embscope session (no \"embscope_session\" key)"));
  if (root["embscope_session"].toInt() > Session::kVersion) {
    return fail(QObject::tr("session version %1 is newer than this embscope understands (%2)")
                    .arg(root["embscope_session"].toInt())
                    .arg(Session::kVersion));
  }
  // Version 1 files were written before sessions carried a checksum.
  if (root["embscope_session"].toInt() >= 2) {
    if (!root["checksum"].isString()) return fail(QObject::tr("the \"checksum\" is missing"));
    if (root["checksum"].toString() != content_checksum(root)) {
      return fail(
          QObject::tr("the file is damaged or was changed after embscope saved it "
                      "(its checksum does not match)"));
    }
  }
  Session session;
  const QJsonObject data = root["data"].toObject();
  const QString data_path = data["path"].toString();
  if (data_path.isEmpty()) return fail(QObject::tr("\"data.path\" is missing"));
  session.data_path = QFileInfo(data_path).isAbsolute()
                          ? data_path
                          : QFileInfo(path).absoluteDir().absoluteFilePath(data_path);
  session.data_sha256 = data["sha256"].toString();

  const QJsonObject p = root["projection"].toObject();
  const QJsonArray components = p["components"].toArray();
  if (components.size() == 3) {
    for (int i = 0; i < 3; ++i) {
      const int component = components[i].toInt(0);
      if (component < 1) return fail(QObject::tr("\"projection.components\" are 1-based"));
      session.projection.components[static_cast<size_t>(i)] = component - 1;
    }
  }
  session.projection.spherize = p["spherize"].toBool();
  const QJsonArray axes = p["axes"].toArray();
  for (int i = 0; i < std::min<int>(3, static_cast<int>(axes.size())); ++i)
    session.projection.axes[static_cast<size_t>(i)] = axes[i].toString();
  session.projection.orthogonalise = p["orthogonalise"].toBool();
  // Names, choices, defaults and ranges of the layout's option specs, as the CLI's.
  const auto choice = [&](const auto& spec, auto* value) {
    const QString key = jsonKey(spec.name);
    if (!p.contains(key)) return true;
    const auto chosen = spec.from_name(p[key].toString().toStdString());
    if (chosen) *value = *chosen;
    return chosen.has_value();
  };
  if (!choice(layout_option::fit, &session.projection.fit))
    return fail(QObject::tr("\"projection.fit\" must be all, top or sample"));
  if (!choice(layout_option::solver, &session.projection.solver))
    return fail(QObject::tr("\"projection.solver\" must be auto, exact or randomized"));
  const QString fit_count = jsonKey(layout_option::fit_count.name);
  const double count = p[fit_count].toDouble(double(layout_option::fit_count.default_value()));
  if (!(count >= double(*layout_option::fit_count.min) && count == std::floor(count) &&
        count < 9e15))
    return fail(QObject::tr("\"projection.%1\" must be an integer of at least %2")
                    .arg(fit_count)
                    .arg(*layout_option::fit_count.min));
  session.projection.fit_count = static_cast<int64_t>(count);
  if (const QString seed_key = jsonKey(layout_option::seed.name); p.contains(seed_key)) {
    bool ok = false;
    session.projection.seed = p[seed_key].toString().toULongLong(&ok);
    if (!ok)
      return fail(
          QObject::tr("\"projection.%1\" must be a whole number in a string").arg(seed_key));
  }
  session.projection.flat = p["flat"].toBool();
  LayoutMethod method = LayoutMethod::Pca;
  if (!choice(layout_option::method, &method))
    return fail(QObject::tr("\"projection.method\" must be pca, custom-axes, umap or tsne"));
  if (method == LayoutMethod::Umap || method == LayoutMethod::Tsne) {
    ProjectionSettings& projection = session.projection;
    projection.method = method;
    if (!choice(layout_option::metric, &projection.metric))
      return fail(QObject::tr("\"projection.metric\" must be cosine or euclidean"));
    QString number_error;
    const auto number = [&](const auto& option, auto& options) {
      const QString key = jsonKey(option.name);
      using T = typename std::decay_t<decltype(option)>::value_type;
      const double value = p[key].toDouble(static_cast<double>(option.default_value()));
      const bool whole = !std::is_integral_v<T> || value == std::floor(value);
      if (number_error.isEmpty() && (!whole || (option.min && value < double(*option.min)) ||
                                     (option.max && value > double(*option.max)) ||
                                     !std::isfinite(value) || std::abs(value) > 9e15)) {
        number_error = QObject::tr("\"projection.%1\" is out of its range").arg(key);
      }
      option.of(options) = static_cast<T>(value);
    };
    LayoutSpec spec;
    number(layout_option::dimensions, spec);
    projection.dimensions = spec.dimensions;
    number(layout_option::neighbors, projection.umap);
    number(layout_option::min_dist, projection.umap);
    number(layout_option::epochs, projection.umap);
    number(layout_option::perplexity, projection.tsne);
    number(layout_option::iterations, projection.tsne);
    if (!number_error.isEmpty()) return fail(number_error);
  }

  const QJsonObject a = root["appearance"].toObject();
  const QString colour = a["colour_by"].toString("frequency-rank");
  session.appearance.colour_by = colour == "vector-norm"          ? ColourBy::VectorNorm
                                 : colour == "knn-preservation"   ? ColourBy::KnnPreservation
                                 : colour == "cluster"            ? ColourBy::Cluster
                                 : colour.startsWith("metadata:") ? ColourBy::Metadata
                                                                  : ColourBy::FrequencyRank;
  if (session.appearance.colour_by == ColourBy::Metadata)
    session.appearance.metadata_column = colour.mid(9);
  // The keys, defaults and ranges of the appearance specs (view_settings.hpp), as the panel's.
  QString appearance_error;
  for_each_option(std::tie(appearance_option::point_size, appearance_option::frequent_labels,
                           appearance_option::label_size),
                  [&](const auto& spec) {
                    const QString key = jsonKey(spec.name);
                    const double value = a[key].toDouble(spec.default_value());
                    using T = typename std::decay_t<decltype(spec)>::value_type;
                    if (appearance_error.isEmpty() && !(value >= *spec.min && value <= *spec.max &&
                                                        value == static_cast<T>(value))) {
                      appearance_error = QObject::tr("\"appearance.%1\" must be %2 from %3 to %4")
                                             .arg(key)
                                             .arg(std::is_integral_v<T> ? "an integer" : "a number")
                                             .arg(*spec.min)
                                             .arg(*spec.max);
                    }
                    spec.of(session.appearance) = static_cast<T>(value);
                  });
  if (!appearance_error.isEmpty()) return fail(appearance_error);
  session.appearance.legend = a["legend"].toBool(true);
  session.appearance.dark = a["dark"].toBool(true);

  const QJsonObject c = root["camera"].toObject();
  if (!c.isEmpty()) {
    CameraState camera;
    if (!read_vector3(c["position"], &camera.position) ||
        !read_vector3(c["focal_point"], &camera.focal_point) ||
        !read_vector3(c["view_up"], &camera.view_up)) {
      return fail(QObject::tr("\"camera\" needs position, focal_point and view_up as 3 numbers"));
    }
    camera.view_angle = c["view_angle"].toDouble(30);
    camera.parallel = c["parallel"].toBool();
    camera.parallel_scale = c["parallel_scale"].toDouble(1);
    if (!is_finite(camera.position) || !is_finite(camera.focal_point) ||
        !is_finite(camera.view_up) || !(camera.view_angle > 0 && camera.view_angle < 180) ||
        !(camera.parallel_scale > 0 && std::isfinite(camera.parallel_scale))) {
      return fail(QObject::tr("\"camera\" has values outside their range"));
    }
    session.camera = camera;
  }
  const QJsonObject s = root["selection"].toObject();
  session.selected_word = s["word"].toString().toStdString();
  if (s.contains("word_bytes")) {
    const QByteArray hex = s["word_bytes"].toString().toLatin1();
    const QByteArray bytes = QByteArray::fromHex(hex);
    if (!s["word_bytes"].isString() || bytes.toHex() != hex.toLower())
      return fail(QObject::tr("\"selection.word_bytes\" must be hexadecimal digits"));
    session.selected_word = bytes.toStdString();
  }
  // k: the neighbour query's spec (its name, default and range, as the panel's and the CLI's);
  // sessions written before it was declared there say "neighbours".
  const auto& k = neighbour_option::k;
  const QString k_key = s.contains(jsonKey(k.name)) ? jsonKey(k.name) : QString("neighbours");
  session.neighbours = s[k_key].toInt(k.default_value());
  if (!k.accepts(session.neighbours)) {
    return fail(QObject::tr("\"selection.%1\" must be between %2 and %3")
                    .arg(k_key)
                    .arg(*k.min)
                    .arg(*k.max));
  }
  session.metric =
      metric_from_name(s["metric"].toString("cosine").toStdString()).value_or(Metric::Cosine);
  session.isolated = s["isolated"].toBool();
  session.lookup = root["lookup"].toString();
  // Written since padding_idx was kept (absent before: no padding row).
  const QJsonValue padding = root["padding_idx"];
  if (padding.isDouble()) {
    const double value = padding.toDouble();
    if (!(value >= 0 && value < 9.007e15 && value == std::floor(value)))
      return fail(QObject::tr("\"padding_idx\" must be a row index (0 or more) or null"));
    session.padding_idx = static_cast<int64_t>(value);
  } else if (!padding.isUndefined() && !padding.isNull()) {
    return fail(QObject::tr("\"padding_idx\" must be a row index (0 or more) or null"));
  }
  return session;
}

}  // namespace embscope::ui
