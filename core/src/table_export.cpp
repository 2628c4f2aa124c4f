#include "embscope/table_export.hpp"

#include <cstdio>

#include "embscope/atomic_file.hpp"

namespace embscope {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void write_coordinates_csv(const std::filesystem::path& path, const VectorSet& set,
                           const Positions3D& positions) {
  AtomicFile out(path);
  std::string header = "word,x,y,z";
  for (const auto& column : set.metadata.column_names) header += "," + csv_field(column);
  out.write(header + "\n");
  char buffer[96];
  std::string line;
  for (Eigen::Index r = 0; r < positions.cols(); ++r) {
    // %.9g: a float's value exactly, so the file reads back to the same coordinates.
    std::snprintf(buffer, sizeof(buffer), ",%.9g,%.9g,%.9g", positions(0, r), positions(1, r),
                  positions(2, r));
    line = csv_field(set.vocabulary.word(r));
    line += buffer;
    for (const auto& column : set.metadata.columns) {
      line += ",";
      line += csv_field(column[static_cast<size_t>(r)]);
    }
    line += "\n";
    out.write(line);
  }
  out.commit();
}

void write_neighbours_csv(const std::filesystem::path& path, const std::string& query,
                          const std::vector<ScoredWord>& neighbours,
                          const std::string& score_name) {
  AtomicFile out(path);
  out.write("query,rank,word,row," + csv_field(score_name) + "\n");
  char score[32];
  for (size_t i = 0; i < neighbours.size(); ++i) {
    std::snprintf(score, sizeof(score), "%.9g", neighbours[i].score);
    out.write(csv_field(query) + "," + std::to_string(i + 1) + "," + csv_field(neighbours[i].word) +
              "," + std::to_string(neighbours[i].index) + "," + score + "\n");
  }
  out.commit();
}

void write_rows_csv(const std::filesystem::path& path, const VectorSet& set,
                    std::span<const int64_t> rows) {
  AtomicFile out(path);
  std::string header = "index,word";
  for (int64_t c = 0; c < set.dim(); ++c) header += ",v" + std::to_string(c);
  out.write(header + "\n");
  char buffer[32];
  for (int64_t row : rows) {
    std::string line = std::to_string(row) + "," + csv_field(set.vocabulary.word(row));
    for (int64_t c = 0; c < set.dim(); ++c) {
      std::snprintf(buffer, sizeof(buffer), ",%.9g", set.vectors(row, c));
      line += buffer;
    }
    out.write(line + "\n");
  }
  out.commit();
}

}  // namespace embscope
