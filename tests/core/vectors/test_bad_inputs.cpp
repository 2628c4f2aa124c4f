// The committed bad-input corpus (tests/data/bad/, made by make_bad_inputs.py): every file is
// refused with the error EXPECTED.tsv names, which starts with the file's name. Files of the
// corpus that EXPECTED.tsv does not list fail the test, so none is forgotten.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

std::map<std::string, std::string> expected_errors() {
  std::map<std::string, std::string> expected;
  std::ifstream in(test::data_path("bad/EXPECTED.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    expected[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return expected;
}

TEST(BadInputs, EveryFileIsRefusedWithItsExpectedError) {
  const auto expected = expected_errors();
  ASSERT_GE(expected.size(), 25u);
  std::set<std::string> listed;
  for (const auto& [file, text] : expected) listed.insert(file);
  for (const auto& entry : std::filesystem::directory_iterator(test::data_path("bad"))) {
    const std::string name = entry.path().filename().string();
    if (name == "EXPECTED.tsv" || name == "make_bad_inputs.py") continue;
    EXPECT_TRUE(listed.count(name)) << name << " has no expected error in EXPECTED.tsv";
  }
  for (const auto& [file, text] : expected) {
    const std::string path = test::data_path("bad/" + file).string();
    const std::string message = test::error_message([&] { read_vectors(path); });
    EXPECT_EQ(message.rfind(path, 0), 0u) << "the error does not start with the file: " << message;
    EXPECT_NE(message.find(path + text), std::string::npos)
        << file << "\n  expected: " << path << text << "\n  got:      " << message;
  }
}

}  // namespace
}  // namespace embscope
