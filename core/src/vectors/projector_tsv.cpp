// TensorFlow Embedding Projector files: vectors.tsv holds only numbers (tab-separated, one row per
// line); the words are in metadata.tsv. Also the line-based writers (GloVe and word2vec text, the
// vocabulary files of matrices) and what each of them can hold.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "vectors/vector_formats.hpp"

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

namespace {

// metadata.tsv is one column of words without a header, or a header row and several columns, the
// first giving the words. A set whose metadata does not start with its words (lowercased on
// load, or made in code) gets its words as a first column named "word", so that they read back
// the same; a set without metadata, or whose one column is its words, gets the words alone.
struct MetadataLayout {
  std::vector<std::string> names;                        // empty: the words alone, no header
  std::vector<const std::vector<std::string>*> columns;  // nullptr: the words
};

MetadataLayout metadata_layout(const VectorSet& set) {
  MetadataLayout layout;
  const Metadata& metadata = set.metadata;
  if (metadata.columns.empty()) return layout;
  const bool starts_with_words = metadata.columns[0] == set.vocabulary.words();
  if (starts_with_words && metadata.columns.size() == 1) return layout;
  if (!starts_with_words) {
    layout.names.emplace_back("word");
    layout.columns.push_back(nullptr);
  }
  for (size_t c = 0; c < metadata.columns.size(); ++c) {
    layout.names.push_back(metadata.column_names[c]);
    layout.columns.push_back(&metadata.columns[c]);
  }
  return layout;
}

const std::string& field(const VectorSet& set, const MetadataLayout& layout, size_t column,
                         int64_t row) {
  if (layout.columns.empty() || layout.columns[column] == nullptr) return set.vocabulary.word(row);
  return (*layout.columns[column])[static_cast<size_t>(row)];
}

}  // namespace

void check_projector_metadata(const VectorSet& set) {
  const MetadataLayout layout = metadata_layout(set);
  const size_t columns = std::max<size_t>(1, layout.columns.size());
  const auto check = [&](int64_t row, size_t column, const std::string& text) {
    const std::string where =
        layout.names.empty() ? std::string() : "column \"" + layout.names[column] + "\"";
    if (text.find('\t') != std::string::npos)
      refuse_row(row, text, VectorFormat::ProjectorTsv, where,
                 "it contains a tab, the column separator of metadata.tsv");
    if (text.find('\n') != std::string::npos)
      refuse_row(row, text, VectorFormat::ProjectorTsv, where,
                 "it contains a newline, which would split its row of metadata.tsv in two");
    if (text.find('\r') != std::string::npos)
      refuse_row(row, text, VectorFormat::ProjectorTsv, where,
                 "it contains a carriage return, which readers take for part of a line end");
    const bool first_line = layout.names.empty() ? row == 0 : row == -1;
    if (first_line && column == 0 && text.starts_with(kByteOrderMark))
      refuse_row(row, text, VectorFormat::ProjectorTsv, where,
                 "it starts the file with a byte-order mark, which readers drop");
  };
  for (size_t c = 0; c < layout.names.size(); ++c) check(-1, c, layout.names[c]);
  for (int64_t row = 0; row < set.rows(); ++row) {
    for (size_t c = 0; c < columns; ++c) check(row, c, field(set, layout, c, row));
  }
  // One column has no separator: an empty last label is a blank line at the end of the file.
  if (layout.names.empty() && set.rows() > 0 && set.vocabulary.word(set.rows() - 1).empty()) {
    refuse_row(set.rows() - 1, "", VectorFormat::ProjectorTsv, "",
               "it is empty, and an empty last line of a one-column metadata.tsv is read as the "
               "end of the file");
  }
}

void write_projector_metadata(const VectorSet& set, AtomicFile& out) {
  const MetadataLayout layout = metadata_layout(set);
  std::string line;
  if (!layout.names.empty()) {
    for (size_t c = 0; c < layout.names.size(); ++c) line += (c ? "\t" : "") + layout.names[c];
    out.write(line + "\n");
  }
  const size_t columns = std::max<size_t>(1, layout.columns.size());
  for (int64_t row = 0; row < set.rows(); ++row) {
    line.clear();
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) line += '\t';
      line += field(set, layout, c, row);
    }
    line += '\n';
    out.write(line);
  }
}

void check_text_words(const VectorSet& set, bool header) {
  const VectorFormat format = header ? VectorFormat::Word2VecText : VectorFormat::GloveText;
  // Rules of the first row first: the first row that breaks a rule is the one named.
  if (!header && set.rows() > 0) {
    // GloVe has no header, so the first line decides what the file is.
    const std::string& first = set.vocabulary.word(0);
    if (first.starts_with(kByteOrderMark))
      refuse_row(0, first, format, "",
                 "it starts the file with a byte-order mark, which readers drop");
    if (set.dim() == 1 && first.find_first_not_of("0123456789") == std::string::npos) {
      char buffer[32];
      const auto result = std::to_chars(buffer, buffer + sizeof(buffer), set.vectors(0, 0));
      const std::string_view value(buffer, static_cast<size_t>(result.ptr - buffer));
      if (value.find_first_not_of("0123456789") == std::string_view::npos) {
        refuse_row(0, first, format, "",
                   "with its one value it makes a first line of two whole numbers, which readers "
                   "take for a word2vec header (write word2vec-text instead)");
      }
    }
  }
  for (int64_t row = 0; row < set.rows(); ++row) {
    const std::string& word = set.vocabulary.word(row);
    if (word.empty())
      refuse_row(row, word, format, "", "it is empty, and the row would read as its values alone");
    if (word.find('\n') != std::string::npos)
      refuse_row(row, word, format, "", "it contains a newline, which would split the row in two");
    // Readers split rows on blanks; gensim and fastText on spaces alone, so a word with a space
    // (GloVe 840B has some) reads back as other words, or not at all.
    if (word.find(' ') != std::string::npos)
      refuse_row(row, word, format, "",
                 "it contains a space, and a word of a text vector file ends at its first space");
    if (word.find('\t') != std::string::npos)
      refuse_row(row, word, format, "",
                 "it contains a tab, which readers take for the blank between a word and its "
                 "values");
    if (word.find('\r') != std::string::npos)
      refuse_row(row, word, format, "",
                 "it contains a carriage return, which readers take for a blank or a line end");
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

void check_word_list(const VectorSet& set, VectorFormat format) {
  const std::string where = "in the vocabulary file";
  // `word count` lines are word2vec -save-vocab counts when every line ends in a number.
  const bool counts = static_cast<int64_t>(set.counts.size()) == set.rows();
  const auto ends_in_a_number = [](const std::string& word) {
    const size_t blank = word.find_last_of(" \t");
    if (blank == std::string::npos) return false;
    int64_t number = 0;
    const char* last = word.data() + word.size();
    const auto parsed = std::from_chars(word.data() + blank + 1, last, number);
    return parsed.ec == std::errc() && parsed.ptr == last;
  };
  if (!counts && set.rows() > 0 &&
      std::all_of(set.vocabulary.words().begin(), set.vocabulary.words().end(), ends_in_a_number)) {
    refuse_row(0, set.vocabulary.word(0), format, where,
               "every word ends in a blank and a whole number, so the file would read as "
               "word2vec -save-vocab `word count` lines");
  }
  for (int64_t row = 0; row < set.rows(); ++row) {
    const std::string& word = set.vocabulary.word(row);
    if (word.empty())
      refuse_row(row, word, format, where, "it is empty, and a vocabulary file has no blank lines");
    if (word.find('\n') != std::string::npos)
      refuse_row(row, word, format, where, "it contains a newline, which would make it two words");
    if (word.find('\r') != std::string::npos)
      refuse_row(row, word, format, where,
                 "it contains a carriage return, which readers take for part of a line end");
    if (word.find_first_of(" \t") == 0 || word.find_last_of(" \t") == word.size() - 1)
      refuse_row(row, word, format, where,
                 "it starts or ends with a blank, which readers trim from each line");
    if (row == 0 && word.starts_with(kByteOrderMark))
      refuse_row(row, word, format, where,
                 "it starts the file with a byte-order mark, which readers drop");
  }
}

void write_word_list(const VectorSet& set, AtomicFile& out) {
  const bool counts = static_cast<int64_t>(set.counts.size()) == set.rows();
  for (int64_t row = 0; row < set.rows(); ++row) {
    const std::string& word = set.vocabulary.word(row);
    out.write(counts ? word + " " + std::to_string(set.counts[static_cast<size_t>(row)]) + "\n"
                     : word + "\n");
  }
}

}  // namespace embscope::detail
