#include "embscope/space/table_export.hpp"

#include <cstdio>
#include <stdexcept>

#include "embscope/base/atomic_file.hpp"
#include "embscope/base/utf8.hpp"

namespace embscope {

std::string csv_field(std::string_view text) {
  const std::string valid = replace_invalid_utf8(text);
  if (valid.find_first_of(",\"\n\r") == std::string::npos) return valid;
  std::string quoted = "\"";
  for (char c : valid) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_record(std::span<const std::string> fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  line += '\n';
  return line;
}

void write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows) {
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) {
      throw std::invalid_argument(path.string() + ": CSV row " + std::to_string(r + 1) + " has " +
                                  std::to_string(rows[r].size()) + " fields, the header " +
                                  std::to_string(header.size()));
    }
  }
  AtomicFile out(path);
  out.write(csv_record(header));
  for (const auto& row : rows) out.write(csv_record(row));
  out.commit();
}

namespace {

// %.9g: a float's value exactly, so the file reads back to the same number.
std::string float_text(float value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.9g", value);
  return buffer;
}

}  // namespace

void write_coordinates_csv(const std::filesystem::path& path, const VectorSet& set,
                           const Positions3D& positions) {
  AtomicFile out(path);
  std::vector<std::string> fields = {"word", "x", "y", "z"};
  for (const auto& column : set.metadata.column_names) fields.push_back(column);
  out.write(csv_record(fields));
  for (Eigen::Index r = 0; r < positions.cols(); ++r) {
    fields.clear();
    fields.push_back(set.vocabulary.word(r));
    for (int axis = 0; axis < 3; ++axis) fields.push_back(float_text(positions(axis, r)));
    for (const auto& column : set.metadata.columns)
      fields.push_back(column[static_cast<size_t>(r)]);
    out.write(csv_record(fields));
  }
  out.commit();
}

void write_neighbours_csv(const std::filesystem::path& path, const std::string& query,
                          const std::vector<ScoredWord>& neighbours,
                          const std::string& score_name) {
  AtomicFile out(path);
  out.write(csv_record(std::vector<std::string>{"query", "rank", "word", "row", score_name}));
  for (size_t i = 0; i < neighbours.size(); ++i) {
    out.write(csv_record(std::vector<std::string>{query, std::to_string(i + 1), neighbours[i].word,
                                                  std::to_string(neighbours[i].index),
                                                  float_text(neighbours[i].score)}));
  }
  out.commit();
}

void write_rows_csv(const std::filesystem::path& path, const VectorSet& set,
                    std::span<const int64_t> rows) {
  AtomicFile out(path);
  std::vector<std::string> fields = {"index", "word"};
  for (int64_t c = 0; c < set.dim(); ++c) fields.push_back("v" + std::to_string(c));
  out.write(csv_record(fields));
  for (int64_t row : rows) {
    fields.clear();
    fields.push_back(std::to_string(row));
    fields.push_back(set.vocabulary.word(row));
    for (int64_t c = 0; c < set.dim(); ++c) fields.push_back(float_text(set.vectors(row, c)));
    out.write(csv_record(fields));
  }
  out.commit();
}

}  // namespace embscope
