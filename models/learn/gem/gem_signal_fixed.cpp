#include "gem/gem_signal_fixed.hpp"

#include <algorithm>
#include <cmath>

#include "fixed/fixed_point.hpp"
#include "gem/gem_model.hpp"

namespace nmx::gem {

std::vector<uint16_t> make_log_sigmoid_lut(double lsb, int shift) {
  std::vector<uint16_t> lut(fx::kGemLogLutSize);
  for (int i = 0; i < fx::kGemLogLutSize; ++i) {
    const double v = ((i - fx::kGemLogLutSize / 2) + 0.5) * std::ldexp(1.0, shift) * lsb;
    const double q = std::round(-log_sigmoid(v) * (1 << fx::kGemNatFracBits));
    lut[i] = static_cast<uint16_t>(std::min<double>(fx::kGemLogLutMax, q));
  }
  return lut;
}

const std::vector<uint16_t>& exp2_lut() {
  static const std::vector<uint16_t> lut = [] {
    std::vector<uint16_t> t(fx::kGemExpLutSize);
    for (int f = 0; f < fx::kGemExpLutSize; ++f)
      t[f] = static_cast<uint16_t>(std::lround(fx::kGemExpOne * std::exp2(-f / double(fx::kGemExpLutSize))));
    return t;
  }();
  return lut;
}

int32_t log_likelihood_q8(const std::vector<uint16_t>& lut, int32_t v, int shift, bool spike) {
  return -static_cast<int32_t>(lut[fx::sigmoid_index(spike ? v : -v, shift)]);
}

int32_t signal_step(int32_t v, int32_t d, int32_t ll_q8) {
  return fx::sat(int64_t{fx::decay(v, d)} + ll_q8, fx::kGemSignalBits);
}

std::vector<int32_t> importance_weights(const std::vector<int32_t>& v) {
  const int32_t m = *std::max_element(v.begin(), v.end());
  std::vector<int64_t> e(v.size());
  int64_t sum = 0;
  for (size_t k = 0; k < v.size(); ++k) {
    const int64_t x = fx::rshift_round(int64_t{m - v[k]} * fx::kGemLog2eQ8, fx::kGemNatFracBits);
    const int64_t n = x >> fx::kGemNatFracBits;
    e[k] = n >= fx::kGemExpShiftMax ? 0 : exp2_lut()[x & (fx::kGemExpLutSize - 1)] >> n;
    sum += e[k];
  }
  std::vector<int32_t> sigma(v.size());
  for (size_t k = 0; k < v.size(); ++k)
    sigma[k] = static_cast<int32_t>(std::min<int64_t>(fx::kGemSigmaMax, (e[k] * fx::kGemExpOne + sum / 2) / sum));
  return sigma;
}

}  // namespace nmx::gem
