#include "plastic/presets.hpp"

#include <cmath>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx::plastic {
namespace {

// Headroom: a trace of amplitude amp saturates after kTraceMax / amp close spikes.
constexpr int32_t kPresetAmpMax = fx::kTraceAmpMax / 16;

std::string scale(int s) { return s == 0 ? std::string() : "2^-" + std::to_string(s) + "*"; }

std::string c(int v) { return std::to_string(v); }

void check_epoch(uint32_t epoch, const std::string& preset) {
  if (epoch < 1 || epoch > static_cast<uint32_t>(fx::kRuleEpochMax))
    throw_field_error(preset, "epoch", std::to_string(epoch), "1.." + std::to_string(fx::kRuleEpochMax) + " steps");
}

// `a` (codes, or e units) as 2^-s * amp on a trace of time constant `tau`.
TraceParams stdp_trace(double a, double tau, const std::string& name, int& shift) {
  const ScaledAmp sa = scaled_amp(a, "stdp", name);
  shift = sa.shift;
  return TraceParams{decay_from_tau(tau, "stdp", name == "a_plus" ? "tau_plus" : "tau_minus"), sa.amp};
}

// The pair-STDP terms; the caller names the target.
std::string stdp_terms(const StdpParams& p, RuleParams& params) {
  int sp = 0, sm = 0;
  params.x1 = stdp_trace(p.a_plus, p.tau_plus, "a_plus", sp);
  params.y1 = stdp_trace(p.a_minus, p.tau_minus, "a_minus", sm);
  return scale(sp) + "x1*post - " + scale(sm) + "y1*pre";
}

}  // namespace

ScaledAmp scaled_amp(double a, const std::string& where, const std::string& field) {
  const double lo = 0.5 * std::ldexp(1.0, -fx::kRuleShiftMax);  // rounds to amp 1 at the largest shift
  if (!(a >= lo && a <= kPresetAmpMax))
    throw_field_error(where, field, shortest_text(a),
                      shortest_text(lo) + ".." + std::to_string(kPresetAmpMax) + " (amp 2^-s * 1.." +
                          std::to_string(kPresetAmpMax) + ", s in 0.." + std::to_string(fx::kRuleShiftMax) + ")");
  int s = fx::kRuleShiftMax;
  while (s > 0 && std::lround(std::ldexp(a, s)) > kPresetAmpMax) --s;
  return {s, static_cast<int32_t>(std::lround(std::ldexp(a, s)))};
}

RuleSpec stdp(const StdpParams& p) {
  RuleSpec r;
  r.rule = "dw = " + stdp_terms(p, r.params);
  return r;
}

RuleSpec three_factor(const ThreeFactorParams& p) {
  check_epoch(p.epoch, "three-factor");
  RuleSpec r;
  r.params.epoch = p.epoch;
  // eta = k * 2^-s with k a whole constant in [1, 32767], s as large as k allows.
  const double k_max = static_cast<double>(fx::max_of(fx::kRuleConstBits));
  const double lo = 0.5 * std::ldexp(1.0, -fx::kRuleShiftMax);
  if (!(p.eta >= lo && p.eta <= k_max))
    throw_field_error("three-factor", "eta", shortest_text(p.eta), shortest_text(lo) + ".." + shortest_text(k_max));
  int s = fx::kRuleShiftMax;
  while (s > 0 && std::lround(std::ldexp(p.eta, s)) > k_max) --s;
  long k = std::lround(std::ldexp(p.eta, s));
  while (s > 0 && k % 2 == 0) k /= 2, --s;  // the same eta with the smallest product (less saturation)
  r.rule = "de = " + stdp_terms(p.stdp, r.params) + " - e; dw = " + scale(s) + (k == 1 ? "" : c(k) + "*") + "l*e";
  return r;
}

RuleSpec sdsp(const SdspParams& p) {
  check_epoch(p.epoch, "sdsp");
  const auto in16 = [](const char* field, int v, int lo) {
    if (v < lo || v > fx::max_of(fx::kRuleConstBits))
      throw_field_error("sdsp", field, std::to_string(v),
                        std::to_string(lo) + ".." + std::to_string(fx::max_of(fx::kRuleConstBits)));
  };
  in16("v_threshold", p.v_threshold, static_cast<int>(fx::min_of(fx::kRuleConstBits)));
  in16("ca_low", p.ca_low, 1);
  in16("ca_high", p.ca_high, p.ca_low + 1);
  in16("w_threshold", p.w_threshold, static_cast<int>(fx::min_of(fx::kRuleConstBits)));
  if (p.ca_amp < 1 || p.ca_amp > fx::kTraceAmpMax)
    throw_field_error("sdsp", "ca_amp", std::to_string(p.ca_amp), "1.." + std::to_string(fx::kTraceAmpMax));
  RuleSpec r;
  r.params.y1 = TraceParams{decay_from_tau(p.ca_tau, "sdsp", "ca_tau"), p.ca_amp};
  r.params.rounding = Rounding::Nearest;  // every change is a whole step
  r.params.epoch = p.epoch;
  const std::string up = "[v >= " + c(p.v_threshold) + "]", lo = "[y1 >= " + c(p.ca_low) + "]",
                    hi = "[y1 >= " + c(p.ca_high) + "]";
  // (2 [v >= m] - 1) ([y1 >= lo] - [y1 >= hi]) at a pre event, expanded into 4 terms.
  r.rule = "dw = 2*" + up + "*" + lo + "*pre - 2*" + up + "*" + hi + "*pre - " + lo + "*pre + " + hi +
           "*pre + 2*[w >= " + c(p.w_threshold) + "] - 1";
  return r;
}

std::vector<std::string> preset_names() { return {"stdp", "three-factor", "sdsp"}; }

}  // namespace nmx::plastic
