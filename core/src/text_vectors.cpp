
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "byte_source.hpp"
#include "vector_formats.hpp"

#if __has_include(<fast_float/fast_float.h>)
#include <fast_float/fast_float.h>
#define EMBSCOPE_HAVE_FAST_FLOAT 1
#else
#define EMBSCOPE_HAVE_FAST_FLOAT 0
#endif

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

// The blank-separated tokens of a line, at most `max_tokens` of them.
std::vector<std::string_view> split_tokens(std::string_view line,
                                           size_t max_tokens = static_cast<size_t>(-1)) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < line.size() && tokens.size() < max_tokens) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

int64_t count_tokens(std::string_view line) {
  int64_t count = 0;
  for (size_t i = 0; i < line.size();) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i < line.size()) ++count;
    while (i < line.size() && !is_blank(line[i])) ++i;
  }
  return count;
}

enum class NumberStatus { Ok, NotANumber, NonFinite, OutOfRange };

NumberStatus parse_float(std::string_view token, float& value) {
  const char* first = token.data();
  const char* last = first + token.size();
  if (first != last && *first == '+') ++first;  // from_chars rejects an explicit plus sign
#if EMBSCOPE_HAVE_FAST_FLOAT
  auto [ptr, ec] = fast_float::from_chars(first, last, value);
#else
  auto [ptr, ec] = std::from_chars(first, last, value);
#endif
  if (ec == std::errc::result_out_of_range) {
    double wide = 0;
    auto [wide_ptr, wide_ec] = std::from_chars(first, last, wide);
    if (wide_ec != std::errc() || wide_ptr != last) return NumberStatus::OutOfRange;
    if (std::abs(wide) > std::numeric_limits<float>::max()) return NumberStatus::OutOfRange;
    value = static_cast<float>(wide);  // an underflow to a subnormal or zero is harmless
    return NumberStatus::Ok;
  }
  if (ec != std::errc() || ptr != last) return NumberStatus::NotANumber;
  if (!std::isfinite(value)) {
    // fast_float rounds an overflowing literal to infinity; only "inf"/"nan" spelt out are
    // non-finite values, anything else is out of range.
    const bool spelt = std::any_of(first, last, [](char c) { return c == 'n' || c == 'N'; });
    return spelt ? NumberStatus::NonFinite : NumberStatus::OutOfRange;
  }
  return NumberStatus::Ok;
}

// Signs are random in vector files: a branch on them mispredicts every other value, which
// cost a quarter of the parse time.
inline float with_sign(float magnitude, bool negative) {
  return std::bit_cast<float>(std::bit_cast<uint32_t>(magnitude) |
                              (static_cast<uint32_t>(negative) << 31));
}

// Clinger's fast path for float: a decimal whose digits form an integer m <= 2^24 with at most
// 10 fraction digits is exactly m / 10^k, and one IEEE division of two exact floats is
// correctly rounded, so this gives the same bits as a full parser. Returns the end of the
// number, or nullptr when the text is anything else (exponents, long mantissas, nan, words),
// which the caller then hands to the general parser.
inline const char* parse_short_decimal(const char* p, const char* end, float& value) {
  static constexpr float kPowersOfTen[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f,
                                           1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  bool negative = false;
  if (p < end) {
    negative = *p == '-';
    p += negative || *p == '+';
  }
  // The shape of nearly every value in GloVe, word2vec and fastText files, `d.ddddd`: the
  // fraction digits are found and converted eight bytes at a time (SWAR, as in fast_float).
  if (end - p >= 16 && static_cast<unsigned>(p[0] - '0') < 10 && p[1] == '.') {
    uint64_t bytes;
    std::memcpy(&bytes, p + 2, sizeof bytes);
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighBits = 0x8080808080808080ULL;
    // High bit set in each byte below '0' or above '9'; the lowest such byte is exact (borrows
    // and carries only run upwards), and that is the one used.
    const uint64_t below = (bytes - kOnes * '0') & ~bytes & kHighBits;
    const uint64_t above = ((bytes + kOnes * (127 - '9')) | bytes) & kHighBits;
    const uint64_t not_digit = below | above;
    const int digits = not_digit == 0 ? 8 : std::countr_zero(not_digit) / 8;
    if (digits >= 1 && digits <= 7 && is_blank(p[2 + digits])) {
      // Lemire's eight-digit conversion, with the digits moved to the low-order end.
      uint64_t v = (bytes - kOnes * '0') << (8 * (8 - digits));
      v = v * 10 + (v >> 8);
      v = (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
           (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
          32;
      static constexpr uint32_t kScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
      const auto mantissa =
          static_cast<uint32_t>(p[0] - '0') * kScale[digits] + static_cast<uint32_t>(v);
      // Exact below 2^24 (Clinger); longer mantissas go on to the checks below.
      if (mantissa <= (1u << 24)) {
        value = with_sign(static_cast<float>(mantissa) / kPowersOfTen[digits], negative);
        return p + 2 + digits;
      }
    }
  }
  uint32_t mantissa = 0;
  int fraction_digits = 0;
  bool any_digit = false;
  while (p < end && static_cast<unsigned>(*p - '0') < 10) {
    if (mantissa > 100000000u) return nullptr;
    mantissa = mantissa * 10 + static_cast<uint32_t>(*p - '0');
    any_digit = true;
    ++p;
  }
  if (p < end && *p == '.') {
    ++p;
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
      if (mantissa > 100000000u) return nullptr;
      mantissa = mantissa * 10 + static_cast<uint32_t>(*p - '0');
      ++fraction_digits;
      any_digit = true;
      ++p;
    }
  }
  if (!any_digit || (p < end && !is_blank(*p))) return nullptr;
  if (mantissa > (1u << 24) || fraction_digits > 10) return nullptr;
  float result = static_cast<float>(mantissa);
  if (fraction_digits > 0) result /= kPowersOfTen[fraction_digits];
  value = with_sign(result, negative);
  return p;
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
  const auto tokens = split_tokens(line, 3);
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
    const char* const data = line.data();
    while (pos < line.size()) {
      while (pos < line.size() && is_blank(line[pos])) ++pos;
      if (pos >= line.size()) break;
      if (count >= dim_) fail_count(line, line_number, word_end);
      // Most values are short decimals ("-0.41800"): parsed in one pass, exactly.
      if (const char* end = parse_short_decimal(data + pos, data + line.size(), values[count])) {
        ++count;
        pos = static_cast<size_t>(end - data);
        continue;
      }
      size_t end = pos;
      while (end < line.size() && !is_blank(line[end])) ++end;
      const std::string_view token = line.substr(pos, end - pos);
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
    const int64_t found = count_tokens(line.substr(word_end));
    throw ParseError(path_, line_number,
                     "expected " + std::to_string(dim_) + (dim_ == 1 ? " value" : " values") +
                         " after the word " + quote_for_message(line.substr(0, word_end)) +
                         ", found " + std::to_string(found));
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

// Calls visit(line, line_index) for each line of a block (without its newline).
template <typename Visit>
bool for_each_line(std::string_view block, Visit&& visit) {
  size_t pos = 0;
  while (pos < block.size()) {
    const char* newline =
        static_cast<const char*>(std::memchr(block.data() + pos, '\n', block.size() - pos));
    const size_t eol =
        newline != nullptr ? static_cast<size_t>(newline - block.data()) : block.size();
    if (!visit(block.substr(pos, eol - pos))) return false;
    pos = eol + 1;
  }
  return true;
}

int64_t count_lines(std::string_view block) {
  if (block.empty()) return 0;
  int64_t lines = 0;
  const char* p = block.data();
  const char* end = p + block.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
    ++lines;
    ++p;
  }
  if (block.back() != '\n') ++lines;
  return lines;
}

// The first line starting at `offset` (without its newline), however long it is.
std::string first_line_at(const detail::ByteSource& source, uint64_t offset) {
  std::string line;
  std::string buffer;
  constexpr size_t kStep = size_t{1} << 16;
  while (offset < source.size()) {
    const std::string_view piece = source.read(offset, kStep, buffer);
    const size_t newline = piece.find('\n');
    if (newline != std::string_view::npos) return line.append(piece.substr(0, newline));
    line.append(piece);
    offset += piece.size();
  }
  return line;
}

// Offset just after the next newline at or after `offset` (or the end).
uint64_t next_line_start(const detail::ByteSource& source, uint64_t offset) {
  std::string buffer;
  constexpr size_t kStep = size_t{1} << 16;
  while (offset < source.size()) {
    const std::string_view piece = source.read(offset, kStep, buffer);
    const size_t newline = piece.find('\n');
    if (newline != std::string_view::npos) return offset + newline + 1;
    offset += piece.size();
  }
  return source.size();
}

struct Chunk {
  uint64_t begin = 0;
  uint64_t end = 0;
  uint64_t first_line = 0;  // 1-based line number of the chunk's first line
  int64_t line_count = 0;
  int64_t first_row = 0;  // row index in the output where this chunk's rows start
  int64_t rows_parsed = 0;
  std::exception_ptr error;
  uint64_t error_line = 0;
};

// Runs work(i) for every chunk on its own thread while the calling thread reports progress and
// forwards a cancel request through `stop`.
template <typename Work>
void run_chunks(size_t count, const TaskControl& control, std::atomic<bool>& stop,
                const std::atomic<uint64_t>& done, uint64_t total, Work&& work) {
  std::atomic<size_t> running{count};
  std::mutex mutex;
  std::condition_variable finished;
  std::vector<std::thread> workers;
  workers.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    workers.emplace_back([&, i] {
      work(i);
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
      control.report(std::min(done.load(), total), total);
    }
  }
  for (std::thread& worker : workers) worker.join();
}

// A header may declare a dimension that no row of the file can hold (a row of D values takes at
// least 2D bytes). That is refused before a matrix is sized from it: with the first row's own
// error when there is a row (it cannot hold D values), otherwise with the header's.
void refuse_impossible_dimension(const detail::ByteSource& source, uint64_t data_begin,
                                 uint64_t line_number, int64_t dim,
                                 const std::filesystem::path& path, bool allow_non_finite) {
  const uint64_t remaining = source.size() - std::min<uint64_t>(source.size(), data_begin);
  if (static_cast<uint64_t>(dim) <= remaining) return;
  const uint64_t header_line = line_number - 1;
  for (uint64_t offset = data_begin; offset < source.size(); ++line_number) {
    const std::string line = first_line_at(source, offset);
    if (!trim(line).empty()) {
      // Fewer than dim values fit in the line, so the parser stops with its message.
      std::vector<float> values(line.size() / 2 + 2);
      std::string word;
      RowParser(path, dim, allow_non_finite).parse(line, line_number, word, values.data());
      break;
    }
    offset = next_line_start(source, offset);
  }
  throw ParseError(path, header_line,
                   "the header declares dimension " + std::to_string(dim) +
                       ", more values than the rest of the file (" + std::to_string(remaining) +
                       " bytes) can hold");
}

VectorSet parse_source(const detail::ByteSource& source, const std::filesystem::path& path,
                       const ReadOptions& options, const TaskControl& control, ReadReport* report) {
  const uint64_t total_bytes = source.size();
  std::string buffer;
  uint64_t data_begin = 0;
  if (source.read(0, 3, buffer) == "\xEF\xBB\xBF") data_begin = 3;

  // Skip leading blank lines, remembering line numbers for error messages.
  uint64_t line_number = 1;
  std::string first_line;
  for (;;) {
    if (data_begin >= total_bytes) {
      throw ParseError(path, 0, "the file is empty: expected word vectors, one word per line");
    }
    first_line = first_line_at(source, data_begin);
    if (!trim(first_line).empty()) break;
    data_begin = next_line_start(source, data_begin);
    ++line_number;
  }

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
    if (header->dim <= 0) throw ParseError(path, line_number, "the header declares dimension 0");
    data_begin = next_line_start(source, data_begin);
    ++line_number;
    refuse_impossible_dimension(source, data_begin, line_number, header->dim, path,
                                options.allow_non_finite);
  } else {
    header.reset();
  }

  int64_t dim = 0;
  if (header) {
    dim = header->dim;
  } else {
    // Counted without a list of the tokens: a first line may hold millions of values.
    int64_t token_count = 0;
    std::string_view second_token, last_token;
    for (size_t pos = 0; pos < first_line.size();) {
      while (pos < first_line.size() && is_blank(first_line[pos])) ++pos;
      if (pos >= first_line.size()) break;
      size_t end = pos;
      while (end < first_line.size() && !is_blank(first_line[end])) ++end;
      last_token = std::string_view(first_line).substr(pos, end - pos);
      if (++token_count == 2) second_token = last_token;
      pos = end;
    }
    dim = token_count - 1;
    float ignored = 0;
    if (dim > 0 && parse_float(last_token, ignored) == NumberStatus::NotANumber &&
        parse_float(second_token, ignored) == NumberStatus::NotANumber) {
      throw ParseError(path, line_number,
                       "this does not look like a word-vector file: the line " +
                           quote_for_message(trim(first_line)) +
                           " does not end in numbers (expected `word v1 v2 ... vD`)");
    }
    if (dim <= 0) {
      throw ParseError(path, line_number,
                       "expected a word followed by its vector values, found " +
                           quote_for_message(trim(first_line)));
    }
  }
  std::string().swap(first_line);

  uint64_t data_end = total_bytes;
  int64_t row_limit = options.limit;
  if (header && (row_limit < 0 || row_limit > header->rows)) row_limit = header->rows;
  if (row_limit >= 0) {
    // Cut after the first row_limit non-blank lines.
    int64_t rows = 0;
    uint64_t lines = 0;
    uint64_t cut = data_begin;
    source.for_each_line_block(data_begin, total_bytes,
                               [&](std::string_view block, uint64_t offset) {
                                 size_t pos = 0;
                                 return for_each_line(block, [&](std::string_view line) {
                                   if (rows >= row_limit) return false;
                                   ++lines;
                                   if (!trim(line).empty()) ++rows;
                                   pos += line.size() + 1;
                                   cut = std::min<uint64_t>(offset + pos, total_bytes);
                                   return true;
                                 });
                               });
    data_end = rows >= row_limit ? cut : total_bytes;
    if (row_limit == 0) data_end = data_begin;
    // A header that declares fewer rows than follow would silently drop the rest: refused
    // (unless the caller asked for a limit).
    if (header && options.limit < 0 && rows >= row_limit && cut < total_bytes) {
      uint64_t extra_line = line_number + lines;
      bool extra = false;
      source.for_each_line_block(cut, total_bytes, [&](std::string_view block, uint64_t) {
        return for_each_line(block, [&](std::string_view line) {
          if (!trim(line).empty()) {
            extra = true;
            return false;
          }
          ++extra_line;
          return true;
        });
      });
      if (extra) {
        throw ParseError(path, extra_line,
                         "the header declares " + std::to_string(header->rows) +
                             " rows but the file has more (this line would be row " +
                             std::to_string(header->rows + 1) + ")");
      }
    }
  }

  // Chunks at line boundaries, one per thread (at least 1 MiB each).
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  constexpr uint64_t kMinChunk = uint64_t{1} << 20;
  const uint64_t span = data_end - data_begin;
  const uint64_t wanted = std::max<uint64_t>(1, std::min<uint64_t>(threads, span / kMinChunk));
  std::vector<Chunk> chunks;
  uint64_t begin = data_begin;
  for (uint64_t i = 0; i < wanted && begin < data_end; ++i) {
    uint64_t end = i + 1 == wanted ? data_end : data_begin + span * (i + 1) / wanted;
    end = std::min(data_end, std::max(begin, next_line_start(source, end == 0 ? 0 : end - 1)));
    if (i + 1 == wanted) end = data_end;
    Chunk chunk;
    chunk.begin = begin;
    chunk.end = end;
    chunks.push_back(chunk);
    begin = end;
  }

  // One pass, no line count first: every row takes at least dim * 2 + 2 bytes (a one-byte word,
  // then a separator and a digit per value), so chunk i can hold at most bytes_i / that many
  // rows. The matrix reserves that bound for each chunk; only the pages the rows really use are
  // ever touched, and the rows are compacted afterwards.
  //
  // With several chunks, a first parallel pass counts each chunk's lines (a row per line at
  // most), so that every chunk parses straight into its final rows: parsing into the
  // reservation and moving the rows down afterwards wrote half the matrix a second time into
  // fresh pages, and on these machines a fresh page costs more than parsing its numbers.
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> bytes_done{0};
  const uint64_t span_bytes = data_end - data_begin;
  const uint64_t progress_total = chunks.size() > 1 ? total_bytes + span_bytes : total_bytes;
  if (chunks.size() > 1) {
    run_chunks(chunks.size(), control, stop, bytes_done, progress_total, [&](size_t i) {
      int64_t lines = 0;
      source.for_each_line_block(chunks[i].begin, chunks[i].end,
                                 [&](std::string_view block, uint64_t) {
                                   lines += std::count(block.begin(), block.end(), '\n');
                                   if (!block.empty() && block.back() != '\n') ++lines;
                                   bytes_done.fetch_add(block.size(), std::memory_order_relaxed);
                                   return !stop.load(std::memory_order_relaxed);
                                 });
      chunks[i].line_count = lines;
    });
    control.throw_if_cancelled();
  }
  const uint64_t min_row_bytes = static_cast<uint64_t>(dim) * 2 + 2;
  int64_t bound_rows = 0;
  for (Chunk& chunk : chunks) {
    chunk.first_row = bound_rows;
    // Both bounds hold; the byte bound keeps a huge first row from sizing every line's row.
    const auto by_bytes = static_cast<int64_t>((chunk.end - chunk.begin) / min_row_bytes + 1);
    bound_rows += chunks.size() > 1 ? std::min(chunk.line_count, by_bytes) : by_bytes;
  }
  RowMatrixXf matrix(bound_rows, dim);
  detail::advise_huge_pages(matrix);
  std::vector<std::vector<std::string>> chunk_words(chunks.size());

  run_chunks(chunks.size(), control, stop, bytes_done, progress_total, [&](size_t i) {
    Chunk& chunk = chunks[i];
    RowParser parser(path, dim, options.allow_non_finite);
    std::vector<std::string>& words = chunk_words[i];
    // The line count bounds the words; growing by doubling held up to twice their memory.
    if (chunks.size() > 1) words.reserve(static_cast<size_t>(chunk.line_count));
    uint64_t local_line = 0;
    int64_t row = chunk.first_row;
    std::string word;
    try {
      source.for_each_line_block(chunk.begin, chunk.end, [&](std::string_view block, uint64_t) {
        for_each_line(block, [&](std::string_view line) {
          if (parser.parse(line, local_line, word, matrix.row(row).data())) {
            words.push_back(std::move(word));
            ++row;
          }
          ++local_line;
          return true;
        });
        bytes_done.fetch_add(block.size(), std::memory_order_relaxed);
        return !stop.load(std::memory_order_relaxed);
      });
    } catch (...) {
      // Line numbers inside a chunk are local here; the global one is worked out below.
      chunk.error = std::current_exception();
      chunk.error_line = local_line;
      stop.store(true);
    }
    chunk.line_count = static_cast<int64_t>(local_line);
    chunk.rows_parsed = row - chunk.first_row;
  });

  // Report the earliest error in the file, as a sequential parser would, with its real line.
  for (size_t i = 0; i < chunks.size(); ++i) {
    if (!chunks[i].error) continue;
    uint64_t first_line = line_number;
    for (size_t k = 0; k < i; ++k) {
      source.for_each_line_block(chunks[k].begin, chunks[k].end,
                                 [&](std::string_view block, uint64_t) {
                                   first_line += static_cast<uint64_t>(count_lines(block));
                                   return true;
                                 });
    }
    try {
      std::rethrow_exception(chunks[i].error);
    } catch (const ParseError& error) {
      throw ParseError(path, first_line + chunks[i].error_line, error.detail());
    }
  }
  control.throw_if_cancelled();

  // Compact the chunks' rows to the front, giving back the pages of the moved-from rows as we
  // go so the peak stays at the size of the final matrix.
  const int64_t row_bytes = dim * static_cast<int64_t>(sizeof(float));
  const auto release = [&](int64_t from_row, int64_t to_row) {
    auto begin =
        reinterpret_cast<uintptr_t>(matrix.data()) + static_cast<uintptr_t>(from_row * row_bytes);
    auto end =
        reinterpret_cast<uintptr_t>(matrix.data()) + static_cast<uintptr_t>(to_row * row_bytes);
    const uintptr_t page = 4096;
    begin = (begin + page - 1) & ~(page - 1);
    end &= ~(page - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
  };
  int64_t kept = 0;
  constexpr int64_t kMoveRows = 4096;
  for (const Chunk& chunk : chunks) {
    if (kept == chunk.first_row) {
      kept += chunk.rows_parsed;
      continue;
    }
    for (int64_t done = 0; done < chunk.rows_parsed; done += kMoveRows) {
      const int64_t count = std::min(kMoveRows, chunk.rows_parsed - done);
      const int64_t from = chunk.first_row + done;
      std::memmove(matrix.row(kept).data(), matrix.row(from).data(),
                   static_cast<size_t>(count * row_bytes));
      kept += count;
      release(std::max(kept, from), from + count);
    }
  }
  const int64_t rows_read = kept;
  if (header && rows_read != row_limit) {
    throw ParseError(path, 1,
                     "the header declares " + std::to_string(header->rows) +
                         " rows but the file has " + std::to_string(rows_read));
  }
  // Shrinking keeps the rows in place (a row-major resize that keeps the column count
  // reallocates, and glibc shrinks a large block without copying).
  matrix.conservativeResize(rows_read, dim);
  std::vector<std::string> kept_words;
  kept_words.reserve(static_cast<size_t>(rows_read));
  for (auto& words : chunk_words) {
    for (auto& word : words) kept_words.push_back(std::move(word));
    std::vector<std::string>().swap(words);
  }

  VectorSet set = detail::assemble(std::move(kept_words), std::move(matrix), options, report);
  if (report != nullptr) {
    report->format = format;
    report->bytes = total_bytes;
  }
  control.report(total_bytes, total_bytes);
  return set;
}

}  // namespace

VectorSet parse_text_vectors(std::string_view text, const std::filesystem::path& path,
                             const ReadOptions& options, const TaskControl& control,
                             ReadReport* report) {
  return parse_source(detail::MemoryBytes(text), path, options, control, report);
}

namespace detail {

VectorSet read_text(const ByteSource& source, const std::filesystem::path& path,
                    const ReadOptions& options, const TaskControl& control, ReadReport* report) {
  return parse_source(source, path, options, control, report);
}

}  // namespace detail
}  // namespace embscope
