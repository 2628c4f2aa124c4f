// word2vec binary: an ASCII header `rows dim\n`, then per row the word, one space and dim
// little-endian float32 values. word2vec.c writes a newline after each row; gensim does not.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include "vectors/byte_source.hpp"
#include "vectors/vector_formats.hpp"

namespace embscope::detail {

// Longer words are refused as a sign of a file that is not word2vec binary.
constexpr size_t kMaxWordBytes = 10000;

static_assert(std::endian::native == std::endian::little,
              "the binary formats are little-endian and read by memcpy");

VectorSet read_word2vec_binary(const ByteSource& source, const std::filesystem::path& path,
                               const ReadOptions& options, const TaskControl& control,
                               ReadReport* report) {
  std::string buffer;
  const std::string_view head = source.read(0, 128, buffer);
  const size_t header_end = head.find('\n');
  if (header_end == std::string_view::npos || header_end > 64) {
    throw ParseError(path, 1, "expected a word2vec binary header `<rows> <dimension>`");
  }
  int64_t declared_rows = -1;
  int64_t dim = -1;
  {
    const std::string header(head.substr(0, header_end));
    const char* p = header.c_str();
    const char* end = p + header.size();
    while (p < end && *p == ' ') ++p;
    auto r1 = std::from_chars(p, end, declared_rows);
    p = r1.ptr;
    while (p < end && *p == ' ') ++p;
    auto r2 = std::from_chars(p, end, dim);
    p = r2.ptr;
    while (p < end && (*p == ' ' || *p == '\r')) ++p;
    if (r1.ec != std::errc() || r2.ec != std::errc() || p != end || declared_rows < 0 || dim <= 0) {
      throw ParseError(path, 1,
                       "expected a word2vec binary header `<rows> <dimension>`, found " +
                           quote_for_message(header));
    }
  }
  if (declared_rows == 0)
    throw ParseError(path, 1, "the header declares 0 rows: expected at least one vector");
  int64_t rows = declared_rows;
  if (options.limit >= 0) rows = std::min(rows, options.limit);
  const size_t row_bytes = static_cast<size_t>(dim) * sizeof(float);
  const uint64_t data_bytes = source.size() - header_end - 1;
  // Each row needs its values and at least a one-byte word and the space: refuse a header that
  // promises more than the file can hold before allocating anything for it.
  if (static_cast<double>(rows) * static_cast<double>(row_bytes + 2) >
      static_cast<double>(data_bytes)) {
    throw ParseError(path, 1,
                     "the header declares " + std::to_string(declared_rows) + " rows of " +
                         std::to_string(dim) + " float32 values, but the file holds only " +
                         std::to_string(data_bytes) + " bytes after the header (truncated file?)");
  }

  RowMatrixXf matrix(rows, dim);
  advise_huge_pages(matrix);
  std::vector<std::string> words(static_cast<size_t>(rows));
  std::optional<PageFaultAhead> fault_ahead(std::in_place, matrix);
  ByteCursor cursor(source, header_end + 1);
  const auto skip_separators = [&] {
    while (!cursor.at_end() &&
           (cursor.peek() == '\n' || cursor.peek() == '\r' || cursor.peek() == ' ')) {
      cursor.skip(1);
    }
  };
  for (int64_t row = 0; row < rows; ++row) {
    if ((row & 4095) == 0) {
      control.throw_if_cancelled();
      control.report(cursor.offset(), source.size());
    }
    skip_separators();
    const uint64_t word_start = cursor.offset();
    std::string& word = words[static_cast<size_t>(row)];
    if (!cursor.read_until(' ', kMaxWordBytes, word)) {
      throw ParseError(path, 0,
                       "row " + std::to_string(row + 1) + ": expected a word followed by a space",
                       static_cast<int64_t>(word_start));
    }
    cursor.skip(1);
    const uint64_t values_start = cursor.offset();
    float* values = matrix.row(row).data();
    if (!cursor.read_exact(values, row_bytes)) {
      throw ParseError(path, 0,
                       "truncated file: row " + std::to_string(row + 1) + " (word " +
                           quote_for_message(word) + ") needs " + std::to_string(row_bytes) +
                           " bytes of values, the file ends after " +
                           std::to_string(source.size() - values_start),
                       static_cast<int64_t>(values_start));
    }
    if (!options.allow_non_finite && !all_finite(values, dim)) {
      for (int64_t c = 0; c < dim; ++c) {
        if (!std::isfinite(values[c])) {
          throw ParseError(path, 0,
                           "row " + std::to_string(row + 1) + " (word " + quote_for_message(word) +
                               "): value " + std::to_string(c + 1) +
                               " is not a finite number (NaN/Inf values are rejected unless "
                               "allowed)",
                           static_cast<int64_t>(values_start + c * sizeof(float)));
        }
      }
    }
  }
  if (options.limit < 0 || options.limit >= declared_rows) {
    skip_separators();
    if (!cursor.at_end()) {
      throw ParseError(path, 0,
                       "the header declares " + std::to_string(declared_rows) +
                           " rows, but more data follows the last one",
                       static_cast<int64_t>(cursor.offset()));
    }
  }
  control.report(source.size(), source.size());
  fault_ahead.reset();
  VectorSet set = assemble(std::move(words), std::move(matrix), options, report);
  if (report != nullptr) report->format = VectorFormat::Word2VecBinary;
  return set;
}

void check_word2vec_binary_words(const VectorSet& set) {
  constexpr VectorFormat kFormat = VectorFormat::Word2VecBinary;
  for (int64_t row = 0; row < set.rows(); ++row) {
    const std::string& word = set.vocabulary.word(row);
    if (word.empty())
      refuse_row(row, word, kFormat, "",
                 "it is empty, and readers would take the bytes after it for the word");
    if (word.find(' ') != std::string::npos)
      refuse_row(row, word, kFormat, "",
                 "it contains a space, and a word of a word2vec binary file ends at its first "
                 "space");
    // word2vec.c writes a newline after each row and readers skip line ends before a word.
    if (word.find_first_of("\n\r") != std::string::npos)
      refuse_row(row, word, kFormat, "", "it contains a line end, which readers skip between rows");
    if (word.size() > kMaxWordBytes)
      refuse_row(row, word, kFormat, "",
                 "it is " + std::to_string(word.size()) +
                     " bytes long, and readers refuse words "
                     "longer than " +
                     std::to_string(kMaxWordBytes) + " bytes");
  }
}

void write_word2vec_binary(const VectorSet& set, AtomicFile& out, const TaskControl& control) {
  out.write(std::to_string(set.rows()) + " " + std::to_string(set.dim()) + "\n");
  for (int64_t row = 0; row < set.rows(); ++row) {
    if ((row & 4095) == 0) control.throw_if_cancelled();
    out.write(set.vocabulary.word(row));
    out.write(" ");
    out.write(set.vectors.row(row).data(), static_cast<size_t>(set.dim()) * sizeof(float));
    out.write("\n");  // as word2vec.c writes it
  }
}

}  // namespace embscope::detail
