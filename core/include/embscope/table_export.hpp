// CSV tables of what the user sees, written atomically (RFC 4180 quoting: a field holding a
// comma, a quote or a line break is quoted, quotes doubled; UTF-8 kept as is).
//
// - coordinates: word,x,y,z (+ the set's metadata columns), one row per point;
// - neighbours: rank,word,score for one query word;
// - rows of the table: index,word,v0..v(D-1), as an nn.Embedding lookup returns them.
//
//   write_coordinates_csv("coords.csv", set, positions);
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embscope/matrix.hpp"
#include "embscope/vector_set.hpp"
#include "embscope/vector_space.hpp"

namespace embscope {

// One CSV field, quoted when it needs to be.
std::string csv_field(std::string_view text);

void write_coordinates_csv(const std::filesystem::path& path, const VectorSet& set,
                           const Positions3D& positions);

// `score_name` names the score column ("cosine", "euclidean").
void write_neighbours_csv(const std::filesystem::path& path, const std::string& query,
                          const std::vector<ScoredWord>& neighbours,
                          const std::string& score_name = "cosine");

void write_rows_csv(const std::filesystem::path& path, const VectorSet& set,
                    std::span<const int64_t> rows);

}  // namespace embscope
