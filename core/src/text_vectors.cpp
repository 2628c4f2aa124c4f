
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "vector_formats.hpp"

namespace embscope {
namespace {

using detail::quote_for_message;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view line) {
  size_t begin = 0;
  while (begin < line.size() && is_blank(line[begin])) ++begin;
  size_t end = line.size();
  while (end > begin && is_blank(line[end - 1])) --end;
  return line.substr(begin, end - begin);
}

std::vector<std::string_view> split_tokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

enum class NumberStatus { Ok, NotANumber, NonFinite, OutOfRange };

NumberStatus parse_float(std::string_view token, float& value) {
  const char* first = token.data();
  const char* last = first + token.size();
  if (first != last && *first == '+') ++first;  // from_chars rejects an explicit plus sign
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) {
    double wide = 0;
    auto [wide_ptr, wide_ec] = std::from_chars(first, last, wide);
    if (wide_ec != std::errc() || wide_ptr != last) return NumberStatus::OutOfRange;
    if (std::abs(wide) > std::numeric_limits<float>::max()) return NumberStatus::OutOfRange;
    value = static_cast<float>(wide);  // an underflow to a subnormal or zero is harmless
    return NumberStatus::Ok;
  }
  if (ec != std::errc() || ptr != last) return NumberStatus::NotANumber;
  if (!std::isfinite(value)) return NumberStatus::NonFinite;
  return NumberStatus::Ok;
}

bool is_unsigned_integer(std::string_view token) {
  return !token.empty() &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Header {
  int64_t rows = 0;
  int64_t dim = 0;
};

std::optional<Header> parse_header(std::string_view line) {
  const auto tokens = split_tokens(line);
  if (tokens.size() != 2 || !is_unsigned_integer(tokens[0]) || !is_unsigned_integer(tokens[1])) {
    return std::nullopt;
  }
  Header header;
  auto r1 = std::from_chars(tokens[0].begin(), tokens[0].end(), header.rows);
  auto r2 = std::from_chars(tokens[1].begin(), tokens[1].end(), header.dim);
  if (r1.ec != std::errc() || r2.ec != std::errc()) return std::nullopt;
  return header;
}

// Parses one data row. Returns false for a blank line. Throws ParseError for a malformed row.
class RowParser {
 public:
  RowParser(const std::filesystem::path& path, int64_t dim, bool allow_non_finite)
      : path_(path), dim_(dim), allow_non_finite_(allow_non_finite) {}

  bool parse(std::string_view raw_line, uint64_t line_number, std::string& word, float* values) {
    const std::string_view line = trim(raw_line);
    if (line.empty()) return false;
    size_t word_end = 0;
    while (word_end < line.size() && !is_blank(line[word_end])) ++word_end;

    // Fast path: the word is the first token and exactly dim numbers follow.
    size_t pos = word_end;
    int64_t count = 0;
    while (pos < line.size()) {
      while (pos < line.size() && is_blank(line[pos])) ++pos;
      if (pos >= line.size()) break;
      size_t end = pos;
      while (end < line.size() && !is_blank(line[end])) ++end;
      const std::string_view token = line.substr(pos, end - pos);
      if (count >= dim_) {
        fail_count(line, line_number, word_end);
      }
      const NumberStatus status = parse_float(token, values[count]);
      if (status != NumberStatus::Ok && !(status == NumberStatus::NonFinite && allow_non_finite_)) {
        if (count == 0 && status == NumberStatus::NotANumber) {
          return parse_word_with_spaces(line, line_number, word, values);
        }
        fail_value(line.substr(0, word_end), line_number, count, token, status);
      }
      ++count;
      pos = end;
    }
    if (count != dim_) fail_count(line, line_number, word_end);
    word.assign(line.data(), word_end);
    return true;
  }

 private:
  // Some files (GloVe 840B) have words containing spaces. Leading tokens that are not numbers
  // belong to the word when the rest of the row is exactly dim numbers.
  bool parse_word_with_spaces(std::string_view line, uint64_t line_number, std::string& word,
                              float* values) {
    const auto tokens = split_tokens(line);
    const int64_t word_tokens = static_cast<int64_t>(tokens.size()) - dim_;
    if (word_tokens < 2) {
      size_t word_end = tokens[0].size();
      const NumberStatus status = parse_float(tokens[1], values[0]);
      fail_value(line.substr(0, word_end), line_number, 0, tokens[1], status);
    }
    for (int64_t i = 1; i < word_tokens; ++i) {
      float ignored;
      if (parse_float(tokens[i], ignored) != NumberStatus::NotANumber) {
        fail_count(line, line_number, tokens[0].size());
      }
    }
    for (int64_t i = 0; i < dim_; ++i) {
      const std::string_view token = tokens[word_tokens + i];
      const NumberStatus status = parse_float(token, values[i]);
      if (status != NumberStatus::Ok && !(status == NumberStatus::NonFinite && allow_non_finite_)) {
        fail_value(line.substr(0, tokens[word_tokens - 1].end() - line.begin()), line_number, i,
                   token, status);
      }
    }
    const auto word_end = static_cast<size_t>(tokens[word_tokens - 1].end() - line.begin());
    word.assign(line.data(), word_end);
    return true;
  }

  [[noreturn]] void fail_count(std::string_view line, uint64_t line_number, size_t word_end) {
    const int64_t found = static_cast<int64_t>(split_tokens(line.substr(word_end)).size());
    throw ParseError(path_, line_number,
                     "expected " + std::to_string(dim_) + (dim_ == 1 ? " value" : " values") +
                         " after the word " +
                         quote_for_message(line.substr(0, word_end)) + ", found " +
                         std::to_string(found));
  }

  [[noreturn]] void fail_value(std::string_view word, uint64_t line_number, int64_t index,
                               std::string_view token, NumberStatus status) {
    std::string what;
    switch (status) {
      case NumberStatus::NonFinite:
        what = "is not a finite number (NaN/Inf values are rejected unless allowed)";
        break;
      case NumberStatus::OutOfRange:
        what = "is outside the float32 range";
        break;
      default:
        what = "is not a number";
        break;
    }
    throw ParseError(path_, line_number,
                     "value " + std::to_string(index + 1) + " of the word " +
                         quote_for_message(word) + ", " + quote_for_message(token) + ", " + what);
  }

  const std::filesystem::path& path_;
  int64_t dim_;
  bool allow_non_finite_;
};

struct Chunk {
  std::string_view text;
  uint64_t first_line = 0;  // 1-based line number of the chunk's first line
  int64_t line_count = 0;
  int64_t first_row = 0;  // row index in the output where this chunk's rows start
  int64_t rows_parsed = 0;
  std::exception_ptr error;
  uint64_t error_line = 0;
};

int64_t count_lines(std::string_view text) {
  if (text.empty()) return 0;
  int64_t lines = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
    ++lines;
    ++p;
  }
  if (text.back() != '\n') ++lines;
  return lines;
}

// Cuts `text` after its first `max_rows` non-blank lines.
std::string_view first_rows(std::string_view text, int64_t max_rows) {
  size_t pos = 0;
  int64_t rows = 0;
  while (pos < text.size() && rows < max_rows) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    if (!trim(text.substr(pos, eol - pos)).empty()) ++rows;
    pos = std::min(eol + 1, text.size());
  }
  return text.substr(0, pos);
}

std::vector<Chunk> split_into_chunks(std::string_view text, int threads, uint64_t first_line) {
  constexpr size_t kMinChunk = size_t{1} << 20;
  const size_t wanted = std::max<size_t>(1, std::min<size_t>(threads, text.size() / kMinChunk));
  std::vector<Chunk> chunks;
  size_t begin = 0;
  for (size_t i = 0; i < wanted && begin < text.size(); ++i) {
    size_t end = (i + 1 == wanted) ? text.size() : text.size() * (i + 1) / wanted;
    if (end < begin) end = begin;
    const size_t newline = text.find('\n', end == 0 ? 0 : end - 1);
    end = newline == std::string_view::npos ? text.size() : newline + 1;
    Chunk chunk;
    chunk.text = text.substr(begin, end - begin);
    chunks.push_back(chunk);
    begin = end;
  }
  uint64_t line = first_line;
  int64_t row = 0;
  for (Chunk& chunk : chunks) {
    chunk.line_count = count_lines(chunk.text);
    chunk.first_line = line;
    chunk.first_row = row;
    line += static_cast<uint64_t>(chunk.line_count);
    row += chunk.line_count;
  }
  return chunks;
}

void parse_chunk(Chunk& chunk, const std::filesystem::path& path, int64_t dim,
                 const ReadOptions& options, RowMatrixXf& matrix, std::vector<std::string>& words,
                 std::atomic<bool>& stop, std::atomic<uint64_t>& bytes_done) {
  RowParser parser(path, dim, options.allow_non_finite);
  uint64_t line_number = chunk.first_line;
  int64_t row = chunk.first_row;
  size_t pos = 0;
  size_t reported = 0;
  const std::string_view text = chunk.text;
  try {
    while (pos < text.size()) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      if (parser.parse(text.substr(pos, eol - pos), line_number, words[static_cast<size_t>(row)],
                       matrix.row(row).data())) {
        ++row;
      }
      ++line_number;
      pos = eol + 1;
      if ((line_number & 1023) == 0) {
        bytes_done.fetch_add(std::min(pos, text.size()) - reported, std::memory_order_relaxed);
        reported = std::min(pos, text.size());
        if (stop.load(std::memory_order_relaxed)) break;
      }
    }
    bytes_done.fetch_add(text.size() - reported, std::memory_order_relaxed);
  } catch (const ParseError& error) {
    chunk.error = std::current_exception();
    chunk.error_line = error.line();
    stop.store(true);
  } catch (...) {
    chunk.error = std::current_exception();
    chunk.error_line = line_number;
    stop.store(true);
  }
  chunk.rows_parsed = row - chunk.first_row;
}

}  // namespace

VectorSet parse_text_vectors(std::string_view text, const std::filesystem::path& path,
                             const ReadOptions& options, const TaskControl& control,
                             ReadReport* report) {
  const size_t total_bytes = text.size();
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  if (trim(text).empty() || text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw ParseError(path, 0, "the file is empty: expected word vectors, one word per line");
  }

  // Skip leading blank lines, remembering line numbers for error messages.
  uint64_t line_number = 1;
  for (;;) {
    const size_t eol = text.find('\n');
    if (eol == std::string_view::npos || !trim(text.substr(0, eol)).empty()) break;
    text.remove_prefix(eol + 1);
    ++line_number;
  }
  const size_t first_eol = std::min(text.find('\n'), text.size());
  const std::string_view first_line = text.substr(0, first_eol);

  VectorFormat format = options.format;
  std::optional<Header> header = parse_header(first_line);
  if (format == VectorFormat::Auto) {
    format = header ? VectorFormat::Word2VecText : VectorFormat::GloveText;
  }
  if (format == VectorFormat::Word2VecText) {
    if (!header) {
      throw ParseError(path, line_number,
                       "expected a word2vec header `<rows> <dimension>`, found " +
                           quote_for_message(trim(first_line)));
    }
    if (header->dim <= 0) {
      throw ParseError(path, line_number, "the header declares dimension 0");
    }
    text.remove_prefix(std::min(first_eol + 1, text.size()));
    ++line_number;
  } else {
    header.reset();
  }

  int64_t dim = 0;
  if (header) {
    dim = header->dim;
  } else {
    const auto tokens = split_tokens(first_line);
    dim = static_cast<int64_t>(tokens.size()) - 1;
    if (dim <= 0) {
      throw ParseError(path, line_number,
                       "expected a word followed by its vector values, found " +
                           quote_for_message(trim(first_line)));
    }
  }

  int64_t row_limit = options.limit;
  if (header && (row_limit < 0 || row_limit > header->rows)) row_limit = header->rows;
  if (row_limit >= 0) text = first_rows(text, row_limit);

  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<Chunk> chunks = split_into_chunks(text, threads, line_number);
  int64_t line_rows = 0;
  for (const Chunk& chunk : chunks) line_rows += chunk.line_count;

  // Each value takes at least two bytes (a digit and a separator). When the file is too small for
  // line_rows x dim values, some row is short: find it sequentially instead of allocating a
  // matrix sized by one over-long first line.
  if (static_cast<double>(line_rows) * static_cast<double>(dim) * 2.0 >
      static_cast<double>(text.size()) + static_cast<double>(line_rows)) {
    RowParser parser(path, dim, options.allow_non_finite);
    std::vector<float> scratch(static_cast<size_t>(dim));
    std::string word;
    uint64_t number = line_number;
    for (size_t pos = 0; pos < text.size(); ++number) {
      size_t eol = std::min(text.find('\n', pos), text.size());
      parser.parse(text.substr(pos, eol - pos), number, word, scratch.data());
      pos = eol + 1;
    }
  }
  // Rows are sized from the lines present, never from a declared count, so a header that lies
  // cannot make the reader allocate more than the file can fill.
  RowMatrixXf matrix(line_rows, dim);
  std::vector<std::string> words(static_cast<size_t>(line_rows));

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<size_t> running{chunks.size()};
  std::mutex mutex;
  std::condition_variable finished;
  std::vector<std::thread> workers;
  workers.reserve(chunks.size());
  for (Chunk& chunk : chunks) {
    workers.emplace_back([&, chunk_ptr = &chunk] {
      parse_chunk(*chunk_ptr, path, dim, options, matrix, words, stop, bytes_done);
      std::lock_guard lock(mutex);
      running.fetch_sub(1);
      finished.notify_one();
    });
  }
  {
    std::unique_lock lock(mutex);
    while (running.load() > 0) {
      finished.wait_for(lock, std::chrono::milliseconds(50));
      if (control.cancelled()) stop.store(true);
      control.report(bytes_done.load(), total_bytes);
    }
  }
  for (std::thread& worker : workers) worker.join();
  control.throw_if_cancelled();

  // Report the earliest error in the file, as a sequential parser would.
  const Chunk* failed = nullptr;
  for (const Chunk& chunk : chunks) {
    if (chunk.error && (failed == nullptr || chunk.error_line < failed->error_line)) {
      failed = &chunk;
    }
  }
  if (failed != nullptr) std::rethrow_exception(failed->error);

  // Compact away the rows reserved for blank lines, then build the set.
  int64_t kept = 0;
  std::vector<std::string> kept_words;
  kept_words.reserve(static_cast<size_t>(line_rows));
  for (const Chunk& chunk : chunks) {
    for (int64_t i = 0; i < chunk.rows_parsed; ++i) {
      const int64_t row = chunk.first_row + i;
      kept_words.push_back(std::move(words[static_cast<size_t>(row)]));
      if (kept != row) matrix.row(kept) = matrix.row(row);
      ++kept;
    }
  }
  if (header && kept != row_limit) {
    throw ParseError(path, 1,
                     "the header declares " + std::to_string(header->rows) +
                         " rows but the file has " + std::to_string(kept));
  }
  if (kept != line_rows) matrix.conservativeResize(kept, dim);
  std::vector<std::string>().swap(words);

  VectorSet set = detail::assemble(std::move(kept_words), std::move(matrix), options, report);
  if (report != nullptr) {
    report->format = format;
    report->bytes = total_bytes;
  }
  control.report(total_bytes, total_bytes);
  return set;
}

}  // namespace embscope
