// Format names, detection, and the dispatch from read_vectors / write_vectors to the formats.
#include "embscope/vector_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <future>
#include <optional>

#include "byte_source.hpp"
#include "embscope/file_bytes.hpp"
#include "embscope/utf8.hpp"
#include "vector_formats.hpp"

namespace embscope {
namespace {

struct FormatName {
  VectorFormat format;
  const char* name;
};

constexpr FormatName kFormatNames[] = {
    {VectorFormat::Auto, "auto"},
    {VectorFormat::GloveText, "glove"},
    {VectorFormat::Word2VecText, "word2vec-text"},
    {VectorFormat::Word2VecBinary, "word2vec-binary"},
    {VectorFormat::ProjectorTsv, "projector-tsv"},
    {VectorFormat::Npy, "npy"},
    {VectorFormat::Safetensors, "safetensors"},
};

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// The file name without a trailing .gz, for extension checks.
std::filesystem::path without_gz(const std::filesystem::path& path) {
  return lower_extension(path) == ".gz" ? path.parent_path() / path.stem() : path;
}

bool looks_like_safetensors(std::string_view head, uint64_t file_size) {
  if (head.size() < 10) return false;
  uint64_t header_size;
  std::memcpy(&header_size, head.data(), 8);
  return header_size <= file_size - 8 && head[8] == '{';
}

// True when the complete lines of `data` (at least one; blank ones aside) are each a word and
// then `dim` numbers, as the text reader splits them: a word2vec text body. The bytes of binary
// floats almost never form one, whatever bytes a text file's words hold.
bool looks_like_text_rows(std::string_view data, int64_t dim) {
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::vector<std::string_view> tokens;
  int64_t rows = 0;
  for (size_t pos = 0, eol; (eol = data.find('\n', pos)) != std::string_view::npos; pos = eol + 1) {
    const std::string_view line = data.substr(pos, eol - pos);
    tokens.clear();
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && is_blank(line[i])) ++i;
      const size_t start = i;
      while (i < line.size() && !is_blank(line[i])) ++i;
      if (i > start) tokens.push_back(line.substr(start, i - start));
    }
    if (tokens.empty()) continue;
    if (static_cast<int64_t>(tokens.size()) <= dim) return false;
    for (size_t t = tokens.size() - static_cast<size_t>(dim); t < tokens.size(); ++t) {
      std::string_view token = tokens[t];
      if (token.front() == '+') token.remove_prefix(1);
      float value = 0;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (end != token.data() + token.size() || token.empty() ||
          (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        return false;
      }
    }
    ++rows;
  }
  return rows > 0;
}

// A word2vec header followed by bytes that are not text means word2vec binary.
bool looks_like_word2vec_binary(std::string_view bytes, const std::filesystem::path& path) {
  const size_t newline = bytes.find('\n');
  if (newline == std::string_view::npos || newline > 64) return false;
  const std::string_view header = bytes.substr(0, newline);
  int numbers = 0;
  bool in_number = false;
  int64_t dim = 0;
  for (char c : header) {
    if (c >= '0' && c <= '9') {
      if (!in_number) ++numbers;
      in_number = true;
      if (numbers == 2) dim = std::min<int64_t>(dim * 10 + (c - '0'), int64_t{1} << 40);
    } else if (c == ' ' || c == '\r') {
      in_number = false;
    } else {
      return false;
    }
  }
  if (numbers != 2) return false;
  // Rows of text that fit in the head decide it: a word of word2vec text may hold control bytes,
  // and a binary row of small dimension may hold none.
  if (dim > 0 && looks_like_text_rows(bytes.substr(newline + 1), dim)) return false;
  const std::string_view sample = bytes.substr(newline + 1, 512);
  for (unsigned char c : sample) {
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) return true;
  }
  // No control byte in the sample (a small dimension, or values that happen to have none): a
  // .bin file is binary unless its rows read as text (above).
  return lower_extension(without_gz(path)) == ".bin";
}

// Projector vectors: the first line is numbers separated by tabs, with no word; with one
// dimension, a lone number (no text vector row is a single token).
bool looks_like_projector_tsv(std::string_view bytes) {
  std::string_view line = bytes.substr(0, std::min(bytes.find('\n'), bytes.size()));
  if (line.find_first_not_of("0123456789.-+eE\t \r") != std::string_view::npos) return false;
  if (line.find('\t') != std::string_view::npos) return true;
  const size_t begin = line.find_first_not_of(" \r");
  if (begin == std::string_view::npos) return false;
  line = line.substr(begin, line.find_last_not_of(" \r") + 1 - begin);
  if (line.front() == '+') line.remove_prefix(1);
  float value = 0;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), value);
  return !line.empty() && end == line.data() + line.size() &&
         (ec == std::errc() || ec == std::errc::result_out_of_range);
}

// Detection looks at the first bytes only (kHeadBytes) and the file's size.
constexpr size_t kHeadBytes = size_t{1} << 16;

VectorFormat detect_from_head(std::string_view bytes, uint64_t file_size,
                              const std::filesystem::path& path) {
  if (bytes.substr(0, 6) == "\x93NUMPY") return VectorFormat::Npy;
  if (looks_like_safetensors(bytes, file_size)) return VectorFormat::Safetensors;
  if (looks_like_word2vec_binary(bytes, path)) return VectorFormat::Word2VecBinary;
  if (looks_like_projector_tsv(bytes)) return VectorFormat::ProjectorTsv;
  // A binary format named by its extension but not recognised: its own reader says what is
  // wrong (a header larger than the file, say), which the text parser could not.
  const std::string extension = lower_extension(without_gz(path));
  if (extension == ".safetensors") return VectorFormat::Safetensors;
  if (extension == ".npy") return VectorFormat::Npy;
  // Text with or without a `rows dim` header: the text parser tells the two apart.
  return VectorFormat::GloveText;
}

std::filesystem::path sidecar(const std::filesystem::path& path, const char* suffix,
                              const char* shared_name) {
  const std::filesystem::path base = without_gz(path);
  const std::filesystem::path own = base.parent_path() / (base.stem().string() + suffix);
  std::error_code ignored;
  if (std::filesystem::is_regular_file(own, ignored)) return own;
  const std::filesystem::path shared = base.parent_path() / shared_name;
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
  VocabularyFile(const std::filesystem::path& matrix_path, const ReadOptions& options)
      : path_(options.vocab_path.empty() ? sidecar(matrix_path, ".vocab.txt", "vocab.txt")
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

VectorSet read_projector(std::string_view text, const std::filesystem::path& path,
                         const ReadOptions& options, const TaskControl& control,
                         ReadReport* report) {
  RowMatrixXf matrix = detail::read_projector_matrix(text, path, options, control);
  std::filesystem::path metadata_path = options.metadata_path;
  if (metadata_path.empty()) metadata_path = sidecar(path, ".metadata.tsv", "metadata.tsv");
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

}  // namespace

std::string to_string(VectorFormat format) {
  for (const auto& entry : kFormatNames) {
    if (entry.format == format) return entry.name;
  }
  return "unknown";
}

std::optional<VectorFormat> vector_format_from_name(const std::string& name) {
  for (const auto& entry : kFormatNames) {
    if (name == entry.name) return entry.format;
  }
  if (name == "fasttext" || name == "vec" || name == "word2vec") return VectorFormat::Word2VecText;
  if (name == "bin" || name == "word2vec-bin") return VectorFormat::Word2VecBinary;
  if (name == "tsv" || name == "projector") return VectorFormat::ProjectorTsv;
  return std::nullopt;
}

std::vector<std::string> vector_format_names() {
  std::vector<std::string> names;
  for (const auto& entry : kFormatNames) {
    if (entry.format != VectorFormat::Auto) names.emplace_back(entry.name);
  }
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
  VectorSet set;
  switch (format) {
    case VectorFormat::Auto:
    case VectorFormat::GloveText:
    case VectorFormat::Word2VecText: {
      ReadOptions text_options = options;
      text_options.format = options.format == VectorFormat::Auto ? VectorFormat::Auto : format;
      set = detail::read_text(source, path, text_options, parse_control, &out);
      format = out.format;  // the parser tells GloVe from word2vec text by the header
      break;
    }
    case VectorFormat::Word2VecBinary:
      set = detail::read_word2vec_binary(source, path, options, parse_control, &out);
      break;
    case VectorFormat::ProjectorTsv: {
      std::string text;
      set = read_projector(source.read(0, source.size(), text), path, options, parse_control, &out);
      break;
    }
    case VectorFormat::Npy: {
      VocabularyFile vocabulary(path, options);
      set = name_rows(detail::read_npy_matrix(source, path, options, parse_control), vocabulary,
                      path, options, &out);
      break;
    }
    case VectorFormat::Safetensors: {
      VocabularyFile vocabulary(path, options);
      std::string tensor;
      RowMatrixXf matrix =
          detail::read_safetensors_matrix(source, path, options, parse_control, &tensor);
      set = name_rows(std::move(matrix), vocabulary, path, options, &out);
      out.tensor_name = tensor;
      break;
    }
  }
  out.format = format;
  out.compressed = compressed;
  out.bytes = source.size();
  const uint64_t total = compressed ? file_size * 2 : file_size;
  control.report(total, total);
  return set;
}

VectorFormat format_for_extension(const std::filesystem::path& path) {
  const std::string extension = lower_extension(without_gz(path));
  if (extension == ".bin") return VectorFormat::Word2VecBinary;
  if (extension == ".tsv") return VectorFormat::ProjectorTsv;
  if (extension == ".npy") return VectorFormat::Npy;
  if (extension == ".safetensors") return VectorFormat::Safetensors;
  if (extension == ".vec" || extension == ".w2v") return VectorFormat::Word2VecText;
  return VectorFormat::GloveText;
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

void check_format_rules(const VectorSet& set, VectorFormat format) {
  switch (format) {
    case VectorFormat::Auto:
    case VectorFormat::GloveText:
      detail::check_text_words(set, false);
      break;
    case VectorFormat::Word2VecText:
      detail::check_text_words(set, true);
      break;
    case VectorFormat::Word2VecBinary:
      detail::check_word2vec_binary_words(set);
      break;
    case VectorFormat::ProjectorTsv:
      detail::check_projector_metadata(set);
      break;
    case VectorFormat::Npy:
    case VectorFormat::Safetensors:
      detail::check_word_list(set, format);
      break;
  }
}

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
    check_format_rules(set, format);
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
  if (lower_extension(path) == ".gz") {
    throw std::runtime_error(path.string() +
                             ": writing gzip-compressed files is not supported; "
                             "write the plain file and compress it with gzip");
  }
  check_writable(set, format);
  std::vector<std::filesystem::path> written;
  const auto companion = [&](const char* suffix, const char* shared_name,
                             const char* shared_partner) {
    if (path.filename() == shared_partner) return path.parent_path() / shared_name;
    return path.parent_path() / (path.stem().string() + suffix);
  };
  // Companions are written first: the main file appearing last means the set is complete.
  if (format == VectorFormat::ProjectorTsv) {
    const auto metadata = companion(".metadata.tsv", "metadata.tsv", "vectors.tsv");
    AtomicFile out(metadata);
    detail::write_projector_metadata(set, out);
    out.commit();
    written.push_back(metadata);
  } else if (format == VectorFormat::Npy || format == VectorFormat::Safetensors) {
    const auto vocab = companion(".vocab.txt", "vocab.txt", "");
    AtomicFile out(vocab);
    detail::write_word_list(set, out);
    out.commit();
    written.push_back(vocab);
  }
  AtomicFile out(path);
  switch (format) {
    case VectorFormat::Auto:
    case VectorFormat::GloveText:
      detail::write_word2vec_text(set, out, false, control);
      break;
    case VectorFormat::Word2VecText:
      detail::write_word2vec_text(set, out, true, control);
      break;
    case VectorFormat::Word2VecBinary:
      detail::write_word2vec_binary(set, out, control);
      break;
    case VectorFormat::ProjectorTsv:
      detail::write_projector_vectors(set, out, control);
      break;
    case VectorFormat::Npy:
      detail::write_npy(set, out);
      break;
    case VectorFormat::Safetensors:
      detail::write_safetensors(set, out);
      break;
  }
  out.commit();
  written.insert(written.begin(), path);
  return written;
}

}  // namespace embscope
