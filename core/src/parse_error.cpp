#include "embscope/parse_error.hpp"

namespace embscope {
namespace {

std::string located_message(const std::filesystem::path& file, uint64_t line, int64_t byte_offset,
                            const std::string& message) {
  std::string text = file.string();
  if (line > 0) {
    text.append(":").append(std::to_string(line));
  } else if (byte_offset >= 0) {
    text.append(": byte ").append(std::to_string(byte_offset));
  }
  text.append(": ").append(message);
  return text;
}

}  // namespace

ParseError::ParseError(std::filesystem::path file, uint64_t line, std::string message,
                       int64_t byte_offset)
    : std::runtime_error(located_message(file, line, byte_offset, message)),
      file_(std::move(file)),
      line_(line),
      byte_offset_(byte_offset),
      detail_(std::move(message)) {}

}  // namespace embscope
