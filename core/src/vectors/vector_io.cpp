// Format names, detection, and the dispatch from read_vectors / write_vectors to the formats,
// all derived from the format table (embscope/vectors/format_registry.hpp).
#include "embscope/vectors/vector_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <future>
#include <optional>

#include "embscope/base/file_bytes.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/vectors/format_registry.hpp"
#include "vectors/byte_source.hpp"
#include "vectors/vector_formats.hpp"

namespace embscope {
namespace {

// Detection looks at the first bytes only (kHeadBytes) and the file's size.
constexpr size_t kHeadBytes = size_t{1} << 16;

VectorFormat detect_from_head(std::string_view bytes, uint64_t file_size,
                              const std::filesystem::path& path) {
  const auto table = vector_format_table();
  for (const VectorFormatSpec& spec : table) {
    if (spec.detect != nullptr && spec.detect(bytes, file_size, path)) return spec.format;
  }
  // A binary format named by its extension but not recognised: its own reader says what is
  // wrong (a header larger than the file, say), which the text parser could not.
  const std::string extension = detail::lower_extension(detail::without_gz(path));
  for (const VectorFormatSpec& spec : table) {
    if (spec.claims_extension &&
        std::ranges::find(spec.extensions, extension) != spec.extensions.end())
      return spec.format;
  }
  // Text with or without a `rows dim` header: the text parser tells the two apart.
  return VectorFormat::GloveText;
}

// The companion file (format_registry.hpp) of `path`: `<stem><suffix>` or `shared_name` beside it.
std::filesystem::path sidecar(const std::filesystem::path& path,
                              const VectorFormatSpec::Companion& companion) {
  const std::filesystem::path base = detail::without_gz(path);
  const std::filesystem::path own =
      base.parent_path() / (base.stem().string() + std::string(companion.suffix));
  std::error_code ignored;
  if (std::filesystem::is_regular_file(own, ignored)) return own;
  const std::filesystem::path shared = base.parent_path() / companion.shared_name;
  if (std::filesystem::is_regular_file(shared, ignored)) return shared;
  return {};
}

std::vector<std::string> row_numbers(int64_t rows) {
  std::vector<std::string> words(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) words[static_cast<size_t>(i)] = std::to_string(i);
  return words;
}

// The vocabulary file of a matrix (given, or found beside it), read on its own thread while the
// matrix is read: that read waits mostly on the kernel handing out the matrix's pages.
class VocabularyFile {
 public:
  VocabularyFile(const std::filesystem::path& matrix_path, VectorFormat format,
                 const ReadOptions& options)
      : path_(options.vocab_path.empty()
                  ? sidecar(matrix_path, vector_format_spec(format).companion)
                  : options.vocab_path) {
    if (!path_.empty()) {
      words_ =
          std::async(std::launch::async, [path = path_] { return detail::read_word_list(path); });
    }
  }
  const std::filesystem::path& path() const { return path_; }
  detail::WordList take() { return words_.get(); }

 private:
  std::filesystem::path path_;
  std::future<detail::WordList> words_;
};

// Names the rows of a matrix from its vocabulary file, or by their index when there is none.
VectorSet name_rows(RowMatrixXf matrix, VocabularyFile& vocabulary,
                    const std::filesystem::path& path, const ReadOptions& options,
                    ReadReport* report) {
  const std::filesystem::path& vocab = vocabulary.path();
  std::vector<std::string> words;
  std::vector<int64_t> counts;
  std::string source;
  if (vocab.empty()) {
    words = row_numbers(matrix.rows());
    source = "row numbers (no vocabulary file given or found beside the matrix)";
  } else {
    detail::WordList list = vocabulary.take();
    if (options.limit >= 0 && static_cast<int64_t>(list.words.size()) > matrix.rows()) {
      list.words.resize(static_cast<size_t>(matrix.rows()));
      if (!list.counts.empty()) list.counts.resize(list.words.size());
    }
    if (static_cast<int64_t>(list.words.size()) != matrix.rows()) {
      throw ParseError(vocab, 0,
                       "the vocabulary has " + std::to_string(list.words.size()) + " words but " +
                           path.filename().string() + " has " + std::to_string(matrix.rows()) +
                           " rows");
    }
    words = std::move(list.words);
    counts = std::move(list.counts);
    source = vocab.string();
  }
  const bool have_counts = !counts.empty();
  VectorSet set = detail::assemble(std::move(words), std::move(matrix), options, report);
  if (have_counts && static_cast<int64_t>(counts.size()) == set.rows())
    set.counts = std::move(counts);
  if (report != nullptr) report->vocabulary_source = source;
  return set;
}

}  // namespace

namespace detail {

VectorSet read_projector_file(const ByteSource& source, const std::filesystem::path& path,
                              const ReadOptions& options, const TaskControl& control,
                              ReadReport* report) {
  std::string buffer;
  const std::string_view text = source.read(0, source.size(), buffer);
  RowMatrixXf matrix = detail::read_projector_matrix(text, path, options, control);
  std::filesystem::path metadata_path = options.metadata_path;
  if (metadata_path.empty())
    metadata_path = sidecar(path, vector_format_spec(VectorFormat::ProjectorTsv).companion);
  if (metadata_path.empty()) {
    VectorSet set = detail::assemble(row_numbers(matrix.rows()), std::move(matrix), options, report,
                                     detail::WordIdentity::RowLabel);
    if (report != nullptr) report->vocabulary_source = "row numbers (no metadata.tsv found)";
    return set;
  }
  Metadata metadata = detail::read_projector_metadata(metadata_path);
  const auto metadata_rows = static_cast<int64_t>(metadata.columns[0].size());
  if (metadata_rows < matrix.rows() || (options.limit < 0 && metadata_rows != matrix.rows())) {
    throw ParseError(metadata_path, 0,
                     "the metadata has " + std::to_string(metadata_rows) + " rows but " +
                         path.filename().string() + " has " + std::to_string(matrix.rows()));
  }
  for (auto& column : metadata.columns) column.resize(static_cast<size_t>(matrix.rows()));
  std::vector<std::string> words = metadata.columns[0];
  // A row is a point and its label is not a key: every row and every column is kept.
  VectorSet set = detail::assemble(std::move(words), std::move(matrix), options, report,
                                   detail::WordIdentity::RowLabel);
  set.metadata = std::move(metadata);
  if (report != nullptr) report->vocabulary_source = metadata_path.string();
  return set;
}

VectorSet read_npy_file(const ByteSource& source, const std::filesystem::path& path,
                        const ReadOptions& options, const TaskControl& control,
                        ReadReport* report) {
  VocabularyFile vocabulary(path, VectorFormat::Npy, options);
  return name_rows(detail::read_npy_matrix(source, path, options, control), vocabulary, path,
                   options, report);
}

VectorSet read_safetensors_file(const ByteSource& source, const std::filesystem::path& path,
                                const ReadOptions& options, const TaskControl& control,
                                ReadReport* report) {
  VocabularyFile vocabulary(path, VectorFormat::Safetensors, options);
  std::string tensor;
  RowMatrixXf matrix = detail::read_safetensors_matrix(source, path, options, control, &tensor);
  VectorSet set = name_rows(std::move(matrix), vocabulary, path, options, report);
  if (report != nullptr) report->tensor_name = tensor;
  return set;
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

std::filesystem::path without_gz(const std::filesystem::path& path) {
  return lower_extension(path) == ".gz" ? path.parent_path() / path.stem() : path;
}

}  // namespace detail

std::string to_string(VectorFormat format) {
  if (format == VectorFormat::Auto) return "auto";
  for (const VectorFormatSpec& spec : vector_format_table()) {
    if (spec.format == format) return std::string(spec.name);
  }
  return "unknown";
}

std::optional<VectorFormat> vector_format_from_name(const std::string& name) {
  if (name == "auto") return VectorFormat::Auto;
  for (const VectorFormatSpec& spec : vector_format_table()) {
    if (name == spec.name || std::ranges::find(spec.aliases, name) != spec.aliases.end())
      return spec.format;
  }
  return std::nullopt;
}

std::vector<std::string> vector_format_names() {
  std::vector<std::string> names;
  for (const VectorFormatSpec& spec : vector_format_table()) names.emplace_back(spec.name);
  return names;
}

VectorFormat detect_vector_format(const std::filesystem::path& path) {
  const FileBytes bytes = FileBytes::open(path);
  const VectorFormat format =
      detect_from_head(bytes.view().substr(0, kHeadBytes), bytes.view().size(), path);
  if (format == VectorFormat::GloveText) {
    const std::string_view text = bytes.view();
    const std::string_view first = text.substr(0, std::min(text.find('\n'), text.size()));
    const bool header = !first.empty() &&
                        first.find_first_not_of("0123456789 \r") == std::string_view::npos &&
                        first.find(' ') != std::string_view::npos;
    return header ? VectorFormat::Word2VecText : VectorFormat::GloveText;
  }
  return format;
}

VectorSet read_vectors(const std::filesystem::path& path, const ReadOptions& options,
                       const TaskControl& control, ReadReport* report) {
  ReadReport local;
  ReadReport& out = report != nullptr ? *report : local;

  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path.string() + ": cannot open: " + std::strerror(errno));
  struct FdGuard {
    int fd;
    ~FdGuard() { ::close(fd); }
  } guard{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    throw std::runtime_error(path.string() + ": cannot stat: " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode))
    throw std::runtime_error(path.string() + ": is a directory, not a file");
  const auto file_size = static_cast<uint64_t>(info.st_size);
  const detail::FileByteSource file(fd, file_size, path);
  std::string head_buffer;
  const std::string_view head = file.read(0, 2, head_buffer);
  const bool compressed = head.size() == 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
                          static_cast<unsigned char>(head[1]) == 0x8b;

  // gzip is inflated into memory first (progress: first half inflating, second half parsing);
  // plain files are read where they lie.
  std::optional<FileBytes> inflated;
  std::optional<detail::MemoryBytes> memory;
  // Readers report in their own units; the caller sees one scale, file bytes (x 2 for gzip).
  TaskControl parse_control = control;
  parse_control.on_progress = [&](uint64_t done, uint64_t total) {
    if (total == 0) return;
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    control.report(static_cast<uint64_t>(fraction * static_cast<double>(file_size)), file_size);
  };
  if (compressed) {
    TaskControl inflate_control = control;
    inflate_control.on_progress = [&](uint64_t done, uint64_t total) {
      control.report(done, total * 2);
    };
    inflated.emplace(FileBytes::open(path, inflate_control));
    memory.emplace(inflated->view());
    parse_control.on_progress = [&](uint64_t done, uint64_t total) {
      if (total == 0) return;
      const double fraction = static_cast<double>(done) / static_cast<double>(total);
      control.report(file_size + static_cast<uint64_t>(fraction * static_cast<double>(file_size)),
                     file_size * 2);
    };
  }
  const detail::ByteSource& source =
      memory ? static_cast<const detail::ByteSource&>(*memory) : file;

  VectorFormat format = options.format;
  if (format == VectorFormat::Auto) {
    std::string buffer;
    format = detect_from_head(source.read(0, kHeadBytes, buffer), source.size(), path);
  }
  // The text reader, given Auto when the format was detected, tells GloVe from word2vec text by
  // the header and reports which it read; the others leave `out.format` as it is.
  out.format = format;
  VectorSet set = vector_format_spec(format).read(source, path, options, parse_control, &out);
  out.compressed = compressed;
  out.bytes = source.size();
  const uint64_t total = compressed ? file_size * 2 : file_size;
  control.report(total, total);
  return set;
}

VectorFormat format_for_extension(const std::filesystem::path& path) {
  const std::string extension = detail::lower_extension(detail::without_gz(path));
  for (const VectorFormatSpec& spec : vector_format_table()) {
    if (std::ranges::find(spec.extensions, extension) != spec.extensions.end()) return spec.format;
  }
  return VectorFormat::GloveText;  // text without a header, the most common
}

namespace detail {

void refuse_row(int64_t row, std::string_view text, VectorFormat format, const std::string& where,
                const std::string& why) {
  const std::string quoted = "\"" + escape_invalid_utf8(truncate_utf8(text, 60)) + "\"";
  const std::string what = row < 0 ? "the column name " + quoted
                                   : "row " + std::to_string(row + 1) +
                                         (where.empty() ? "" : ", " + where) + ", " + quoted;
  throw UnwritableRowError(row, "cannot write " + what + ", as " + to_string(format) + ": " + why +
                                    "; nothing was written");
}

}  // namespace detail

namespace {

// Every writer's rules (see UnwritableRowError), checked before anything is written.
void check_writable(const VectorSet& set, VectorFormat format) {
  if (set.rows() == 0 || set.dim() == 0) {
    throw std::runtime_error("cannot write a set of " + std::to_string(set.rows()) + " rows x " +
                             std::to_string(set.dim()) +
                             " dimensions: every format's readers refuse an empty file");
  }
  // The first row that breaks a rule is the one named, whichever rule it breaks.
  int64_t repeated = set.rows();
  if (format != VectorFormat::ProjectorTsv && set.vocabulary.repeated_rows() > 0) {
    for (int64_t row = 0; row < set.rows() && repeated == set.rows(); ++row) {
      if (*set.vocabulary.find(set.vocabulary.word(row)) != row) repeated = row;
    }
  }
  try {
    vector_format_spec(format).check(set);
  } catch (const UnwritableRowError& error) {
    if (error.row() < repeated) throw;
  }
  if (repeated < set.rows()) {
    const std::string& word = set.vocabulary.word(repeated);
    detail::refuse_row(repeated, word, format, "",
                       "row " + std::to_string(*set.vocabulary.find(word) + 1) +
                           " has the same label, and this format keys vectors by word, so a "
                           "reader keeps only the first (projector-tsv keeps every row)");
  }
}

}  // namespace

std::vector<std::filesystem::path> write_vectors(const VectorSet& set,
                                                 const std::filesystem::path& path,
                                                 const WriteOptions& options,
                                                 const TaskControl& control) {
  const VectorFormat format =
      options.format == VectorFormat::Auto ? format_for_extension(path) : options.format;
  if (detail::lower_extension(path) == ".gz") {
    throw std::runtime_error(path.string() +
                             ": writing gzip-compressed files is not supported; "
                             "write the plain file and compress it with gzip");
  }
  const VectorFormatSpec& spec = vector_format_spec(format);
  if (spec.write == nullptr)
    throw std::runtime_error("cannot write " + std::string(spec.name) + " files (read only)");
  check_writable(set, format);
  std::vector<std::filesystem::path> written;
  // Companions are written first: the main file appearing last means the set is complete.
  if (const auto& companion = spec.companion; companion.write != nullptr) {
    const std::filesystem::path name =
        !companion.shared_partner.empty() && path.filename() == companion.shared_partner
            ? path.parent_path() / companion.shared_name
            : path.parent_path() / (path.stem().string() + std::string(companion.suffix));
    AtomicFile out(name);
    companion.write(set, out);
    out.commit();
    written.push_back(name);
  }
  AtomicFile out(path);
  spec.write(set, out, control);
  out.commit();
  written.insert(written.begin(), path);
  return written;
}

}  // namespace embscope
