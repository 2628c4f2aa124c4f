// Writers are faithful or refuse (issue 17, point 4): every file a writer produces reads back
// with the same words and the same float32 values bit for bit, or the writer refuses before
// writing anything, naming the row. A seeded property test drives random words (spaces, tabs,
// newlines, CR, NBSP, invalid UTF-8, empty, 1,000 bytes, repeats) and random finite values
// through every writer and back through the reader, with the format given and detected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "embscope/base/utf8.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

// A scratch folder in memory where there is one: every write is flushed to disk (fsync), which
// on a disk costs ~10 ms, and these tests write thousands of files.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code error;
    const std::filesystem::path memory = "/dev/shm";
    const auto base =
        std::filesystem::is_directory(memory, error) && ::access(memory.c_str(), W_OK) == 0
            ? memory
            : std::filesystem::temp_directory_path();
    std::string pattern = (base / "embscope-writers-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct Target {
  VectorFormat format;
  const char* file;
};

constexpr Target kTargets[] = {
    {VectorFormat::GloveText, "out.txt"},
    {VectorFormat::Word2VecText, "out.vec"},
    {VectorFormat::Word2VecBinary, "out.bin"},
    {VectorFormat::ProjectorTsv, "vectors.tsv"},
    {VectorFormat::Npy, "out.npy"},
    {VectorFormat::Safetensors, "out.safetensors"},
};

bool same_bits(const RowMatrixXf& a, const RowMatrixXf& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    if (std::bit_cast<uint32_t>(a.data()[i]) != std::bit_cast<uint32_t>(b.data()[i])) return false;
  }
  return true;
}

bool has(const std::string& word, std::string_view bytes) {
  return word.find_first_of(bytes) != std::string::npos;
}

bool ends_in_whole_number(const std::string& word) {
  const size_t blank = word.find_last_of(" \t");
  if (blank == std::string::npos || blank + 1 == word.size()) return false;
  size_t digits = blank + 1;
  if (word[digits] == '-') ++digits;
  return digits < word.size() && word.find_first_not_of("0123456789", digits) == std::string::npos;
}

// The rules write_vectors documents, written out again independently: could row `row` of
// `set` (or the whole set, for the rules about every row) be refused by `format`?
bool row_breaks_a_rule(const VectorSet& set, VectorFormat format, int64_t row) {
  const std::string& word = set.vocabulary.word(row);
  const bool first = row == 0;
  const bool bom = word.rfind("\xEF\xBB\xBF", 0) == 0;
  const bool repeated = *set.vocabulary.find(word) != row;
  switch (format) {
    case VectorFormat::GloveText:
    case VectorFormat::Word2VecText: {
      if (repeated || word.empty() || has(word, " \t\n\r")) return true;
      if (format == VectorFormat::Word2VecText || !first) return false;
      // GloVe's first line may not look like a word2vec header `rows dim`.
      char value[32];
      const auto end = std::to_chars(value, value + sizeof(value), set.vectors(0, 0)).ptr;
      const auto whole = [](std::string_view text) {
        return text.find_first_not_of("0123456789") == std::string_view::npos;
      };
      return bom || (set.dim() == 1 && whole(word) && whole(std::string_view(value, end)));
    }
    case VectorFormat::Word2VecBinary:
      return repeated || word.empty() || has(word, " \n\r") || word.size() > 10000;
    case VectorFormat::ProjectorTsv: {
      for (const auto& column : set.metadata.columns) {
        if (has(column[static_cast<size_t>(row)], "\t\n\r")) return true;
      }
      // One column (no metadata): no header, and no separator to keep an empty last label.
      const bool one_column = set.metadata.empty();
      return has(word, "\t\n\r") || (first && bom && one_column) ||
             (row + 1 == set.rows() && word.empty() && one_column);
    }
    case VectorFormat::Npy:
    case VectorFormat::Safetensors: {
      if (repeated || word.empty() || has(word, "\n\r") || (first && bom)) return true;
      if (word.front() == ' ' || word.front() == '\t' || word.back() == ' ' || word.back() == '\t')
        return true;
      if (!set.counts.empty()) return false;
      for (const std::string& other : set.vocabulary.words()) {
        if (!ends_in_whole_number(other)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// Pieces of words: the characters that break some format, and characters that no format may
// lose (NBSP, invalid UTF-8, control bytes, a byte-order mark, numbers, quotes).
const std::vector<std::string>& hazards() {
  static const std::vector<std::string> pieces = {" ",  "\t",           "\n",  "\r",  "\r\n",
                                                  "  ", "\xEF\xBB\xBF", " 12", "\t-3"};
  return pieces;
}
const std::vector<std::string>& harmless() {
  static const std::vector<std::string> pieces = {"cat",
                                                  "Stra\xC3\x9F"
                                                  "e",
                                                  "\xC2\xA0",
                                                  ".",
                                                  "\xFF",
                                                  "\xC3",
                                                  "\xED\xA0\x80",
                                                  "\x01",
                                                  "\x7F",
                                                  "\x0B",
                                                  "\x0C",
                                                  "12",
                                                  "-3",
                                                  "0.5",
                                                  "1e5",
                                                  "\\",
                                                  "\"",
                                                  "#",
                                                  std::string(1, '\0'),
                                                  "\xE2\x80\xA8"};
  return pieces;
}

std::string random_word(std::mt19937_64& random, const std::vector<std::string>& words,
                        bool allow_hazards) {
  const int kind = static_cast<int>(random() % 20);
  if (kind == 0 && allow_hazards) return "";
  if (kind == 1 && !words.empty() && allow_hazards) return words[random() % words.size()];
  std::string word;
  if (kind == 2) {  // 1,000 bytes
    while (word.size() < 1000) word += harmless()[random() % harmless().size()];
    word.resize(1000);
    if ((word.back() & 0x80) != 0 || word.back() == ' ') word.back() = 'x';
    return word;
  }
  const int pieces = 1 + static_cast<int>(random() % 4);
  for (int p = 0; p < pieces; ++p) {
    const bool hazard = allow_hazards && random() % 3 == 0;
    const auto& pool = hazard ? hazards() : harmless();
    word += pool[random() % pool.size()];
  }
  return word;
}

float random_value(std::mt19937_64& random) {
  switch (random() % 6) {
    case 0: {  // any finite float: subnormals, huge values, negative zero
      float value;
      do {
        value = std::bit_cast<float>(static_cast<uint32_t>(random()));
      } while (!std::isfinite(value));
      return value;
    }
    case 1:
      return std::numeric_limits<float>::max() * (random() % 2 ? 1.0f : -1.0f);
    case 2:
      return random() % 2 ? -0.0f : std::numeric_limits<float>::denorm_min();
    default:
      return std::normal_distribution<float>(0.0f, 1.0f)(random);
  }
}

VectorSet random_set(std::mt19937_64& random, bool allow_hazards) {
  VectorSet set;
  const int64_t rows = 1 + static_cast<int64_t>(random() % 5);
  const int64_t dim = 1 + static_cast<int64_t>(random() % 4);
  std::vector<std::string> words;
  for (int64_t r = 0; r < rows; ++r) {
    words.push_back(random_word(random, words, allow_hazards));
    set.vocabulary.append(words.back());  // repeats kept, as a projector file has them
  }
  set.vectors.resize(rows, dim);
  for (Eigen::Index i = 0; i < set.vectors.size(); ++i)
    set.vectors.data()[i] = random_value(random);
  if (random() % 4 == 0) {
    for (int64_t r = 0; r < rows; ++r) set.counts.push_back(static_cast<int64_t>(random() % 1000));
  }
  if (random() % 4 == 0) {  // projector metadata: the words and a class column
    set.metadata.column_names = {"word", "class"};
    set.metadata.columns = {set.vocabulary.words(), {}};
    for (int64_t r = 0; r < rows; ++r)
      set.metadata.columns[1].push_back(random_word(random, {}, allow_hazards));
  }
  return set;
}

std::string describe(const VectorSet& set) {
  std::string text;
  for (int64_t r = 0; r < set.rows(); ++r)
    text += "  row " + std::to_string(r + 1) + ": \"" +
            escape_invalid_utf8(set.vocabulary.word(r)) + "\"\n";
  return text;
}

struct Tally {
  int written = 0;
  int refused = 0;
};

// Writes `set` as `target` and reads it back: identical, or refused as the rules say.
void round_trip(const VectorSet& set, const Target& target, Tally& tally) {
  ScratchDir dir;
  const auto path = dir.file(target.file);
  const std::string what = to_string(target.format) + "\n" + describe(set);
  int64_t expected_row = -1;
  for (int64_t r = 0; r < set.rows() && expected_row < 0; ++r) {
    if (row_breaks_a_rule(set, target.format, r)) expected_row = r;
  }
  try {
    write_vectors(set, path, {.format = target.format});
  } catch (const UnwritableRowError& error) {
    ++tally.refused;
    const std::string message = error.what();
    EXPECT_EQ(error.row(), expected_row) << message << "\n" << what;
    EXPECT_NE(message.find("row " + std::to_string(error.row() + 1)), std::string::npos) << message;
    EXPECT_TRUE(is_valid_utf8(message)) << escape_invalid_utf8(message);
    EXPECT_EQ(message.find('\n'), std::string::npos) << escape_invalid_utf8(message);
    EXPECT_TRUE(std::filesystem::is_empty(dir.file(""))) << "a refused write left a file\n" << what;
    return;
  }
  ++tally.written;
  EXPECT_EQ(expected_row, -1) << "written although row " << expected_row + 1 << " breaks a rule\n"
                              << what;
  for (const VectorFormat read_as : {target.format, VectorFormat::Auto}) {
    ReadReport report;
    VectorSet back;
    const std::string error = test::error_message([&] {
      ReadOptions options;
      options.format = read_as;
      options.threads = 2;
      back = read_vectors(path, options, {}, &report);
    });
    ASSERT_EQ(error, "no error") << what;
    EXPECT_EQ(report.format, target.format) << what;
    EXPECT_EQ(back.vocabulary.words(), set.vocabulary.words()) << what;
    EXPECT_TRUE(same_bits(back.vectors, set.vectors)) << what << back.vectors << "\nexpected\n"
                                                      << set.vectors;
    if (target.format == VectorFormat::ProjectorTsv && !set.metadata.empty()) {
      EXPECT_EQ(back.metadata.columns, set.metadata.columns) << what;
    }
    if (target.format == VectorFormat::Npy || target.format == VectorFormat::Safetensors) {
      EXPECT_EQ(back.counts, set.counts) << what;
    }
  }
}

// The case: GloVe-840B-like rows whose words contain spaces (". . .", "at name@domain.com") and
// NBSP load right; word2vec binary and text refuse the first word with a space, naming it and
// its row, and write nothing (before, binary exited 0 with a file that read back as other
// words); the projector's metadata.tsv holds spaces, so that round trip is exact.
TEST(FaithfulWriters, SpaceWordsCaseIsRefusedByWord2VecAndKeptByProjector) {
  const VectorSet set =
      read_vectors(test::data_path("cases/space-words-to-binary/glove840b-like.txt"));
  const std::vector<std::string> words = {
      ",", "the", ". . .", "at name@domain.com", ".\xC2\xA0.\xC2\xA0.", "cat"};
  ASSERT_EQ(set.vocabulary.words(), words);
  EXPECT_EQ(set.vectors(3, 3), -6.7923e-05f);
  ScratchDir dir;
  for (const auto& [name, format] :
       {std::pair{"out.bin", "word2vec-binary"}, std::pair{"out.vec", "word2vec-text"},
        std::pair{"out.txt", "glove"}}) {
    const std::string message = test::error_message([&] { write_vectors(set, dir.file(name)); });
    EXPECT_EQ(message, std::string("cannot write row 3, \". . .\", as ") + format +
                           ": it contains a space, and a word of a" +
                           (std::string(format) == "word2vec-binary"
                                ? " word2vec binary file ends at its first space"
                                : " text vector file ends at its first space") +
                           "; nothing was written");
    EXPECT_TRUE(std::filesystem::is_empty(dir.file(""))) << name;
  }
  write_vectors(set, dir.file("vectors.tsv"));
  const VectorSet back = read_vectors(dir.file("vectors.tsv"));
  EXPECT_EQ(back.vocabulary.words(), words);
  EXPECT_TRUE(back.vectors == set.vectors);
}

TEST(FaithfulWriters, RandomWordsAndValuesThroughEveryWriterReadBackOrAreRefused) {
  std::mt19937_64 random(17);
  std::map<VectorFormat, Tally> tallies;
  constexpr int kSets = 1500;
  for (int i = 0; i < kSets && !testing::Test::HasFailure(); ++i) {
    const VectorSet set = random_set(random, /*allow_hazards=*/true);
    for (const Target& target : kTargets) round_trip(set, target, tallies[target.format]);
  }
  // Both outcomes are exercised for every writer.
  for (const Target& target : kTargets) {
    const Tally& tally = tallies[target.format];
    EXPECT_GT(tally.written, kSets / 10) << to_string(target.format);
    EXPECT_GT(tally.refused, kSets / 10) << to_string(target.format);
  }
}

// Characters that some tools mishandle but every format can hold: never refused.
TEST(FaithfulWriters, NbspInvalidUtf8ControlBytesAndLongWordsAreWrittenByEveryWriter) {
  std::mt19937_64 random(18);
  for (int i = 0; i < 200 && !testing::Test::HasFailure(); ++i) {
    VectorSet set = random_set(random, /*allow_hazards=*/false);
    if (set.vocabulary.repeated_rows() > 0) continue;
    Tally tally;
    for (const Target& target : kTargets) {
      if (target.format == VectorFormat::GloveText && set.dim() == 1) continue;  // header rule
      round_trip(set, target, tally);
    }
    EXPECT_EQ(tally.refused, 0) << describe(set);
  }
}

}  // namespace
}  // namespace embscope
