// The STDP window measured at L1 and L0 (docs/plasticity.md, "Order within a timestep"):
// Δw of one pre/post pair against Δt = post step − pre event step, beside the exponentials
// the rule configures. One run measures every Δt at once: input i fires once, at
// P − Δt(i), onto one neuron that a teacher input makes fire once, at P; the plastic
// synapses start at code 0, so they never drive the neuron, and each sees one pair.
// `replicas` synapses per Δt average L1's stochastic rounding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plastic/microcode.hpp"

namespace nmx::plastic_study {

// A pair-STDP rule read from its microcode: Δw = A+ · r+^Δt for Δt ≥ 0 and
// −A− · r−^(−Δt) for Δt < 0 (signs as written), r = 1 − decay/4096, τ = −1 / ln r.
struct PairWindow {
  double a_plus = 0, a_minus = 0;      // codes per pair at Δt = 0 (A− the magnitude, signed as the rule)
  double r_plus = 0, r_minus = 0;      // per-step trace factor
  double tau_plus = 0, tau_minus = 0;  // steps (infinity when the trace never decays)
  double scale_plus = 0, scale_minus = 0;  // codes per trace unit (2^-s times the term's constants)
  double expected(int dt) const;
  // |L1 − expected| can reach this (codes): the integer trace's rounding, ≤ 1/2 per decay,
  // times scale, plus the weight's rounding (nearest 1/2, stochastic < 1).
  double l1_bound(int dt, plastic::Rounding rounding) const;
};

// The shape stdp_window measures: w only; at the post event one term ±2^-s·c·x (x1 or
// x2, c constants), at the pre event one term ±2^-s·c·y (y1 or y2), nothing at the epoch.
// Anything else is an InputError naming the rule and what is allowed.
PairWindow pair_window_of(const plastic::GroupMicrocode& rule, const std::string& where);

struct WindowOptions {
  int max_lag = 50;        // Δt in [−max_lag, max_lag]
  uint32_t replicas = 8;   // synapses per Δt
};

struct WindowRow {
  int dt = 0;
  double expected = 0, l1 = 0, l0 = 0;  // mean Δw (codes)
  double l1_bound = 0;
};

struct WindowResult {
  PairWindow window;
  plastic::Rounding rounding = plastic::Rounding::Stochastic;
  std::string rule;
  std::vector<WindowRow> rows;  // ascending Δt
  double max_l1_error = 0, max_l0_error = 0;  // max |level − expected| over Δt
  bool l1_within_bound = false;
};

WindowResult stdp_window(const plastic::GroupMicrocode& rule, const WindowOptions& opt, const std::string& where);

nlohmann::json to_json(const WindowResult& r);

}  // namespace nmx::plastic_study
