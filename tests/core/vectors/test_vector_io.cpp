#include <bit>
#include <cmath>
#include <cstdlib>
#include <random>
#include <sstream>

#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

using test::data_path;
using test::read_file;
using test::ScratchDir;

// The obviously-correct reader the fast parallel one is checked against: istringstream for
// tokens, strtof for numbers, one line at a time.
struct NaiveVectors {
  std::vector<std::string> words;
  std::vector<std::vector<float>> rows;
};

NaiveVectors read_naive(const std::string& text, bool has_header) {
  NaiveVectors result;
  std::istringstream lines(text);
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    if (first && has_header) {
      first = false;
      continue;
    }
    first = false;
    std::istringstream tokens(line);
    std::string word;
    if (!(tokens >> word)) continue;
    std::vector<float> values;
    std::string token;
    while (tokens >> token) values.push_back(std::strtof(token.c_str(), nullptr));
    result.words.push_back(word);
    result.rows.push_back(values);
  }
  return result;
}

void expect_same_as_naive(const VectorSet& set, const NaiveVectors& naive) {
  ASSERT_EQ(set.rows(), static_cast<int64_t>(naive.words.size()));
  for (int64_t r = 0; r < set.rows(); ++r) {
    ASSERT_EQ(set.vocabulary.word(r), naive.words[r]) << "row " << r;
    ASSERT_EQ(set.dim(), static_cast<int64_t>(naive.rows[r].size())) << "row " << r;
    for (int64_t c = 0; c < set.dim(); ++c) {
      // Both parsers round correctly, so the floats must be bit-identical.
      ASSERT_EQ(set.vectors(r, c), naive.rows[r][c]) << "row " << r << " col " << c;
    }
  }
}

std::string error_of(const std::filesystem::path& path, const ReadOptions& options = {}) {
  return test::error_message([&] { read_vectors(path, options); });
}

TEST(VectorIo, ReadsGensimGloveFileExactly) {
  const auto path = data_path("formats/test_glove.txt");
  ReadReport report;
  const VectorSet set = read_vectors(path, {}, {}, &report);
  EXPECT_EQ(report.format, VectorFormat::GloveText);
  EXPECT_FALSE(report.compressed);
  EXPECT_EQ(set.rows(), 76);
  EXPECT_EQ(set.dim(), 50);
  EXPECT_EQ(set.vocabulary.word(0), "the");
  expect_same_as_naive(set, read_naive(read_file(path), false));
  // Non-ASCII tokens are kept byte-exact.
  EXPECT_TRUE(set.vocabulary.contains("\xc3\xb6"));  // "ö"
}

TEST(VectorIo, ReadsWord2VecTextWithHeader) {
  const auto path = data_path("formats/word2vec_pre_kv_c");
  ReadReport report;
  const VectorSet set = read_vectors(path, {}, {}, &report);
  EXPECT_EQ(report.format, VectorFormat::Word2VecText);
  EXPECT_EQ(set.rows(), 1750);
  EXPECT_EQ(set.dim(), 10);
  expect_same_as_naive(set, read_naive(read_file(path), true));
}

TEST(VectorIo, ReadsFastTextVecWithTrailingSpacesAndUtf8Words) {
  for (const char* name : {"formats/lee_fasttext.vec", "formats/crime-and-punishment.vec"}) {
    const auto path = data_path(name);
    const VectorSet set = read_vectors(path);
    expect_same_as_naive(set, read_naive(read_file(path), true));
  }
  EXPECT_EQ(read_vectors(data_path("formats/lee_fasttext.vec")).rows(), 1762);
  EXPECT_EQ(read_vectors(data_path("formats/crime-and-punishment.vec")).dim(), 5);
}

TEST(VectorIo, GzipFileReadsLikeThePlainFile) {
  ScratchDir dir;
  const std::string text = read_file(data_path("formats/test_glove.txt"));
  const auto gz = dir.write_gzip("vectors.txt.gz", text);
  ReadReport report;
  const VectorSet set = read_vectors(gz, {}, {}, &report);
  EXPECT_TRUE(report.compressed);
  expect_same_as_naive(set, read_naive(text, false));

  // Two gzip members back to back (`cat a.gz b.gz`) are one valid gzip stream.
  const size_t half = text.find('\n', text.size() / 2) + 1;
  const auto a = dir.write_gzip("a.gz", text.substr(0, half));
  const auto b = dir.write_gzip("b.gz", text.substr(half));
  const auto joined = dir.write("joined.gz", read_file(a) + read_file(b));
  expect_same_as_naive(read_vectors(joined), read_naive(text, false));
}

TEST(VectorIo, TruncatedGzipIsReportedNotMisread) {
  ScratchDir dir;
  const std::string compressed =
      read_file(dir.write_gzip("full.gz", read_file(data_path("formats/test_glove.txt"))));
  const auto cut = dir.write("cut.gz", compressed.substr(0, compressed.size() / 2));
  EXPECT_NE(error_of(cut).find("truncated gzip file"), std::string::npos) << error_of(cut);
}

TEST(VectorIo, ParallelParseEqualsSingleThreadOnLargeSyntheticSet) {
  // ~17 MB of text, so the reader takes it in many blocks (of 1-2 MiB) whose boundaries fall
  // inside lines.
  std::mt19937 random(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const int rows = 100000;
  const int dim = 25;
  std::string text;
  std::vector<std::vector<float>> expected(rows, std::vector<float>(dim));
  char buffer[64];
  for (int r = 0; r < rows; ++r) {
    text += "w" + std::to_string(r);
    for (int c = 0; c < dim; ++c) {
      expected[r][c] = normal(random);
      std::snprintf(buffer, sizeof(buffer), " %.9g", expected[r][c]);  // round-trips exactly
      text += buffer;
    }
    text += '\n';
  }
  ScratchDir dir;
  const auto path = dir.write("big.txt", text);
  ReadOptions one_thread;
  one_thread.threads = 1;
  ReadOptions four_threads;
  four_threads.threads = 4;
  const VectorSet serial = read_vectors(path, one_thread);
  const VectorSet parallel = read_vectors(path, four_threads);
  ASSERT_EQ(serial.rows(), rows);
  ASSERT_EQ(parallel.rows(), rows);
  EXPECT_EQ(serial.vocabulary.words(), parallel.vocabulary.words());
  EXPECT_TRUE(serial.vectors == parallel.vectors);
  for (int r = 0; r < rows; ++r) {
    ASSERT_EQ(serial.vocabulary.word(r), "w" + std::to_string(r));
    for (int c = 0; c < dim; ++c) ASSERT_EQ(serial.vectors(r, c), expected[r][c]) << r;
  }

  // A bad line just after a block boundary (8 MiB is one for any block size of 1 or 2 MiB):
  // reported with its line in the file.
  const size_t boundary = size_t{8} << 20;
  const size_t bad_at = text.find('\n', boundary) + 1;
  const auto bad_line = 1 + std::count(text.begin(), text.begin() + bad_at, '\n');
  std::string late_error = text;
  late_error.insert(bad_at, "oops 1 2\n");
  const auto late_path = dir.write("late.txt", late_error);
  EXPECT_NE(error_of(late_path, one_thread)
                .find("late.txt:" + std::to_string(bad_line) + ": expected 25 values"),
            std::string::npos)
      << error_of(late_path, one_thread);

  // The earliest error in the file is reported even when a later chunk also fails.
  std::string broken = text;
  const size_t line_500 = [&] {
    size_t pos = 0;
    for (int i = 0; i < 499; ++i) pos = broken.find('\n', pos) + 1;
    return pos;
  }();
  broken.insert(line_500, "oops 1 2\n");
  broken += "late 1 2\n";
  const auto broken_path = dir.write("broken.txt", broken);
  EXPECT_NE(error_of(broken_path, four_threads)
                .find("broken.txt:500: expected 25 values after "
                      "the word \"oops\", found 2"),
            std::string::npos)
      << error_of(broken_path, four_threads);
}

TEST(VectorIo, BlankLineRunsAcrossBlocksLeaveNoGapsAndKeepLineNumbers) {
  // Blocks of the data are placed in the matrix by their line counts; runs of blank lines (one
  // of them longer than a block) must not leave empty rows, and errors keep their lines.
  std::string text = "3000 4\n";
  for (int r = 0; r < 3000; ++r) {
    text += "w" + std::to_string(r) + " " + std::to_string(r) + " 0.5 -1 2\n";
    if (r % 100 == 7) text += std::string(r == 1507 ? (3 << 20) : 5000, '\n');
    if (r % 250 == 3) text += "  \t \r\n";
  }
  ScratchDir dir;
  const auto path = dir.write("blank.txt", text);
  ReadOptions four_threads;
  four_threads.threads = 4;
  const VectorSet set = read_vectors(path, four_threads);
  ASSERT_EQ(set.rows(), 3000);
  for (int r = 0; r < 3000; ++r) {
    ASSERT_EQ(set.vocabulary.word(r), "w" + std::to_string(r));
    ASSERT_EQ(set.vectors(r, 0), static_cast<float>(r));
    ASSERT_EQ(set.vectors(r, 3), 2.0f);
  }
  // One more row than the header declares, far behind the blank run.
  std::string extra = text + "late 1 2 3 4\n";
  const auto extra_path = dir.write("extra.txt", extra);
  const auto extra_line = std::count(extra.begin(), extra.end(), '\n');
  EXPECT_NE(error_of(extra_path, four_threads)
                .find("extra.txt:" + std::to_string(extra_line) +
                      ": the header declares 3000 rows but the file has more"),
            std::string::npos)
      << error_of(extra_path, four_threads);
  // A bad row after the long blank run.
  std::string bad = text;
  const size_t row_2000 = bad.find("\nw2000 ") + 1;
  bad.insert(row_2000, "oops 1 2\n");
  const auto bad_line = 1 + std::count(bad.begin(), bad.begin() + row_2000, '\n');
  const auto bad_path = dir.write("bad.txt", bad);
  EXPECT_NE(error_of(bad_path, four_threads)
                .find("bad.txt:" + std::to_string(bad_line) + ": expected 4 values"),
            std::string::npos)
      << error_of(bad_path, four_threads);
}

TEST(VectorIo, LimitReadsOnlyTheFirstRows) {
  ReadOptions options;
  options.limit = 10;
  const VectorSet glove = read_vectors(data_path("formats/test_glove.txt"), options);
  EXPECT_EQ(glove.rows(), 10);
  const VectorSet w2v = read_vectors(data_path("formats/word2vec_pre_kv_c"), options);
  EXPECT_EQ(w2v.rows(), 10);
  const VectorSet full = read_vectors(data_path("formats/word2vec_pre_kv_c"));
  const std::vector<std::string> first_ten(full.vocabulary.words().begin(),
                                           full.vocabulary.words().begin() + 10);
  EXPECT_EQ(w2v.vocabulary.words(), first_ten);
  EXPECT_TRUE(w2v.vectors == full.vectors.topRows(10));
}

TEST(VectorIo, AcceptsCrlfBomBlankLinesAndExplicitPlus) {
  ScratchDir dir;
  const auto path = dir.write("crlf.txt",
                              "\xEF\xBB\xBF"
                              "cat 1 +2.5 -3e-1\r\n\r\ndog 4 5 6\r\n");
  const VectorSet set = read_vectors(path);
  ASSERT_EQ(set.rows(), 2);
  EXPECT_EQ(set.vocabulary.word(0), "cat");
  EXPECT_EQ(set.vocabulary.word(1), "dog");
  EXPECT_FLOAT_EQ(set.vectors(0, 1), 2.5f);
  EXPECT_FLOAT_EQ(set.vectors(0, 2), -0.3f);
  EXPECT_FLOAT_EQ(set.vectors(1, 2), 6.0f);
}

TEST(VectorIo, DuplicateWordsKeepTheFirstAndAreCounted) {
  ScratchDir dir;
  const auto path = dir.write("dup.txt", "cat 1 2\ndog 3 4\ncat 5 6\ncat 7 8\nemu 9 10\n");
  ReadReport report;
  const VectorSet set = read_vectors(path, {}, {}, &report);
  EXPECT_EQ(report.duplicates_dropped, 2);
  ASSERT_EQ(set.rows(), 3);
  EXPECT_EQ(set.vocabulary.word(2), "emu");
  EXPECT_FLOAT_EQ(set.vectors(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(set.vectors(2, 1), 10.0f);
}

TEST(VectorIo, WordsContainingSpacesAsInGlove840B) {
  ScratchDir dir;
  const auto path = dir.write("spaces.txt", "cat 1 2 3\n. . . 4 5 6\nat name@x.com 7 8 9\n");
  const VectorSet set = read_vectors(path);
  ASSERT_EQ(set.rows(), 3);
  EXPECT_EQ(set.vocabulary.word(1), ". . .");
  EXPECT_EQ(set.vocabulary.word(2), "at name@x.com");
  EXPECT_FLOAT_EQ(set.vectors(2, 2), 9.0f);
}

TEST(VectorIo, MalformedRowsNameFileLineAndExpectation) {
  ScratchDir dir;
  struct Case {
    std::string content;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"cat 1 2 3\ndog 4 5\n", "short.txt:2: expected 3 values after the word \"dog\", found 2"},
      {"cat 1 2 3\ndog 4 5 6 7\n",
       "short.txt:2: expected 3 values after the word \"dog\", found 4"},
      {"cat 1 2 3\ndog 4 x5 6\n",
       "short.txt:2: value 2 of the word \"dog\", \"x5\", is not a number"},
      {"cat 1 2 3\ndog 4 nan 6\n",
       "short.txt:2: value 2 of the word \"dog\", \"nan\", is not a finite number"},
      {"cat 1 2 3\ndog 4 1e39 6\n",
       "short.txt:2: value 2 of the word \"dog\", \"1e39\", is outside the float32 range"},
      {"", "short.txt: the file is empty"},
      {"\n\n  \n", "short.txt: the file is empty"},
      {"cat\n", "short.txt:1: expected a word followed by its vector values, found \"cat\""},
      {"3 2\ncat 1 2\ndog 3 4\n", "short.txt:1: the header declares 3 rows but the file has 2"},
      {"2 3\ncat 1 2 3\ndog 3 4\n",
       "short.txt:3: expected 3 values after the word \"dog\", found 2"},
  };
  for (const Case& c : cases) {
    const auto path = dir.write("short.txt", c.content);
    const std::string message = error_of(path);
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "content: " << c.content << "\nmessage: " << message;
  }
}

TEST(VectorIo, NonFiniteValuesCanBeAllowed) {
  ScratchDir dir;
  const auto path = dir.write("nan.txt", "cat 1 nan inf\n");
  ReadOptions options;
  options.allow_non_finite = true;
  const VectorSet set = read_vectors(path, options);
  EXPECT_TRUE(std::isnan(set.vectors(0, 1)));
  EXPECT_TRUE(std::isinf(set.vectors(0, 2)));
}

TEST(VectorIo, ShortDecimalFastPathEqualsStrtofBitForBit) {
  // Mantissas around 2^24, 1 to 12 fraction digits, signs, zeros, integers, exponents: every
  // shape the fast path takes or hands over must give strtof's float.
  std::mt19937_64 random(99);
  std::string text;
  std::vector<float> expected;
  const int rows = 4000;
  for (int r = 0; r < rows; ++r) {
    text += "w" + std::to_string(r);
    for (int c = 0; c < 8; ++c) {
      const uint64_t digits = random() % 13;
      const uint64_t mantissa = random() % (uint64_t{1} << (10 + random() % 26));
      std::string number = std::to_string(mantissa);
      if (digits > 0) {
        if (number.size() <= digits) number.insert(0, digits - number.size() + 1, '0');
        number.insert(number.size() - digits, ".");
      }
      if (random() % 3 == 0) {  // `d.ddddd`, the shape of GloVe's values (1 to 9 digits)
        number = std::to_string(random() % 10) + ".";
        for (uint64_t i = 0, n = 1 + random() % 9; i < n; ++i) number += char('0' + random() % 10);
      }
      if (random() % 2) {
        number.insert(0, "-");
      } else if (random() % 11 == 0) {
        number.insert(0, "+");
      }
      if (random() % 17 == 0) number += "e-3";
      if (random() % 29 == 0) number = "-0.0";
      text += (random() % 4 == 0 ? "\t" : " ") + number;
      expected.push_back(std::strtof(number.c_str(), nullptr));
    }
    text += random() % 5 == 0 ? "\r\n" : "\n";
  }
  const VectorSet set = parse_text_vectors(text, "generated");
  ASSERT_EQ(set.rows(), rows);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < 8; ++c) {
      const float want = expected[static_cast<size_t>(r * 8 + c)];
      ASSERT_EQ(std::bit_cast<uint32_t>(set.vectors(r, c)), std::bit_cast<uint32_t>(want))
          << "row " << r << " col " << c << ": " << set.vectors(r, c) << " vs " << want;
    }
  }
}

TEST(VectorIo, ProseIsNotMistakenForVectors) {
  ScratchDir dir;
  const auto path = dir.write("notes.txt", "Hello world, this is a note.\nNothing numeric here.\n");
  EXPECT_NE(error_of(path).find("notes.txt:1: this does not look like a word-vector file"),
            std::string::npos)
      << error_of(path);
}

TEST(VectorIo, BinaryGarbageIsRejectedWithAClearError) {
  ScratchDir dir;
  std::string garbage(4096, '\0');
  std::mt19937 random(3);
  for (char& c : garbage) c = static_cast<char>(random());
  const auto path = dir.write("garbage.bin", garbage);
  EXPECT_THROW(read_vectors(path), ParseError);
}

TEST(VectorIo, HugeFirstLineDoesNotAllocateForEveryRow) {
  // A 1-million-value first row followed by many short rows must fail on the first short row,
  // not try to allocate rows x 1,000,000 floats.
  ScratchDir dir;
  std::string text = "wide";
  for (int i = 0; i < 1000000; ++i) text += " 0";
  text += "\n";
  for (int i = 0; i < 100000; ++i) text += "w" + std::to_string(i) + " 1\n";
  const auto path = dir.write("wide.txt", text);
  EXPECT_NE(
      error_of(path).find("wide.txt:2: expected 1000000 values after the word \"w0\", found 1"),
      std::string::npos);
}

TEST(VectorIo, MissingFileAndDirectoryAreClearErrors) {
  try {
    read_vectors("/nonexistent/vectors.txt");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/vectors.txt: cannot open"),
              std::string::npos);
  }
  EXPECT_THROW(read_vectors(std::filesystem::temp_directory_path()), std::runtime_error);
}

TEST(VectorIo, ProgressReachesTheEndAndCancelStops) {
  const auto path = data_path("formats/word2vec_pre_kv_c");
  uint64_t last_done = 0;
  uint64_t last_total = 0;
  TaskControl control;
  control.on_progress = [&](uint64_t done, uint64_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  };
  read_vectors(path, {}, control);
  EXPECT_GT(last_total, 0u);
  EXPECT_EQ(last_done, last_total);

  std::atomic<bool> cancel{true};
  TaskControl cancelled;
  cancelled.cancel_requested = &cancel;
  EXPECT_THROW(read_vectors(path, {}, cancelled), Cancelled);
}

}  // namespace
}  // namespace embscope
