// The safetensors header as nlohmann-json reads it: syntax errors name the byte Python's json
// module names, hostile nesting and bytes that are not UTF-8 are refused with a message, and
// JSON escapes in tensor names are decoded.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

// A safetensors file: the 8-byte little-endian header length, the header, then `data`.
std::string safetensors(const std::string& header, const std::string& data = {}) {
  std::string bytes(8, '\0');
  const uint64_t size = header.size();
  std::memcpy(bytes.data(), &size, 8);
  return bytes + header + data;
}

std::string read_error(const std::filesystem::path& path, const ReadOptions& options = {}) {
  try {
    read_vectors(path, options);
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

TEST(SafetensorsHeader, SyntaxErrorsNameTheBytePythonNames) {
  // tests/fixtures/make_json_error_positions.py: json.JSONDecodeError.pos of each header.
  static const nlohmann::json cases = test::load_fixture("json_error_positions.json");
  ASSERT_GE(cases.size(), 8u);
  test::ScratchDir dir;
  for (const auto& entry : cases) {
    const std::string header = entry["header"].get<std::string>();
    const auto path = dir.write("bad.safetensors", safetensors(header));
    ReadOptions options;
    options.format = VectorFormat::Safetensors;
    const std::string message = read_error(path, options);
    const std::string expected = path.string() + ": byte " +
                                 std::to_string(8 + entry["offset"].get<int64_t>()) +
                                 ": invalid safetensors header: ";
    EXPECT_EQ(message.rfind(expected, 0), 0u) << header << "\n  got: " << message;
  }
}

TEST(SafetensorsHeader, DeepNestingAndInvalidUtf8AreRefused) {
  test::ScratchDir dir;
  ReadOptions options;
  options.format = VectorFormat::Safetensors;
  const std::string deep = "{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  std::string message = read_error(dir.write("deep.safetensors", safetensors(deep)), options);
  EXPECT_NE(message.find("invalid safetensors header: JSON nested more than 64 deep"),
            std::string::npos)
      << message;
  // RFC 8259 and the Rust safetensors crate (serde_json) require UTF-8; the message shows the
  // byte escaped, so it is valid UTF-8 itself.
  const std::string bad_name =
      "{\"w\xff\": {\"dtype\": \"F32\", \"shape\": [1, 1], "
      "\"data_offsets\": [0, 4]}}";
  message = read_error(dir.write("utf8.safetensors", safetensors(bad_name, std::string(4, '\0'))),
                       options);
  EXPECT_NE(message.find(": byte 11: invalid safetensors header: "), std::string::npos) << message;
  EXPECT_NE(message.find("ill-formed UTF-8"), std::string::npos) << message;
  EXPECT_EQ(message.find('\xff'), std::string::npos) << message;
}

TEST(SafetensorsHeader, EscapedNamesAndIntegralNumbersAreRead) {
  test::ScratchDir dir;
  // "\u00e9mb\ud83d\ude00" is "émb😀"; 2.0 and 4e0 are whole numbers, as Python's json writes
  // floats.
  const std::string header =
      "{\"__metadata__\": {\"format\": \"pt\"}, \"\\u00e9mb\\ud83d\\ude00\": {\"dtype\": \"F32\", "
      "\"shape\": [2.0, 1], \"data_offsets\": [0, 8e0]}}";
  const float values[2] = {1.5f, -2.0f};
  const std::string data(reinterpret_cast<const char*>(values), sizeof(values));
  const auto path = dir.write("escaped.safetensors", safetensors(header, data));
  ReadReport report;
  const VectorSet set = read_vectors(path, {}, {}, &report);
  EXPECT_EQ(report.format, VectorFormat::Safetensors);
  EXPECT_EQ(report.tensor_name, "\xC3\xA9mb\xF0\x9F\x98\x80");
  ASSERT_EQ(set.rows(), 2);
  EXPECT_EQ(set.vectors(0, 0), 1.5f);
  EXPECT_EQ(set.vectors(1, 0), -2.0f);
  ReadOptions options;
  options.tensor_name = "other";
  EXPECT_NE(read_error(path, options).find("2-D tensors in the file: \xC3\xA9mb\xF0\x9F\x98\x80"),
            std::string::npos);
}

}  // namespace
}  // namespace embscope
