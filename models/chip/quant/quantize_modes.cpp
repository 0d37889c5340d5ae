#include "quant/quantize_modes.hpp"

#include <algorithm>
#include <cmath>

#include "fixed/fixed_point.hpp"

namespace nmx {
namespace {

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// Codes round(x / unit), clamped to WM bits.
std::vector<int16_t> codes_of(const std::vector<double>& v, double unit, int wm) {
  std::vector<int16_t> out(v.size(), 0);
  if (!(unit > 0)) return out;
  for (size_t i = 0; i < v.size(); ++i)
    out[i] = static_cast<int16_t>(std::clamp<double>(std::round(v[i] / unit), fx::min_of(wm), fx::max_of(wm)));
  return out;
}

// Smallest s >= 0 with bound / 2^s <= the state range: a shift that keeps a sum from
// saturating in the worst case.
int shift_to_fit(double bound) {
  int s = 0;
  while (s < fx::kModeShiftMax && bound / std::ldexp(1.0, s) > fx::kStateMax) ++s;
  return s;
}

}  // namespace

// The integer pipeline applies, per unit of the integer trace r (a_r per spike),
//   a = c_in diag(c_lambda) c_out^T r / 2^S,  S = s_out + s_lambda + s_in,
// in accumulator LSBs. With xi = u * c for each factor and L0's trace r_real = r / a_r,
// a * lsb = xi_in diag(lambda) xi_out^T r_real iff u_in u_lambda u_out 2^S = lsb a_r. So
// xi_in and xi_out take uniform grids over their max |x| (full WM-bit range), S is the
// largest integer for which u_lambda = lsb a_r / (u_in u_out 2^S) still holds max|lambda|
// within WM bits (lambda's codes use at least half their range), and S is split so that
// m and q cannot saturate even when every neuron's trace is at its ceiling; s_in takes
// the rest.
void quantize_mode_projection(ModeProjection& mp, uint32_t neurons, double lsb, int wm, ModeQuantReport& rep) {
  const uint32_t n = neurons, p = mp.modes;
  const double code_max = static_cast<double>(fx::max_of(wm));
  mp.code_bits = wm;
  mp.rate_decay_fixed = std::clamp<int32_t>(static_cast<int32_t>(std::lround(mp.rate_decay * fx::kDecayOne)), 1, fx::kDecayOne);
  // The trace of a neuron spiking every step settles at a_r / d_r: a_r so that it just fits.
  const double d_r = static_cast<double>(mp.rate_decay_fixed) / fx::kDecayOne;
  mp.rate_amp = std::clamp<int32_t>(static_cast<int32_t>(std::floor(fx::kTraceMax * d_r)), 1, fx::kTraceMax);
  const double amp = mp.rate_amp;

  const double u_out = max_abs(mp.xi_out) / code_max, u_in = max_abs(mp.xi_in) / code_max;
  const double u_lambda0 = max_abs(mp.lambda) / code_max;
  mp.xi_out_code = codes_of(mp.xi_out, u_out, wm);
  mp.xi_in_code = codes_of(mp.xi_in, u_in, wm);
  int total = 0;
  double u_lambda = u_lambda0;
  if (u_out > 0 && u_in > 0 && u_lambda0 > 0) {
    total = static_cast<int>(std::floor(std::log2(lsb * amp / (u_in * u_out * u_lambda0))));
    total = std::clamp(total, 0, 3 * fx::kModeShiftMax);
    u_lambda = lsb * amp / (u_in * u_out * std::ldexp(1.0, total));
  }
  mp.lambda_code = codes_of(mp.lambda, u_lambda, wm);

  // Worst-case sums: every trace at its ceiling.
  const double r_max = std::min<double>(fx::kTraceMax, amp / d_r);
  double bound_m = 0;
  for (uint32_t k = 0; k < p; ++k) {
    double s = 0;
    for (uint32_t j = 0; j < n; ++j) s += std::abs(mp.xi_out_code[size_t{j} * p + k]);
    bound_m = std::max(bound_m, s * r_max);
  }
  int s_out = std::min(shift_to_fit(bound_m), total);
  double lambda_max = 0;
  for (int16_t c : mp.lambda_code) lambda_max = std::max<double>(lambda_max, std::abs(c));
  const double bound_q = lambda_max * std::min<double>(fx::kStateMax, bound_m / std::ldexp(1.0, s_out));
  int s_lambda = std::min(shift_to_fit(bound_q), total - s_out);
  int s_in = total - s_out - s_lambda;
  // s_in past its field: the excess goes to the earlier shifts (they only get safer).
  while (s_in > fx::kModeShiftMax) {
    if (s_lambda < fx::kModeShiftMax) ++s_lambda;
    else ++s_out;
    --s_in;
  }
  mp.shift_out = static_cast<uint8_t>(s_out);
  mp.shift_lambda = static_cast<uint8_t>(s_lambda);
  mp.shift_in = static_cast<uint8_t>(s_in);

  // Relative error of the applied matrix, both sides in membrane units per unit r_real.
  const double scale = lsb * amp / std::ldexp(1.0, total);
  double err = 0, norm = 0;
  std::vector<double> w(p), wq(p);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t k = 0; k < p; ++k) {
      w[k] = mp.xi_in[size_t{i} * p + k] * mp.lambda[k];
      wq[k] = double{mp.xi_in_code[size_t{i} * p + k]} * mp.lambda_code[k] * scale;
    }
    for (uint32_t j = 0; j < n; ++j) {
      double a = 0, b = 0;
      for (uint32_t k = 0; k < p; ++k) {
        a += w[k] * mp.xi_out[size_t{j} * p + k];
        b += wq[k] * mp.xi_out_code[size_t{j} * p + k];
      }
      err += (b - a) * (b - a);
      norm += a * a;
    }
  }
  rep.name = mp.name;
  rep.rel_error = norm > 0 ? std::sqrt(err / norm) : 0;
  rep.shift_out = s_out;
  rep.shift_lambda = s_lambda;
  rep.shift_in = s_in;
}

}  // namespace nmx
