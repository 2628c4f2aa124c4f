// Private to the core: the per-format readers and writers behind vector_io.hpp, and the steps
// they share.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "embscope/base/atomic_file.hpp"
#include "embscope/vectors/vector_io.hpp"

namespace embscope::detail {

// What a format's words are: keys (word2vec, GloVe, fastText, vocabulary files: a later row with
// an earlier row's word is dropped) or row labels (the projector's metadata: every row is a
// point, and labels may repeat).
enum class WordIdentity { Key, RowLabel };

// Builds the VectorSet from parsed rows: lowercases (if asked), drops later duplicates (keeping
// the first) of keys, keeps every row of labels, normalises rows (if asked), and counts words
// that are not valid UTF-8.
VectorSet assemble(std::vector<std::string> words, RowMatrixXf matrix, const ReadOptions& options,
                   ReadReport* report, WordIdentity identity = WordIdentity::Key);
// The same for words parsed in blocks (the rows' order is the blocks' order); each block is
// freed once its words are in the vocabulary, so no second list of every word is ever held.
VectorSet assemble(std::vector<std::vector<std::string>> word_blocks, RowMatrixXf matrix,
                   const ReadOptions& options, ReadReport* report,
                   WordIdentity identity = WordIdentity::Key);

// Asks the kernel for 2 MiB pages behind a large matrix that is about to be filled in one pass:
// 500 page faults instead of 250,000 for a 1 GB matrix (faults are costly on virtual machines).
void advise_huge_pages(RowMatrixXf& matrix);

// While a reader fills a large matrix front to back on one thread, a second thread asks the
// kernel to fault its pages in ahead of it (MADV_POPULATE_WRITE: the contents are untouched, so
// there is no race with the reader). Zeroing fresh pages is much of a binary load on these
// virtual machines; this moves it to the other core. Does nothing for small matrices, on one
// core or on kernels without the call. The matrix must outlive this object.
class PageFaultAhead {
 public:
  explicit PageFaultAhead(RowMatrixXf& matrix);
  ~PageFaultAhead();
  PageFaultAhead(const PageFaultAhead&) = delete;
  PageFaultAhead& operator=(const PageFaultAhead&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// True when every value is finite: one branch-free pass that vectorises.
bool all_finite(const float* values, int64_t count);

// Shortens a token for an error message, quoted.
std::string quote_for_message(std::string_view token);

class ByteSource;

// GloVe / word2vec text, parsed in parallel blocks.
VectorSet read_text(const ByteSource& source, const std::filesystem::path& path,
                    const ReadOptions& options, const TaskControl& control, ReadReport* report);

VectorSet read_word2vec_binary(const ByteSource& source, const std::filesystem::path& path,
                               const ReadOptions& options, const TaskControl& control,
                               ReadReport* report);

// Binary matrices without words of their own.
RowMatrixXf read_npy_matrix(const ByteSource& source, const std::filesystem::path& path,
                            const ReadOptions& options, const TaskControl& control);
RowMatrixXf read_safetensors_matrix(const ByteSource& source, const std::filesystem::path& path,
                                    const ReadOptions& options, const TaskControl& control,
                                    std::string* tensor_name);
RowMatrixXf read_projector_matrix(std::string_view text, const std::filesystem::path& path,
                                  const ReadOptions& options, const TaskControl& control);

// The readers of the formats whose words are in a second file (format_registry.hpp's
// Companion): the options' --vocab / --metadata file, or the one found beside `path`.
VectorSet read_projector_file(const ByteSource& source, const std::filesystem::path& path,
                              const ReadOptions& options, const TaskControl& control,
                              ReadReport* report);
VectorSet read_npy_file(const ByteSource& source, const std::filesystem::path& path,
                        const ReadOptions& options, const TaskControl& control, ReadReport* report);
VectorSet read_safetensors_file(const ByteSource& source, const std::filesystem::path& path,
                                const ReadOptions& options, const TaskControl& control,
                                ReadReport* report);

// The extension in lower case (".txt"), and the path without a trailing .gz.
std::string lower_extension(const std::filesystem::path& path);
std::filesystem::path without_gz(const std::filesystem::path& path);

// A vocabulary file: one word per line; `word count` lines (word2vec -save-vocab) give counts.
struct WordList {
  std::vector<std::string> words;
  std::vector<int64_t> counts;  // empty unless every line had a count
};
WordList read_word_list(const std::filesystem::path& path);

// Projector metadata.tsv: one column without a header, or a header row and several columns.
Metadata read_projector_metadata(const std::filesystem::path& path);

// The UTF-8 byte-order mark, which readers drop from the start of a text file.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// What each writer can hold so that its file reads back the same (the rules are listed at
// UnwritableRowError). Each throws UnwritableRowError for the first row it cannot write.
// refuse_row: `row` from 0 (-1 for a metadata column name), `where` e.g. `column "pos"`.
[[noreturn]] void refuse_row(int64_t row, std::string_view text, VectorFormat format,
                             const std::string& where, const std::string& why);
void check_text_words(const VectorSet& set, bool header);  // GloVe (no header) / word2vec text
void check_word2vec_binary_words(const VectorSet& set);
void check_projector_metadata(const VectorSet& set);
void check_word_list(const VectorSet& set, VectorFormat format);  // vocabulary of npy/safetensors

void write_word2vec_text(const VectorSet& set, AtomicFile& out, bool header,
                         const TaskControl& control);
void write_word2vec_binary(const VectorSet& set, AtomicFile& out, const TaskControl& control);
void write_projector_vectors(const VectorSet& set, AtomicFile& out, const TaskControl& control);
void write_projector_metadata(const VectorSet& set, AtomicFile& out);
void write_npy(const VectorSet& set, AtomicFile& out);
void write_safetensors(const VectorSet& set, AtomicFile& out);
void write_word_list(const VectorSet& set, AtomicFile& out);

}  // namespace embscope::detail
