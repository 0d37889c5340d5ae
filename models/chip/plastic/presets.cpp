#include "plastic/presets.hpp"

#include <cmath>
#include <functional>

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

RuleSpec make_preset(const std::string& name, const std::map<std::string, double>& values) {
  // Each preset's keys and where they go; whole-number keys are checked to be whole.
  struct Key {
    const char* key;
    std::function<void(double)> set;
    bool whole;
  };
  StdpParams st;
  ThreeFactorParams tf;
  SdspParams sd;
  const auto whole = [](double v) { return static_cast<int>(v); };  // |v| < 1e9, checked below
  const auto epoch = [&](double v) {
    if (v < 1 || v > fx::kRuleEpochMax)
      throw_field_error(name, "epoch", shortest_text(v), "1.." + std::to_string(fx::kRuleEpochMax) + " steps");
    return static_cast<uint32_t>(v);
  };
  const std::vector<Key> stdp_keys{{"a_plus", [&](double v) { st.a_plus = v; }, false},
                                   {"a_minus", [&](double v) { st.a_minus = v; }, false},
                                   {"tau_plus", [&](double v) { st.tau_plus = v; }, false},
                                   {"tau_minus", [&](double v) { st.tau_minus = v; }, false}};
  std::vector<Key> tf_keys{{"a_plus", [&](double v) { tf.stdp.a_plus = v; }, false},
                           {"a_minus", [&](double v) { tf.stdp.a_minus = v; }, false},
                           {"tau_plus", [&](double v) { tf.stdp.tau_plus = v; }, false},
                           {"tau_minus", [&](double v) { tf.stdp.tau_minus = v; }, false},
                           {"eta", [&](double v) { tf.eta = v; }, false},
                           {"epoch", [&](double v) { tf.epoch = epoch(v); }, true}};
  const std::vector<Key> sd_keys{{"v_threshold", [&](double v) { sd.v_threshold = whole(v); }, true},
                                 {"ca_low", [&](double v) { sd.ca_low = whole(v); }, true},
                                 {"ca_high", [&](double v) { sd.ca_high = whole(v); }, true},
                                 {"ca_amp", [&](double v) { sd.ca_amp = whole(v); }, true},
                                 {"ca_tau", [&](double v) { sd.ca_tau = v; }, false},
                                 {"w_threshold", [&](double v) { sd.w_threshold = whole(v); }, true},
                                 {"epoch", [&](double v) { sd.epoch = epoch(v); }, true}};
  const std::vector<Key>* keys = name == "stdp" ? &stdp_keys : name == "three-factor" ? &tf_keys : name == "sdsp" ? &sd_keys : nullptr;
  if (!keys) throw InputError("unknown preset '" + name + "' (allowed: stdp, three-factor, sdsp)");
  for (const auto& [key, value] : values) {
    const Key* k = nullptr;
    std::string allowed;
    for (const Key& c : *keys) {
      if (key == c.key) k = &c;
      allowed += (allowed.empty() ? "" : ", ") + std::string(c.key);
    }
    if (!k) throw InputError("preset " + name + " takes no parameter " + key + " (allowed: " + allowed + ")");
    if (k->whole && !(std::floor(value) == value && std::abs(value) < 1e9))
      throw_field_error(name, key, shortest_text(value), "a whole number");
    k->set(value);
  }
  if (name == "stdp") return stdp(st);
  if (name == "three-factor") return three_factor(tf);
  return sdsp(sd);
}

}  // namespace nmx::plastic
