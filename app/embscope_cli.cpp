// embscope-cli: headless subcommands over the core engine (no Qt, no VTK).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "embscope/base/atomic_file.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/projection/layout.hpp"
#include "embscope/projection/trustworthiness.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/space/table_export.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/torch/embedding.hpp"
#include "embscope/torch/torch_repr.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "embscope/vectors/format_registry.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "output_table.hpp"

namespace {

// The parsed command line of a subcommand (CLI11; spec-bound options write into their structs).
using Arguments = embscope::cli::Command;
using embscope::cli::UsageError;

constexpr const char* kUsage =
    "usage: embscope-cli <command> [options]\n"
    "\n"
    "Explore word-embedding files and PyTorch-style embedding tables from the terminal.\n"
    "\n"
    "commands:\n"
    "  info [FILE] [loading options]\n"
    "      format, rows, dimension, load time and memory of a vector file (no FILE: the\n"
    "      embedded default data set)\n"
    "  convert IN OUT [--to FORMAT] [loading options]\n"
    "      rewrite vectors in another format (default: from OUT's extension, as listed under\n"
    "      formats below; any other extension: glove)\n"
    "  neighbors FILE WORD... [-k N] [--metric NAME] [--restrict N]\n"
    "      nearest words of each WORD (one load, many queries)\n"
    "  analogy FILE A B C [-k N] [--method add|mul] [--restrict N]\n"
    "      \"A is to B as C is to ?\" by 3CosAdd (gensim most_similar) or 3CosMul\n"
    "  expr FILE \"king - man + woman\" [-k N] [--restrict N]\n"
    "      words nearest to a vector expression (+, -, N*word, avg(w1, w2, ...))\n"
    "  evaluate FILE [--analogies F|none] [--pairs F [F ...]|none] [--delimiter tab|space|C]\n"
    "           [--restrict N] [--case-sensitive]\n"
    "      Google analogy accuracy and word-pair correlations, as gensim computes them\n"
    "      (default: the bundled questions-words.txt, WordSim-353 and SimLex-999);\n"
    "      --pairs takes every file up to the next option, and may repeat; --delimiter\n"
    "      separates the fields of a pair line (default: tab, as gensim); a set with no\n"
    "      usable line is an error that says why its lines were skipped\n"
    "  project FILE -o COORDS.csv [--components 1,2,3] [--spherize] [--solver auto|exact|\n"
    "          randomized] [--fit-top N | --fit-sample N [--seed S]]\n"
    "          [--axes \"woman - man\" \"queen - king\" ... [--orthogonalise]]\n"
    "      write word,x,y,z for every row (PCA, or custom semantic axes) and print the\n"
    "      explained variance\n"
    "  project FILE -o COORDS.csv --method umap|tsne [--dims 2|3] [--seed S] [layout options]\n"
    "      UMAP (umap-learn's algorithm and defaults) or Barnes-Hut t-SNE (scikit-learn's) of\n"
    "      every row; the same seed gives the same coordinates; prints the time and\n"
    "      trustworthiness@15\n"
    "  train [CORPUS...] -o VECTORS [training options] [--to FORMAT]\n"
    "        [--init VECTORS [--freeze]]\n"
    "        [--checkpoint FILE] [--resume FILE]\n"
    "      train word2vec (skip-gram or CBOW, negative sampling) on text files (.gz ok;\n"
    "      default: the bundled Brown corpus); --init fine-tunes loaded vectors; with\n"
    "      --checkpoint, Ctrl-C (or the end) saves a checkpoint that --resume continues\n"
    "  embedding --shape NxD [--seed S] [--lookup I,J,...] [--padding-idx P]\n"
    "            [--max-norm M] [--norm-type P]\n"
    "      build an nn.Embedding table seeded exactly like torch.manual_seed(S) and print it,\n"
    "      and the rows a lookup returns, in PyTorch's print layout\n"
    "\n"
    "neighbors, analogy, expr and evaluate print --format table (default), csv or json\n"
    "(JSON: an array of objects; words that are not valid UTF-8 shown with U+FFFD).\n"
    "\n"
    "loading options (every command that reads vectors):\n"
    "  --format NAME        one of the formats below (default: detected from the content)\n"
    "  --vocab FILE         words for the rows of a .npy / safetensors matrix\n"
    "  --metadata FILE      projector metadata.tsv\n"
    "  --tensor NAME        safetensors tensor to read\n"
    "  --limit N            read only the first N rows\n"
    "  --lowercase          lowercase the words (ASCII)\n"
    "  --normalize          scale every vector to unit length\n"
    "  --allow-non-finite   accept NaN and Inf values\n"
    "\n"
    "options:\n"
    "  -h, --help       show this help (COMMAND --help: the command's options)\n"
    "  --version        show the version\n";

// The help, with the options that have a spec (their ranges and defaults: the specs next to each
// options struct) and the formats (embscope/vectors/format_registry.hpp) listed from their tables.
std::string usage() {
  namespace query = embscope::neighbour_option;
  return std::string(kUsage) + "\nquery options (neighbors, analogy, expr):\n" +
         embscope::cli::option_help(std::tie(query::k, query::metric, query::restrict_rows,
                                             embscope::analogy_option::method)) +
         "\nlayout options (project --method umap|tsne):\n" +
         embscope::cli::option_help(embscope::layout_option::iterative_specs()) +
         embscope::cli::option_help(embscope::layout_option::umap_specs()) +
         embscope::cli::option_help(embscope::layout_option::tsne_specs()) +
         "\ntraining options (train):\n" +
         embscope::cli::option_help(embscope::trainer_option_specs()) +
         embscope::cli::option_help(embscope::corpus_option_specs()) +
         "\nformats (--format, --to; text may be gzip-compressed):\n" +
         embscope::vector_format_help();
}

// The loading options of every command that reads vectors (read with loading_options).
Arguments& with_loading(Arguments& args) {
  return args.values({"--format"}, "input format (default: detected from the content)")
      .values({"--vocab"}, "words for the rows of a .npy / safetensors matrix")
      .values({"--metadata"}, "projector metadata.tsv")
      .values({"--tensor"}, "safetensors tensor to read")
      .values({"--limit"}, "read only the first N rows")
      .flags({"--lowercase"}, "lowercase the words (ASCII)")
      .flags({"--normalize"}, "scale every vector to unit length")
      .flags({"--allow-non-finite"}, "accept NaN and Inf values");
}

// Input quoted in a message or a report (a path, a word, a column name): valid UTF-8 on one
// line, invalid bytes as \xHH, shortened at a character boundary when very long.
std::string shown(const std::string& text, size_t max_bytes = 400) {
  return embscope::escape_invalid_utf8(embscope::truncate_utf8(text, max_bytes));
}

embscope::ReadOptions loading_options(const Arguments& args) {
  embscope::ReadOptions options;
  if (const auto name = args.value("--format")) {
    const auto format = embscope::vector_format_from_name(*name);
    if (!format) throw UsageError("unknown --format '" + shown(*name, 40) + "'");
    options.format = *format;
  }
  options.vocab_path = args.value_or("--vocab", "");
  options.metadata_path = args.value_or("--metadata", "");
  options.tensor_name = args.value_or("--tensor", "");
  options.limit = args.integer("--limit", -1);
  options.lowercase = args.flag("--lowercase");
  options.normalize = args.flag("--normalize");
  options.allow_non_finite = args.flag("--allow-non-finite");
  return options;
}

std::atomic<bool> g_interrupted{false};

// A progress bar on stderr when it is a terminal; Ctrl+C cancels the work cleanly.
embscope::TaskControl terminal_progress(const char* label) {
  std::signal(SIGINT, [](int) { g_interrupted.store(true); });
  embscope::TaskControl control;
  control.cancel_requested = &g_interrupted;
  if (::isatty(STDERR_FILENO) == 0) return control;
  control.on_progress = [label, last = -1](uint64_t done, uint64_t total) mutable {
    const int percent = total > 0 ? static_cast<int>(100.0 * done / total) : 0;
    if (percent == last) return;
    last = percent;
    const int filled = percent / 4;
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label, filled, "#########################",
                 25 - filled, "", percent);
    if (percent >= 100) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  };
  return control;
}

struct Loaded {
  embscope::VectorSet set;
  embscope::ReadReport report;
  double seconds = 0;
};

Loaded load(const std::string& path, const embscope::ReadOptions& options) {
  Loaded loaded;
  const auto start = std::chrono::steady_clock::now();
  loaded.set = embscope::read_vectors(path, options, terminal_progress("reading"), &loaded.report);
  loaded.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (loaded.report.duplicates_dropped > 0) {
    std::fprintf(stderr, "embscope-cli: %s: %lld duplicate words dropped (the first is kept)\n",
                 shown(path).c_str(), static_cast<long long>(loaded.report.duplicates_dropped));
  }
  if (loaded.report.invalid_utf8_words > 0) {
    std::fprintf(stderr,
                 "embscope-cli: %s: %lld words are not valid UTF-8 (first at %s); kept "
                 "byte for byte\n",
                 shown(path).c_str(), static_cast<long long>(loaded.report.invalid_utf8_words),
                 loaded.report.first_invalid_utf8.c_str());
  }
  return loaded;
}

long peak_memory_kib() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return -1;
  char line[256];
  long kib = -1;
  while (std::fgets(line, sizeof(line), status) != nullptr) {
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  }
  std::fclose(status);
  return kib;
}

std::vector<long long> parse_list(const std::string& name, const std::string& text) {
  std::vector<long long> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty())
      throw UsageError(name + " expects comma-separated integers, got '" + shown(text, 80) + "'");
    values.push_back(Arguments::parse_integer(name, item));
  }
  return values;
}

int run_info(const std::vector<std::string>& raw) {
  Arguments args("info");
  with_loading(args).parse(raw);
  if (args.positional().size() > 1) throw UsageError("info takes one FILE");
  const std::string path = args.positional().empty() ? embscope::default_dataset_path().string()
                                                     : args.positional().front();
  const Loaded loaded = load(path, loading_options(args));
  const embscope::ReadReport& report = loaded.report;
  std::printf("file: %s\n", shown(path).c_str());
  std::printf("format: %s%s\n", embscope::to_string(report.format).c_str(),
              report.compressed ? " (gzip)" : "");
  std::printf("rows: %lld\n", static_cast<long long>(loaded.set.rows()));
  std::printf("dim: %lld\n", static_cast<long long>(loaded.set.dim()));
  if (!report.tensor_name.empty()) std::printf("tensor: %s\n", shown(report.tensor_name).c_str());
  if (!report.vocabulary_source.empty()) {
    std::printf("words from: %s\n", shown(report.vocabulary_source).c_str());
  }
  if (!loaded.set.metadata.empty()) {
    std::string columns;
    for (const auto& name : loaded.set.metadata.column_names)
      columns += (columns.empty() ? "" : ", ") + shown(name);
    std::printf("metadata columns: %s\n", columns.c_str());
  }
  std::printf("duplicates dropped: %lld\n", static_cast<long long>(report.duplicates_dropped));
  if (report.repeated_labels > 0) {
    std::printf("repeated labels: %lld rows (every row kept; a query by label uses its first)\n",
                static_cast<long long>(report.repeated_labels));
  }
  std::printf("load time: %.3f s\n", loaded.seconds);
  std::printf("matrix memory: %.1f MiB\n",
              static_cast<double>(loaded.set.vectors.size()) * sizeof(float) / (1024.0 * 1024.0));
  std::printf("peak memory: %.1f MiB\n", static_cast<double>(peak_memory_kib()) / 1024.0);
  return 0;
}

int run_convert(const std::vector<std::string>& raw) {
  Arguments args("convert");
  with_loading(args).values({"--to"}).parse(raw);
  if (args.positional().size() != 2) throw UsageError("convert takes IN and OUT");
  embscope::WriteOptions write_options;
  if (const auto name = args.value("--to")) {
    const auto format = embscope::vector_format_from_name(*name);
    if (!format || *format == embscope::VectorFormat::Auto) {
      throw UsageError("unknown --to format '" + shown(*name, 40) + "'");
    }
    write_options.format = *format;
  }
  const Loaded loaded = load(args.positional()[0], loading_options(args));
  const auto start = std::chrono::steady_clock::now();
  const auto written = embscope::write_vectors(loaded.set, args.positional()[1], write_options,
                                               terminal_progress("writing"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const embscope::VectorFormat format = write_options.format == embscope::VectorFormat::Auto
                                            ? embscope::format_for_extension(args.positional()[1])
                                            : write_options.format;
  std::printf("read %lld x %lld (%s) in %.3f s, wrote %s in %.3f s:\n",
              static_cast<long long>(loaded.set.rows()), static_cast<long long>(loaded.set.dim()),
              embscope::to_string(loaded.report.format).c_str(), loaded.seconds,
              embscope::to_string(format).c_str(), seconds);
  for (const auto& file : written) std::printf("  %s\n", shown(file.string()).c_str());
  return 0;
}

std::string number(double value, int digits = 4) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  return buffer;
}

std::string scientific(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.3g", value);
  return buffer;
}

// Query commands take --format for the output; the loading option of the same name is then
// spelt --input-format.
std::vector<std::string> rename_format_flags(std::vector<std::string> raw) {
  for (auto& arg : raw) {
    if (arg == "--format")
      arg = "--output-format";
    else if (arg.rfind("--format=", 0) == 0)
      arg = "--output-format=" + arg.substr(9);
    else if (arg == "--input-format")
      arg = "--format";
    else if (arg.rfind("--input-format=", 0) == 0)
      arg = "--format=" + arg.substr(15);
  }
  return raw;
}

void print_scored(const std::vector<embscope::ScoredWord>& words, const std::string& score_name,
                  const embscope::cli::OutputFormat format, const std::string& query = "") {
  std::fputs(embscope::cli::scored_words_table(words, score_name, query).render(format).c_str(),
             stdout);
}

// A query by a label that several projector rows share uses the first of them: says so.
void note_repeated_label(const embscope::VectorSet& set, const std::string& word) {
  const std::string note = embscope::repeated_label_note(set.vocabulary, word);
  if (!note.empty()) std::fprintf(stderr, "embscope-cli: %s\n", note.c_str());
}

int run_neighbors(const std::vector<std::string>& raw) {
  embscope::NeighbourQuery query;
  Arguments args("neighbors");
  namespace option = embscope::neighbour_option;
  with_loading(args)
      .options(std::tie(option::k, option::metric, option::restrict_rows), query)
      .values({"--output-format"})
      .parse(rename_format_flags(raw));
  if (args.positional().size() < 2) throw UsageError("neighbors takes FILE and at least one WORD");
  const auto format =
      embscope::cli::output_format_from_name(args.value_or("--output-format", "table"));
  const Loaded loaded = load(args.positional()[0], loading_options(args));
  const embscope::VectorSpace space(loaded.set);
  std::vector<std::string> columns = {
      "query", "rank", "word",
      query.metric == embscope::Metric::Euclidean ? "distance" : "similarity"};
  embscope::cli::OutputTable table(columns, {false, true, false, true});
  for (size_t w = 1; w < args.positional().size(); ++w) {
    const std::string& word = args.positional()[w];
    const auto result = space.neighbours(word, query.k, query.metric, query.restrict_rows);
    note_repeated_label(loaded.set, word);
    for (size_t i = 0; i < result.size(); ++i) {
      table.add({word, std::to_string(i + 1), result[i].word, number(result[i].score)});
    }
  }
  std::fputs(table.render(format).c_str(), stdout);
  return 0;
}

int run_analogy(const std::vector<std::string>& raw) {
  embscope::NeighbourQuery query;
  embscope::AnalogyOptions analogy;
  Arguments args("analogy");
  with_loading(args)
      .options(std::tie(embscope::neighbour_option::k, embscope::neighbour_option::restrict_rows),
               query)
      .option(embscope::analogy_option::method, analogy)
      .values({"--output-format"})
      .parse(rename_format_flags(raw));
  if (args.positional().size() != 4) throw UsageError("analogy takes FILE A B C");
  const auto format =
      embscope::cli::output_format_from_name(args.value_or("--output-format", "table"));
  const bool mul = analogy.method == embscope::AnalogyMethod::Mul;
  const Loaded loaded = load(args.positional()[0], loading_options(args));
  const embscope::VectorSpace space(loaded.set);
  const auto& p = args.positional();
  const auto result = space.analogy(p[1], p[2], p[3], query.k, analogy.method, query.restrict_rows);
  for (size_t i = 1; i < 4; ++i) note_repeated_label(loaded.set, p[i]);
  print_scored(result, mul ? "3cosmul" : "similarity", format);
  return 0;
}

int run_expr(const std::vector<std::string>& raw) {
  embscope::NeighbourQuery query;
  Arguments args("expr");
  with_loading(args)
      .options(std::tie(embscope::neighbour_option::k, embscope::neighbour_option::restrict_rows),
               query)
      .values({"--output-format"})
      .parse(rename_format_flags(raw));
  if (args.positional().size() != 2) throw UsageError("expr takes FILE and one quoted EXPRESSION");
  const auto format =
      embscope::cli::output_format_from_name(args.value_or("--output-format", "table"));
  const embscope::VectorExpression expression =
      embscope::parse_vector_expression(args.positional()[1]);
  const Loaded loaded = load(args.positional()[0], loading_options(args));
  const embscope::VectorSpace space(loaded.set);
  print_scored(space.evaluate(expression, query.k, query.restrict_rows), "similarity", format);
  return 0;
}

int run_evaluate(const std::vector<std::string>& raw) {
  // --pairs takes every following argument up to the next option, and may repeat (both
  // `--pairs a b` and `--pairs a --pairs b`): collected before the generic parser, which would
  // keep only the last value.
  std::vector<std::string> pair_files;
  std::vector<std::string> rest;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == "--pairs") {
      const size_t before = pair_files.size();
      while (i + 1 < raw.size() && raw[i + 1].rfind('-', 0) != 0) pair_files.push_back(raw[++i]);
      if (pair_files.size() == before) throw UsageError("--pairs needs at least one file");
    } else {
      rest.push_back(raw[i]);
    }
  }
  embscope::AnalogyOptions evaluation;  // --restrict, shared by both benchmarks
  Arguments args("evaluate");
  with_loading(args)
      .option(embscope::analogy_option::restrict_vocab, evaluation)
      .values({"--analogies", "--delimiter", "--output-format"})
      .flags({"--case-sensitive"})
      .parse(rename_format_flags(rest));
  if (args.positional().size() != 1) {
    throw UsageError(
        "evaluate takes one FILE (before --pairs, which takes every argument up to the next "
        "option)");
  }
  char delimiter = '\t';
  if (const auto name = args.value("--delimiter")) {
    if (*name == "tab" || *name == "\\t") {
      delimiter = '\t';
    } else if (*name == "space") {
      delimiter = ' ';
    } else if (name->size() == 1 && static_cast<unsigned char>(name->front()) < 0x80) {
      delimiter = name->front();
    } else {
      throw UsageError("--delimiter takes tab, space or a single ASCII character");
    }
  }
  const auto format =
      embscope::cli::output_format_from_name(args.value_or("--output-format", "table"));
  const std::filesystem::path eval_dir = embscope::default_dataset_path().parent_path() / "eval";
  const std::string analogies =
      args.value_or("--analogies", (eval_dir / "questions-words.txt").string());
  if (pair_files.empty()) {
    pair_files = {(eval_dir / "wordsim353.tsv").string(), (eval_dir / "simlex999.txt").string()};
  } else if (pair_files == std::vector<std::string>{"none"}) {
    pair_files.clear();
  }
  const Loaded loaded = load(args.positional()[0], loading_options(args));
  const embscope::VectorSpace space(loaded.set);
  const int64_t restrict = evaluation.restrict_vocab;
  const bool case_insensitive = !args.flag("--case-sensitive");

  embscope::cli::OutputTable table({"benchmark", "measure", "value", "pairs/questions", "oov %"},
                                   {false, false, true, true, true});
  if (analogies != "none") {
    embscope::AnalogyOptions options;
    options.restrict_vocab = restrict;
    options.case_insensitive = case_insensitive;
    const auto result =
        embscope::evaluate_analogies(space, analogies, options, terminal_progress("analogies"));
    const std::string name = std::filesystem::path(analogies).filename().string();
    // A section with no question left to score has no accuracy (null, empty), not 0.
    const auto accuracy = [](const auto& score) {
      return score.total() > 0 ? number(score.accuracy()) : std::string();
    };
    for (const auto& section : result.sections) {
      table.add({name + ": " + section.name, "accuracy", accuracy(section),
                 std::to_string(section.total()), ""});
    }
    table.add({name + ": semantic", "accuracy", accuracy(result.semantic),
               std::to_string(result.semantic.total()), ""});
    table.add({name + ": syntactic", "accuracy", accuracy(result.syntactic),
               std::to_string(result.syntactic.total()), ""});
    table.add({name + ": total", "accuracy", accuracy(result.total),
               std::to_string(result.total.total()), number(result.oov_ratio(), 2)});
  }
  for (const std::string& file : pair_files) {
    embscope::WordPairOptions options;
    options.restrict_vocab = restrict;
    options.case_insensitive = case_insensitive;
    options.delimiter = delimiter;
    const auto result = embscope::evaluate_word_pairs(space, file, options);
    const std::string name = std::filesystem::path(file).filename().string();
    table.add({name, "spearman", number(result.spearman), std::to_string(result.pairs),
               number(result.oov_ratio(), 2)});
    table.add(
        {name, "spearman p", scientific(result.spearman_p), std::to_string(result.pairs), ""});
    table.add({name, "pearson", number(result.pearson), std::to_string(result.pairs),
               number(result.oov_ratio(), 2)});
    table.add({name, "pearson p", scientific(result.pearson_p), std::to_string(result.pairs), ""});
  }
  std::fputs(table.render(format).c_str(), stdout);
  return 0;
}

// UMAP and t-SNE: runs to the end with progress on stderr (Ctrl+C cancels, nothing is
// written), then prints the time and the layout's trustworthiness@15 (on 2,000 sampled rows).
int run_iterative_layout(const embscope::VectorSet& set, const embscope::LayoutSpec& spec,
                         const std::string& output) {
  const auto start = std::chrono::steady_clock::now();
  const bool umap = spec.method == embscope::LayoutMethod::Umap;
  const embscope::LayoutSnapshot layout =
      embscope::compute_layout(set, spec, terminal_progress(umap ? "UMAP" : "t-SNE"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string metric = embscope::to_string(spec.metric);
  if (umap) {
    std::printf(
        "UMAP %dD of %lld rows: %d neighbours (%s), min_dist %g, spread %g, %lld epochs, "
        "seed %llu\n",
        spec.dimensions, static_cast<long long>(set.rows()), spec.umap.neighbors, metric.c_str(),
        spec.umap.min_dist, spec.umap.spread, static_cast<long long>(layout.iterations),
        static_cast<unsigned long long>(spec.seed));
  } else {
    std::printf(
        "t-SNE %dD of %lld rows: perplexity %g (%s), early exaggeration %g, theta %g, %lld "
        "iterations, seed %llu\n",
        spec.dimensions, static_cast<long long>(set.rows()), spec.tsne.perplexity, metric.c_str(),
        spec.tsne.early_exaggeration, spec.tsne.theta, static_cast<long long>(layout.iterations),
        static_cast<unsigned long long>(spec.seed));
  }
  std::printf("laid out in %.3f s\n", seconds);
  constexpr int kTrustworthinessK = 15;
  if (set.rows() > 2 * kTrustworthinessK) {
    const double trust = embscope::trustworthiness(
        set.vectors, layout.positions,
        {.k = kTrustworthinessK, .metric = spec.metric, .sample = 2000, .seed = spec.seed});
    std::printf("trustworthiness@%d: %.4f%s\n", kTrustworthinessK, trust,
                set.rows() > 2000 ? " (2,000 sampled rows)" : "");
  }
  embscope::write_coordinates_csv(output, set, layout.positions);
  std::printf("wrote %s\n", shown(output).c_str());
  return 0;
}

int run_project(const std::vector<std::string>& raw) {
  // --axes takes every following argument up to the next option.
  std::vector<std::string> axes;
  std::vector<std::string> rest;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == "--axes") {
      while (i + 1 < raw.size() && raw[i + 1].rfind("--", 0) != 0 && raw[i + 1] != "-o") {
        axes.push_back(raw[++i]);
      }
      if (axes.empty()) throw UsageError("--axes needs one to three expressions");
    } else {
      rest.push_back(raw[i]);
    }
  }
  // The flags say what to compute (a LayoutSpec); the recipe itself is the core's, shared with
  // the window's Projection panel. UMAP's options are bound to the spec by their OptionSpecs.
  embscope::LayoutSpec spec;
  namespace option = embscope::layout_option;
  Arguments args("project");
  with_loading(args)
      .values({"-o", "--output", "--components", "--solver", "--fit-top", "--fit-sample", "--seed"})
      .flags({"--spherize", "--orthogonalise", "--orthogonalize"})
      .option(option::method, spec)
      .options(option::iterative_specs(), spec)
      .options(option::umap_specs(), spec.umap)
      .options(option::tsne_specs(), spec.tsne)
      .parse(rest);
  if (args.positional().size() != 1) throw UsageError("project takes one FILE");
  const std::string output = args.value_or("-o", args.value_or("--output", ""));
  if (output.empty()) throw UsageError("project needs -o COORDS.csv");
  if (axes.size() > 3) throw UsageError("--axes takes at most three expressions");

  if (spec.method == embscope::LayoutMethod::CustomAxes && axes.empty())
    throw UsageError("--method custom-axes needs --axes");
  if (!axes.empty() && spec.method != embscope::LayoutMethod::Pca &&
      spec.method != embscope::LayoutMethod::CustomAxes)
    throw UsageError("--axes goes with custom axes, not --method " +
                     std::string(option::method.name_of(spec.method)));
  const Loaded loaded = load(args.positional()[0], loading_options(args));
  const embscope::VectorSet& set = loaded.set;
  spec.seed = static_cast<uint64_t>(args.integer("--seed", 0));
  if (spec.method == embscope::LayoutMethod::Umap || spec.method == embscope::LayoutMethod::Tsne) {
    return run_iterative_layout(set, spec, output);
  }
  if (!axes.empty()) {
    spec.method = embscope::LayoutMethod::CustomAxes;
    for (size_t a = 0; a < axes.size(); ++a) spec.custom_axes.axes[a] = axes[a];
    spec.custom_axes.orthogonalise = args.flag("--orthogonalise") || args.flag("--orthogonalize");
  } else {
    if (const auto list = args.value("--components")) {
      const auto values = parse_list("--components", *list);
      if (values.empty() || values.size() > 3)
        throw UsageError("--components takes one to three numbers");
      spec.pca.components = {-1, -1, -1};
      for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] < 1 || values[i] > set.dim()) {
          throw UsageError("--components are 1-based and at most the dimension (" +
                           std::to_string(set.dim()) + ")");
        }
        spec.pca.components[i] = static_cast<int>(values[i] - 1);
      }
    }
    spec.pca.spherize = args.flag("--spherize");
    const auto solver =
        embscope::layout_option::solver.from_name(args.value_or("--solver", "auto"));
    if (!solver) throw UsageError("--solver expects auto, exact or randomized");
    spec.pca.solver = *solver;
    if (const auto top = args.value("--fit-top")) {
      spec.pca.fit = embscope::PcaFit::TopFrequent;
      spec.pca.fit_count = Arguments::parse_integer("--fit-top", *top);
    } else if (const auto sample = args.value("--fit-sample")) {
      spec.pca.fit = embscope::PcaFit::Sample;
      spec.pca.fit_count = Arguments::parse_integer("--fit-sample", *sample);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const embscope::LayoutSnapshot layout =
      embscope::compute_layout(set, spec, terminal_progress("PCA"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (spec.method == embscope::LayoutMethod::CustomAxes) {
    std::printf("custom axes:");
    for (size_t a = 0; a < axes.size(); ++a)
      std::printf("%s %c = %s", a ? "," : "", "xyz"[a], shown(layout.labels[a]).c_str());
    std::printf("\n");
  } else {
    const Eigen::VectorXd& ratios = layout.explained_variance;
    std::printf(
        "PCA (%s solver%s) on %lld rows: explained variance ratio of the first %lld components:\n",
        layout.solver_used == embscope::PcaSolver::Randomized ? "randomized" : "exact",
        spec.pca.spherize ? ", spherized" : "", static_cast<long long>(layout.fitted_rows),
        static_cast<long long>(ratios.size()));
    double cumulative = 0;
    for (Eigen::Index c = 0; c < ratios.size(); ++c) {
      cumulative += ratios(c);
      std::printf("  PC%-3lld %6.2f%%  (cumulative %6.2f%%)\n", static_cast<long long>(c + 1),
                  100 * ratios(c), 100 * cumulative);
    }
  }
  const embscope::Positions3D& xyz = layout.positions;
  embscope::write_coordinates_csv(output, set, xyz);
  std::printf("projected %lld rows in %.3f s; wrote %s\n", static_cast<long long>(set.rows()),
              seconds, shown(output).c_str());
  return 0;
}

int run_train(const std::vector<std::string>& raw) {
  embscope::TrainerOptions options;
  embscope::CorpusOptions corpus_options;
  Arguments args("train");
  args.options(embscope::trainer_option_specs(), options)
      .options(embscope::corpus_option_specs(), corpus_options)
      .values({"-o", "--output"}, "VECTORS file to write (format from the extension)")
      .values({"--to"}, "format of the output (see embscope-cli --help)")
      .values({"--init"}, "fine-tune these VECTORS (their dimension is used)")
      .values({"--checkpoint"}, "FILE written at Ctrl-C and at the end")
      .values({"--resume"}, "continue the run of this checkpoint FILE")
      .flags({"--freeze"}, "keep the --init rows fixed")
      .parse(raw);
  const std::string output = args.value_or("-o", args.value_or("--output", ""));
  if (output.empty())
    throw UsageError("train needs -o VECTORS (any writable format, by extension)");
  embscope::WriteOptions write_options;
  if (const auto name = args.value("--to")) {
    const auto format = embscope::vector_format_from_name(*name);
    if (!format || *format == embscope::VectorFormat::Auto)
      throw UsageError("unknown --to format '" + shown(*name, 40) + "'");
    write_options.format = *format;
  }
  std::vector<std::filesystem::path> files(args.positional().begin(), args.positional().end());
  if (files.empty()) files.push_back(embscope::default_corpus_path());
  options.freeze = args.flag("--freeze");
  const auto start = std::chrono::steady_clock::now();
  const embscope::Corpus corpus = embscope::Corpus::read(files, corpus_options);
  std::fprintf(
      stderr, "corpus: %lld words, %lld in the vocabulary of %lld words (min count %lld)\n",
      static_cast<long long>(corpus.raw_words()), static_cast<long long>(corpus.tokens().size()),
      static_cast<long long>(corpus.vocabulary().size()),
      static_cast<long long>(corpus_options.min_count));
  std::unique_ptr<embscope::Word2VecTrainer> resumed;
  std::optional<embscope::Word2VecTrainer> fresh;
  std::optional<Loaded> initial;
  if (const auto checkpoint = args.value("--resume")) {
    resumed = embscope::Word2VecTrainer::resume(corpus, *checkpoint);
    options = resumed->options();
    std::fprintf(stderr, "resumed %s at %.1f%%\n", shown(*checkpoint).c_str(),
                 100 * resumed->progress().fraction());
  } else {
    if (const auto init = args.value("--init")) {
      embscope::ReadOptions read_options = loading_options(args);
      read_options.lowercase = corpus_options.lowercase;  // the words of the corpus they meet
      initial.emplace(load(*init, read_options));
      options.dim = static_cast<int>(initial->set.dim());
    }
    fresh.emplace(corpus, options, initial ? &initial->set : nullptr);
    if (initial) {
      std::fprintf(stderr, "initialised %lld of %lld rows from %s%s\n",
                   static_cast<long long>(fresh->pretrained_rows()),
                   static_cast<long long>(corpus.vocabulary().size()),
                   shown(*args.value("--init")).c_str(), options.freeze ? " (frozen)" : "");
    }
  }
  embscope::Word2VecTrainer& trainer = resumed ? *resumed : *fresh;
  const auto checkpoint_path = args.value("--checkpoint");
  const int64_t start_position = trainer.progress().words_done;
  const auto train_start = std::chrono::steady_clock::now();
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  std::signal(SIGINT, [](int) { g_interrupted.store(true); });
  const int64_t block =
      std::max<int64_t>(100000, static_cast<int64_t>(corpus.tokens().size()) / 50);
  while (trainer.step(block)) {
    if (g_interrupted.load()) {
      if (checkpoint_path) {
        trainer.save_checkpoint(*checkpoint_path);
        std::fprintf(stderr, "\ninterrupted at %.1f%%; continue with --resume %s\n",
                     100 * trainer.progress().fraction(), shown(*checkpoint_path).c_str());
      }
      throw embscope::Cancelled();
    }
    const auto p = trainer.progress();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - train_start).count();
    const double rate =
        static_cast<double>(p.words_done - start_position) / std::max(1e-9, seconds);
    if (terminal) {
      std::fprintf(stderr,
                   "\repoch %d/%d  %5.1f%%  lr %.5f  loss %.4f  %.0f words/s  ETA %.0f s   ",
                   p.epoch + 1, options.epochs, 100 * p.fraction(), p.lr, p.loss, rate,
                   static_cast<double>(p.total_words - p.words_done) / std::max(1.0, rate));
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - train_start).count();
  const auto p = trainer.progress();
  if (terminal) std::fputs("\r\033[K", stderr);
  std::printf(
      "trained %s, dim %d, %d epochs in %.2f s: %.0f corpus words/s (%.0f raw words/s), final loss "
      "%.4f\n",
      std::string(embscope::trainer_option::model.name_of(options.model)).c_str(), options.dim,
      options.epochs, seconds, static_cast<double>(p.words_done - start_position) / seconds,
      static_cast<double>(corpus.raw_words()) * options.epochs *
          (1.0 - static_cast<double>(start_position) / static_cast<double>(p.total_words)) /
          seconds,
      p.loss);
  const auto written = embscope::write_vectors(trainer.vectors(), output, write_options);
  for (const auto& file : written) std::printf("  %s\n", shown(file.string()).c_str());
  if (checkpoint_path) {
    trainer.save_checkpoint(*checkpoint_path);
    std::printf("  %s (checkpoint)\n", shown(*checkpoint_path).c_str());
  }
  std::printf("total %.2f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

// Prints the Python session that the table reproduces, with PyTorch's own output layout.
int run_embedding(const std::vector<std::string>& raw) {
  Arguments args("embedding");
  args.values({"--shape", "--seed", "--lookup", "--padding-idx", "--max-norm", "--norm-type"})
      .parse(raw);
  if (!args.positional().empty()) throw UsageError("embedding takes no FILE");
  const auto shape_text = args.value("--shape");
  if (!shape_text) throw UsageError("embedding needs --shape NxD, for example --shape 5x3");
  const size_t x = shape_text->find('x');
  if (x == std::string::npos)
    throw UsageError("--shape expects NxD, got '" + shown(*shape_text, 40) + "'");
  const long long rows = Arguments::parse_integer("--shape", shape_text->substr(0, x));
  const long long cols = Arguments::parse_integer("--shape", shape_text->substr(x + 1));
  if (rows < 0 || cols < 0 || rows * cols > 100'000'000) {
    throw UsageError("--shape must be non-negative and at most 100 million values");
  }
  const long long seed = args.integer("--seed", 42);

  embscope::EmbeddingOptions options;
  options.num_embeddings = rows;
  options.embedding_dim = cols;
  std::string constructor = "nn.Embedding(" + std::to_string(rows) + ", " + std::to_string(cols);
  if (args.value("--padding-idx")) {
    options.padding_idx = args.integer("--padding-idx", 0);
    constructor += ", padding_idx=" + std::to_string(*options.padding_idx);
  }
  if (args.value("--max-norm")) {
    options.max_norm = static_cast<float>(args.real("--max-norm", 1.0));
    constructor += ", max_norm=" + *args.value("--max-norm");
  }
  if (args.value("--norm-type")) {
    options.norm_type = static_cast<float>(args.real("--norm-type", 2.0));
    constructor += ", norm_type=" + *args.value("--norm-type");
  }
  constructor += ")";

  embscope::Generator generator(static_cast<uint64_t>(seed));
  embscope::Embedding table(options, generator);
  std::printf(">>> torch.manual_seed(%lld)\n>>> embedding = %s\n>>> embedding.weight\n", seed,
              constructor.c_str());
  std::printf("Parameter containing:\n%s\n",
              embscope::torch_repr(table.weight(), {"requires_grad=True"}).c_str());
  if (const auto lookup = args.value("--lookup")) {
    std::vector<int64_t> indices;
    for (long long i : parse_list("--lookup", *lookup)) indices.push_back(i);
    std::string list;
    for (size_t i = 0; i < indices.size(); ++i) {
      list += (i ? ", " : "") + std::to_string(indices[i]);
    }
    std::printf(">>> embedding(torch.tensor([%s]))\n", list.c_str());
    const embscope::RowMatrixXf result = table.forward(indices);
    std::printf("%s\n", embscope::torch_repr(result, {"grad_fn=<EmbeddingBackward0>"}).c_str());
    if (!table.last_renormalised_rows().empty()) {
      std::printf("# max_norm renormalised rows:");
      for (int64_t row : table.last_renormalised_rows())
        std::printf(" %lld", static_cast<long long>(row));
      std::printf("\n");
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fprintf(stderr, "embscope-cli: missing command\n\n%s", usage().c_str());
    return 2;
  }
  const std::string& command = args.front();
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("embscope-cli %s\n", EMBSCOPE_VERSION);
    return 0;
  }
  const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
      {"info", run_info},           {"convert", run_convert},
      {"neighbors", run_neighbors}, {"neighbours", run_neighbors},
      {"analogy", run_analogy},     {"expr", run_expr},
      {"evaluate", run_evaluate},   {"project", run_project},
      {"train", run_train},         {"embedding", run_embedding},
  };
  const auto it = commands.find(command);
  if (it == commands.end()) {
    std::fprintf(stderr, "embscope-cli: unknown command '%s'\n\n%s", shown(command, 40).c_str(),
                 usage().c_str());
    return 2;
  }
  // Messages quote input escaped where they are made; any invalid byte that still reaches here
  // is replaced, so stderr is always valid UTF-8.
  const auto text = [](const char* message) { return embscope::replace_invalid_utf8(message); };
  try {
    return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const embscope::cli::HelpShown&) {
    return 0;
  } catch (const UsageError& error) {
    std::fprintf(stderr, "embscope-cli %s: %s\n(see embscope-cli --help)\n", command.c_str(),
                 text(error.what()).c_str());
    return 2;
  } catch (const embscope::ExpressionError& error) {
    std::fprintf(stderr, "embscope-cli %s: %s\n", command.c_str(), text(error.what()).c_str());
    return 2;
  } catch (const embscope::Cancelled&) {
    std::fprintf(stderr, "\nembscope-cli: interrupted; nothing was written\n");
    return 130;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "embscope-cli: %s\n", text(error.what()).c_str());
    return 1;
  }
}
