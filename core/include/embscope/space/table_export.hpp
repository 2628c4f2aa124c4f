// CSV tables of what the user sees, written atomically. One CSV writer for the whole program
// (the CLI's --format csv and the GUI's exports use it too), following RFC 4180: a field holding
// a comma, a quote, CR or LF is quoted, quotes doubled, and a quoted field may span lines;
// records end in LF (which RFC 4180 readers, Python's csv module included, accept). Text that
// is not valid UTF-8 (a word read byte for byte) is written with U+FFFD for each invalid part
// (replace_invalid_utf8), so every file is valid UTF-8.
//
// - coordinates: word,x,y,z (+ the set's metadata columns), one row per point;
// - neighbours: query,rank,word,row,score for one query word;
// - rows of the table: index,word,v0..v(D-1), as an nn.Embedding lookup returns them;
// - any table: a header and rows of text (write_csv).
//
//   write_coordinates_csv("coords.csv", set, positions);
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/vectors/vector_set.hpp"

namespace embscope {

// One CSV field: invalid UTF-8 replaced by U+FFFD, quoted when it needs to be.
std::string csv_field(std::string_view text);
// One CSV record: the fields (csv_field each) joined by commas, ended by "\n".
std::string csv_record(std::span<const std::string> fields);

// A header and rows of fields as a CSV file (atomically). Throws std::invalid_argument naming
// the row when a row's field count differs from the header's (RFC 4180: every record has the
// same number of fields), and std::runtime_error when the file cannot be written.
void write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows);

void write_coordinates_csv(const std::filesystem::path& path, const VectorSet& set,
                           const Positions3D& positions);

// `score_name` names the score column ("cosine", "euclidean").
void write_neighbours_csv(const std::filesystem::path& path, const std::string& query,
                          const std::vector<ScoredWord>& neighbours,
                          const std::string& score_name = "cosine");

void write_rows_csv(const std::filesystem::path& path, const VectorSet& set,
                    std::span<const int64_t> rows);

}  // namespace embscope
