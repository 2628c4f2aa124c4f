// Generator: PyTorch's CPU random number generator, reproduced bit for bit (torch 1.13).
//
// What is matched, established against Debian's python3-torch 1.13 (AVX2 build) by the fixtures
// in tests/fixtures/:
// - MT19937 (32-bit, reference init_genrand) seeded with `seed & 0xffffffff`, as
//   torch.manual_seed does; manual_seed also clears the Box-Muller cache.
// - Uniforms: float = (u32 & 0xFFFFFF) * 2^-24 (one draw), double = (u64 & (2^53 - 1)) * 2^-53
//   where u64 = (first << 32) | second draw.
// - normal_fill(float, n < 16): torch's serial path, double Box-Muller with
//   r = sqrt(-2 log(1 - u2)), theta = 2 pi u1, returning r cos(theta) and caching r sin(theta) in
//   the generator for the next call (the cache survives between tensors). Bit-exact.
// - normal_fill(float, n >= 16): torch's normal_fill: all n float uniforms first, then blocks of
//   16 (u1 = 1 - d[j], u2 = d[j + 8]) through the Cephes float32 log/sin/cos polynomials of
//   PyTorch's AVX2 kernel with its fused multiply-adds; when n is not a multiple of 16 the last
//   16 values are recomputed from 16 fresh uniforms. Bit-exact against torch's AVX2 kernel on all
//   fixtures (torch's non-AVX "default" CPU capability uses glibc logf/sinf/cosf instead and
//   differs from the AVX2 kernel by up to ~2e-6; embscope follows the AVX2 kernel, which is what
//   torch runs on any x86-64 machine with AVX2).
// - normal_fill(double, n >= 16): the same block scheme with double uniforms and libm.
// - mean/std: `sample * std + mean` as one fused multiply-add, as torch's AVX2 build compiles it
//   (bit-exact with mean/std in both precisions and both paths).
//
//   Generator generator(42);                  // torch.manual_seed(42)
//   std::vector<float> w(15);
//   generator.normal_fill(w);                 // == torch.empty(15).normal_()
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>

namespace embscope {

class Generator {
 public:
  static constexpr uint64_t kDefaultSeed = 67280421310721ULL;  // torch's default_rng_seed_val

  explicit Generator(uint64_t seed = kDefaultSeed) { manual_seed(seed); }

  void manual_seed(uint64_t seed);
  uint64_t initial_seed() const { return seed_; }

  uint32_t random() { return static_cast<uint32_t>(engine_()); }
  uint64_t random64();
  float uniform_float();    // [0, 1), 24 random bits
  double uniform_double();  // [0, 1), 53 random bits

  // Fills `out` exactly as torch's Tensor.normal_(mean, std) on a contiguous CPU tensor (mean
  // and std are Python floats, i.e. doubles, as in torch).
  void normal_fill(std::span<float> out, double mean = 0.0, double std = 1.0);
  void normal_fill(std::span<double> out, double mean = 0.0, double std = 1.0);

  // The whole state (engine, seed and Box-Muller cache) as text, for checkpoints.
  std::string serialize() const;
  // Throws std::invalid_argument when `state` is not a serialized generator.
  void deserialize(const std::string& state);

  bool operator==(const Generator& other) const = default;

 private:
  double serial_normal();  // torch's at::normal_distribution<double>, with the cache

  std::mt19937 engine_;
  uint64_t seed_ = 0;
  std::optional<double> next_double_normal_;
};

}  // namespace embscope
