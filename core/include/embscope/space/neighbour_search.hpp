// Exact k-nearest-neighbour search over the rows of an embedding matrix, by cosine similarity,
// Euclidean distance or dot product.
//
// Cosine search runs on a unit-normalised copy of the matrix made once; scores are computed in
// blocks of rows with Eigen's matrix-vector (one query) or matrix-matrix (batched queries)
// products on all cores, and each thread keeps only its top k candidates (partial selection), so
// no full sort of the scores ever happens.
//
//   NeighbourSearch search(set.vectors);
//   std::vector<Neighbour> top = search.nearest(set.vectors.row(cat), {.k = 10, .exclude = {cat}});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"

namespace embscope {

enum class Metric { Cosine, Euclidean, Dot };

std::string to_string(Metric metric);
std::optional<Metric> metric_from_name(const std::string& name);

// score: the cosine similarity or dot product (higher is nearer), or the Euclidean distance
// (lower is nearer). Results are ordered nearest first.
struct Neighbour {
  int64_t index = -1;
  float score = 0;
  bool operator==(const Neighbour&) const = default;
};

struct NeighbourQuery {
  Metric metric = Metric::Cosine;
  int k = 10;
  int64_t restrict_rows = -1;         // search only the first N rows (frequent words); < 0: all
  std::vector<int64_t> exclude = {};  // rows never returned (the query words, as gensim does)
  int ef_search_override = 0;         // approximate index only: candidate list size (0: default)
};

// The query options a user sets (CLI -k/--neighbors, --metric, --restrict; the Neighbours panel;
// the GUI's --neighbors), declared once. k: 10 as gensim's topn; at most 1,000, where the
// GUI's table and labels stop being readable (the CLI took any k, the panel 500, the GUI main
// 1000).
namespace neighbour_option {
inline constexpr OptionChoice<Metric> kMetrics[] = {
    {"cosine", Metric::Cosine}, {"euclidean", Metric::Euclidean}, {"dot", Metric::Dot}};
inline constexpr OptionSpec<NeighbourQuery, int> k{.name = "neighbors",
                                                   .help = "how many nearest words",
                                                   .member = &NeighbourQuery::k,
                                                   .min = 1,
                                                   .max = 1000,
                                                   .short_name = 'k'};
inline constexpr OptionSpec<NeighbourQuery, Metric> metric{.name = "metric",
                                                           .help = "similarity measure",
                                                           .member = &NeighbourQuery::metric,
                                                           .choices = kMetrics};
inline constexpr OptionSpec<NeighbourQuery, int64_t> restrict_rows{
    .name = "restrict",
    .help = "search only the N most frequent words (-1: all)",
    .member = &NeighbourQuery::restrict_rows,
    .min = -1};
}  // namespace neighbour_option

class NeighbourSearch {
 public:
  // Keeps a reference to `vectors` (which must outlive the search) and builds the unit copy.
  explicit NeighbourSearch(const RowMatrixXf& vectors, int threads = 0);

  std::vector<Neighbour> nearest(const Eigen::RowVectorXf& query,
                                 const NeighbourQuery& options) const;

  // One result list per row of `queries`; `exclude_per_query`, when given, adds each query's own
  // exclusions to options.exclude.
  std::vector<std::vector<Neighbour>> nearest_batch(
      const RowMatrixXf& queries, const NeighbourQuery& options,
      const std::vector<std::vector<int64_t>>* exclude_per_query = nullptr,
      const TaskControl& control = {}) const;

  const RowMatrixXf& vectors() const { return vectors_; }
  // Each row scaled to unit length (zero rows stay zero), right even for rows whose float
  // squared norm overflows (components near 1e20-3e38) or vanishes (embscope/base/norms.hpp).
  const RowMatrixXf& unit_vectors() const { return unit_; }
  // Squared Euclidean norms as float: inf for rows whose squared norm passes FLT_MAX.
  const Eigen::VectorXf& squared_norms() const { return squared_norms_; }
  // Whether some row's squared norm is outside SafeSquaredNorm: Euclidean and dot-product
  // queries are then scored in double (cosine queries use the unit rows, always safe).
  bool has_extreme_rows() const { return extreme_; }

 private:
  std::vector<std::vector<Neighbour>> nearest_group(
      const RowMatrixXf& queries, const NeighbourQuery& options,
      const std::vector<std::vector<int64_t>>* exclude_per_query, const TaskControl& control) const;

  const RowMatrixXf& vectors_;
  RowMatrixXf unit_;
  Eigen::VectorXf squared_norms_;
  bool extreme_ = false;
  int threads_;
};

// The obviously-correct reference: score every row, sort, take k. For tests.
std::vector<Neighbour> nearest_brute_force(const RowMatrixXf& vectors,
                                           const Eigen::RowVectorXf& query,
                                           const NeighbourQuery& options);

}  // namespace embscope
