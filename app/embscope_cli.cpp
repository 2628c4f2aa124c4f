// embscope-cli: headless subcommands over the core engine (no Qt, no VTK).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "embscope/resources.hpp"
#include "embscope/vector_io.hpp"

namespace {

constexpr const char* kUsage =
    "usage: embscope-cli <command> [options]\n"
    "\n"
    "Explore word-embedding files from the terminal.\n"
    "\n"
    "commands:\n"
    "  info [FILE]      print the format, rows, dimension and load time of a vector file\n"
    "                   (no FILE: the embedded default data set)\n"
    "\n"
    "options:\n"
    "  -h, --help       show this help\n"
    "  --version        show the version\n"
    "  --limit N        read at most N rows\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "embscope-cli: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

int run_info(const std::vector<std::string_view>& args) {
  embscope::ReadOptions options;
  std::string path;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--limit") {
      if (i + 1 >= args.size()) return usage_error("--limit needs a number");
      options.limit = std::stoll(std::string(args[++i]));
    } else if (!args[i].empty() && args[i][0] == '-') {
      return usage_error("unknown option " + std::string(args[i]));
    } else if (path.empty()) {
      path = args[i];
    } else {
      return usage_error("info takes one FILE");
    }
  }
  if (path.empty()) path = embscope::default_dataset_path().string();
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("missing command");
  const std::string_view command = args.front();
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("embscope-cli %s\n", EMBSCOPE_VERSION);
    return 0;
  }
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  try {
    if (command == "info") return run_info(rest);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "embscope-cli: %s\n", error.what());
    return 1;
  }
  return usage_error("unknown command '" + std::string(command) + "'");
}
