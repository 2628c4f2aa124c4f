// Matrices stored as raw numbers: NumPy .npy and safetensors. Words come from a vocabulary file.
#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "embscope/base/utf8.hpp"
#include "vectors/byte_source.hpp"
#include "vectors/vector_formats.hpp"

namespace embscope::detail {
namespace {

// A name or header field from the file, quoted in a message: valid UTF-8 on one line.
std::string shown(std::string_view text) {
  return escape_invalid_utf8(truncate_utf8(text, 60));
}

enum class Element { F16, BF16, F32, F64 };

size_t element_size(Element e) {
  switch (e) {
    case Element::F16:
    case Element::BF16:
      return 2;
    case Element::F32:
      return 4;
    case Element::F64:
      return 8;
  }
  return 4;
}

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exponent = (h >> 10) & 0x1F;
  uint32_t mantissa = h & 0x3FF;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {  // subnormal: renormalise
      int shift = 0;
      while ((mantissa & 0x400) == 0) {
        mantissa <<= 1;
        ++shift;
      }
      mantissa &= 0x3FF;
      bits = sign | (static_cast<uint32_t>(127 - 15 - shift + 1) << 23) | (mantissa << 13);
    }
  } else if (exponent == 0x1F) {
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  return std::bit_cast<float>(bits);
}

float load_element(const char* raw_bytes, Element element, bool big_endian) {
  unsigned char raw[8];
  const size_t size = element_size(element);
  std::memcpy(raw, raw_bytes, size);
  if (big_endian) std::reverse(raw, raw + size);
  switch (element) {
    case Element::F16: {
      uint16_t h;
      std::memcpy(&h, raw, 2);
      return half_to_float(h);
    }
    case Element::BF16: {
      uint16_t b;
      std::memcpy(&b, raw, 2);
      return std::bit_cast<float>(static_cast<uint32_t>(b) << 16);
    }
    case Element::F32: {
      float f;
      std::memcpy(&f, raw, 4);
      return f;
    }
    case Element::F64: {
      double d;
      std::memcpy(&d, raw, 8);
      return static_cast<float>(d);
    }
  }
  return 0;
}

void check_finite(const RowMatrixXf& matrix, int64_t begin, int64_t end,
                  const std::filesystem::path& path, const ReadOptions& options) {
  if (options.allow_non_finite) return;
  const float* data = matrix.data() + begin * matrix.cols();
  const int64_t count = (end - begin) * matrix.cols();
  if (all_finite(data, count)) return;
  for (int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(data[i])) {
      const int64_t row = begin + i / matrix.cols();
      const int64_t column = i % matrix.cols();
      throw ParseError(path, 0,
                       "row " + std::to_string(row + 1) + ", column " + std::to_string(column + 1) +
                           " is not a finite number (NaN/Inf values are rejected unless allowed)");
    }
  }
}

// Reads the first `rows` rows of a stored_rows x cols array at `offset` into a float matrix;
// `fortran` means column-major storage. float32 little-endian C order is read straight into the
// matrix; other layouts go through a bounded buffer.
RowMatrixXf read_matrix(const ByteSource& source, uint64_t offset, Element element, bool big_endian,
                        bool fortran, int64_t stored_rows, int64_t rows, int64_t cols,
                        const std::filesystem::path& path, const ReadOptions& options,
                        const TaskControl& control) {
  // Without columns the size check passes for any number of rows, and naming them would
  // allocate without bound.
  if (stored_rows < 1) {
    throw ParseError(path, 0,
                     "the matrix has 0 rows (of " + std::to_string(cols) +
                         " values): expected at least one vector");
  }
  if (cols < 1) {
    throw ParseError(path, 0,
                     "the matrix has " + std::to_string(stored_rows) +
                         " rows of 0 values: expected at least one value per row");
  }
  RowMatrixXf matrix(rows, cols);
  advise_huge_pages(matrix);
  const size_t size = element_size(element);
  if (element == Element::F32 && !big_endian && !fortran) {
    const PageFaultAhead fault_ahead(matrix);
    // Blocks of about 4 MiB: the finiteness check then reads each block while it is in cache.
    const int64_t rows_per_read =
        std::max<int64_t>(1, (int64_t{4} << 20) / std::max<int64_t>(1, cols * 4));
    for (int64_t r = 0; r < rows; r += rows_per_read) {
      if ((r & 0xffff) < rows_per_read) control.throw_if_cancelled();
      const int64_t count = std::min(rows_per_read, rows - r);
      source.read_into(offset + static_cast<uint64_t>(r * cols) * size, matrix.row(r).data(),
                       static_cast<size_t>(count * cols) * size);
      check_finite(matrix, r, r + count, path, options);
      control.report(static_cast<uint64_t>(r + count), static_cast<uint64_t>(rows));
    }
    return matrix;
  }
  std::string buffer;
  if (fortran) {
    for (int64_t c = 0; c < cols; ++c) {
      control.throw_if_cancelled();
      const std::string_view column =
          source.read(offset + static_cast<uint64_t>(c * stored_rows) * size,
                      static_cast<size_t>(rows) * size, buffer);
      for (int64_t r = 0; r < rows; ++r) {
        matrix(r, c) =
            load_element(column.data() + static_cast<size_t>(r) * size, element, big_endian);
      }
    }
    check_finite(matrix, 0, rows, path, options);
    return matrix;
  }
  const int64_t rows_per_read = std::max<int64_t>(
      1, (int64_t{8} << 20) / std::max<int64_t>(1, cols * static_cast<int64_t>(size)));
  for (int64_t r = 0; r < rows; r += rows_per_read) {
    control.throw_if_cancelled();
    const int64_t count = std::min(rows_per_read, rows - r);
    const std::string_view block = source.read(offset + static_cast<uint64_t>(r * cols) * size,
                                               static_cast<size_t>(count * cols) * size, buffer);
    for (int64_t i = 0; i < count * cols; ++i) {
      matrix.data()[r * cols + i] =
          load_element(block.data() + static_cast<size_t>(i) * size, element, big_endian);
    }
  }
  check_finite(matrix, 0, rows, path, options);
  return matrix;
}

// Reads one `'key': value` entry of the Python dict literal in an .npy header.
std::string npy_field(std::string_view header, const std::string& key,
                      const std::filesystem::path& path) {
  const std::string pattern = "'" + key + "'";
  const size_t at = header.find(pattern);
  if (at == std::string_view::npos) {
    throw ParseError(path, 0, "the .npy header has no '" + key + "' entry");
  }
  size_t pos = header.find(':', at + pattern.size());
  if (pos == std::string_view::npos) throw ParseError(path, 0, "malformed .npy header");
  ++pos;
  while (pos < header.size() && header[pos] == ' ') ++pos;
  size_t end = pos;
  if (pos < header.size() && (header[pos] == '\'' || header[pos] == '(')) {
    const char close = header[pos] == '\'' ? '\'' : ')';
    end = header.find(close, pos + 1);
    if (end == std::string_view::npos) throw ParseError(path, 0, "malformed .npy header");
    return std::string(header.substr(pos + 1, end - pos - 1));
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  return std::string(header.substr(pos, end - pos));
}

}  // namespace

RowMatrixXf read_npy_matrix(const ByteSource& source, const std::filesystem::path& path,
                            const ReadOptions& options, const TaskControl& control) {
  std::string head_buffer;
  const std::string_view bytes = source.read(0, 12, head_buffer);
  if (bytes.size() < 10 || bytes.substr(0, 6) != "\x93NUMPY") {
    throw ParseError(path, 0, "not a NumPy .npy file (the magic bytes \\x93NUMPY are missing)", 0);
  }
  const auto major = static_cast<unsigned char>(bytes[6]);
  size_t header_length;
  size_t header_start;
  if (major == 1) {
    header_length =
        static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw ParseError(path, 0, "truncated .npy header", 8);
    uint32_t length;
    std::memcpy(&length, bytes.data() + 8, 4);
    header_length = length;
    header_start = 12;
  } else {
    throw ParseError(path, 0, "unsupported .npy format version " + std::to_string(major), 6);
  }
  if (header_start + header_length > source.size()) {
    throw ParseError(path, 0, "truncated .npy header", static_cast<int64_t>(header_start));
  }
  std::string header_buffer;
  const std::string_view header = source.read(header_start, header_length, header_buffer);
  const std::string descr = npy_field(header, "descr", path);
  const std::string fortran = npy_field(header, "fortran_order", path);
  const std::string shape = npy_field(header, "shape", path);

  if (descr.size() != 3 ||
      (descr[0] != '<' && descr[0] != '>' && descr[0] != '|' && descr[0] != '=') ||
      descr[1] != 'f') {
    throw ParseError(path, 0,
                     "the array holds '" + descr +
                         "'; expected float16, float32 or float64 ('<f2', '<f4', '<f8')");
  }
  Element element;
  if (descr[2] == '2')
    element = Element::F16;
  else if (descr[2] == '4')
    element = Element::F32;
  else if (descr[2] == '8')
    element = Element::F64;
  else
    throw ParseError(path, 0, "unsupported float size in '" + shown(descr) + "'");

  std::vector<int64_t> dims;
  for (size_t pos = 0; pos < shape.size();) {
    while (pos < shape.size() && (shape[pos] == ' ' || shape[pos] == ',')) ++pos;
    if (pos >= shape.size()) break;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(shape.data() + pos, shape.data() + shape.size(), value);
    if (ec != std::errc() || value < 0)
      throw ParseError(path, 0, "bad .npy shape (" + shown(shape) + ")");
    dims.push_back(value);
    pos = static_cast<size_t>(end - shape.data());
  }
  if (dims.size() != 2) {
    throw ParseError(path, 0,
                     "expected a 2-D array (rows x dimensions), found shape (" + shape + ")");
  }
  const size_t data_start = header_start + header_length;
  const double needed = static_cast<double>(dims[0]) * static_cast<double>(dims[1]) *
                        static_cast<double>(element_size(element));
  if (needed > static_cast<double>(source.size() - data_start)) {
    throw ParseError(path, 0,
                     "the header declares " + std::to_string(dims[0]) + " x " +
                         std::to_string(dims[1]) + " values but the file holds only " +
                         std::to_string(source.size() - data_start) + " bytes of data (truncated?)",
                     static_cast<int64_t>(data_start));
  }
  const int64_t rows = options.limit >= 0 ? std::min(options.limit, dims[0]) : dims[0];
  const bool is_fortran = fortran.find("True") != std::string::npos;
  return read_matrix(source, data_start, element, descr[0] == '>', is_fortran, dims[0], rows,
                     dims[1], path, options, control);
}

namespace {

using Json = nlohmann::json;

// Nesting allowed in a safetensors header (a real one is two levels deep): hostile input cannot
// build a huge tree of empty arrays.
constexpr int kMaxJsonDepth = 64;

// Where a syntax error is, counting from 0 in `text`: nlohmann-json reports the byte after the
// last one it read, which inside a bad literal or number ('{nope', '-}') is past its start; the
// start is where Python's json module (and a reader of the message) puts it.
size_t error_offset(std::string_view text, const nlohmann::json::parse_error& error) {
  size_t offset = std::min<size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
  const std::string what = error.what();
  if (what.find("invalid literal") != std::string::npos ||
      what.find("invalid number") != std::string::npos) {
    const auto in_token = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    };
    while (offset > 0 && in_token(text[offset - 1])) --offset;
  }
  return offset;
}

// The header as nlohmann-json reads it (strict RFC 8259, UTF-8 checked, as the Rust safetensors
// crate's serde_json); a syntax error names the byte of the file where reading stopped.
Json parse_header(std::string_view text, const std::filesystem::path& path) {
  const auto limit_depth = [](int depth, Json::parse_event_t event, Json&) {
    if (depth >= kMaxJsonDepth &&
        (event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start))
      throw std::length_error("JSON nested more than " + std::to_string(kMaxJsonDepth) + " deep");
    return true;
  };
  try {
    return Json::parse(text, limit_depth);
  } catch (const Json::parse_error& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: syntax
    // error ...; last read: '...'": the part after the position, with the file's bytes escaped.
    std::string what = error.what();
    const size_t colon = what.find(": ", what.find("parse error"));
    if (colon != std::string::npos) what.erase(0, colon + 2);
    throw ParseError(path, 0,
                     "invalid safetensors header: " + escape_invalid_utf8(truncate_utf8(what, 200)),
                     static_cast<int64_t>(8 + error_offset(text, error)));
  } catch (const std::length_error& error) {
    throw ParseError(path, 0, std::string("invalid safetensors header: ") + error.what(), 8);
  }
}

const Json* member(const Json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A shape or offset: a non-negative integer that a double holds exactly (JSON numbers are
// doubles to most writers), written as 3, 3.0 or 3e0.
uint64_t as_index(const Json& value) {
  if (value.is_number_unsigned() && value.get<uint64_t>() <= (uint64_t{1} << 53))
    return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() == 0) return 0;  // -0
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (number >= 0 && number == std::floor(number) && number <= 9.007199254740992e15)
      return static_cast<uint64_t>(number);
  }
  throw std::invalid_argument("expected a non-negative integer, found " + shown(value.dump()));
}

}  // namespace

RowMatrixXf read_safetensors_matrix(const ByteSource& source, const std::filesystem::path& path,
                                    const ReadOptions& options, const TaskControl& control,
                                    std::string* tensor_name) {
  std::string head_buffer;
  const std::string_view bytes = source.read(0, 8, head_buffer);
  if (bytes.size() < 8)
    throw ParseError(path, 0, "not a safetensors file (shorter than 8 bytes)", 0);
  uint64_t header_size;
  std::memcpy(&header_size, bytes.data(), 8);
  if (header_size > source.size() - 8 || header_size > (uint64_t{100} << 20)) {
    throw ParseError(path, 0,
                     "not a safetensors file: its header length (" + std::to_string(header_size) +
                         " bytes) does not fit in the file",
                     0);
  }
  std::string header_text;
  const Json header = parse_header(source.read(8, header_size, header_text), path);
  if (!header.is_object())
    throw ParseError(path, 0, "invalid safetensors header: not an object", 8);

  std::vector<std::string> matrices;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__" || !info.is_object()) continue;
    const Json* shape = member(info, "shape");
    if (shape != nullptr && shape->is_array() && shape->size() == 2) matrices.push_back(name);
  }
  std::string chosen = options.tensor_name;
  if (chosen.empty()) {
    // The usual names of an embedding table, most specific first.
    for (const char* name :
         {"weight", "embedding.weight", "embeddings.weight", "word_embeddings.weight",
          "embed_tokens.weight", "wte.weight", "embeddings.word_embeddings.weight",
          "model.embed_tokens.weight", "transformer.wte.weight"}) {
      if (member(header, name) != nullptr) {
        chosen = name;
        break;
      }
    }
    if (chosen.empty() && matrices.size() == 1) chosen = matrices.front();
  }
  std::string list;
  for (const auto& name : matrices) list += (list.empty() ? "" : ", ") + shown(name);
  const Json* info = chosen.empty() ? nullptr : member(header, chosen);
  if (info == nullptr) {
    throw ParseError(
        path, 0,
        (options.tensor_name.empty() ? std::string("cannot tell which tensor holds the embeddings")
                                     : "no tensor named '" + shown(chosen) + "'") +
            "; 2-D tensors in the file: " + (list.empty() ? "none" : list) +
            " (choose one with --tensor NAME)");
  }
  const Json* dtype_value = member(*info, "dtype");
  const Json* shape = member(*info, "shape");
  const Json* offsets = member(*info, "data_offsets");
  if (dtype_value == nullptr || !dtype_value->is_string() || shape == nullptr ||
      !shape->is_array() || offsets == nullptr || !offsets->is_array() || offsets->size() != 2) {
    throw ParseError(path, 0,
                     "tensor '" + shown(chosen) + "' has no valid dtype/shape/data_offsets");
  }
  const std::string& dtype = dtype_value->get_ref<const std::string&>();
  if (shape->size() != 2) {
    throw ParseError(path, 0,
                     "tensor '" + shown(chosen) + "' has " + std::to_string(shape->size()) +
                         " dimensions; expected 2 (rows x dimensions)");
  }
  Element element;
  if (dtype == "F32")
    element = Element::F32;
  else if (dtype == "F16")
    element = Element::F16;
  else if (dtype == "BF16")
    element = Element::BF16;
  else if (dtype == "F64")
    element = Element::F64;
  else {
    throw ParseError(
        path, 0,
        "tensor '" + shown(chosen) + "' is " + shown(dtype) + "; expected F32, F16, BF16 or F64");
  }
  uint64_t rows;
  uint64_t cols;
  uint64_t begin;
  uint64_t end;
  try {
    rows = as_index((*shape)[0]);
    cols = as_index((*shape)[1]);
    begin = as_index((*offsets)[0]);
    end = as_index((*offsets)[1]);
  } catch (const std::invalid_argument& error) {
    throw ParseError(path, 0, "tensor '" + shown(chosen) + "': " + error.what());
  }
  const uint64_t data_start = 8 + header_size;
  const double needed = static_cast<double>(rows) * static_cast<double>(cols) *
                        static_cast<double>(element_size(element));
  if (end < begin || static_cast<double>(end - begin) != needed ||
      end > source.size() - data_start) {
    throw ParseError(path, 0,
                     "tensor '" + shown(chosen) + "' (" + std::to_string(rows) + " x " +
                         std::to_string(cols) + " " + shown(dtype) + ") does not match its data " +
                         "offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                         ") in a data section of " + std::to_string(source.size() - data_start) +
                         " bytes (truncated file?)");
  }
  const auto stored_rows = static_cast<int64_t>(rows);
  const int64_t wanted = options.limit >= 0 ? std::min(options.limit, stored_rows) : stored_rows;
  if (tensor_name != nullptr) *tensor_name = chosen;
  return read_matrix(source, data_start + begin, element, false, false, stored_rows, wanted,
                     static_cast<int64_t>(cols), path, options, control);
}

void write_npy(const VectorSet& set, AtomicFile& out) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(set.rows()) + ", " + std::to_string(set.dim()) + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  const auto length = static_cast<uint16_t>(header.size());
  out.write("\x93NUMPY\x01\x00", 8);
  out.write(&length, 2);
  out.write(header);
  out.write(set.vectors.data(), static_cast<size_t>(set.vectors.size()) * sizeof(float));
}

void write_safetensors(const VectorSet& set, AtomicFile& out) {
  const uint64_t bytes = static_cast<uint64_t>(set.vectors.size()) * sizeof(float);
  std::string header = "{\"weight\":{\"dtype\":\"F32\",\"shape\":[" + std::to_string(set.rows()) +
                       "," + std::to_string(set.dim()) + "],\"data_offsets\":[0," +
                       std::to_string(bytes) +
                       "]},\"__metadata__\":{\"format\":\"pt\",\"producer\":\"embscope\"}}";
  header.append((8 - header.size() % 8) % 8, ' ');  // keep the data 8-byte aligned
  const uint64_t header_size = header.size();
  out.write(&header_size, 8);
  out.write(header);
  out.write(set.vectors.data(), bytes);
}

}  // namespace embscope::detail
