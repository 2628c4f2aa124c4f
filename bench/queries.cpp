// Query timings on a large vector set:
//   queries FILE [--queries 1000] [--reps 20] [--hnsw]
// Prints "name: value" medians: one cosine top-10 query, 1,000 batched queries, one analogy;
// with --hnsw also the HNSW build time, query time and recall@10 against the exact search
// (measure that on real vectors: on random Gaussian ones every neighbour is about as far as any
// other and no graph index can find them).
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "bench_util.hpp"
#include "embscope/space/approximate_index.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/vectors/vector_io.hpp"

using embscope::bench::median;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: queries FILE [--queries N] [--reps N]\n");
    return 2;
  }
  int batch = 1000;
  int reps = 20;
  bool hnsw = false;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--hnsw") hnsw = true;
    if (arg == "--queries" && i + 1 < argc) batch = std::atoi(argv[++i]);
    if (arg == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
  }
  const embscope::VectorSet set = embscope::read_vectors(argv[1]);
  auto start = Clock::now();
  const embscope::VectorSpace space(set);
  std::printf("index_s: %.4f\n", embscope::bench::seconds_since(start));

  std::mt19937 random(3);
  std::uniform_int_distribution<int64_t> pick(0, set.rows() - 1);
  std::vector<double> single, analogy;
  for (int r = 0; r < reps; ++r) {
    const std::string word = set.vocabulary.word(pick(random));
    auto t0 = Clock::now();
    const auto top = space.neighbours(word, 10);
    single.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    const std::string a = set.vocabulary.word(pick(random));
    const std::string b = set.vocabulary.word(pick(random));
    const std::string c = set.vocabulary.word(pick(random));
    t0 = Clock::now();
    const auto answer = space.analogy(a, b, c, 10);
    analogy.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (top.empty() || answer.empty()) return 1;
  }
  embscope::RowMatrixXf queries(batch, set.dim());
  std::vector<std::vector<int64_t>> exclude;
  for (int q = 0; q < batch; ++q) {
    const int64_t row = pick(random);
    queries.row(q) = set.vectors.row(row);
    exclude.push_back({row});
  }
  std::vector<double> batched;
  for (int r = 0; r < 3; ++r) {
    const auto t0 = Clock::now();
    const auto results = space.search().nearest_batch(queries, {.k = 10}, &exclude);
    batched.push_back(embscope::bench::seconds_since(t0));
    if (results.size() != static_cast<size_t>(batch)) return 1;
  }
  std::printf("single_ms: %.3f\nanalogy_ms: %.3f\nbatch_s: %.4f\n", median(single), median(analogy),
              median(batched));
  std::fflush(stdout);

  if (!hnsw || !embscope::ApproximateIndex::available()) return 0;
  start = Clock::now();
  const embscope::ApproximateIndex index(space.search());
  std::printf("hnsw_build_s: %.2f\n", embscope::bench::seconds_since(start));
  std::vector<double> approximate_ms;
  int64_t found = 0;
  int64_t wanted = 0;
  for (int q = 0; q < 200; ++q) {
    const int64_t row = pick(random);
    const embscope::NeighbourQuery query{.k = 10, .exclude = {row}};
    const auto t0 = Clock::now();
    const auto approximate = index.nearest(set.vectors.row(row), query);
    approximate_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    for (const auto& n : space.search().nearest(set.vectors.row(row), query)) {
      ++wanted;
      for (const auto& a : approximate) found += a.index == n.index;
    }
  }
  std::printf("hnsw_query_ms: %.3f\nhnsw_recall_at_10: %.4f\n", median(approximate_ms),
              static_cast<double>(found) / static_cast<double>(wanted));
  return 0;
}
