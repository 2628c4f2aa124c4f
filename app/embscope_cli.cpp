// embscope-cli: headless subcommands over the core engine (no Qt, no VTK).
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli_arguments.hpp"
#include "embscope/embedding.hpp"
#include "embscope/resources.hpp"
#include "embscope/torch_repr.hpp"
#include "embscope/vector_io.hpp"

namespace {

using embscope::cli::Arguments;
using embscope::cli::UsageError;

constexpr const char* kUsage =
    "usage: embscope-cli <command> [options]\n"
    "\n"
    "Explore word-embedding files and PyTorch-style embedding tables from the terminal.\n"
    "\n"
    "commands:\n"
    "  info [FILE] [--limit N]\n"
    "      format, rows, dimension and load time of a vector file (no FILE: the embedded\n"
    "      default data set)\n"
    "  embedding --shape NxD [--seed S] [--lookup I,J,...] [--padding-idx P]\n"
    "            [--max-norm M] [--norm-type P]\n"
    "      build an nn.Embedding table seeded exactly like torch.manual_seed(S) and print it,\n"
    "      and the rows a lookup returns, in PyTorch's print layout\n"
    "\n"
    "options:\n"
    "  -h, --help       show this help\n"
    "  --version        show the version\n";

std::vector<long long> parse_list(const std::string& name, const std::string& text) {
  std::vector<long long> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty())
      throw UsageError(name + " expects comma-separated integers, got '" + text + "'");
    values.push_back(Arguments::parse_integer(name, item));
  }
  return values;
}

int run_info(const std::vector<std::string>& raw) {
  const Arguments args(raw, {"--limit"});
  if (args.positional().size() > 1) throw UsageError("info takes one FILE");
  embscope::ReadOptions options;
  options.limit = args.integer("--limit", -1);
  const std::string path = args.positional().empty() ? embscope::default_dataset_path().string()
                                                     : args.positional().front();
  const auto start = std::chrono::steady_clock::now();
  embscope::ReadReport report;
  const embscope::VectorSet set = embscope::read_vectors(path, options, {}, &report);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("file: %s\n", path.c_str());
  std::printf("format: %s%s\n", embscope::to_string(report.format).c_str(),
              report.compressed ? " (gzip)" : "");
  std::printf("rows: %lld\n", static_cast<long long>(set.rows()));
  std::printf("dim: %lld\n", static_cast<long long>(set.dim()));
  std::printf("duplicates dropped: %lld\n", static_cast<long long>(report.duplicates_dropped));
  std::printf("load time: %.3f s\n", seconds);
  std::printf("matrix memory: %.1f MiB\n",
              static_cast<double>(set.vectors.size()) * sizeof(float) / (1024.0 * 1024.0));
  return 0;
}

// Prints the Python session that the table reproduces, with PyTorch's own output layout.
int run_embedding(const std::vector<std::string>& raw) {
  const Arguments args(
      raw, {"--shape", "--seed", "--lookup", "--padding-idx", "--max-norm", "--norm-type"});
  if (!args.positional().empty()) throw UsageError("embedding takes no FILE");
  const auto shape_text = args.value("--shape");
  if (!shape_text) throw UsageError("embedding needs --shape NxD, for example --shape 5x3");
  const size_t x = shape_text->find('x');
  if (x == std::string::npos) throw UsageError("--shape expects NxD, got '" + *shape_text + "'");
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
    std::fprintf(stderr, "embscope-cli: missing command\n\n%s", kUsage);
    return 2;
  }
  const std::string& command = args.front();
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("embscope-cli %s\n", EMBSCOPE_VERSION);
    return 0;
  }
  const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
      {"info", run_info},
      {"embedding", run_embedding},
  };
  const auto it = commands.find(command);
  if (it == commands.end()) {
    std::fprintf(stderr, "embscope-cli: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
  }
  try {
    return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const UsageError& error) {
    std::fprintf(stderr, "embscope-cli %s: %s\n(see embscope-cli --help)\n", command.c_str(),
                 error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "embscope-cli: %s\n", error.what());
    return 1;
  }
}
