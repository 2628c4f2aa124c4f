// The table of vector-file formats: one row per format, from which everything that lists,
// detects, reads or writes formats is derived (vector_io.cpp's detection and dispatch, the names
// `--format` / `--to` accept, the CLI's format help and the GUI's Open / Export dialog filters).
//
// Adding a format is one reader file, one row and one fixture:
// 1. core/src/<format>.cpp: the reader (and writer), declared in
// core/src/vectors/vector_formats.hpp;
// 2. a row in kFormats (core/src/vectors/format_registry.cpp): name, aliases, extensions, a
// detector on
//    the file's first bytes (placed in the table where its detection must run), the reader, the
//    writer and its rules (or none), the dialog label and a help line;
// 3. a small fixture in tests/data with the script that made it, and a reading test.
// tests/core/vectors/test_format_registry.cpp then checks the row's names, extensions and writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embscope/vectors/vector_io.hpp"

namespace embscope {

class AtomicFile;
namespace detail {
class ByteSource;
}

struct VectorFormatSpec {
  VectorFormat format = VectorFormat::Auto;
  std::string_view name{};                     // the --format / --to name, used in messages
  std::vector<std::string_view> aliases{};     // other names --format accepts
  std::vector<std::string_view> extensions{};  // lower case, with the dot; the first is the usual
  std::string_view dialog_label{};             // "word2vec binary" -> "word2vec binary (*.bin)"
  std::string_view help{};                     // one line of the CLI's format list

  // True when the file's first bytes (at most 64 KiB, `head`) and size say it is this format.
  // Detectors run in table order, so a stricter one comes before a looser one it overlaps.
  // Null for the text formats: a file no detector claims is text, and the text reader tells
  // GloVe from word2vec text by the header.
  bool (*detect)(std::string_view head, uint64_t file_size,
                 const std::filesystem::path& path) = nullptr;
  // A file with one of `extensions` that no detector recognises is still read as this format,
  // so that its reader names the fault (a header larger than the file, say).
  bool claims_extension = false;

  VectorSet (*read)(const detail::ByteSource& source, const std::filesystem::path& path,
                    const ReadOptions& options, const TaskControl& control,
                    ReadReport* report) = nullptr;

  // Writing: `check` throws UnwritableRowError for the first row the format cannot hold (see
  // UnwritableRowError); `write` writes the main file. Null when the format is read-only.
  void (*check)(const VectorSet& set) = nullptr;
  void (*write)(const VectorSet& set, AtomicFile& out, const TaskControl& control) = nullptr;

  // A second file that holds the words (a matrix's vocabulary, the projector's metadata): read
  // from `<stem><suffix>` or `shared_name` beside the file, written as `<stem><suffix>` (or as
  // `shared_name` beside a file named `shared_partner`). Empty suffix: none.
  struct Companion {
    std::string_view suffix{};
    std::string_view shared_name{};
    std::string_view shared_partner{};
    void (*write)(const VectorSet& set, AtomicFile& out) = nullptr;
  } companion{};
};

// Every format, in detection order.
std::span<const VectorFormatSpec> vector_format_table();
// The row of `format`; throws std::invalid_argument for VectorFormat::Auto.
const VectorFormatSpec& vector_format_spec(VectorFormat format);

// One line per format for the CLI's help: name, help line, extensions and aliases.
std::string vector_format_help();
// The Open dialog's filter: "Word vectors (*.txt ... *.gz);;All files (*)".
std::string vector_open_filter();
// The Export dialog's filter: one "<label> (*.ext ...)" per writable format, `first` first.
std::string vector_save_filter(VectorFormat first);
// Every extension of the table, after .gz (which wraps the others), to strip from a file name.
std::vector<std::string> vector_file_extensions();

}  // namespace embscope
