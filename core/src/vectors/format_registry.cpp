// The table of vector-file formats (see format_registry.hpp), the detectors it runs and what is
// derived from it for people: the CLI's format help and the dialogs' filters.
#include "embscope/vectors/format_registry.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>

#include "embscope/base/atomic_file.hpp"
#include "vectors/vector_formats.hpp"

namespace embscope {
namespace {

bool looks_like_npy(std::string_view head, uint64_t, const std::filesystem::path&) {
  return head.substr(0, 6) == "\x93NUMPY";
}

bool looks_like_safetensors(std::string_view head, uint64_t file_size,
                            const std::filesystem::path&) {
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
bool looks_like_word2vec_binary(std::string_view bytes, uint64_t,
                                const std::filesystem::path& path) {
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
  return detail::lower_extension(detail::without_gz(path)) == ".bin";
}

// Projector vectors: the first line is numbers separated by tabs, with no word; with one
// dimension, a lone number (no text vector row is a single token).
bool looks_like_projector_tsv(std::string_view bytes, uint64_t, const std::filesystem::path&) {
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

void check_word_list_of(const VectorSet& set, VectorFormat format) {
  detail::check_word_list(set, format);
}

// In detection order. The detectors that overlap: a safetensors file whose 8-byte header length
// reads as a digit and a newline ("7\n\0\0...{") would pass for one projector row of dimension
// 1, so safetensors comes before projector-tsv; .npy's magic and a word2vec header exclude the
// rest.
const VectorFormatSpec kFormats[] = {
    {.format = VectorFormat::GloveText,
     .name = "glove",
     .extensions = {".txt"},
     .dialog_label = "GloVe text",
     .help = "GloVe text: a word and its values per line, no header",
     .read = detail::read_text,
     .check = [](const VectorSet& set) { detail::check_text_words(set, false); },
     .write =
         [](const VectorSet& set, AtomicFile& out, const TaskControl& control) {
           detail::write_word2vec_text(set, out, false, control);
         }},
    {.format = VectorFormat::Word2VecText,
     .name = "word2vec-text",
     .aliases = {"fasttext", "vec", "word2vec"},
     .extensions = {".vec", ".w2v"},
     .dialog_label = "word2vec text",
     .help = "word2vec / fastText text: a `count dim` line, then rows as GloVe",
     .read = detail::read_text,
     .check = [](const VectorSet& set) { detail::check_text_words(set, true); },
     .write =
         [](const VectorSet& set, AtomicFile& out, const TaskControl& control) {
           detail::write_word2vec_text(set, out, true, control);
         }},
    {.format = VectorFormat::Npy,
     .name = "npy",
     .extensions = {".npy"},
     .dialog_label = "NumPy + vocabulary",
     .help = "NumPy matrix (f16/f32/f64); words from --vocab, <name>.vocab.txt or vocab.txt",
     .detect = looks_like_npy,
     .claims_extension = true,
     .read = detail::read_npy_file,
     .check = [](const VectorSet& set) { check_word_list_of(set, VectorFormat::Npy); },
     .write = [](const VectorSet& set, AtomicFile& out,
                 const TaskControl&) { detail::write_npy(set, out); },
     .companion = {".vocab.txt", "vocab.txt", "", detail::write_word_list}},
    {.format = VectorFormat::Safetensors,
     .name = "safetensors",
     .extensions = {".safetensors"},
     .dialog_label = "safetensors",
     .help = "safetensors 2-D tensor (--tensor NAME; bf16/f16/f32/f64); words as for npy",
     .detect = looks_like_safetensors,
     .claims_extension = true,
     .read = detail::read_safetensors_file,
     .check = [](const VectorSet& set) { check_word_list_of(set, VectorFormat::Safetensors); },
     .write = [](const VectorSet& set, AtomicFile& out,
                 const TaskControl&) { detail::write_safetensors(set, out); },
     .companion = {".vocab.txt", "vocab.txt", "", detail::write_word_list}},
    {.format = VectorFormat::Word2VecBinary,
     .name = "word2vec-binary",
     .aliases = {"bin", "word2vec-bin"},
     .extensions = {".bin"},
     .dialog_label = "word2vec binary",
     .help = "word2vec binary (word2vec.c, gensim): `count dim`, then word + float32s",
     .detect = looks_like_word2vec_binary,
     .read = detail::read_word2vec_binary,
     .check = detail::check_word2vec_binary_words,
     .write = detail::write_word2vec_binary},
    {.format = VectorFormat::ProjectorTsv,
     .name = "projector-tsv",
     .aliases = {"tsv", "projector"},
     .extensions = {".tsv"},
     .dialog_label = "Projector TSV",
     .help = "TensorFlow projector vectors.tsv; labels from --metadata or metadata.tsv",
     .detect = looks_like_projector_tsv,
     .read = detail::read_projector_file,
     .check = detail::check_projector_metadata,
     .write = detail::write_projector_vectors,
     .companion = {".metadata.tsv", "metadata.tsv", "vectors.tsv",
                   detail::write_projector_metadata}},
};

std::string patterns(const VectorFormatSpec& spec) {
  std::string text;
  for (const std::string_view extension : spec.extensions)
    text += (text.empty() ? "*" : " *") + std::string(extension);
  return text;
}

}  // namespace

std::span<const VectorFormatSpec> vector_format_table() {
  return kFormats;
}

const VectorFormatSpec& vector_format_spec(VectorFormat format) {
  for (const VectorFormatSpec& spec : kFormats) {
    if (spec.format == format) return spec;
  }
  throw std::invalid_argument("no format row for '" + to_string(format) + "'");
}

std::string vector_format_help() {
  std::string text;
  for (const VectorFormatSpec& spec : kFormats) {
    std::string name(spec.name);
    name.resize(std::max<size_t>(name.size() + 1, 17), ' ');
    std::string also;
    for (const std::string_view alias : spec.aliases)
      also += (also.empty() ? "; also " : ", ") + std::string(alias);
    text += "  " + name + std::string(spec.help) + "\n" + std::string(19, ' ') + "(" +
            patterns(spec) + also + ")\n";
  }
  return text;
}

std::string vector_open_filter() {
  std::string all;
  for (const VectorFormatSpec& spec : kFormats) all += patterns(spec) + " ";
  return "Word vectors (" + all + "*.gz);;All files (*)";
}

std::string vector_save_filter(VectorFormat first) {
  std::string head;
  std::string rest;
  for (const VectorFormatSpec& spec : kFormats) {
    if (spec.write == nullptr) continue;
    std::string& into = spec.format == first ? head : rest;
    into +=
        (into.empty() ? "" : ";;") + std::string(spec.dialog_label) + " (" + patterns(spec) + ")";
  }
  return head.empty() ? rest : rest.empty() ? head : head + ";;" + rest;
}

std::vector<std::string> vector_file_extensions() {
  std::vector<std::string> extensions = {".gz"};  // first: it wraps the others
  for (const VectorFormatSpec& spec : kFormats) {
    for (const std::string_view extension : spec.extensions) extensions.emplace_back(extension);
  }
  return extensions;
}

}  // namespace embscope
