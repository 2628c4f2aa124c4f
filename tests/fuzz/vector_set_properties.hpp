// What every VectorSet a reader returns must satisfy, whatever the input was (and what writing it
// back must give), and the two ways the vector-file targets read their input with it.
#pragma once

#include <cmath>
#include <cstring>

#include "embscope/base/utf8.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "fuzz_input.hpp"

namespace embscope::fuzz {

inline void check_vector_set(const VectorSet& set, const ReadOptions& options) {
  require(set.vectors.rows() == set.vocabulary.size(), "one row per word");
  require(set.counts.empty() || static_cast<int64_t>(set.counts.size()) == set.rows(),
          "one count per row");
  for (const auto& column : set.metadata.columns)
    require(static_cast<int64_t>(column.size()) == set.rows(), "one metadata value per row");
  require(set.metadata.columns.size() == set.metadata.column_names.size(),
          "every metadata column named");
  require(options.limit < 0 || set.rows() <= options.limit, "at most `limit` rows");
  if (!options.allow_non_finite) require(set.vectors.allFinite(), "only finite values");
  // Words are unique, except projector labels, which may repeat (find() gives the first row).
  int64_t repeated = 0;
  for (int64_t row = 0; row < set.rows(); ++row) {
    const auto first = set.vocabulary.find(set.vocabulary.word(row));
    require(first.has_value() && *first <= row, "find() gives a row with the word");
    require(set.vocabulary.word(*first) == set.vocabulary.word(row), "find() gives its row");
    repeated += *first != row;
  }
  require(repeated == set.vocabulary.repeated_rows(), "repeated labels are counted");
  require(repeated == 0 || !set.metadata.empty(), "only projector labels repeat");
}

// Writers are faithful or refuse: `set` written in every format reads back with the same words
// and the same float bits, or the writer refuses (UnwritableRowError, a one-line UTF-8 message)
// and leaves no file. Small finite sets only, to keep the targets fast.
inline void check_writers_round_trip(const VectorSet& set) {
  if (set.rows() == 0 || set.rows() > 64 || set.dim() == 0 || !set.vectors.allFinite()) return;
  // In memory where possible: every write is flushed to disk (fsync), ~10 ms on a disk.
  static const struct Written {
    Written() {
      std::error_code error;
      const std::filesystem::path memory = "/dev/shm";
      path = (std::filesystem::is_directory(memory, error) ? memory : InputFile::folder()) /
             ("embscope-fuzz-written-" + std::to_string(::getpid()));
    }
    ~Written() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
    std::filesystem::path path;
  } written;
  const std::filesystem::path& folder = written.path;
  const std::pair<VectorFormat, const char*> targets[] = {
      {VectorFormat::GloveText, "out.txt"},
      {VectorFormat::Word2VecText, "out.vec"},
      {VectorFormat::Word2VecBinary, "out.bin"},
      {VectorFormat::ProjectorTsv, "vectors.tsv"},
      {VectorFormat::Npy, "out.npy"},
      {VectorFormat::Safetensors, "out.safetensors"}};
  for (const auto& [format, name] : targets) {
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    try {
      write_vectors(set, folder / name, {.format = format});
    } catch (const UnwritableRowError& error) {
      const std::string message = error.what();
      require(is_valid_utf8(message) && message.find('\n') == std::string::npos,
              "a refusal is one line of valid UTF-8");
      require(error.row() >= -1 && error.row() < set.rows(), "a refusal names a row of the set");
      require(std::filesystem::is_empty(folder), "a refused write leaves no file");
      continue;
    }
    ReadOptions options;
    options.format = format;
    options.threads = 1;
    VectorSet back;
    try {
      back = read_vectors(folder / name, options);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "%s\n", escape_invalid_utf8(error.what()).c_str());
      require(false, "a written file reads back");
    }
    require(back.vocabulary.words() == set.vocabulary.words(), "written words read back");
    require(back.vectors.rows() == set.vectors.rows() &&
                back.vectors.cols() == set.vectors.cols() &&
                std::memcmp(back.vectors.data(), set.vectors.data(),
                            static_cast<size_t>(set.vectors.size()) * sizeof(float)) == 0,
            "written values read back bit for bit");
  }
}

// Reads the file at `path`; a successful read must satisfy check_vector_set, and every writer
// must write it faithfully or refuse.
inline void read_and_check(const std::filesystem::path& path, const ReadOptions& options) {
  expect_clean_failure([&] {
    const VectorSet set = read_vectors(path, options);
    check_vector_set(set, options);
    check_writers_round_trip(set);
  });
}

// Parses `text` as `format` from memory with the default options, then with every option that
// changes what is kept (limit, NaN allowed, lowercase, normalise).
inline void parse_text_with_each_option(std::string_view text, VectorFormat format) {
  const ReadOptions plain{.format = format, .threads = 1};
  ReadOptions changed = plain;
  changed.limit = 3;
  changed.allow_non_finite = true;
  changed.lowercase = true;
  changed.normalize = true;
  for (const ReadOptions& options : {plain, changed}) {
    expect_clean_failure([&] {
      const VectorSet set = parse_text_vectors(text, "input.txt", options);
      check_vector_set(set, options);
      check_writers_round_trip(set);
    });
  }
}

}  // namespace embscope::fuzz
