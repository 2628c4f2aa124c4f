// Shared by the fuzz targets: the fuzzer's bytes as a file, for readers that take a path, and the
// rule that a reader may only fail with the errors it documents.
//
//   static embscope::fuzz::InputFile input("input.npy");
//   embscope::fuzz::expect_clean_failure([&] { read_vectors(input.write(data, size)); });
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "embscope/base/utf8.hpp"

namespace embscope::fuzz {

// A file in a folder of this process's own (removed at exit), rewritten for every input.
class InputFile {
 public:
  explicit InputFile(const std::string& name) : path_(folder() / name) {}
  const std::filesystem::path& write(const uint8_t* data, size_t size) const {
    return write(std::string_view(reinterpret_cast<const char*>(data), size));
  }
  const std::filesystem::path& write(std::string_view bytes) const {
    std::ofstream(path_, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path_;
  }
  const std::filesystem::path& path() const { return path_; }

  static const std::filesystem::path& folder() {
    static const Folder folder;
    return folder.path;
  }

 private:
  struct Folder {
    Folder()
        : path(std::filesystem::temp_directory_path() /
               ("embscope-fuzz-" + std::to_string(::getpid()))) {
      std::filesystem::create_directories(path);
    }
    ~Folder() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
    std::filesystem::path path;
  };
  std::filesystem::path path_;
};

// Aborts with `what` when a property of a successful read does not hold.
inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

inline void require_valid_message(const char* message) {
  if (!is_valid_utf8(message)) {
    std::fprintf(stderr, "message: %s\n", escape_invalid_utf8(message).c_str());
    require(false, "an error message is valid UTF-8");
  }
}

// Runs `read`. The readers report bad input as std::runtime_error (ParseError and friends) or
// std::invalid_argument; anything else (std::bad_alloc from a size taken on trust,
// std::length_error, std::out_of_range from an unchecked index) escapes, and libFuzzer reports it
// as a crash.
// The message of such a failure is shown as text (stderr, a dialog): it must be valid UTF-8,
// whatever bytes the input held (readers quote input with escape_invalid_utf8).
template <typename Read>
void expect_clean_failure(Read&& read) {
  try {
    read();
  } catch (const std::runtime_error& error) {
    require_valid_message(error.what());
  } catch (const std::invalid_argument& error) {
    require_valid_message(error.what());
  }
}

}  // namespace embscope::fuzz
