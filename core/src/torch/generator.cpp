#include "embscope/torch/generator.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace embscope {
namespace {

constexpr size_t kBlock = 16;

// Cephes single-precision log and sincos as in avx_mathfun.h (log256_ps, sincos256_ps), which
// PyTorch's AVX2 normal kernel uses. GCC compiled them with fused multiply-adds; std::fma on
// floats reproduces those roundings exactly. Each step mirrors one vector instruction.
[[gnu::always_inline]] inline float cephes_log(float x) {
  if (!(x > 0.0f)) return std::numeric_limits<float>::quiet_NaN();
  x = std::max(x, std::bit_cast<float>(0x00800000u));  // smallest normal float
  uint32_t bits = std::bit_cast<uint32_t>(x);
  const int exponent = static_cast<int>(bits >> 23) - 0x7f;
  x = std::bit_cast<float>((bits & 0x807FFFFFu) | 0x3F000000u);  // mantissa in [0.5, 1)
  float e = static_cast<float>(exponent) + 1.0f;
  const bool below = x < 0.707106781186547524f;
  const float tmp = below ? x : 0.0f;
  x = x - 1.0f;
  e = e - (below ? 1.0f : 0.0f);
  x = x + tmp;
  const float z = x * x;
  float y = 7.0376836292E-2f;
  for (float p : {-1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
                  -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f}) {
    y = std::fma(y, x, p);
  }
  y = y * x;
  y = std::fma(y, z, e * -2.12194440e-4f);
  y = std::fma(-z, 0.5f, y);
  x = x + y;
  return std::fma(e, 0.693359375f, x);
}

[[gnu::always_inline]] inline void cephes_sincos(float x, float& sine, float& cosine) {
  uint32_t sign_sin = std::bit_cast<uint32_t>(x) & 0x80000000u;
  x = std::abs(x);
  int32_t j = static_cast<int32_t>(x * 1.27323954473516f);  // truncation, as cvttps
  j = (j + 1) & ~1;
  const float y = static_cast<float>(j);
  const uint32_t swap_sin = static_cast<uint32_t>(j & 4) << 29;
  const bool poly_is_sin = (j & 2) == 0;
  x = std::fma(y, -0.78515625f, x);
  x = std::fma(y, -2.4187564849853515625e-4f, x);
  x = std::fma(y, -3.77489497744594108e-8f, x);
  const uint32_t sign_cos = static_cast<uint32_t>((~(j - 2)) & 4) << 29;
  sign_sin ^= swap_sin;
  const float z = x * x;
  float yc = 2.443315711809948E-005f;
  yc = std::fma(yc, z, -1.388731625493765E-003f);
  yc = std::fma(yc, z, 4.166664568298827E-002f);
  yc = yc * z;
  yc = std::fma(yc, z, -(z * 0.5f));
  yc = yc + 1.0f;
  float ys = -1.9515295891E-4f;
  ys = std::fma(ys, z, 8.3321608736E-3f);
  ys = std::fma(ys, z, -1.6666654611E-1f);
  ys = ys * z;
  ys = std::fma(ys, x, x);
  const float s = poly_is_sin ? ys : yc;
  const float c = poly_is_sin ? yc : ys;
  sine = std::bit_cast<float>(std::bit_cast<uint32_t>(s) ^ sign_sin);
  cosine = std::bit_cast<float>(std::bit_cast<uint32_t>(c) ^ sign_cos);
}

// torch's normal_fill_16_AVX2: eight Box-Muller pairs over d[0..16). Cloned for CPUs with FMA
// (hardware fused multiply-add) and without (glibc's exact software fmaf): same bits, the
// hardware clone is about 10x faster.
__attribute__((target_clones("fma", "default"))) void normal_fill_16(float* d, float mean,
                                                                     float std) {
  const float two_pi = static_cast<float>(2.0 * std::numbers::pi);
  for (size_t j = 0; j < 8; ++j) {
    const float u1 = 1.0f - d[j];
    const float u2 = d[j + 8];
    const float radius = std::sqrt(-2.0f * cephes_log(u1));
    const float theta = two_pi * u2;
    float sine;
    float cosine;
    cephes_sincos(theta, sine, cosine);
    d[j] = std::fma(radius * cosine, std, mean);
    d[j + 8] = std::fma(radius * sine, std, mean);
  }
}

__attribute__((target_clones("fma", "default"))) void normal_fill_16(double* d, double mean,
                                                                     double std) {
  for (size_t j = 0; j < 8; ++j) {
    const double radius = std::sqrt(-2.0 * std::log(1.0 - d[j]));
    const double theta = 2.0 * std::numbers::pi * d[j + 8];
    // torch's AVX2 build contracts `radius * cos * std + mean` into one fused multiply-add.
    d[j] = std::fma(radius * std::cos(theta), std, mean);
    d[j + 8] = std::fma(radius * std::sin(theta), std, mean);
  }
}

}  // namespace

void Generator::manual_seed(uint64_t seed) {
  seed_ = seed;
  engine_.seed(static_cast<uint32_t>(seed & 0xffffffffu));
  next_double_normal_.reset();
}

uint64_t Generator::random64() {
  const uint64_t high = random();
  const uint64_t low = random();
  return (high << 32) | low;
}

float Generator::uniform_float() {
  return static_cast<float>(random() & ((1u << 24) - 1)) * std::ldexp(1.0f, -24);
}

double Generator::uniform_double() {
  return static_cast<double>(random64() & ((uint64_t{1} << 53) - 1)) * std::ldexp(1.0, -53);
}

double Generator::serial_normal() {
  if (next_double_normal_) {
    const double cached = *next_double_normal_;
    next_double_normal_.reset();
    return cached;
  }
  const double u1 = uniform_double();
  const double u2 = uniform_double();
  const double r = std::sqrt(-2.0 * std::log(1.0 - u2));  // torch 1.13: log(1 - u2), not log1p
  const double theta = 2.0 * std::numbers::pi * u1;
  next_double_normal_ = r * std::sin(theta);
  return r * std::cos(theta);
}

void Generator::normal_fill(std::span<float> out, double mean, double std) {
  if (out.size() < kBlock) {
    // torch computes `sample * std + mean` in double, contracted into a fused multiply-add.
    for (float& value : out) value = static_cast<float>(std::fma(serial_normal(), std, mean));
    return;
  }
  const auto mean_f = static_cast<float>(mean);  // torch's normal_fill works in the tensor type
  const auto std_f = static_cast<float>(std);
  for (float& value : out) value = uniform_float();
  for (size_t i = 0; i + kBlock <= out.size(); i += kBlock) normal_fill_16(&out[i], mean_f, std_f);
  if (out.size() % kBlock != 0) {
    float* tail = out.data() + out.size() - kBlock;
    for (size_t i = 0; i < kBlock; ++i) tail[i] = uniform_float();
    normal_fill_16(tail, mean_f, std_f);
  }
}

void Generator::normal_fill(std::span<double> out, double mean, double std) {
  if (out.size() < kBlock) {
    for (double& value : out) value = std::fma(serial_normal(), std, mean);
    return;
  }
  for (double& value : out) value = uniform_double();
  for (size_t i = 0; i + kBlock <= out.size(); i += kBlock) normal_fill_16(&out[i], mean, std);
  if (out.size() % kBlock != 0) {
    double* tail = out.data() + out.size() - kBlock;
    for (size_t i = 0; i < kBlock; ++i) tail[i] = uniform_double();
    normal_fill_16(tail, mean, std);
  }
}

std::string Generator::serialize() const {
  std::ostringstream text;
  text.precision(17);
  text << "mt19937 " << seed_ << ' ' << (next_double_normal_ ? 1 : 0) << ' '
       << std::bit_cast<uint64_t>(next_double_normal_.value_or(0.0)) << ' ' << engine_;
  return text.str();
}

void Generator::deserialize(const std::string& state) {
  std::istringstream text(state);
  std::string tag;
  uint64_t seed = 0;
  int has_cache = 0;
  uint64_t cache_bits = 0;
  std::mt19937 engine;
  text >> tag >> seed >> has_cache >> cache_bits >> engine;
  if (!text || tag != "mt19937" || (has_cache != 0 && has_cache != 1)) {
    throw std::invalid_argument("not a serialized embscope generator state");
  }
  seed_ = seed;
  engine_ = engine;
  next_double_normal_.reset();
  if (has_cache == 1) next_double_normal_ = std::bit_cast<double>(cache_bits);
}

}  // namespace embscope
