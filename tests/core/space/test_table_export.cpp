#include <gtest/gtest.h>

#include <sstream>

#include "embscope/space/table_export.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

TEST(TableExport, QuotesOnlyTheFieldsThatNeedIt) {
  EXPECT_EQ(csv_field("cat"), "cat");
  EXPECT_EQ(csv_field("naïve"), "naïve");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(TableExport, FieldsAreValidUtf8AndQuotedByRfc4180) {
  // Invalid bytes become U+FFFD as Python's bytes.decode('utf-8', 'replace') gives them; CR, LF,
  // comma and quote are quoted; a tab needs no quoting in CSV.
  EXPECT_EQ(csv_field("caf\xe9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(csv_field("cut\xf0\x9f\x98,x"), "\"cut\xEF\xBF\xBD,x\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field("tab\there"), "tab\there");
  EXPECT_EQ(csv_field(""), "");
  const std::vector<std::string> fields = {"a\"b", "c,d", "e\nf", "back\\slash", ""};
  EXPECT_EQ(csv_record(fields), "\"a\"\"b\",\"c,d\",\"e\nf\",back\\slash,\n");
}

TEST(TableExport, WriteCsvRefusesRaggedRows) {
  test::ScratchDir scratch;
  const auto path = scratch.file("t.csv");
  write_csv(path, {"word", "n"},
            {{"say \"hi\"", "1"},
             {"a\xff"
              "b",
              "2"}});
  EXPECT_EQ(test::read_file(path),
            "word,n\n\"say \"\"hi\"\"\",1\na\xEF\xBF\xBD"
            "b,2\n");
  try {
    write_csv(scratch.file("ragged.csv"), {"word", "n"}, {{"a", "1"}, {"b"}});
    FAIL() << "a row with one field of two was written";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("row 2 has 1 fields, the header 2"), std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(std::filesystem::exists(scratch.file("ragged.csv")));
}

TEST(TableExport, CoordinatesReadBackExactly) {
  test::ScratchDir scratch;
  const VectorSet set = read_vectors(test::data_path("formats/test_glove.txt"));
  Positions3D positions(3, set.rows());
  for (int64_t r = 0; r < set.rows(); ++r) {
    positions.col(r) << set.vectors(r, 0) / 3.0f, set.vectors(r, 1) * 1e-7f, -set.vectors(r, 2);
  }
  const auto path = scratch.file("coords.csv");
  write_coordinates_csv(path, set, positions);
  std::istringstream text(test::read_file(path));
  std::string line;
  std::getline(text, line);
  EXPECT_EQ(line, "word,x,y,z");
  int64_t row = 0;
  while (std::getline(text, line)) {
    const auto last = line.rfind(',');
    const auto middle = line.rfind(',', last - 1);
    const auto first = line.rfind(',', middle - 1);
    EXPECT_EQ(line.substr(0, first), csv_field(set.vocabulary.word(row)));
    EXPECT_EQ(std::stof(line.substr(first + 1)), positions(0, row));
    EXPECT_EQ(std::stof(line.substr(middle + 1)), positions(1, row));
    EXPECT_EQ(std::stof(line.substr(last + 1)), positions(2, row));
    ++row;
  }
  EXPECT_EQ(row, set.rows());
}

TEST(TableExport, NeighboursAndLookupRows) {
  test::ScratchDir scratch;
  const VectorSet set = read_vectors(test::data_path("formats/test_glove.txt"));
  const VectorSpace space(set);
  const auto neighbours = space.neighbours("the", 3);
  write_neighbours_csv(scratch.file("n.csv"), "the", neighbours);
  std::istringstream text(test::read_file(scratch.file("n.csv")));
  std::string line;
  std::getline(text, line);
  EXPECT_EQ(line, "query,rank,word,row,cosine");
  std::getline(text, line);
  EXPECT_EQ(line.rfind(
                "the,1," + neighbours[0].word + "," + std::to_string(neighbours[0].index) + ",", 0),
            0u)
      << line;

  const std::vector<int64_t> rows = {0, 2, 4};
  write_rows_csv(scratch.file("rows.csv"), set, rows);
  std::istringstream lookup(test::read_file(scratch.file("rows.csv")));
  std::getline(lookup, line);
  EXPECT_EQ(line.substr(0, 19), "index,word,v0,v1,v2");
  for (int64_t row : rows) {
    std::getline(lookup, line);
    EXPECT_EQ(line.rfind(std::to_string(row) + "," + set.vocabulary.word(row) + ",", 0), 0u);
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 1 + set.dim());
  }
}

}  // namespace
}  // namespace embscope
