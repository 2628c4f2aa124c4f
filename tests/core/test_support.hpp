// Helpers shared by the core test suites: paths to committed test data and scratch files.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace embscope::test {

inline std::filesystem::path data_path(const std::string& relative) {
  return std::filesystem::path(EMBSCOPE_TEST_DATA_DIR) / relative;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The message of whatever `read` throws, or "no error".
template <typename Read>
std::string error_message(Read&& read) {
  try {
    read();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

// A scratch folder removed at the end of each test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "embscope-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

  std::filesystem::path write(const std::string& name, const std::string& content) const {
    const auto path = file(name);
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
  }

  // Writes `content` gzip-compressed, as the gzip tool would.
  std::filesystem::path write_gzip(const std::string& name, const std::string& content) const {
    const auto path = file(name);
    gzFile out = gzopen(path.c_str(), "wb");
    gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
    gzclose(out);
    return path;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace embscope::test
