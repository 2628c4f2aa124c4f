
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

#include "vectors/byte_source.hpp"
#include "vectors/vector_formats.hpp"

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

// Where the non-blank line number `row` (0-based) starts among the lines from `begin`: its
// offset and its line number (`first_line` being that of the line at `begin`); nullopt when the
// data has no such row.
struct RowStart {
  uint64_t offset = 0;
  uint64_t line = 0;
};
std::optional<RowStart> find_row(const detail::ByteSource& source, uint64_t begin,
                                 uint64_t first_line, int64_t row) {
  std::optional<RowStart> found;
  int64_t rows = 0;
  uint64_t line = first_line;
  source.for_each_line_block(begin, source.size(), [&](std::string_view block, uint64_t offset) {
    size_t pos = 0;
    return for_each_line(block, [&](std::string_view text) {
      if (!trim(text).empty() && rows++ == row) {
        found = RowStart{offset + pos, line};
        return false;
      }
      pos += text.size() + 1;
      ++line;
      return true;
    });
  });
  return found;
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

// Runs work(i) for i < count, each on its own thread, while the calling thread reports progress
// and forwards a cancel request through `stop`.
template <typename Work>
void run_workers(size_t count, const TaskControl& control, std::atomic<bool>& stop,
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

  // A limit cuts the data after its first `limit` non-blank lines.
  uint64_t data_end = total_bytes;
  int64_t row_limit = options.limit;
  if (header && row_limit > header->rows) row_limit = header->rows;
  if (row_limit >= 0) {
    const auto next = find_row(source, data_begin, line_number, row_limit);
    if (next) data_end = next->offset;
  }

  // The data is parsed in blocks, taken in file order by a pool of threads, straight into the
  // matrix rows they end up in, in one pass (a first pass that counted lines cost a sixth of
  // the load). Block k owns the lines that start in its byte range; its first row is known as
  // soon as block k - 1 has been read and its lines counted, long before it is parsed. Every
  // row takes at least 2 * dim + 1 bytes (a one-byte word, then a separator and a digit per
  // value), so a block of B bytes holds at most B / (2 * dim + 1) + 1 rows: the matrix
  // reserves that bound, and only the pages the rows use are ever touched.
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const uint64_t span = data_end - data_begin;
  // Blocks of 1-2 MiB: each is parsed while it is still in the cache it was read into (8 MiB
  // blocks loaded the 1 GB file 15-20% slower).
  const uint64_t block_bytes = std::clamp<uint64_t>(span / (static_cast<uint64_t>(threads) * 4),
                                                    uint64_t{1} << 20, uint64_t{2} << 20);
  const auto block_count =
      static_cast<size_t>(std::max<uint64_t>(1, (span + block_bytes - 1) / block_bytes));
  const uint64_t min_row_bytes = static_cast<uint64_t>(dim) * 2 + 1;
  const auto raw_range = [&](size_t k) {
    const uint64_t begin = data_begin + k * block_bytes;
    return std::pair{begin, std::min(data_end, begin + block_bytes)};
  };
  int64_t capacity = 0;
  for (size_t k = 0; k < block_count; ++k) {
    const auto [raw_begin, raw_end] = raw_range(k);
    capacity += static_cast<int64_t>((raw_end - raw_begin) / min_row_bytes + 1);
  }
  RowMatrixXf matrix;
  const double physical_memory =
      static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  const auto reserve = [&](int64_t rows) {
    if (static_cast<double>(rows) * static_cast<double>(dim) * sizeof(float) >
        physical_memory / 2) {
      return false;
    }
    try {
      matrix.resize(rows, dim);
    } catch (const std::bad_alloc&) {
      return false;
    }
    return true;
  };
  if (!reserve(capacity)) {
    // The bound is far above the real size when values are long: on a machine with little
    // memory, the lines are counted first and bound the rows instead.
    int64_t lines = 0;
    source.for_each_line_block(data_begin, data_end, [&](std::string_view block, uint64_t) {
      lines += count_lines(block);
      return !control.cancelled();
    });
    control.throw_if_cancelled();
    matrix.resize(std::min(capacity, lines), dim);
  }
  detail::advise_huge_pages(matrix);

  struct Block {
    int64_t first_line = 0;  // lines of the data before it
    int64_t first_row = 0;   // its first matrix row
    int64_t rows_parsed = 0;
    std::exception_ptr error;
    uint64_t error_line = 0;  // within the block
  };
  std::vector<Block> blocks(block_count);
  std::vector<std::vector<std::string>> block_words(block_count);
  std::mutex order_mutex;
  std::condition_variable order_changed;
  size_t placed = 1;  // blocks whose first line and row are known
  std::atomic<size_t> next_block{0};
  std::atomic<size_t> first_error_block{block_count};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> bytes_done{0};
  const size_t workers = std::min(static_cast<size_t>(threads), block_count);
  run_workers(workers, control, stop, bytes_done, span, [&](size_t) {
    RowParser parser(path, dim, options.allow_non_finite);
    std::string buffer;
    std::string word;
    for (;;) {
      const size_t k = next_block.fetch_add(1);
      if (k >= block_count || stop.load() || k > first_error_block.load()) return;
      Block& block = blocks[k];
      uint64_t local_line = 0;
      int64_t row = -1;
      try {
        const auto [raw_begin, raw_end] = raw_range(k);
        const uint64_t begin =
            k == 0 ? data_begin : std::min(data_end, next_line_start(source, raw_begin - 1));
        const uint64_t end = k + 1 == block_count
                                 ? data_end
                                 : std::min(data_end, next_line_start(source, raw_end - 1));
        const std::string_view text =
            end > begin ? source.read(begin, static_cast<size_t>(end - begin), buffer)
                        : std::string_view();
        const int64_t lines = count_lines(text);
        {
          std::unique_lock lock(order_mutex);
          // Timed, so that a cancel request (which only sets `stop`) is seen.
          while (!(placed > k || stop.load() || k > first_error_block.load()))
            order_changed.wait_for(lock, std::chrono::milliseconds(20));
          if (placed <= k) return;
          if (k + 1 < block_count) {
            blocks[k + 1].first_line = block.first_line + lines;
            blocks[k + 1].first_row =
                block.first_row +
                std::min(lines, static_cast<int64_t>((raw_end - raw_begin) / min_row_bytes + 1));
            placed = k + 2;
          }
        }
        order_changed.notify_all();
        std::vector<std::string>& words = block_words[k];
        words.reserve(static_cast<size_t>(lines));
        row = block.first_row;
        for_each_line(text, [&](std::string_view line) {
          if (parser.parse(line, local_line, word, matrix.row(row).data())) {
            words.push_back(std::move(word));
            ++row;
          }
          ++local_line;
          return true;
        });
        bytes_done.fetch_add(text.size(), std::memory_order_relaxed);
      } catch (...) {
        block.error = std::current_exception();
        block.error_line = local_line;
        size_t earliest = first_error_block.load();
        while (k < earliest && !first_error_block.compare_exchange_weak(earliest, k)) {
        }
        order_changed.notify_all();
      }
      if (row >= 0) block.rows_parsed = row - block.first_row;
    }
  });
  control.throw_if_cancelled();

  // A header that declares fewer rows than follow would silently drop the rest: refused, at
  // the first row too many, before any error in the rows that should not be there.
  const auto refuse_extra_rows = [&] {
    const auto extra = find_row(source, data_begin, line_number, header->rows);
    throw ParseError(path, extra ? extra->line : line_number,
                     "the header declares " + std::to_string(header->rows) +
                         " rows but the file has more (this line would be row " +
                         std::to_string(header->rows + 1) + ")");
  };
  const bool header_bounds_rows = header && options.limit < 0;
  // The earliest error in the file, as a sequential parser would report it, with its line.
  if (const size_t e = first_error_block.load(); e < block_count) {
    int64_t rows_before = 0;
    for (size_t k = 0; k <= e; ++k) rows_before += blocks[k].rows_parsed;
    if (header_bounds_rows && rows_before >= header->rows) refuse_extra_rows();
    try {
      std::rethrow_exception(blocks[e].error);
    } catch (const ParseError& error) {
      throw ParseError(
          path, line_number + static_cast<uint64_t>(blocks[e].first_line) + blocks[e].error_line,
          error.detail());
    }
  }

  // Blank lines leave rows unused: the blocks' rows are moved down to close the gaps, giving
  // back the pages of the moved-from rows as they go so the peak stays at the final size.
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
  for (const Block& block : blocks) {
    if (kept == block.first_row) {
      kept += block.rows_parsed;
      continue;
    }
    for (int64_t done = 0; done < block.rows_parsed; done += kMoveRows) {
      const int64_t count = std::min(kMoveRows, block.rows_parsed - done);
      const int64_t from = block.first_row + done;
      std::memmove(matrix.row(kept).data(), matrix.row(from).data(),
                   static_cast<size_t>(count * row_bytes));
      kept += count;
      release(std::max(kept, from), from + count);
    }
  }
  const int64_t rows_read = kept;
  if (header_bounds_rows && rows_read > header->rows) refuse_extra_rows();
  if (header && rows_read < (row_limit >= 0 ? row_limit : header->rows)) {
    throw ParseError(path, line_number - 1,
                     "the header declares " + std::to_string(header->rows) +
                         " rows but the file has " + std::to_string(rows_read));
  }
  // Shrinking keeps the rows in place (a row-major resize that keeps the column count
  // reallocates, and glibc shrinks a large block without copying).
  matrix.conservativeResize(rows_read, dim);
  VectorSet set = detail::assemble(std::move(block_words), std::move(matrix), options, report);
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
