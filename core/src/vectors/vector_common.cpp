// Steps shared by every vector reader: building the set, vocabulary and metadata files.
#include <sys/mman.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "embscope/base/file_bytes.hpp"
#include "embscope/base/norms.hpp"
#include "embscope/base/utf8.hpp"
#include "vectors/vector_formats.hpp"

namespace embscope::detail {
namespace {

std::string_view trim(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = eol + 1;
  }
  return lines;
}

}  // namespace

void advise_huge_pages(RowMatrixXf& matrix) {
  const size_t bytes = static_cast<size_t>(matrix.size()) * sizeof(float);
  constexpr size_t kHuge = size_t{2} << 20;
  if (bytes < 4 * kHuge) return;
  const auto begin = reinterpret_cast<uintptr_t>(matrix.data());
  const uintptr_t aligned = (begin + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (begin + bytes) & ~(kHuge - 1);
  if (end > aligned) ::madvise(reinterpret_cast<void*>(aligned), end - aligned, MADV_HUGEPAGE);
}

PageFaultAhead::PageFaultAhead(RowMatrixXf& matrix) {
  const size_t bytes = static_cast<size_t>(matrix.size()) * sizeof(float);
  constexpr size_t kStep = size_t{8} << 20;
  if (bytes < 4 * kStep || std::thread::hardware_concurrency() < 2) return;
  const auto first = reinterpret_cast<uintptr_t>(matrix.data());
  thread_ = std::thread([this, first, bytes] {
    constexpr uintptr_t kPage = 4096;
    uintptr_t begin = first & ~(kPage - 1);
    const uintptr_t end = first + bytes;
    while (begin < end && !stop_.load(std::memory_order_relaxed)) {
      const uintptr_t step_end = std::min<uintptr_t>(end, begin + kStep);
      if (::madvise(reinterpret_cast<void*>(begin), step_end - begin, MADV_POPULATE_WRITE) != 0)
        return;  // an older kernel: the reader faults its pages itself
      begin = step_end;
    }
  });
}

PageFaultAhead::~PageFaultAhead() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

bool all_finite(const float* values, int64_t count) {
  // x - x is 0 for finite x and NaN otherwise.
  float probe = 0;
  for (int64_t i = 0; i < count; ++i) probe += values[i] - values[i];
  return probe == 0;
}

std::string quote_for_message(std::string_view token) {
  // Shortened at a character boundary, then escaped: the message is valid UTF-8 on one line.
  return "\"" + escape_invalid_utf8(truncate_utf8(token, 40)) + "\"";
}

VectorSet assemble(std::vector<std::string> words, RowMatrixXf matrix, const ReadOptions& options,
                   ReadReport* report, WordIdentity identity) {
  std::vector<std::vector<std::string>> blocks;
  blocks.push_back(std::move(words));
  return assemble(std::move(blocks), std::move(matrix), options, report, identity);
}

VectorSet assemble(std::vector<std::vector<std::string>> word_blocks, RowMatrixXf matrix,
                   const ReadOptions& options, ReadReport* report, WordIdentity identity) {
  VectorSet set;
  size_t total = 0;
  for (const auto& block : word_blocks) total += block.size();
  set.vocabulary.reserve(total);
  int64_t kept = 0;
  int64_t duplicates = 0;
  int64_t invalid_utf8 = 0;
  std::string first_invalid;
  Eigen::Index row = 0;
  for (auto& block : word_blocks) {
    for (std::string& word : block) {
      const Eigen::Index r = row++;
      if (options.lowercase) {
        std::transform(word.begin(), word.end(), word.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      }
      if (!is_valid_utf8(word)) {
        if (invalid_utf8++ == 0) first_invalid = "row " + std::to_string(r + 1);
      }
      if (identity == WordIdentity::RowLabel) {
        set.vocabulary.append(std::move(word));
      } else if (!set.vocabulary.add(std::move(word))) {
        ++duplicates;
        continue;
      }
      if (kept != r) matrix.row(kept) = matrix.row(r);
      ++kept;
    }
    std::vector<std::string>().swap(block);
  }
  if (kept != matrix.rows()) matrix.conservativeResize(kept, matrix.cols());
  if (options.normalize) {
    // Right also for components whose float squares overflow (embscope/base/norms.hpp).
    for (Eigen::Index r = 0; r < matrix.rows(); ++r) to_unit_length(matrix.row(r));
  }
  set.vectors = std::move(matrix);
  if (report != nullptr) {
    report->duplicates_dropped = duplicates;
    report->repeated_labels = set.vocabulary.repeated_rows();
    report->invalid_utf8_words = invalid_utf8;
    report->first_invalid_utf8 = first_invalid;
  }
  return set;
}

WordList read_word_list(const std::filesystem::path& path) {
  const FileBytes bytes = FileBytes::open(path);
  const auto lines = lines_of(bytes.view());
  WordList list;
  bool all_counted = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = trim(lines[i]);
    if (line.empty()) {
      // A blank last line is just the final newline; a blank line inside would shift every row.
      bool rest_blank = true;
      for (size_t k = i; k < lines.size(); ++k) rest_blank = rest_blank && trim(lines[k]).empty();
      if (rest_blank) break;
      throw ParseError(path, i + 1, "empty line in the vocabulary: expected one word per line");
    }
    // `word count` (word2vec -save-vocab): the last token is an integer.
    const size_t space = line.find_last_of(" \t");
    int64_t count = 0;
    if (space != std::string_view::npos) {
      const std::string_view last = line.substr(space + 1);
      auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), count);
      if (ec == std::errc() && end == last.data() + last.size()) {
        list.words.emplace_back(trim(line.substr(0, space)));
        list.counts.push_back(count);
        continue;
      }
    }
    all_counted = false;
    list.words.emplace_back(line);
  }
  if (!all_counted) {
    // Not a counts file after all: the "counts" were part of the words.
    list.counts.clear();
    list.words.clear();
    for (const std::string_view line : lines) {
      if (!trim(line).empty()) list.words.emplace_back(trim(line));
    }
  }
  return list;
}

Metadata read_projector_metadata(const std::filesystem::path& path) {
  const FileBytes bytes = FileBytes::open(path);
  auto lines = lines_of(bytes.view());
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  Metadata metadata;
  if (lines.empty()) throw ParseError(path, 0, "the metadata file is empty");
  const auto split = [](std::string_view line) {
    std::vector<std::string> fields;
    size_t pos = 0;
    for (;;) {
      const size_t tab = line.find('\t', pos);
      fields.emplace_back(line.substr(pos, tab == std::string_view::npos ? tab : tab - pos));
      if (tab == std::string_view::npos) break;
      pos = tab + 1;
    }
    return fields;
  };
  const std::vector<std::string> first = split(lines[0]);
  // The TensorFlow projector's rule: one column has no header; several columns have one.
  if (first.size() == 1) {
    metadata.column_names = {"label"};
    metadata.columns.resize(1);
    for (const std::string_view line : lines) metadata.columns[0].emplace_back(line);
    return metadata;
  }
  metadata.column_names = first;
  metadata.columns.resize(first.size());
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = split(lines[i]);
    if (fields.size() != first.size()) {
      throw ParseError(path, i + 1,
                       "expected " + std::to_string(first.size()) +
                           " tab-separated columns as in the header, found " +
                           std::to_string(fields.size()));
    }
    for (size_t c = 0; c < fields.size(); ++c) metadata.columns[c].push_back(fields[c]);
  }
  return metadata;
}

}  // namespace embscope::detail
