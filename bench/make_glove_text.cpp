// Writes a GloVe-style text file of random vectors for the loading benchmark:
//   make_glove_text OUT ROWS DIM
// Values have GloVe's look (5 decimals, e.g. "-0.41800"), words are distinct ("w123456").
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_glove_text OUT ROWS DIM\n");
    return 2;
  }
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  const long rows = std::atol(argv[2]);
  const long dim = std::atol(argv[3]);
  std::mt19937 random(12345);
  std::normal_distribution<float> normal(0.0f, 0.4f);
  std::string line;
  char buffer[32];
  for (long r = 0; r < rows; ++r) {
    line = "w" + std::to_string(r);
    for (long c = 0; c < dim; ++c) {
      line += ' ';
      const auto result = std::to_chars(buffer, buffer + sizeof(buffer), normal(random),
                                        std::chars_format::fixed, 5);
      line.append(buffer, result.ptr);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
  return std::fclose(out) == 0 ? 0 : 1;
}
