// Rows of results printed as an aligned text table, CSV (RFC 4180 quoting) or JSON (an array of
// objects), the three `--format` choices of embscope-cli's query commands.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace embscope::cli {

enum class OutputFormat { Table, Csv, Json };

inline OutputFormat output_format_from_name(const std::string& name) {
  if (name == "table") return OutputFormat::Table;
  if (name == "csv") return OutputFormat::Csv;
  if (name == "json") return OutputFormat::Json;
  throw std::invalid_argument("--format expects table, csv or json, got '" + name + "'");
}

class OutputTable {
 public:
  // `numeric` marks columns printed unquoted in JSON and right-aligned in tables.
  OutputTable(std::vector<std::string> columns, std::vector<bool> numeric)
      : columns_(std::move(columns)), numeric_(std::move(numeric)) {}

  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

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
    std::vector<size_t> widths(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c) widths[c] = display_width(columns_[c]);
    for (const auto& row : rows_) {
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
    line(columns_);
    std::vector<std::string> rule;
    for (size_t w : widths) rule.emplace_back(w, '-');
    line(rule);
    for (const auto& row : rows_) line(row);
    return out;
  }

  static std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }

  std::string csv() const {
    std::string out;
    const auto line = [&](const std::vector<std::string>& cells) {
      for (size_t c = 0; c < cells.size(); ++c) out += (c ? "," : "") + csv_field(cells[c]);
      out += "\n";
    };
    line(columns_);
    for (const auto& row : rows_) line(row);
    return out;
  }

  static std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
            out += buffer;
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    return out + "\"";
  }

  std::string json() const {
    std::string out = "[";
    for (size_t r = 0; r < rows_.size(); ++r) {
      out += r ? ",\n {" : "\n {";
      for (size_t c = 0; c < columns_.size(); ++c) {
        out += (c ? ", " : "") + json_string(columns_[c]) + ": " +
               (numeric_[c] ? rows_[r][c] : json_string(rows_[r][c]));
      }
      out += "}";
    }
    return out + (rows_.empty() ? "]\n" : "\n]\n");
  }

  std::vector<std::string> columns_;
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace embscope::cli
