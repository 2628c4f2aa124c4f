#include "embscope/torch/torch_repr.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>

namespace embscope {
namespace {

// torch._tensor_str's print options.
constexpr int kPrecision = 4;
constexpr int kThreshold = 1000;
constexpr Eigen::Index kEdgeItems = 3;
constexpr int kLineWidth = 80;

std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, kPrecision, value);
  return buffer;
}

std::string integer_string(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.0f", value);
  return buffer;
}

// torch._tensor_str._Formatter for floating tensors.
class Formatter {
 public:
  explicit Formatter(const std::vector<float>& values) {
    double smallest = INFINITY;
    double largest = 0;
    bool any = false;
    for (float v : values) {
      if (!std::isfinite(v) || v == 0.0f) continue;
      any = true;
      smallest = std::min(smallest, std::abs(double{v}));
      largest = std::max(largest, std::abs(double{v}));
      if (v != std::ceil(v)) int_mode_ = false;
    }
    if (!any) return;
    if (int_mode_) {
      sci_mode_ = largest / smallest > 1000.0 || largest > 1e8;
    } else {
      sci_mode_ = largest / smallest > 1000.0 || largest > 1e8 || smallest < 1e-4;
    }
    for (float v : values) {
      if (!std::isfinite(v) || v == 0.0f) continue;
      size_t length;
      if (sci_mode_) {
        length = printf_string("%.*e", v).size();
      } else if (int_mode_) {
        length = integer_string(v).size() + 1;  // the "." appended to each value
      } else {
        length = printf_string("%.*f", v).size();
      }
      width_ = std::max(width_, length);
    }
  }

  size_t width() const { return width_; }

  std::string format(float value) const {
    std::string text;
    if (sci_mode_) {
      text = printf_string("%.*e", value);
    } else if (int_mode_) {
      text = integer_string(value);
      if (std::isfinite(value)) text += '.';
    } else {
      text = printf_string("%.*f", value);
    }
    if (text == "-nan") text = "nan";
    if (text.size() < width_) text.insert(0, width_ - text.size(), ' ');
    return text;
  }

 private:
  bool int_mode_ = true;
  bool sci_mode_ = false;
  size_t width_ = 1;
};

std::vector<Eigen::Index> shown(Eigen::Index count, bool summarize) {
  std::vector<Eigen::Index> items;
  if (summarize && count > 2 * kEdgeItems) {
    for (Eigen::Index i = 0; i < kEdgeItems; ++i) items.push_back(i);
    items.push_back(-1);  // the "..." marker
    for (Eigen::Index i = count - kEdgeItems; i < count; ++i) items.push_back(i);
  } else {
    for (Eigen::Index i = 0; i < count; ++i) items.push_back(i);
  }
  return items;
}

std::string vector_string(const RowMatrixXf& m, Eigen::Index row, int indent, bool summarize,
                          const Formatter& formatter) {
  const size_t element_length = formatter.width() + 2;
  const size_t per_line = std::max<size_t>(1, (kLineWidth - indent) / element_length);
  std::vector<std::string> data;
  for (Eigen::Index c : shown(m.cols(), summarize)) {
    data.push_back(c < 0 ? std::string(" ...") : formatter.format(m(row, c)));
  }
  std::string result = "[";
  for (size_t i = 0; i < data.size(); ++i) {
    if (i > 0) result += (i % per_line == 0) ? ",\n" + std::string(indent + 1, ' ') : ", ";
    result += data[i];
  }
  return result + "]";
}

}  // namespace

std::string torch_repr(const RowMatrixXf& matrix, const std::vector<std::string>& suffixes) {
  constexpr std::string_view kPrefix = "tensor(";
  const int indent = static_cast<int>(kPrefix.size());
  const bool summarize = matrix.size() > kThreshold;

  std::vector<float> formatted_values;
  for (Eigen::Index r : shown(matrix.rows(), summarize)) {
    if (r < 0) continue;
    for (Eigen::Index c : shown(matrix.cols(), summarize)) {
      if (c >= 0) formatted_values.push_back(matrix(r, c));
    }
  }
  const Formatter formatter(formatted_values);

  std::string body = "[";
  bool first = true;
  for (Eigen::Index r : shown(matrix.rows(), summarize)) {
    if (!first) body += ",\n" + std::string(indent + 1, ' ');
    first = false;
    body += r < 0 ? std::string("...") : vector_string(matrix, r, indent + 1, summarize, formatter);
  }
  body += "]";

  // torch._tensor_str._add_suffixes, including its "+ 1" in the last line's length.
  std::string text = std::string(kPrefix) + body;
  const size_t newline = text.rfind('\n');
  size_t last_line = newline == std::string::npos ? text.size() + 2 : text.size() - newline + 1;
  for (const std::string& suffix : suffixes) {
    if (last_line + suffix.size() + 2 > static_cast<size_t>(kLineWidth)) {
      text += ",\n" + std::string(indent, ' ') + suffix;
      last_line = indent + suffix.size();
    } else {
      text += ", " + suffix;
      last_line += suffix.size() + 2;
    }
  }
  return text + ")";
}

}  // namespace embscope
