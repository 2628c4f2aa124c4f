#include "embscope/base/parse_error.hpp"

#include "embscope/base/utf8.hpp"

namespace embscope {
namespace {

// Messages are shown as text (stderr, dialogs): a path that is not valid UTF-8 is escaped, and
// so is a detail in which a reader quoted raw input (readers quote with escape_invalid_utf8;
// this keeps a forgotten quote from reaching the user as invalid bytes).
std::string valid_text(std::string text) {
  return is_valid_utf8(text) ? text : escape_invalid_utf8(text);
}

std::string located_message(const std::filesystem::path& file, uint64_t line, int64_t byte_offset,
                            const std::string& message) {
  std::string text = valid_text(file.string());
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
    : std::runtime_error(located_message(file, line, byte_offset, valid_text(message))),
      file_(std::move(file)),
      line_(line),
      byte_offset_(byte_offset),
      detail_(valid_text(std::move(message))) {}

}  // namespace embscope
