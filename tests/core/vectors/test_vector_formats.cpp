// Files written by other tools (gensim, fastText, numpy, safetensors, the TF projector layout)
// load correctly, every writable format round-trips, and malformed binary files are refused
// with a clear message.
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "embscope/base/atomic_file.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "embscope/vectors/vocabulary.hpp"
#include "json_fixtures.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

using test::ScratchDir;

std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(EMBSCOPE_TEST_FIXTURE_DIR) / "formats" / name;
}

const nlohmann::json& reference() {
  static const nlohmann::json data = test::load_fixture("formats/reference.json");
  return data;
}

RowMatrixXf reference_matrix(const std::string& key) {
  return test::json_matrix(reference()[key]);
}

std::vector<std::string> reference_words() {
  return reference()["words"].get<std::vector<std::string>>();
}

void expect_reference(const VectorSet& set, const std::string& key, const std::string& what) {
  EXPECT_EQ(set.vocabulary.words(), reference_words()) << what;
  ASSERT_EQ(set.rows(), 16) << what;
  EXPECT_TRUE(set.vectors == reference_matrix(key)) << what << "\n"
                                                    << set.vectors << "\nexpected\n"
                                                    << reference_matrix(key);
}

std::string error_of(const std::filesystem::path& path, const ReadOptions& options = {}) {
  return test::error_message([&] { read_vectors(path, options); });
}

TEST(VectorFormats, GensimTextAndBinaryLoadExactly) {
  ReadReport report;
  expect_reference(read_vectors(fixture("gensim.txt"), {}, {}, &report), "float32", "gensim text");
  EXPECT_EQ(report.format, VectorFormat::Word2VecText);
  expect_reference(read_vectors(fixture("gensim.bin"), {}, {}, &report), "float32",
                   "gensim binary");
  EXPECT_EQ(report.format, VectorFormat::Word2VecBinary);
  EXPECT_EQ(report.invalid_utf8_words, 0);
}

TEST(VectorFormats, FastTextCliVecFile) {
  ReadReport report;
  const VectorSet set = read_vectors(fixture("fasttext.vec"), {}, {}, &report);
  EXPECT_EQ(report.format, VectorFormat::Word2VecText);
  EXPECT_EQ(set.rows(), reference()["fasttext_rows"].get<int64_t>());
  const auto& first = reference()["fasttext_first"];
  EXPECT_EQ(set.vocabulary.word(0), first["word"].get<std::string>());
  for (int c = 0; c < set.dim(); ++c) {
    EXPECT_EQ(set.vectors(0, c), first["vector"][static_cast<size_t>(c)].get<float>());
  }
}

TEST(VectorFormats, NumpyArraysOfEveryFloatTypeAndOrder) {
  for (const std::string dtype : {"float16", "float32", "float64"}) {
    for (const std::string order : {"C", "F"}) {
      const auto path = fixture("matrix_" + dtype + "_" + order + ".npy");
      ReadReport report;
      const VectorSet set = read_vectors(path, {}, {}, &report);
      EXPECT_EQ(report.format, VectorFormat::Npy);
      EXPECT_EQ(report.vocabulary_source, fixture("vocab.txt").string());
      expect_reference(set, dtype == "float16" ? "float16" : "float32", path.filename());
    }
  }
}

TEST(VectorFormats, SafetensorsOfEveryFloatTypePickTheEmbeddingTensor) {
  for (const std::string dtype : {"F32", "F16", "BF16", "F64"}) {
    const auto path = fixture("tensors_" + dtype + ".safetensors");
    ReadReport report;
    const VectorSet set = read_vectors(path, {}, {}, &report);
    EXPECT_EQ(report.format, VectorFormat::Safetensors);
    EXPECT_EQ(report.tensor_name, "embedding.weight");
    const std::string key = dtype == "F16" ? "float16" : dtype == "BF16" ? "bfloat16" : "float32";
    expect_reference(set, key, path.filename());
  }
  ReadOptions options;
  options.tensor_name = "decoder.weight";
  const std::string message = error_of(fixture("tensors_F32.safetensors"), options);
  EXPECT_NE(message.find("no tensor named 'decoder.weight'; 2-D tensors in the file: "
                         "embedding.weight (choose one with --tensor NAME)"),
            std::string::npos)
      << message;
  options.tensor_name = "encoder.bias";
  EXPECT_NE(
      error_of(fixture("tensors_F32.safetensors"), options).find("has 1 dimensions; expected 2"),
      std::string::npos);
}

TEST(VectorFormats, ProjectorTsvWithMultiColumnMetadata) {
  ReadReport report;
  const VectorSet set = read_vectors(fixture("projector/vectors.tsv"), {}, {}, &report);
  EXPECT_EQ(report.format, VectorFormat::ProjectorTsv);
  EXPECT_EQ(set.vocabulary.words(), reference_words());
  EXPECT_TRUE(set.vectors.isApprox(reference_matrix("float32"), 1e-7f));
  ASSERT_EQ(set.metadata.column_names, (std::vector<std::string>{"word", "length"}));
  EXPECT_EQ(set.metadata.columns[1][1], "3");  // "cat"
}

std::filesystem::path repeated_labels_case(const std::string& name) {
  return test::data_path("cases/projector-repeated-labels/" + name);
}

// The rows of the case's vectors.tsv, as written there.
const std::vector<std::vector<float>> kRepeatedLabelRows = {
    {-0.352f, -0.698f, 0.302f, -0.855f},  {0.072f, -0.269f, -0.884f, 0.015f},
    {-0.925f, -0.133f, -0.860f, -0.819f}, {-0.151f, 0.654f, -0.752f, -0.554f},
    {0.255f, 0.895f, 0.154f, -0.207f},    {0.953f, -0.907f, 0.717f, -0.421f},
    {-0.711f, -0.764f, -0.383f, 0.632f},  {-0.639f, 0.163f, 0.278f, -0.255f},
    {0.095f, -0.874f, -0.881f, -0.588f},  {0.361f, -0.145f, -0.372f, 0.171f}};
const std::vector<std::string> kRepeatedLabels = {"none", "back",  "fwd",  "none", "left",
                                                  "fwd",  "right", "none", "left", "none"};

void expect_ten_points(const VectorSet& set, const ReadReport& report) {
  EXPECT_EQ(report.format, VectorFormat::ProjectorTsv);
  ASSERT_EQ(set.rows(), 10);
  EXPECT_EQ(report.duplicates_dropped, 0);
  EXPECT_EQ(report.repeated_labels, 5);
  EXPECT_EQ(set.vocabulary.words(), kRepeatedLabels);
  for (int64_t r = 0; r < 10; ++r) {
    for (int64_t c = 0; c < 4; ++c)
      EXPECT_EQ(set.vectors(r, c),
                kRepeatedLabelRows[static_cast<size_t>(r)][static_cast<size_t>(c)]);
  }
  // A query by a repeated label uses its first row.
  EXPECT_EQ(set.vocabulary.find("none"), std::optional<int64_t>(0));
  EXPECT_EQ(set.vocabulary.rows_of("none"), (std::vector<int64_t>{0, 3, 7, 9}));
}

// A projector row is a point and its label is not a key (issue 17, point 3): the case's 10
// vectors with class labels (`none` four times) are 10 points, not 5.
TEST(VectorFormats, ProjectorLabelsMayRepeatAndEveryRowIsKept) {
  ReadReport report;
  const VectorSet set = read_vectors(repeated_labels_case("vectors.tsv"), {}, {}, &report);
  expect_ten_points(set, report);
  // The one headerless column is kept as metadata, for colouring and export.
  ASSERT_EQ(set.metadata.column_names, (std::vector<std::string>{"label"}));
  EXPECT_EQ(set.metadata.columns[0], kRepeatedLabels);
  EXPECT_EQ(repeated_label_note(set.vocabulary, "none"),
            "4 rows are labelled \"none\" (rows 0, 3, 7, 9, counting from 0); using the first, "
            "row 0");
}

TEST(VectorFormats, ProjectorRepeatedLabelsKeepEveryMetadataColumn) {
  ReadReport report;
  const VectorSet set =
      read_vectors(repeated_labels_case("multicolumn/vectors.tsv"), {}, {}, &report);
  expect_ten_points(set, report);
  ASSERT_EQ(set.metadata.column_names, (std::vector<std::string>{"label", "sample"}));
  EXPECT_EQ(set.metadata.columns[0], kRepeatedLabels);
  EXPECT_EQ(set.metadata.columns[1],
            (std::vector<std::string>{"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"}));
}

// Written back as projector TSV, the 10 points and both columns read back the same; a
// word-keyed format refuses the first repeated label (a reader would drop its row).
TEST(VectorFormats, RepeatedLabelsRoundTripAsProjectorAndAreRefusedByWordKeyedFormats) {
  const VectorSet set = read_vectors(repeated_labels_case("multicolumn/vectors.tsv"));
  ScratchDir dir;
  write_vectors(set, dir.file("vectors.tsv"));
  ReadReport report;
  const VectorSet back = read_vectors(dir.file("vectors.tsv"), {}, {}, &report);
  expect_ten_points(back, report);
  EXPECT_EQ(back.metadata.column_names, set.metadata.column_names);
  EXPECT_EQ(back.metadata.columns, set.metadata.columns);
  for (const std::string name : {"out.txt", "out.vec", "out.bin", "out.npy", "out.safetensors"}) {
    try {
      write_vectors(set, dir.file(name));
      ADD_FAILURE() << name << " was written";
    } catch (const UnwritableRowError& error) {
      EXPECT_EQ(error.row(), 3) << name;
      EXPECT_NE(std::string(error.what()).find("row 4, \"none\""), std::string::npos)
          << error.what();
      EXPECT_NE(std::string(error.what()).find("row 1 has the same label"), std::string::npos)
          << error.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file(name))) << name;
  }
}

// Word-keyed formats keep today's rule: a later row with an earlier row's word is dropped.
TEST(VectorFormats, WordKeyedFormatsStillDropLaterDuplicates) {
  ScratchDir dir;
  for (const std::string name : {"dup.txt", "dup.vec"}) {
    const std::string header = name == "dup.vec" ? "3 2\n" : "";
    ReadReport report;
    const VectorSet set =
        read_vectors(dir.write(name, header + "none 1 2\nback 3 4\nnone 5 6\n"), {}, {}, &report);
    EXPECT_EQ(set.vocabulary.words(), (std::vector<std::string>{"none", "back"})) << name;
    EXPECT_EQ(set.vectors(0, 0), 1.0f) << name;
    EXPECT_EQ(report.duplicates_dropped, 1) << name;
    EXPECT_EQ(report.repeated_labels, 0) << name;
  }
}

TEST(VectorFormats, EveryWritableFormatRoundTripsExactly) {
  const VectorSet original = read_vectors(fixture("gensim.bin"));
  ScratchDir dir;
  const std::vector<std::pair<std::string, VectorFormat>> targets = {
      {"out.txt", VectorFormat::GloveText},
      {"out.vec", VectorFormat::Word2VecText},
      {"out.bin", VectorFormat::Word2VecBinary},
      {"vectors.tsv", VectorFormat::ProjectorTsv},
      {"out.npy", VectorFormat::Npy},
      {"out.safetensors", VectorFormat::Safetensors}};
  for (const auto& [name, format] : targets) {
    const auto written = write_vectors(original, dir.file(name));
    EXPECT_GE(written.size(), 1u);
    EXPECT_EQ(detect_vector_format(dir.file(name)), format) << name;
    ReadReport report;
    const VectorSet back = read_vectors(dir.file(name), {}, {}, &report);
    EXPECT_EQ(report.format, format) << name;
    EXPECT_EQ(back.vocabulary.words(), original.vocabulary.words()) << name;
    // Text is written with the shortest digits that read back as the same float: exact too.
    EXPECT_TRUE(back.vectors == original.vectors) << name;
  }
  // Companion files: metadata beside vectors.tsv, vocabularies beside the matrices.
  EXPECT_TRUE(std::filesystem::exists(dir.file("metadata.tsv")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out.vocab.txt")));
  // No temporary files are left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir.file(""))) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos);
  }
}

// Matrices above 32 MiB are read while a second thread faults their pages in ahead of the
// reader (PageFaultAhead): the values must come back exactly, whatever the race.
TEST(VectorFormats, LargeBinaryMatricesReadBackExactly) {
  constexpr int64_t kRows = 90000;  // 90,000 x 100 float32: 36 MB
  constexpr int64_t kDim = 100;
  VectorSet original;
  for (int64_t r = 0; r < kRows; ++r) original.vocabulary.add("w" + std::to_string(r));
  std::mt19937 random(11);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  original.vectors.resize(kRows, kDim);
  for (int64_t i = 0; i < original.vectors.size(); ++i) original.vectors.data()[i] = normal(random);
  ScratchDir dir;
  for (const std::string name : {"big.bin", "big.npy", "big.safetensors"}) {
    write_vectors(original, dir.file(name));
    const VectorSet back = read_vectors(dir.file(name));
    EXPECT_EQ(back.vocabulary.words(), original.vocabulary.words()) << name;
    EXPECT_TRUE(back.vectors == original.vectors) << name;
  }
}

TEST(VectorFormats, NumpyFilesThatAreNotFloatMatrices) {
  EXPECT_NE(error_of(fixture("not_a_matrix.npy")).find("expected a 2-D array"), std::string::npos);
  EXPECT_NE(error_of(fixture("integers.npy")).find("holds '<i4'; expected float16, float32"),
            std::string::npos)
      << error_of(fixture("integers.npy"));
  ScratchDir dir;
  const std::string bytes = test::read_file(fixture("matrix_float32_C.npy"));
  const auto cut = dir.write("cut.npy", bytes.substr(0, bytes.size() - 10));
  EXPECT_NE(error_of(cut).find("truncated?"), std::string::npos) << error_of(cut);
  ReadOptions options;
  options.vocab_path = fixture("../../data/formats/test_glove.txt");
  EXPECT_NE(error_of(fixture("matrix_float32_C.npy"), options)
                .find("the vocabulary has 76 words but matrix_float32_C.npy has 16 rows"),
            std::string::npos)
      << error_of(fixture("matrix_float32_C.npy"), options);
}

TEST(VectorFormats, Word2VecBinaryTruncatedOrLyingHeader) {
  ScratchDir dir;
  const std::string bytes = test::read_file(fixture("gensim.bin"));
  const auto cut = dir.write("cut.bin", bytes.substr(0, bytes.size() - 7));
  EXPECT_NE(error_of(cut).find("truncated file: row 16 (word \"42\") needs 24 bytes of values"),
            std::string::npos)
      << error_of(cut);
  // A header claiming a billion rows is refused before any allocation for them.
  const auto lying =
      dir.write("lying.bin", "1000000000 300\n" + bytes.substr(bytes.find('\n') + 1));
  EXPECT_NE(error_of(lying).find("declares 1000000000 rows of 300 float32 values, but the file "
                                 "holds only"),
            std::string::npos)
      << error_of(lying);
  // More data than declared is not silently ignored.
  const auto longer = dir.write("longer.bin", "15 6\n" + bytes.substr(bytes.find('\n') + 1));
  EXPECT_NE(error_of(longer).find("more data follows the last one"), std::string::npos);
}

TEST(VectorFormats, InvalidUtf8WordsAreKeptAndReported) {
  ScratchDir dir;
  const auto path = dir.write("latin1.txt", "caf\xe9 1 2\nok 3 4\n\xff\xfe 5 6\n");
  ReadReport report;
  const VectorSet set = read_vectors(path, {}, {}, &report);
  EXPECT_EQ(report.invalid_utf8_words, 2);
  EXPECT_EQ(report.first_invalid_utf8, "row 1");
  EXPECT_TRUE(set.vocabulary.contains("caf\xe9"));  // byte-exact, not replaced
}

TEST(VectorFormats, LowercaseAndNormaliseOnLoad) {
  ReadOptions options;
  options.lowercase = true;
  options.normalize = true;
  ReadReport report;
  const VectorSet set = read_vectors(fixture("gensim.txt"), options, {}, &report);
  EXPECT_TRUE(set.vocabulary.contains("upper"));
  EXPECT_FALSE(set.vocabulary.contains("UPPER"));
  for (Eigen::Index r = 0; r < set.rows(); ++r) EXPECT_NEAR(set.vectors.row(r).norm(), 1.0f, 1e-6f);
}

TEST(AtomicFile, FailedWriteLeavesThePreviousFileAndNoTemporary) {
  ScratchDir dir;
  const auto target = dir.write("keep.txt", "old content");
  {
    AtomicFile file(target);
    file.write("new content that never gets committed");
  }  // destroyed without commit, as when an exception unwinds
  EXPECT_EQ(test::read_file(target), "old content");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.file(""))) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
  write_file_atomically(target, "replaced");
  EXPECT_EQ(test::read_file(target), "replaced");
  EXPECT_THROW(AtomicFile(dir.file("missing-folder/out.txt")), std::runtime_error);
}

}  // namespace
}  // namespace embscope
