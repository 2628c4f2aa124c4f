// Rows of results printed as an aligned text table, CSV or JSON (an array of objects), the three
// `--format` choices of embscope-cli's query commands. CSV is the core's RFC 4180 writer
// (table_export.hpp); JSON is written by nlohmann-json, so it always parses: text cells are
// strings (invalid UTF-8 replaced by U+FFFD), numeric cells numbers, and an empty or non-finite
// numeric cell is null. The text table escapes control characters and invalid bytes
// (escape_invalid_utf8), so a word with a tab or a newline stays on its row.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "embscope/base/utf8.hpp"
#include "embscope/space/table_export.hpp"
#include "embscope/space/vector_space.hpp"

namespace embscope::cli {

enum class OutputFormat { Table, Csv, Json };

inline OutputFormat output_format_from_name(const std::string& name) {
  if (name == "table") return OutputFormat::Table;
  if (name == "csv") return OutputFormat::Csv;
  if (name == "json") return OutputFormat::Json;
  throw std::invalid_argument("--format expects table, csv or json, got '" +
                              escape_invalid_utf8(truncate_utf8(name, 40)) + "'");
}

class OutputTable {
 public:
  // `numeric` marks columns written as JSON numbers and right-aligned in tables; their cells
  // are decimal text ("0.8123", "42", "1.2e-05") or empty (no value).
  OutputTable(std::vector<std::string> columns, std::vector<bool> numeric)
      : columns_(std::move(columns)), numeric_(std::move(numeric)) {
    if (numeric_.size() != columns_.size())
      throw std::logic_error("OutputTable: one numeric flag per column");
  }

  void add(std::vector<std::string> row) {
    if (row.size() != columns_.size())
      throw std::logic_error("OutputTable: a row has " + std::to_string(row.size()) +
                             " cells for " + std::to_string(columns_.size()) + " columns");
    rows_.push_back(std::move(row));
  }

  std::string render(OutputFormat format) const {
    switch (format) {
      case OutputFormat::Csv:
        return csv();
      case OutputFormat::Json:
        return json();
      case OutputFormat::Table:
        break;
    }
    return table();
  }

 private:
  static size_t display_width(const std::string& text) {
    size_t width = 0;
    for (unsigned char c : text) width += (c & 0xC0) != 0x80;  // count UTF-8 code points
    return width;
  }

  std::string table() const {
    std::vector<std::string> header;
    for (const auto& column : columns_) header.push_back(escape_invalid_utf8(column));
    std::vector<std::vector<std::string>> rows;
    rows.reserve(rows_.size());
    for (const auto& row : rows_) {
      auto& shown = rows.emplace_back();
      for (const auto& cell : row) shown.push_back(escape_invalid_utf8(cell));
    }
    std::vector<size_t> widths(header.size());
    for (size_t c = 0; c < header.size(); ++c) widths[c] = display_width(header[c]);
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c)
        widths[c] = std::max(widths[c], display_width(row[c]));
    }
    std::string out;
    const auto line = [&](const std::vector<std::string>& cells) {
      for (size_t c = 0; c < cells.size(); ++c) {
        const std::string pad(widths[c] - display_width(cells[c]), ' ');
        if (c > 0) out += "  ";
        out += numeric_[c] ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : "");
      }
      out += '\n';
    };
    line(header);
    std::vector<std::string> rule;
    for (size_t w : widths) rule.emplace_back(w, '-');
    line(rule);
    for (const auto& row : rows) line(row);
    return out;
  }

  std::string csv() const {
    std::string out = csv_record(columns_);
    for (const auto& row : rows_) out += csv_record(row);
    return out;
  }

  // A numeric cell as JSON: an integer, a finite double, or null (empty, "nan", "inf").
  static nlohmann::ordered_json json_number(const std::string& cell) {
    const char* begin = cell.data();
    const char* end = begin + cell.size();
    long long integer = 0;
    if (auto [next, error] = std::from_chars(begin, end, integer);
        error == std::errc() && next == end && !cell.empty()) {
      return integer;
    }
    double value = 0;
    if (auto [next, error] = std::from_chars(begin, end, value);
        error == std::errc() && next == end && std::isfinite(value)) {
      return value;
    }
    return nullptr;
  }

  std::string json() const {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : rows_) {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (size_t c = 0; c < columns_.size(); ++c) {
        object[replace_invalid_utf8(columns_[c])] =
            numeric_[c] ? json_number(row[c])
                        : nlohmann::ordered_json(replace_invalid_utf8(row[c]));
      }
      rows.push_back(std::move(object));
    }
    // Strict dump: every string above is valid UTF-8, so this cannot throw.
    return rows.dump(2) + "\n";
  }

  std::vector<std::string> columns_;
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

// Ranked words as both executables print them: rank, word and `score_name` (four decimals),
// after a `query` column when one is given. Shared so that a scripted GUI run prints exactly
// what embscope-cli prints for the same query.
inline OutputTable scored_words_table(const std::vector<ScoredWord>& words,
                                      const std::string& score_name, const std::string& query) {
  std::vector<std::string> columns = {"rank", "word", score_name};
  std::vector<bool> numeric = {true, false, true};
  if (!query.empty()) {
    columns.insert(columns.begin(), "query");
    numeric.insert(numeric.begin(), false);
  }
  OutputTable table(columns, numeric);
  for (size_t i = 0; i < words.size(); ++i) {
    char score[64];
    std::snprintf(score, sizeof(score), "%.4f", words[i].score);
    std::vector<std::string> row = {std::to_string(i + 1), words[i].word, score};
    if (!query.empty()) row.insert(row.begin(), query);
    table.add(row);
  }
  return table;
}

}  // namespace embscope::cli
