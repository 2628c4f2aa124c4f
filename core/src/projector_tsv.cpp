// TensorFlow Embedding Projector files: vectors.tsv holds only numbers (tab-separated, one row per
// line); the words are in metadata.tsv.
#include <charconv>
#include <cmath>

#include "vector_formats.hpp"

namespace embscope::detail {

RowMatrixXf read_projector_matrix(std::string_view text, const std::filesystem::path& path,
                                  const ReadOptions& options, const TaskControl& control) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<float> values;
  int64_t dim = -1;
  int64_t rows = 0;
  uint64_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size() && (options.limit < 0 || rows < options.limit)) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_number;
    if ((line_number & 8191) == 0) {
      control.throw_if_cancelled();
      control.report(pos, text.size());
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    int64_t count = 0;
    size_t at = 0;
    while (at <= line.size()) {
      size_t next = line.find('\t', at);
      if (next == std::string_view::npos) next = line.size();
      std::string_view token = line.substr(at, next - at);
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
      float value = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (token.empty() || ec != std::errc() || end != token.data() + token.size()) {
        throw ParseError(path, line_number,
                         "value " + std::to_string(count + 1) + ", " + quote_for_message(token) +
                             ", is not a number (a projector vectors.tsv holds only "
                             "tab-separated numbers; the words go in metadata.tsv)");
      }
      if (!std::isfinite(value) && !options.allow_non_finite) {
        throw ParseError(path, line_number,
                         "value " + std::to_string(count + 1) + ", " + quote_for_message(token) +
                             ", is not a finite number (NaN/Inf values are rejected unless "
                             "allowed)");
      }
      values.push_back(value);
      ++count;
      at = next + 1;
    }
    if (dim < 0) dim = count;
    if (count != dim) {
      throw ParseError(path, line_number,
                       "expected " + std::to_string(dim) +
                           " tab-separated values as on the first "
                           "row, found " +
                           std::to_string(count));
    }
    ++rows;
  }
  if (rows == 0) throw ParseError(path, 0, "the file is empty: expected tab-separated vectors");
  RowMatrixXf matrix(rows, dim);
  std::copy(values.begin(), values.end(), matrix.data());
  return matrix;
}

void write_projector_vectors(const VectorSet& set, AtomicFile& out, const TaskControl& control) {
  std::string line;
  char buffer[32];
  for (int64_t row = 0; row < set.rows(); ++row) {
    if ((row & 4095) == 0) control.throw_if_cancelled();
    line.clear();
    for (int64_t c = 0; c < set.dim(); ++c) {
      if (c > 0) line += '\t';
      const auto result = std::to_chars(buffer, buffer + sizeof(buffer), set.vectors(row, c));
      line.append(buffer, result.ptr);
    }
    line += '\n';
    out.write(line);
  }
}

void write_projector_metadata(const VectorSet& set, AtomicFile& out) {
  const auto check = [](const std::string& field) {
    if (field.find_first_of("\t\n\r") != std::string::npos) {
      throw std::runtime_error("cannot write " + quote_for_message(field) +
                               " to a projector metadata file: it contains a tab or a newline");
    }
    return field;
  };
  if (set.metadata.empty() || set.metadata.columns.size() == 1) {
    for (const std::string& word : set.vocabulary.words()) out.write(check(word) + "\n");
    return;
  }
  std::string line;
  for (size_t c = 0; c < set.metadata.column_names.size(); ++c) {
    line += (c ? "\t" : "") + check(set.metadata.column_names[c]);
  }
  out.write(line + "\n");
  for (int64_t row = 0; row < set.rows(); ++row) {
    line.clear();
    for (size_t c = 0; c < set.metadata.columns.size(); ++c) {
      line += (c ? "\t" : "") + check(set.metadata.columns[c][static_cast<size_t>(row)]);
    }
    out.write(line + "\n");
  }
}

void write_word2vec_text(const VectorSet& set, AtomicFile& out, bool header,
                         const TaskControl& control) {
  if (header) out.write(std::to_string(set.rows()) + " " + std::to_string(set.dim()) + "\n");
  std::string line;
  char buffer[32];
  for (int64_t row = 0; row < set.rows(); ++row) {
    if ((row & 4095) == 0) control.throw_if_cancelled();
    line = set.vocabulary.word(row);
    for (int64_t c = 0; c < set.dim(); ++c) {
      line += ' ';
      // The shortest text that reads back as the same float: text round-trips are exact.
      const auto result = std::to_chars(buffer, buffer + sizeof(buffer), set.vectors(row, c));
      line.append(buffer, result.ptr);
    }
    line += '\n';
    out.write(line);
  }
}

void write_word_list(const VectorSet& set, AtomicFile& out) {
  const bool counts = static_cast<int64_t>(set.counts.size()) == set.rows();
  for (int64_t row = 0; row < set.rows(); ++row) {
    const std::string& word = set.vocabulary.word(row);
    if (word.find_first_of("\n\r") != std::string::npos) {
      throw std::runtime_error("cannot write " + quote_for_message(word) +
                               " to a vocabulary file: it contains a newline");
    }
    out.write(counts ? word + " " + std::to_string(set.counts[static_cast<size_t>(row)]) + "\n"
                     : word + "\n");
  }
}

}  // namespace embscope::detail
