// The error every reader throws for malformed input: which file, where in it, and what was
// expected versus found. what() is a ready-to-show sentence such as
//   "glove.txt:12: expected 100 values after the word, found 99".
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace embscope {

class ParseError : public std::runtime_error {
 public:
  // line is 1-based; 0 means "not tied to a line" (then byte_offset, if any, is shown).
  ParseError(std::filesystem::path file, uint64_t line, std::string message,
             int64_t byte_offset = -1);

  const std::filesystem::path& file() const { return file_; }
  uint64_t line() const { return line_; }
  int64_t byte_offset() const { return byte_offset_; }
  // The message without the "file:line:" prefix. what() and detail() are valid UTF-8: input that
  // is not (a path, a quoted word) is escaped as \xHH (escape_invalid_utf8).
  const std::string& detail() const { return detail_; }

 private:
  std::filesystem::path file_;
  uint64_t line_;
  int64_t byte_offset_;
  std::string detail_;
};

}  // namespace embscope
