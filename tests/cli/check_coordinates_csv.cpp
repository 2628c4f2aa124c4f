// check_coordinates_csv FILE ROWS: parses a CSV written by `embscope-cli project` (RFC 4180
// quoting) and checks the header word,x,y,z, the row count, three finite numbers per row and
// distinct words. Exits 0 when all hold.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Splits one CSV record; quoted fields may contain commas and doubled quotes.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return fail("usage: check_coordinates_csv FILE ROWS");
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) return fail(std::string("cannot open ") + argv[1]);
  const long rows = std::atol(argv[2]);
  std::string line;
  std::getline(in, line);
  if (line != "word,x,y,z") return fail("unexpected header: " + line);
  std::set<std::string> words;
  long count = 0;
  while (std::getline(in, line)) {
    const auto f = fields(line);
    if (f.size() != 4) return fail("line " + std::to_string(count + 2) + " has " + std::to_string(f.size()) + " fields: " + line);
    for (int i = 1; i <= 3; ++i) {
      char* end = nullptr;
      const double value = std::strtod(f[static_cast<size_t>(i)].c_str(), &end);
      if (*end != '\0' || !std::isfinite(value)) return fail("not a number on line " + std::to_string(count + 2));
    }
    if (!words.insert(f[0]).second) return fail("duplicate word " + f[0]);
    ++count;
  }
  if (count != rows) return fail("expected " + std::to_string(rows) + " rows, found " + std::to_string(count));
  std::printf("%s: %ld rows of word,x,y,z\n", argv[1], count);
  return 0;
}
